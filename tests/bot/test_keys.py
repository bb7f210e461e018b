"""Compatibility vectors for every Redis key name.

Deployed Redis data uses these names: a key that changes by one byte orphans what is stored under
the old name (open conversations, the outbox, opt-outs, staff accounts). The expected strings
below were computed from the code as it was before the key names moved into `bot/keys.py` and are
hard-coded on purpose: do not regenerate them; a failure here means a key name changed.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from bot import case_events, keys, outbox_store
from bot.console import auth
from bot.messages import InboundMessage
from channels import qq, qq_api, sms_core, web, wechat_media

CONV = "wechat:0123456789abcdef01234567"
EVENT = {"case_id": "c-42", "status": "accepted", "case_number": "JH-20240501-0001",
         "message": "已受理"}
QQ_MESSAGE = InboundMessage(channel="qq", sender="OPENID1", message_id="MSGID1", group="GROUP1")

VECTORS: list[tuple[str, Callable[[], str], str]] = [
    # --- one conversation -----------------------------------------------------------------
    ("conversation_doc", lambda: keys.conversation_doc(CONV),
     "pb:{wechat:0123456789abcdef01234567}:doc"),
    ("conversation_lock", lambda: keys.conversation_lock(CONV),
     "pb:{wechat:0123456789abcdef01234567}:lock"),
    ("seen_message", lambda: keys.seen_message(CONV, "msg-1"),
     "pb:{wechat:0123456789abcdef01234567}:seen:3a0de37932e8b19746f20b22"),
    ("in_flight", lambda: keys.in_flight(CONV, "msg-1"),
     "pb:{wechat:0123456789abcdef01234567}:seen:3a0de37932e8b19746f20b22:run"),
    ("in_flight_of", lambda: keys.in_flight_of(keys.seen_message(CONV, "msg-1")),
     "pb:{wechat:0123456789abcdef01234567}:seen:3a0de37932e8b19746f20b22:run"),
    ("late_sent", lambda: keys.late_sent(CONV, "msg-1"),
     "pb:{wechat:0123456789abcdef01234567}:seen:3a0de37932e8b19746f20b22:late"),
    ("web_push", lambda: keys.web_push(CONV),
     "pb:{wechat:0123456789abcdef01234567}:push"),
    ("rate_window", lambda: keys.rate_window(CONV, 28333333),
     "pb:{wechat:0123456789abcdef01234567}:rate:28333333"),
    ("sms_optout", lambda: sms_core.optout_key("+8613800138000"),
     "pb:{sms:1d409b4e5a86e7d2aea095e6}:sms-optout"),
    ("sms_optout by conversation", lambda: keys.sms_optout("sms:1d409b4e5a86e7d2aea095e6"),
     "pb:{sms:1d409b4e5a86e7d2aea095e6}:sms-optout"),
    ("qq_msg_seq", lambda: qq_api.msg_seq_key("OPENID1", "GROUP1", "MSGID1"),
     "pb:{qq:3bc072a4e919e0d7dab12ca3}:qq-seq:44439f97ad66c55a6cd32234"),
    ("qq_msg_seq without group", lambda: qq_api.msg_seq_key("OPENID1", "", "MSGID1"),
     "pb:{qq:6e68be2de0ddb7e830e9a62c}:qq-seq:44439f97ad66c55a6cd32234"),
    ("qq_event", lambda: qq.event_key(QQ_MESSAGE),
     "pb:{qq:3bc072a4e919e0d7dab12ca3}:seen:de95ff8a040e72513ffadc71:qq"),
    ("qq_msg_seq by conversation", lambda: keys.qq_msg_seq("qq:3bc072a4e919e0d7dab12ca3", "MSGID1"),
     "pb:{qq:3bc072a4e919e0d7dab12ca3}:qq-seq:44439f97ad66c55a6cd32234"),
    ("qq_event by conversation", lambda: keys.qq_event("qq:3bc072a4e919e0d7dab12ca3", "MSGID1"),
     "pb:{qq:3bc072a4e919e0d7dab12ca3}:seen:de95ff8a040e72513ffadc71:qq"),
    # --- cases, outbox, staff queue: {cases} ----------------------------------------------
    ("case_record", lambda: keys.case_record("c-42"), "pb:{cases}:case:c-42"),
    ("case_number_counter", lambda: keys.case_number_counter("20240501"),
     "pb:{cases}:seq:20240501"),
    ("CASE_NUMBER_INDEX", lambda: keys.CASE_NUMBER_INDEX, "pb:{cases}:by-number"),
    ("phone_cases", lambda: keys.phone_cases("13800138000"),
     "pb:{cases}:by-phone:a6942f9771d67f34034d2f19"),
    ("OUTBOX_STREAM", lambda: keys.OUTBOX_STREAM, "pb:{cases}:outbox"),
    ("OUTBOX_DEAD", lambda: keys.OUTBOX_DEAD, "pb:{cases}:dead"),
    ("SITUATION_OPEN", lambda: keys.SITUATION_OPEN, "pb:{cases}:situation:open"),
    ("SITUATION_COUNTED", lambda: keys.SITUATION_COUNTED, "pb:{cases}:situation:counted"),
    ("situation_day", lambda: keys.situation_day("2026-12-07"),
     "pb:{cases}:situation:day:2026-12-07"),
    ("situation_delivery", lambda: keys.situation_delivery("2026-12-07"),
     "pb:{cases}:situation:day:2026-12-07:delivery"),
    ("OUTBOX_GROUP (consumer group, not a key)", lambda: keys.OUTBOX_GROUP, "delivery"),
    ("outbox retry schedule", lambda: keys.OUTBOX_RETRY, "pb:{cases}:outbox:retry"),
    ("outbox file offsets", lambda: keys.OUTBOX_FILE_OFFSETS,
     "pb:{cases}:outbox:file-offsets"),
    ("outbox_lease", lambda: keys.outbox_lease("rating:c-42:3"),
     "pb:{cases}:outbox:lease:rating:c-42:3"),
    ("outbox lease, case", lambda: outbox_store.lease_key("case", "c-42"),
     "pb:{cases}:outbox:lease:c-42"),
    ("outbox lease, rating", lambda: outbox_store.lease_key("rating", "c-42"),
     "pb:{cases}:outbox:lease:rating:c-42"),
    ("outbox lease, rating rev 1", lambda: outbox_store.lease_key("rating", "c-42", "1"),
     "pb:{cases}:outbox:lease:rating:c-42"),
    ("outbox lease, rating rev 3", lambda: outbox_store.lease_key("rating", "c-42", "3"),
     "pb:{cases}:outbox:lease:rating:c-42:3"),
    ("case event seen",
     lambda: keys.case_event_seen(case_events.event_digest(EVENT)),
     "pb:{cases}:event:83061739ad351470bdfb1f4e"),
    ("STAFF_QUEUE", lambda: keys.STAFF_QUEUE, "pb:{cases}:staff-queue"),
    # --- staff console: {staff} -----------------------------------------------------------
    ("STAFF_USERS", lambda: keys.STAFF_USERS, "pb:{staff}:users"),
    ("staff session", lambda: keys.staff_session(auth._digest("tok-1")),
     "pb:{staff}:session:65dcf16ea3dfa49069628089eb4a75483070f5584b2a21ee64912b5f621f12da"),
    ("STAFF_AUDIT", lambda: keys.STAFF_AUDIT, "pb:{staff}:audit"),
    ("STAFF_HANDOFF_LOG", lambda: keys.STAFF_HANDOFF_LOG, "pb:{staff}:handoff-log"),
    ("staff_login_failures", lambda: keys.staff_login_failures("Admin"),
     "pb:{staff}:fail:8c6976e5b5410415bde908bd"),
    # --- other global structures ----------------------------------------------------------
    ("TRAINING_DECISIONS", lambda: keys.TRAINING_DECISIONS, "pb:{training}:decisions"),
    ("retention run", lambda: keys.retention_run("fec52565aa0cf18f57d7cf5b"),
     "pb:{retention}:run:fec52565aa0cf18f57d7cf5b"),
    ("staff login ip", lambda: keys.staff_login_ip("fec52565aa0cf18f57d7cf5b"),
     "pb:{staff}:ipfail:fec52565aa0cf18f57d7cf5b"),
    ("web session", lambda: keys.web_session(web._digest("tok-1")),
     "pb:{web}:session:65dcf16ea3dfa49069628089eb4a75483070f5584b2a21ee64912b5f621f12da"),
    ("web ip rate", lambda: keys.web_ip_rate(web._digest("203.0.113.7")[:24], 28333333),
     "pb:{web}:ip:fec52565aa0cf18f57d7cf5b:28333333"),
    ("web sessions per ip", lambda: keys.web_session_rate(web._digest("203.0.113.7")[:24],
                                                          472222),
     "pb:{web}:sessions:fec52565aa0cf18f57d7cf5b:472222"),
    ("wechat nonce", lambda: keys.wechat_nonce("0123456789abcdef0123456789abcdef"),
     "pb:{wxnonce:0123456789abcdef0123456789abcdef}"),
    ("wechat token", lambda: keys.platform_token("wechat"), "pb:{token:wechat}:value"),
    ("wechat token lock", lambda: keys.platform_token_lock("wechat"),
     "pb:{token:wechat}:lock"),
    ("qq token", lambda: keys.platform_token("qq"), "pb:{token:qq}:value"),
    ("qq token lock", lambda: keys.platform_token_lock("qq"), "pb:{token:qq}:lock"),
    ("wechat media paths", lambda: keys.WECHAT_MEDIA_PATHS, "pb:{media:wechat}:paths"),
    ("wechat media pending", lambda: keys.WECHAT_MEDIA_PENDING, "pb:{media:wechat}:pending"),
    ("wechat media claim",
     lambda: keys.wechat_media_claim(wechat_media._digest("MEDIA_ID_1")),
     "pb:{media:wechat}:claim:f49a94b1d5467a0166a8317ca7d717fb"),
    ("sms delivery status", lambda: keys.sms_status("20240501"),
     "pb:{sms}:status:20240501"),
    ("lookup rate", lambda: keys.lookup_rate("web:3bc072a4e919e0d7dab12ca3", 2900000),
     "pb:{lookup}:rate:1c4a58146f0eaf2e4edae01b:2900000"),
    ("lookup failures", lambda: keys.lookup_failures("JH-20261207-0042", "20261207"),
     "pb:{lookup}:fail:20605c4036242cdb22ada4e4:20261207"),
    ("weibo nonce", lambda: keys.weibo_nonce("0f" * 12), "pb:{weibo}:nonce:" + "0f" * 12),
]


@pytest.mark.parametrize(("make", "expected"), [(m, e) for _, m, e in VECTORS],
                         ids=[n for n, _, _ in VECTORS])
def test_key_names_are_unchanged(make: Callable[[], str], expected: str) -> None:
    assert make() == expected
