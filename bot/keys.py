"""The single source of Redis key names.

All keys of one conversation carry the same hash tag `{<conversation key>}` so that they live in
one Redis Cluster hash slot and a Lua script can touch them together. Global structures (the
outbox stream, the staff queue, indexes) each carry their own fixed tag and live in one slot by
design: they are small, and one slot keeps their scripts atomic.

No other module builds a key name. The names are what deployed Redis data is stored under:
tests/bot/test_keys.py pins each one byte for byte, so that none changes by accident.
"""

from __future__ import annotations

import hashlib

NS = "pb"


# --- one conversation: {<conversation key>} ----------------------------------------------


def _conv(conversation_key: str) -> str:
    return f"{NS}:{{{conversation_key}}}"


def conversation_doc(conversation_key: str) -> str:
    """The conversation document: state, data, transcript and meta in one value with one TTL
    (the dialog's retention)."""
    return _conv(conversation_key) + ":doc"


def conversation_lock(conversation_key: str) -> str:
    """Held (turn token) while one turn runs on the conversation; TTL the lock (PX, 15 s)."""
    return _conv(conversation_key) + ":lock"


def seen_message(conversation_key: str, message_id: str) -> str:
    """Marks a platform message id as processed; holds the replies given to it. TTL the
    dialog's dedupe TTL."""
    digest = hashlib.sha256(message_id.encode()).hexdigest()[:24]
    return _conv(conversation_key) + ":seen:" + digest


def in_flight(conversation_key: str, message_id: str) -> str:
    """Claimed by the first delivery of a message id while its turn runs (retries see it);
    TTL the lock (PX)."""
    return in_flight_of(seen_message(conversation_key, message_id))


def in_flight_of(seen_message_key: str) -> str:
    """`in_flight` from the message's `seen_message` key (saves hashing the id again)."""
    return seen_message_key + ":run"


def late_sent(conversation_key: str, message_id: str) -> str:
    """Set when a turn's replies went out through a push API after the platform gave up
    waiting (WeChat 客服消息), so that a retry does not repeat them passively. TTL 1 day."""
    return seen_message(conversation_key, message_id) + ":late"


def web_push(conversation_key: str) -> str:
    """List of messages for a web-chat citizen outside a reply (staff, case updates); the page
    polls. TTL the web channel's retention."""
    return _conv(conversation_key) + ":push"


def rate_window(conversation_key: str, window: int) -> str:
    """Counter of the citizen's messages in one minute `window` (rate limit); TTL 120 s."""
    return _conv(conversation_key) + f":rate:{window}"


def qq_msg_seq(conversation_key: str, msg_id: str) -> str:
    """Counter of the passive replies to one QQ message (their msg_seq); TTL 1 hour."""
    digest = hashlib.sha256(msg_id.encode()).hexdigest()[:24]
    return _conv(conversation_key) + ":qq-seq:" + digest


def wechat_nonce(request_digest: str) -> str:
    """The message a WeChat request's signature/timestamp/nonce carried (a digest), kept while
    the timestamp is acceptable, so the same signed URL cannot carry another message."""
    return f"{NS}:{{wxnonce:{request_digest}}}"


def qq_event(conversation_key: str, message_id: str) -> str:
    """Claimed by the first delivery of a QQ webhook event (later ones are dropped); TTL the
    dialog's dedupe TTL."""
    return seen_message(conversation_key, "qq-event:" + message_id) + ":qq"


def sms_optout(conversation_key: str) -> str:
    """The opt-out of the number behind an "sms:" conversation (JSON: at, provider); no TTL,
    it lasts until the number opts back in."""
    return _conv(conversation_key) + ":sms-optout"


# --- cases, outbox, staff queue: {cases} (global structures, one slot each) --------------

CASE_TAG = f"{NS}:{{cases}}"


def case_record(case_id: str) -> str:
    """Hash: one case (body, number, status, conv, delivery fields); TTL the case retention."""
    return f"{CASE_TAG}:case:{case_id}"


def case_number_counter(day: str) -> str:
    """Daily sequence for human case numbers JH-YYYYMMDD-NNNN; TTL 3 days."""
    return f"{CASE_TAG}:seq:{day}"


CASE_NUMBER_INDEX = f"{CASE_TAG}:by-number"  # hash: case number -> case id (no TTL)
PHONE_CASES_PREFIX = f"{CASE_TAG}:by-phone:"  # sorted set per hashed phone


def phone_cases(phone: str) -> str:
    """Zset case id -> submitted at, per hashed phone (repeat-petition check); TTL 31 days."""
    return PHONE_CASES_PREFIX + hashlib.sha256(phone.encode()).hexdigest()[:24]


# The outbox and the staff queue share the cases' slot, so that submitting a case (record,
# number, outbox entry or review item) is one atomic script even on Redis Cluster.
OUTBOX_STREAM = f"{CASE_TAG}:outbox"  # stream: entries to deliver (kind, case_id, attempts...)
OUTBOX_DEAD = f"{CASE_TAG}:dead"  # hash: "<kind>:<case_id>" -> dead letter JSON
OUTBOX_GROUP = "delivery"  # the stream's consumer group (a name, not a key)
STAFF_QUEUE = f"{CASE_TAG}:staff-queue"  # hash: "conv:<key>" / "case:<id>" -> queue item JSON

# Outbox delivery state (bot/outbox_store.py), on the same slot as the stream and the records.
OUTBOX_RETRY = f"{CASE_TAG}:outbox:retry"  # zset: entry JSON -> due time of its next attempt
OUTBOX_FILE_OFFSETS = f"{CASE_TAG}:outbox:file-offsets"  # hash: idempotency key -> file offset
OUTBOX_LEASE_PREFIX = f"{CASE_TAG}:outbox:lease:"


# The situation page's figures (bot/situation_counts.py), kept as cases are written.
SITUATION_OPEN = f"{CASE_TAG}:situation:open"  # hash: case id -> watched open case JSON
SITUATION_COUNTED = f"{CASE_TAG}:situation:counted"  # set once the cases before it are counted


def situation_day(day: str) -> str:
    """Hash: the counters of the cases created on local day YYYY-MM-DD; TTL past its cases'."""
    return f"{CASE_TAG}:situation:day:{day}"


def situation_delivery(day: str) -> str:
    """Hash: case id -> seconds from first message to delivery, for that day's cases."""
    return f"{CASE_TAG}:situation:day:{day}:delivery"


def outbox_lease(idempotency_key: str) -> str:
    """Held (worker token) while one worker delivers an entry; TTL the lease (PX, ~40 s)."""
    return OUTBOX_LEASE_PREFIX + idempotency_key


def case_event_seen(event_digest: str) -> str:
    """Marks a case-system status event as applied (dedupe of re-sent events); TTL 90 days."""
    return f"{CASE_TAG}:event:{event_digest}"


# --- staff console: {staff} --------------------------------------------------------------

STAFF_TAG = f"{NS}:{{staff}}"
STAFF_USERS = f"{STAFF_TAG}:users"  # hash: username -> account JSON (role, password hash)
STAFF_SESSIONS = f"{STAFF_TAG}:session:"  # prefix of `staff_session`
STAFF_AUDIT = f"{STAFF_TAG}:audit"  # list: audit entries JSON, newest first, capped
STAFF_HANDOFF_LOG = f"{STAFF_TAG}:handoff-log"  # zset: "<conv>@<at>" -> handed over at (stats)


def staff_session(token_digest: str) -> str:
    """A console session (JSON: user, role, csrf, created) by its cookie's SHA-256; TTL the
    session length (settings: session hours)."""
    return STAFF_SESSIONS + token_digest


def retention_run(where_digest: str) -> str:
    """Held for a day by the process that ran the daily purge of one data dir."""
    return f"{NS}:{{retention}}:run:{where_digest}"


def staff_login_ip(ip_digest: str) -> str:
    """Failed (and in-flight) logins from one (hashed) client IP; TTL the lockout window."""
    return f"{STAFF_TAG}:ipfail:{ip_digest}"


def staff_login_failures(username: str) -> str:
    """Failed logins of one account (the name hashed); TTL the lockout window."""
    return f"{STAFF_TAG}:fail:" + hashlib.sha256(username.lower().encode()).hexdigest()[:24]


# --- classifier training: {training} -----------------------------------------------------

TRAINING_DECISIONS = f"{NS}:{{training}}:decisions"  # list of {"text","category","nature"}

# --- web channel: {web} ------------------------------------------------------------------

WEB_TAG = f"{NS}:{{web}}"


def web_session(token_digest: str) -> str:
    """A web-chat session: token SHA-256 -> sender id; TTL the web channel's retention."""
    return f"{WEB_TAG}:session:{token_digest}"


def web_ip_rate(ip_digest: str, window: int) -> str:
    """Counter of web-chat requests from one (hashed) IP in one minute `window`; TTL 120 s."""
    return f"{WEB_TAG}:ip:{ip_digest}:{window}"


def web_session_rate(ip_digest: str, window: int) -> str:
    """Counter of web-chat sessions created from one (hashed) IP in one hour `window`."""
    return f"{WEB_TAG}:sessions:{ip_digest}:{window}"


# --- progress from anywhere: {lookup} ----------------------------------------------------

LOOKUP_TAG = f"{NS}:{{lookup}}"


def lookup_rate(conversation_key: str, window: int) -> str:
    """Counter of one sender's 查询-with-phone lookups in one window (config/lookup.toml);
    the sender hashed again; TTL two windows."""
    digest = hashlib.sha256(conversation_key.encode()).hexdigest()[:24]
    return f"{LOOKUP_TAG}:rate:{digest}:{window}"


def lookup_failures(case_number: str, day: str) -> str:
    """Counter of wrong phones given for one case number on one UTC day (YYYYMMDD); TTL 2 days."""
    digest = hashlib.sha256(case_number.encode()).hexdigest()[:24]
    return f"{LOOKUP_TAG}:fail:{digest}:{day}"


# --- SMS: {sms} (opt-outs are per conversation, above) -----------------------------------

SMS_TAG = f"{NS}:{{sms}}"


def sms_status(day: str) -> str:
    """Hash "<provider>:<status>" -> count of SMS delivery reports on one UTC day; TTL 90 days."""
    return f"{SMS_TAG}:status:{day}"


# --- WeChat media downloads: {media:wechat} ----------------------------------------------

WECHAT_MEDIA_TAG = f"{NS}:{{media:wechat}}"
WECHAT_MEDIA_PATHS = f"{WECHAT_MEDIA_TAG}:paths"  # hash: MediaId -> stored path (data-dir relative)
WECHAT_MEDIA_PENDING = f"{WECHAT_MEDIA_TAG}:pending"  # hash: MediaId -> {"kind","at"} to download


def wechat_media_claim(media_digest: str) -> str:
    """Taken by the one worker downloading a media item (its id hashed); TTL 300 s."""
    return f"{WECHAT_MEDIA_TAG}:claim:{media_digest}"


# --- Weibo: {weibo} -----------------------------------------------------------------------

WEIBO_TAG = f"{NS}:{{weibo}}"


def weibo_nonce(request_digest: str) -> str:
    """A signed push's (signature, timestamp, nonce), hashed, -> the SHA-256 of the body it
    carried; a reuse with another body is refused. TTL the replay window."""
    return f"{WEIBO_TAG}:nonce:{request_digest}"


# --- platform access tokens: {token:<platform>} ------------------------------------------


def platform_token(platform: str) -> str:
    """Access token of a platform API shared by all processes (WeChat, QQ); TTL a little
    shorter than the platform's expires_in."""
    return f"{NS}:{{token:{platform}}}:value"


def platform_token_lock(platform: str) -> str:
    """Held by the one process fetching a new platform token; TTL the lock (PX, 10-15 s)."""
    return f"{NS}:{{token:{platform}}}:lock"
