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


def test_keys_of_one_conversation_share_a_hash_slot() -> None:
    from redis.crc import key_slot

    conv = "wechat:0123456789abcdef01234567"
    slots = {key_slot(k.encode()) for k in (
        keys.conversation_doc(conv), keys.conversation_lock(conv),
        keys.seen_message(conv, "123"), keys.rate_window(conv, 1), keys.in_flight(conv, "123"),
        keys.late_sent(conv, "123"), keys.web_push(conv))}
    assert len(slots) == 1
    other = {key_slot(keys.conversation_doc(f"web:{i}").encode()) for i in range(50)}
    assert len(other) > 1  # different conversations spread over the cluster


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
