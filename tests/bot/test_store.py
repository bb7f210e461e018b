"""The conversation store contract against a real redis-server."""

from __future__ import annotations

import asyncio
from datetime import UTC
from typing import Any

import pytest
from redis.asyncio import Redis

from bot import keys
from bot.redis_mux import scripts_client_for
from bot.store import Busy, ConversationStore, LockLost, RateLimited


async def test_commit_saves_document_with_ttl(redis: Redis, scripts: Any) -> None:
    store = ConversationStore(redis, scripts=scripts)
    turn = await store.begin("web:a", "m1")
    assert turn.doc is None
    await store.commit(turn, {"state": "s", "data": {"x": 1}}, 120, {"r": []})
    assert await store.load("web:a") == {"state": "s", "data": {"x": 1}}
    ttl = await redis.ttl(keys.conversation_doc("web:a"))
    assert 100 < ttl <= 120
    assert not await redis.exists(keys.conversation_lock("web:a"))


async def test_same_message_id_is_answered_from_memory_not_processed(redis: Redis, scripts: Any) -> None:
    store = ConversationStore(redis, scripts=scripts)
    turn = await store.begin("web:a", "m1")
    await store.commit(turn, {"n": 1}, 60, {"r": [["hi", "", []]]})
    again = await store.begin("web:a", "m1")
    assert again.duplicate_of == {"r": [["hi", "", []]]}
    assert again.token == ""  # no lock taken for a retry
    assert not await redis.exists(keys.conversation_lock("web:a"))


async def test_lock_serializes_and_times_out(redis: Redis, scripts: Any) -> None:
    store = ConversationStore(redis, scripts=scripts, wait_ms=150)
    first = await store.begin("web:a", "m1")
    with pytest.raises(Busy):
        await store.begin("web:a", "m2")
    await store.release(first)
    second = await store.begin("web:a", "m2")
    assert second.token


async def test_commit_refused_when_lock_was_lost(redis: Redis, scripts: Any) -> None:
    store = ConversationStore(redis, scripts=scripts, lock_ms=50)
    turn = await store.begin("web:a", "m1")
    await asyncio.sleep(0.1)
    other = await store.begin("web:a", "m2")
    with pytest.raises(LockLost):
        await store.commit(turn, {"stale": True}, 60, None)
    await store.commit(other, {"fresh": True}, 60, None)
    assert await store.load("web:a") == {"fresh": True}


async def test_rate_limit_counts_messages_per_minute(redis: Redis, scripts: Any) -> None:
    store = ConversationStore(redis, scripts=scripts, rate_per_minute=3)
    for i in range(3):
        t = await store.begin("web:a", f"m{i}")
        await store.commit(t, {}, 60, None)
    with pytest.raises(RateLimited):
        await store.begin("web:a", "m9")
    # a retry of an already processed message is still answered, not refused
    assert (await store.begin("web:a", "m0")).duplicate_of is not None


async def test_concurrent_turns_lose_no_update(redis: Redis, scripts: Any) -> None:
    store = ConversationStore(redis, scripts=scripts, wait_ms=10_000)

    async def add(i: int) -> None:
        turn = await store.begin("web:c", f"m{i}")
        doc = turn.doc or {"items": []}
        await asyncio.sleep(0.001)  # widen the read-modify-write window
        doc["items"].append(i)
        await store.commit(turn, doc, 60, None)

    await asyncio.gather(*(add(i) for i in range(40)))
    doc = await store.load("web:c")
    assert sorted(doc["items"]) == list(range(40))


async def test_lock_holds_across_processes(redis_url: str) -> None:
    # Two independent clients stand for two worker processes (one of them on the multiplexed
    # connection, one on redis-py: the same scripts, the same keys).
    a, b = Redis.from_url(redis_url), Redis.from_url(redis_url)
    mux = scripts_client_for(a)
    try:
        sa = ConversationStore(a, wait_ms=10_000, scripts=mux)
        sb = ConversationStore(b, wait_ms=10_000)

        async def add(store: ConversationStore, i: int) -> None:
            turn = await store.begin("web:x", f"m{i}")
            doc = turn.doc or {"n": 0}
            await asyncio.sleep(0.001)
            doc["n"] += 1
            await store.commit(turn, doc, 60, None)

        await asyncio.gather(*(add(sa if i % 2 else sb, i) for i in range(30)))
        assert (await sa.load("web:x")) == {"n": 30}
    finally:
        await mux.aclose()
        await a.aclose()
        await b.aclose()


def _conversation_keys(conv: str) -> dict[str, str]:
    """Every per-conversation key of `conv`, by the name of its function in bot.keys."""
    seen = keys.seen_message(conv, "123")
    return {
        "conversation_doc": keys.conversation_doc(conv),
        "conversation_lock": keys.conversation_lock(conv),
        "seen_message": seen, "in_flight": keys.in_flight(conv, "123"),
        "in_flight_of": keys.in_flight_of(seen), "late_sent": keys.late_sent(conv, "123"),
        "web_push": keys.web_push(conv), "rate_window": keys.rate_window(conv, 1),
        "qq_msg_seq": keys.qq_msg_seq(conv, "123"), "qq_event": keys.qq_event(conv, "123"),
        "sms_optout": keys.sms_optout(conv),
    }


# Every global key (by its name in bot.keys) and the hash tag it is documented to live on.
_GLOBAL_KEYS: dict[str, tuple[str, str]] = {
    "case_record": (keys.case_record("c-1"), "cases"),
    "case_number_counter": (keys.case_number_counter("20240501"), "cases"),
    "CASE_NUMBER_INDEX": (keys.CASE_NUMBER_INDEX, "cases"),
    "phone_cases": (keys.phone_cases("13800138000"), "cases"),
    "OUTBOX_STREAM": (keys.OUTBOX_STREAM, "cases"),
    "OUTBOX_DEAD": (keys.OUTBOX_DEAD, "cases"),
    "STAFF_QUEUE": (keys.STAFF_QUEUE, "cases"),
    "OUTBOX_RETRY": (keys.OUTBOX_RETRY, "cases"),
    "OUTBOX_FILE_OFFSETS": (keys.OUTBOX_FILE_OFFSETS, "cases"),
    "outbox_lease": (keys.outbox_lease("rating:c-1:2"), "cases"),
    "case_event_seen": (keys.case_event_seen("ab" * 12), "cases"),
    "SITUATION_OPEN": (keys.SITUATION_OPEN, "cases"),
    "SITUATION_COUNTED": (keys.SITUATION_COUNTED, "cases"),
    "situation_day": (keys.situation_day("2026-12-07"), "cases"),
    "situation_delivery": (keys.situation_delivery("2026-12-07"), "cases"),
    "STAFF_USERS": (keys.STAFF_USERS, "staff"),
    "staff_session": (keys.staff_session("ab" * 32), "staff"),
    "STAFF_AUDIT": (keys.STAFF_AUDIT, "staff"),
    "STAFF_HANDOFF_LOG": (keys.STAFF_HANDOFF_LOG, "staff"),
    "staff_login_failures": (keys.staff_login_failures("wang"), "staff"),
    "TRAINING_DECISIONS": (keys.TRAINING_DECISIONS, "training"),
    "web_session": (keys.web_session("ab" * 32), "web"),
    "web_ip_rate": (keys.web_ip_rate("ab" * 12, 1), "web"),
    "sms_status": (keys.sms_status("20240501"), "sms"),
    "lookup_rate": (keys.lookup_rate("web:" + "ab" * 12, 1), "lookup"),
    "lookup_failures": (keys.lookup_failures("JH-20261207-0001", "20261207"), "lookup"),
    "WECHAT_MEDIA_PATHS": (keys.WECHAT_MEDIA_PATHS, "media:wechat"),
    "WECHAT_MEDIA_PENDING": (keys.WECHAT_MEDIA_PENDING, "media:wechat"),
    "wechat_media_claim": (keys.wechat_media_claim("ab" * 16), "media:wechat"),
    "platform_token": (keys.platform_token("wechat"), "token:wechat"),
    "platform_token_lock": (keys.platform_token_lock("wechat"), "token:wechat"),
    "web_session_rate": (keys.web_session_rate("ab" * 12, 1), "web"),
    "staff_login_ip": (keys.staff_login_ip("ab" * 12), "staff"),
    "retention_run": (keys.retention_run("ab" * 12), "retention"),
    # one slot per signed request: the nonce keys spread over the cluster
    "wechat_nonce": (keys.wechat_nonce("ab" * 16), "wxnonce:" + "ab" * 16),
    "weibo_nonce": (keys.weibo_nonce("ab" * 16), "weibo"),
}
# Names in bot.keys that are not keys themselves: the namespace, the tags, prefixes of the
# functions above, the consumer group's name.
_NOT_KEYS = {"NS", "CASE_TAG", "STAFF_TAG", "WEB_TAG", "SMS_TAG", "WECHAT_MEDIA_TAG", "WEIBO_TAG",
             "LOOKUP_TAG",
             "PHONE_CASES_PREFIX", "OUTBOX_LEASE_PREFIX", "STAFF_SESSIONS", "OUTBOX_GROUP"}


def _hash_tag(key: str) -> str:
    """The part of the key Redis Cluster hashes: between the first { and the next }."""
    start = key.index("{")
    return key[start + 1:key.index("}", start + 1)]


def test_keys_of_one_conversation_share_a_hash_slot() -> None:
    from redis.crc import key_slot

    conv = "wechat:0123456789abcdef01234567"
    ks = _conversation_keys(conv)
    assert {_hash_tag(k) for k in ks.values()} == {conv}
    slots = {key_slot(k.encode()) for k in ks.values()}
    assert len(slots) == 1
    other = {key_slot(keys.conversation_doc(f"web:{i}").encode()) for i in range(50)}
    assert len(other) > 1  # different conversations spread over the cluster


def test_global_keys_live_on_their_documented_tag() -> None:
    from redis.crc import key_slot

    for name, (key, tag) in _GLOBAL_KEYS.items():
        assert _hash_tag(key) == tag, name
        assert key_slot(key.encode()) == key_slot(f"{{{tag}}}".encode()), name
    # the cases, the outbox and the staff queue share one slot (one atomic submit script)
    assert len({key_slot(k.encode()) for k, tag in _GLOBAL_KEYS.values() if tag == "cases"}) == 1


def test_every_key_in_bot_keys_is_checked_for_its_slot() -> None:
    public = {n for n, v in vars(keys).items()
              if not n.startswith("_") and (isinstance(v, str) or
                                            (callable(v) and v.__module__ == keys.__name__))}
    checked = set(_conversation_keys("web:x")) | set(_GLOBAL_KEYS) | _NOT_KEYS
    assert public == checked


async def test_phone_index_keeps_only_what_the_repeat_check_reads(redis: Redis,
                                                                   scripts: Any) -> None:
    from datetime import datetime, timedelta

    from bot.cases import CaseStore

    cases = CaseStore(redis, scripts=scripts)
    now = datetime.now(UTC)
    old = {"case_id": "old", "petitioner": {"phone": "13900000000"}}
    new = {"case_id": "new", "petitioner": {"phone": "13900000000"}}
    await cases.submit(old, conversation_key="web:a", needs_review=False,
                       submitted_at=now - timedelta(days=40))
    await redis.zadd(keys.phone_cases("13900000000"), {"old": (now - timedelta(days=40))
                                                       .timestamp()})
    await cases.submit(new, conversation_key="web:a", needs_review=False, submitted_at=now)
    assert await cases.ids_for_phone("13900000000", 0) == ["new"]
    assert 0 < await redis.ttl(keys.phone_cases("13900000000")) <= 31 * 86400


async def test_case_records_expire_after_the_retention(redis: Redis, scripts: Any) -> None:
    from datetime import UTC, datetime

    from bot.cases import CaseStore

    now = datetime.now(UTC)
    await CaseStore(redis, retention_days=400, scripts=scripts).submit(
        {"case_id": "kept", "petitioner": {}}, conversation_key="web:a", needs_review=False,
        submitted_at=now)
    assert 399 * 86400 < await redis.ttl(keys.case_record("kept")) <= 400 * 86400
    await CaseStore(redis, retention_days=0, scripts=scripts).submit(
        {"case_id": "forever", "petitioner": {}}, conversation_key="web:a", needs_review=True,
        submitted_at=now)
    assert await redis.ttl(keys.case_record("forever")) == -1


async def test_a_waiting_message_starts_when_the_turn_before_it_ends(redis: Redis,
                                                                     scripts: Any) -> None:
    # Two messages of one citizen in one process: the second does not poll Redis on a timer
    # (which would leave it waiting up to 0.25 s here) but is woken when the first commits.
    store = ConversationStore(redis, scripts=scripts, wait_ms=10_000)
    first = await store.begin("web:w", "m1")
    second = asyncio.ensure_future(store.begin("web:w", "m2"))
    await asyncio.sleep(0.05)  # the second has found the lock taken and waits
    assert not second.done()
    await store.commit(first, {"n": 1}, 60, None)
    turn = await asyncio.wait_for(second, 0.1)
    assert turn.doc == {"n": 1}
    await store.commit(turn, {"n": 2}, 60, None)
    assert await store.load("web:w") == {"n": 2}


async def _script_calls(redis: Redis) -> int:
    stats = await redis.info("commandstats")
    return sum(int(v["calls"]) for k, v in stats.items() if k in ("cmdstat_evalsha",
                                                                    "cmdstat_eval"))


async def test_a_request_binding_is_checked_in_the_begin_script(redis: Redis,
                                                                scripts: Any) -> None:
    """WeChat's signed request bound to its message in the turn's first script (one durable
    write per turn fewer): the same request with another message is Replayed and changes
    nothing; a retry of the same message passes and is answered from memory."""
    from bot.store import Replayed

    store = ConversationStore(redis, scripts=scripts, rate_per_minute=5)
    nonce = keys.wechat_nonce("r" * 32)
    before = await _script_calls(redis)
    turn = await store.begin("wechat:a", "m1", binding=(nonce, "id-of-m1", 600))
    assert await _script_calls(redis) - before == 1  # binding and begin in one script
    assert await redis.get(nonce) == b"id-of-m1" and 500 < await redis.ttl(nonce) <= 600
    await store.commit(turn, {"n": 1}, 60, {"r": [["hi", "", []]]})
    again = await store.begin("wechat:a", "m1", binding=(nonce, "id-of-m1", 600))
    assert again.duplicate_of == {"r": [["hi", "", []]]}
    rate_keys = set(await redis.keys("*rate*"))
    rate_before = {k: await redis.get(k) for k in rate_keys}
    with pytest.raises(Replayed):
        await store.begin("wechat:b", "m9", binding=(nonce, "id-of-forged", 600))
    assert not await redis.exists(keys.conversation_lock("wechat:b"))
    assert not await redis.exists(keys.in_flight_of(keys.seen_message("wechat:b", "m9")))
    assert {k: await redis.get(k) for k in set(await redis.keys("*rate*"))} == rate_before
    assert await redis.get(nonce) == b"id-of-m1"


@pytest.mark.parametrize("runner", ["redis-py", "mux"])
async def test_only_commit_is_a_durable_write(private_redis: Any, runner: str) -> None:
    """begin's lock, claim, rate count and new binding stay out of the AOF (no fsync for them);
    commit writes the document, the replies and the binding. DEBUG LOADAOF reloads the data
    from the AOF alone: what a restart after kill -9 would find."""
    from bot.store import Replayed

    server = private_redis()
    client = Redis.from_url(server.url)
    mux = scripts_client_for(client) if runner == "mux" else None
    try:
        store = ConversationStore(client, scripts=mux, rate_per_minute=5)

        async def aof_size() -> int:
            return int((await client.info("persistence"))["aof_current_size"])

        # A first run of each script puts its source in the AOF (SCRIPT LOAD), once.
        warm = await store.begin("wechat:w", "m0", binding=(keys.wechat_nonce("w" * 32), "w", 9))
        await store.commit(warm, {"n": 0}, 60, None)
        await store.release(await store.begin("wechat:w", "m00"))
        nonce = keys.wechat_nonce("q" * 32)
        start = await aof_size()
        turn = await store.begin("wechat:a", "m1", binding=(nonce, "id-of-m1", 600))
        assert await aof_size() == start
        assert await client.get(nonce) == b"id-of-m1"  # refuses replays already
        await store.commit(turn, {"n": 1}, 60, {"r": [["hi", "", []]]})
        assert await aof_size() > start

        await client.execute_command("DEBUG", "LOADAOF")
        assert await store.load("wechat:a") == {"n": 1}
        assert await client.get(nonce) == b"id-of-m1" and 500 < await client.ttl(nonce) <= 600
        assert await client.exists(keys.seen_message("wechat:a", "m1"))
        assert not await client.exists(keys.conversation_lock("wechat:a"))
        assert not await client.keys("*rate*") and not await client.keys("*:run")
        with pytest.raises(Replayed):
            await store.begin("wechat:b", "m9", binding=(nonce, "id-of-forged", 600))

        # A turn that ends in begin (a retry answered from memory) binds its request durably.
        nonce2 = keys.wechat_nonce("s" * 32)
        again = await store.begin("wechat:a", "m1", binding=(nonce2, "id-of-m1", 600))
        assert again.duplicate_of == {"r": [["hi", "", []]]}
        # A turn released without a commit (the dialog raised) too.
        nonce3 = keys.wechat_nonce("t" * 32)
        failed = await store.begin("wechat:c", "m2", binding=(nonce3, "id-of-m2", 600))
        await store.release(failed)
        await client.execute_command("DEBUG", "LOADAOF")
        assert await client.get(nonce2) == b"id-of-m1"
        assert await client.get(nonce3) == b"id-of-m2"
        assert not await client.exists(keys.conversation_doc("wechat:c"))
    finally:
        if mux is not None:
            await mux.aclose()
        await client.aclose()
