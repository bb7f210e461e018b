"""The pipeline and the web channel over real HTTP, with a real Redis (dialog: a counting double)."""

from __future__ import annotations

import asyncio
import io
from collections.abc import Callable
from typing import Any

import orjson
from aiohttp.test_utils import TestClient

from bot import keys
from bot.app import create_app
from bot.settings import Settings
from tests.fakes import CountingDialog, FakeClassifier


async def _client(aiohttp_client: Any, settings: Settings) -> TestClient:
    app = create_app(settings, dialog=CountingDialog(), classifier=FakeClassifier())
    return await aiohttp_client(app)


async def _session(client: TestClient) -> str:
    resp = await client.post("/web/session")
    assert resp.status == 201
    return (await resp.json())["token"]


async def test_web_conversation_keeps_state(aiohttp_client: Any,
                                            make_settings: Callable[..., Settings]) -> None:
    client = await _client(aiohttp_client, make_settings())
    token = await _session(client)
    h = {"Authorization": f"Bearer {token}"}
    r1 = await (await client.post("/web/messages", json={"text": "你好"}, headers=h)).json()
    r2 = await (await client.post("/web/messages", json={"text": "再来"}, headers=h)).json()
    assert r1["replies"][0]["text"] == "第1条：你好"
    assert r2["replies"][0] == {"text": "第2条：再来", "choices": ["好"]}
    assert r2["state"] == "collect" and r2["expecting"] == "description"


async def test_two_sessions_are_two_conversations(aiohttp_client: Any,
                                                  make_settings: Callable[..., Settings]) -> None:
    client = await _client(aiohttp_client, make_settings())
    for _ in range(2):
        token = await _session(client)
        r = await client.post("/web/messages", json={"text": "a"},
                              headers={"Authorization": f"Bearer {token}"})
        assert (await r.json())["replies"][0]["text"] == "第1条：a"


async def test_retried_message_id_is_not_processed_twice(
        aiohttp_client: Any, make_settings: Callable[..., Settings]) -> None:
    client = await _client(aiohttp_client, make_settings())
    h = {"Authorization": f"Bearer {await _session(client)}"}
    body = {"text": "一次", "message_id": "abc-1"}
    first = await (await client.post("/web/messages", json=body, headers=h)).json()
    again = await (await client.post("/web/messages", json=body, headers=h)).json()
    assert first == again
    nxt = await (await client.post("/web/messages", json={"text": "下条"}, headers=h)).json()
    assert nxt["replies"][0]["text"] == "第2条：下条"


async def test_concurrent_messages_of_one_citizen_are_serialized(
        aiohttp_client: Any, make_settings: Callable[..., Settings]) -> None:
    client = await _client(aiohttp_client, make_settings())
    h = {"Authorization": f"Bearer {await _session(client)}"}
    results = await asyncio.gather(*(
        client.post("/web/messages", json={"text": str(i)}, headers=h) for i in range(10)))
    texts = [(await r.json())["replies"][0]["text"] for r in results]
    counts = sorted(int(t.split("条")[0][1:]) for t in texts)
    assert counts == list(range(1, 11))


async def test_bad_requests_are_refused_and_change_nothing(
        aiohttp_client: Any, make_settings: Callable[..., Settings], redis: Any) -> None:
    client = await _client(aiohttp_client, make_settings())
    token = await _session(client)
    h = {"Authorization": f"Bearer {token}"}
    before = sorted(await redis.keys("*"))
    assert (await client.post("/web/messages", json={"text": "x"})).status == 401
    assert (await client.post("/web/messages", json={"text": "x"},
                              headers={"Authorization": "Bearer nope"})).status == 401
    assert (await client.post("/web/messages", data="{", headers={
        **h, "Content-Type": "application/json"})).status == 400
    assert (await client.post("/web/messages", data="text=x", headers={
        **h, "Content-Type": "application/x-www-form-urlencoded"})).status == 415
    assert (await client.post("/web/messages", json={"text": 5}, headers=h)).status == 400
    assert (await client.post("/web/messages", json={"location": {"lat": 200, "lon": 1}},
                              headers=h)).status == 400
    big = io.BytesIO(orjson.dumps({"text": "长" * 600_000}))
    assert (await client.post("/web/messages", data=big, headers={
        **h, "Content-Type": "application/json"})).status == 413
    after = sorted(k for k in await redis.keys("*") if b":ip:" not in k)
    assert after == sorted(k for k in before if b":ip:" not in k)


async def test_submit_gets_a_case_number_and_lands_in_the_outbox(
        aiohttp_client: Any, make_settings: Callable[..., Settings], redis: Any) -> None:
    client = await _client(aiohttp_client, make_settings())
    h = {"Authorization": f"Bearer {await _session(client)}"}
    body = {"text": "submit", "message_id": "s1"}
    r = await (await client.post("/web/messages", json=body, headers=h)).json()
    text = r["replies"][0]["text"]
    assert text.startswith("已受理，编号JH-") and "{case_number}" not in text
    number = text.removeprefix("已受理，编号")
    again = await (await client.post("/web/messages", json=body, headers=h)).json()
    assert again["replies"][0]["text"] == text
    # Handed to the outbox once (the worker may already have delivered and removed the entry).
    case_id = (await redis.hget(keys.CASE_NUMBER_INDEX, number)).decode()
    assert len(await redis.hkeys(keys.CASE_NUMBER_INDEX)) == 1
    record = await redis.hgetall(keys.case_record(case_id))
    assert record[b"number"].decode() == number
    assert record[b"status"].decode() in ("queued", "delivered")
    assert orjson.loads(record[b"body"])["case_id"] == case_id


async def test_a_submitted_case_is_counted_when_the_citizen_gets_its_number(
        aiohttp_client: Any, make_settings: Callable[..., Settings], redis: Any) -> None:
    """The situation recount is sent together with the turn's save (one fsync for both) and is
    done before the reply, as when it ran inside the submission."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from bot import situation_counts

    client = await _client(aiohttp_client, make_settings())
    h = {"Authorization": f"Bearer {await _session(client)}"}
    r = await (await client.post("/web/messages", json={"text": "submit", "message_id": "s1"},
                                 headers=h)).json()
    assert r["replies"][0]["text"].startswith("已受理，编号JH-")
    today = datetime.now(ZoneInfo("Asia/Shanghai")).date()
    figures = await situation_counts.read_days(redis, [today])
    assert figures.counts["total"] == 1 and figures.counts["channel:web"] == 1


async def test_handoff_reaches_the_staff_queue(aiohttp_client: Any,
                                               make_settings: Callable[..., Settings],
                                               redis: Any) -> None:
    client = await _client(aiohttp_client, make_settings())
    h = {"Authorization": f"Bearer {await _session(client)}"}
    await client.post("/web/messages", json={"text": "human"}, headers=h)
    items = [orjson.loads(v) for v in (await redis.hgetall(keys.STAFF_QUEUE)).values()]
    assert [(i["kind"], i["reason"], i["channel"]) for i in items] == [
        ("handoff", "asked_for_person", "web")]


async def test_dialog_failure_keeps_the_citizens_words(aiohttp_client: Any,
                                                       make_settings: Callable[..., Settings],
                                                       redis: Any) -> None:
    client = await _client(aiohttp_client, make_settings())
    h = {"Authorization": f"Bearer {await _session(client)}"}
    r = await client.post("/web/messages", json={"text": "boom"}, headers=h)
    assert r.status == 200
    assert "已保存" in (await r.json())["replies"][0]["text"]
    [key] = await redis.keys("pb:{web:*}:doc")
    assert orjson.loads(await redis.get(key))["transcript"][-1]["text"] == "boom"
    assert 3500 < await redis.ttl(key) <= 3600  # the dialog's retention (CountingDialog: 1 h)


async def test_rate_limit_answers_politely(aiohttp_client: Any,
                                           make_settings: Callable[..., Settings]) -> None:
    client = await _client(aiohttp_client,
                           make_settings(PETITION_LIMITS_CITIZEN_PER_MINUTE="3"))
    h = {"Authorization": f"Bearer {await _session(client)}"}
    texts = []
    for i in range(4):
        r = await client.post("/web/messages", json={"text": str(i)}, headers=h)
        texts.append((await r.json())["replies"][0]["text"])
    assert texts[2].startswith("第3条") and "稍等" in texts[3]


async def test_healthz_and_metrics(aiohttp_client: Any,
                                   make_settings: Callable[..., Settings]) -> None:
    client = await _client(aiohttp_client, make_settings())
    r = await client.get("/healthz")
    assert r.status == 200 and (await r.json())["status"] == "ok"
    h = {"Authorization": f"Bearer {await _session(client)}"}
    await client.post("/web/messages", json={"text": "a"}, headers=h)
    text = await (await client.get("/metrics")).text()
    assert 'petition_turns_total{channel="web",outcome="ok"}' in text


async def test_healthz_503_when_redis_is_down(aiohttp_client: Any, private_redis: Any,
                                              make_settings: Callable[..., Settings]) -> None:
    server = private_redis()
    client = await _client(aiohttp_client, make_settings(PETITION_REDIS_URL=server.url))
    assert (await client.get("/healthz")).status == 200
    server.stop()
    assert (await client.get("/healthz")).status == 503
    server.start()
    assert (await client.get("/healthz")).status == 200


async def test_disabled_channels_answer_404(aiohttp_client: Any,
                                            make_settings: Callable[..., Settings]) -> None:
    client = await _client(aiohttp_client, make_settings())
    for path in ("/wechat", "/sms/twilio", "/qq"):
        assert (await client.post(path, data=b"x")).status == 404


async def test_redis_restart_gets_a_polite_busy_reply_then_recovers(
        aiohttp_client: Any, private_redis: Any, make_settings: Callable[..., Settings]) -> None:
    server = private_redis()
    client = await _client(aiohttp_client, make_settings(PETITION_REDIS_URL=server.url))
    h = {"Authorization": f"Bearer {await _session(client)}"}
    r = await (await client.post("/web/messages", json={"text": "一"}, headers=h)).json()
    assert r["replies"][0]["text"] == "第1条：一"
    server.stop()
    r = await client.post("/web/messages", json={"text": "二"}, headers=h)
    assert r.status in (200, 401, 503)  # the session lookup itself needs Redis
    if r.status == 200:
        assert "系统繁忙" in (await r.json())["replies"][0]["text"]
    server.start()
    r = await (await client.post("/web/messages", json={"text": "三"}, headers=h)).json()
    assert r["replies"][0]["text"] == "第2条：三"  # nothing half-done was kept


async def test_staff_messages_reach_the_web_page_by_polling(
        aiohttp_client: Any, make_settings: Callable[..., Settings]) -> None:
    from bot import appkeys
    from bot.messages import Reply

    client = await _client(aiohttp_client, make_settings())
    token = await _session(client)
    h = {"Authorization": f"Bearer {token}"}
    await client.post("/web/messages", json={"text": "你好"}, headers=h)
    assert (await (await client.get("/web/updates", headers=h)).json()) == {"replies": []}
    docs = [orjson.loads(await client.app[appkeys.REDIS].get(k))
            for k in await client.app[appkeys.REDIS].keys("pb:{web:*}:doc")]
    sender = client.app[appkeys.SENDERS]["web"]
    assert await sender.send(docs[0]["meta"], Reply("工作人员：您好，我是信访局小王。"))
    got = await (await client.get("/web/updates", headers=h)).json()
    assert got == {"replies": [{"text": "工作人员：您好，我是信访局小王。", "choices": []}]}
    assert (await (await client.get("/web/updates", headers=h)).json()) == {"replies": []}
    assert (await client.get("/web/updates")).status == 401


async def test_real_dialog_fills_the_number_in_the_transcript_and_cancel_leaves_the_queue(
        aiohttp_client: Any, make_settings: Callable[..., Settings], redis: Any) -> None:
    from bot.app import load_dialog

    settings = make_settings()
    client = await aiohttp_client(create_app(settings, dialog=load_dialog(settings),
                                             classifier=FakeClassifier()))
    h = {"Authorization": f"Bearer {await _session(client)}"}

    async def say(text: str) -> dict[str, Any]:
        return await (await client.post("/web/messages", json={"text": text}, headers=h)).json()

    for text in ("你好", "同意", "村里的路灯坏了三个月没人修", "陈桥", "建设村三组", "我叫张三",
                 "13912345678", "希望尽快修好", "确认提交"):
        last = await say(text)
    (doc_key,) = await redis.keys("pb:{web:*}:doc")
    transcript = orjson.loads(await redis.get(doc_key))["transcript"]
    assert not any("{case_number}" in e["text"] for e in transcript)
    assert any("JH-" in e["text"] for e in transcript if e["role"] == "bot")
    assert last["state"] == "submitted"
    # A second matter: the citizen asks for a person, then gives up waiting.
    await say("转人工")
    assert any(k.startswith(b"conv:") for k in await redis.hkeys(keys.STAFF_QUEUE))
    await say("算了")
    assert not any(k.startswith(b"conv:") for k in await redis.hkeys(keys.STAFF_QUEUE))
