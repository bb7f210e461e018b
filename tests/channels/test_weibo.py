"""The Weibo channel through the real app over loopback HTTP: the access guide's URL-check
vector, forged and replayed requests, every message type, passive replies, the reply API
(served by a local aiohttp server standing in for m.api.weibo.com), retries, case updates."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import unquote

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient

from bot import appkeys, keys, metrics
from bot.app import create_app, load_dialog
from bot.messages import Reply, conversation_key
from bot.settings import Settings
from channels.weibo import WEIBO, passive_reply, within_window
from channels.weibo_inbound import request_digest, sign
from tests.channels.test_wechat_http import RecordingDialog, settle
from tests.channels.test_weibo_inbound import (
    DOC_ACCOUNT,
    DOC_NONCE,
    DOC_SECRET,
    DOC_SENDER,
    DOC_SIGNATURE,
    DOC_TIMESTAMP,
    fixture,
)
from tests.fakes import FakeClassifier

TOKEN = "2.00weibo-test-access-token"
SECRET = "weibo-app-secret-测试"


class FakeWeibo:
    """m.api.weibo.com's 2/messages/reply.json: records each form, or refuses with a code."""

    def __init__(self) -> None:
        self.sent: list[dict[str, str]] = []
        self.refuse: int | None = None
        self.arrived = asyncio.Event()
        self.url = ""

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_post("/2/messages/reply.json", self.reply)
        return app

    async def reply(self, request: web.Request) -> web.Response:
        assert request.content_type == "application/x-www-form-urlencoded"
        assert "access_token" not in request.query  # never in a URL that could be logged
        form = dict(await request.post())
        if form.get("access_token") != TOKEN:
            return web.json_response({"error": "invalid_access_token", "error_code": 21332,
                                      "request": request.path}, status=401)
        if self.refuse:
            return web.json_response({"error": "refused", "error_code": self.refuse,
                                      "request": request.path}, status=400)
        self.sent.append({k: str(v) for k, v in form.items()})
        self.arrived.set()
        return web.json_response({"id": len(self.sent), "result": True})

    def texts(self) -> list[str]:
        return [json.loads(s["data"])["text"] for s in self.sent]


@pytest.fixture
async def fake_weibo(aiohttp_server: Any) -> FakeWeibo:
    fake = FakeWeibo()
    server = await aiohttp_server(fake.app(), host="127.0.0.1")
    fake.url = str(server.make_url("")).rstrip("/")
    return fake


def settings_for(make_settings: Callable[..., Settings], fake: FakeWeibo | None,
                 **env: str) -> Settings:
    base = {"PETITION_WEIBO_APP_SECRET": SECRET, "PETITION_WEIBO_APP_KEY": "1234567890"}
    if fake is not None:
        base.update(PETITION_WEIBO_ACCESS_TOKEN=TOKEN, PETITION_WEIBO_API_BASE=fake.url)
    base.update(env)
    return make_settings(**base)


def signed_query(secret: str = SECRET, *, timestamp: str | None = None,
                 nonce: str | None = None) -> dict[str, str]:
    ts = timestamp or str(int(time.time() * 1000))
    nonce = nonce or str(time.monotonic_ns() % 10**9)
    return {"signature": sign(secret, ts, nonce), "timestamp": ts, "nonce": nonce}


class Fan:
    """Plays Weibo's push server for one fan of the account."""

    def __init__(self, client: TestClient, sender: str = DOC_SENDER):
        self.client = client
        self.sender = sender
        self.second = 0

    def push(self, name: str, **change: Any) -> dict[str, Any]:
        self.second += 1
        created = (datetime(2026, 1, 5, 9, 0, tzinfo=UTC) + timedelta(seconds=self.second))
        return fixture(name) | {"sender_id": int(self.sender),
                                "created_at": created.strftime("%a %b %d %H:%M:%S +0800 %Y"),
                                **change}

    def text(self, words: str) -> dict[str, Any]:
        return self.push("text.json", text=words)

    async def post(self, push: dict[str, Any] | bytes, query: dict[str, str] | None = None,
                   **headers: str) -> Any:
        body = push if isinstance(push, bytes) else json.dumps(push, ensure_ascii=False).encode()
        return await self.client.post("/weibo", params=query or signed_query(), data=body,
                                      headers={"Content-Type": "application/json", **headers})

    async def say(self, push: dict[str, Any], query: dict[str, str] | None = None) -> str | None:
        """The passive reply's text, or None for an empty answer."""
        resp = await self.post(push, query)
        assert resp.status == 200, await resp.text()
        raw = await resp.read()
        if not raw:
            return None
        reply = json.loads(raw)
        assert reply["result"] is True and reply["type"] == "text"
        assert reply["receiver_id"] == self.sender and reply["sender_id"] == DOC_ACCOUNT
        text: str = json.loads(unquote(reply["data"]))["text"]
        return text


async def client_for(aiohttp_client: Any, settings: Settings, dialog: Any = None) -> TestClient:
    app = create_app(settings, dialog=dialog or load_dialog(settings),
                     classifier=FakeClassifier())
    client: TestClient = await aiohttp_client(app)
    return client


# ------------------------------------------------------------------ URL check

async def test_url_check_with_the_access_guides_vector(
        aiohttp_client: Any, make_settings: Callable[..., Settings]) -> None:
    # open.weibo.com/wiki/Messages_api_start: the sample request
    # ?nonce=57155157&timestamp=1397022061823&echostr=dnPdpTZz85&signature=90e4c2...
    # is answered with the echostr. The sample is from 2014: the window is off for it.
    settings = settings_for(make_settings, None, PETITION_WEIBO_APP_SECRET=DOC_SECRET,
                            PETITION_WEIBO_REPLAY_WINDOW="0")
    client = await client_for(aiohttp_client, settings, RecordingDialog())
    query = {"nonce": DOC_NONCE, "timestamp": DOC_TIMESTAMP, "echostr": "dnPdpTZz85",
             "signature": DOC_SIGNATURE}
    resp = await client.get("/weibo", params=query)
    assert resp.status == 200 and await resp.text() == "dnPdpTZz85"
    forged = await client.get("/weibo", params=query | {"signature": "0" * 40})
    assert forged.status == 403 and await forged.text() != "dnPdpTZz85"


async def test_url_check_refuses_old_timestamps_and_other_secrets(
        aiohttp_client: Any, make_settings: Callable[..., Settings]) -> None:
    client = await client_for(aiohttp_client, settings_for(make_settings, None),
                              RecordingDialog())
    old = signed_query(timestamp=str(int((time.time() - 301) * 1000)))
    assert (await client.get("/weibo", params=old | {"echostr": "e"})).status == 403
    seconds = signed_query(timestamp=str(int(time.time())))  # seconds, not milliseconds
    assert (await client.get("/weibo", params=seconds | {"echostr": "e"})).status == 403
    other = signed_query("another-secret")
    assert (await client.get("/weibo", params=other | {"echostr": "e"})).status == 403
    fresh = await client.get("/weibo", params=signed_query() | {"echostr": "e1"})
    assert fresh.status == 200 and await fresh.text() == "e1"
    assert (await client.get("/weibo", params=signed_query())).status == 400  # no echostr


# ------------------------------------------------------------------ messages

async def test_every_message_type_reaches_the_dialog(
        aiohttp_client: Any, make_settings: Callable[..., Settings]) -> None:
    dialog = RecordingDialog()
    client = await client_for(aiohttp_client, settings_for(make_settings, None), dialog)
    me = Fan(client)
    answers = {}
    for name in ("follow.json", "text.json", "position.json", "image.json", "voice.json",
                 "click.json", "subscribe.json", "unfollow.json"):
        answers[name] = await me.say(me.push(name))
    kinds = [(t.kind, t.event) for t in dialog.turns]
    assert kinds == [("event", "subscribe"), ("text", ""), ("location", ""), ("media", ""),
                     ("voice", ""), ("event", "menu:progress"), ("event", "subscribe"),
                     ("event", "unsubscribe")]
    assert all(t.channel == "weibo" for t in dialog.turns)
    assert dialog.turns[2].location == (39.982525, 116.308586, "我在这里: http://t.cn/zQgLLYO")
    assert [(a["kind"], a["ref"]) for t in dialog.turns for a in t.attachments] == [
        ("image", "821804469"), ("voice", "821804469")]
    assert answers["text.json"] == "第2条：the content of a general message\n请回复序号或文字：\n1. 好"
    assert answers["unfollow.json"] is None  # nobody to answer after an unfollow
    exposed = await (await client.get("/metrics")).text()
    assert 'petition_turns_total{channel="weibo",outcome="ok"}' in exposed


async def test_one_conversation_per_sender(
        aiohttp_client: Any, make_settings: Callable[..., Settings]) -> None:
    client = await client_for(aiohttp_client, settings_for(make_settings, None),
                              RecordingDialog())
    me, other = Fan(client), Fan(client, sender="1902530001")
    assert (await me.say(me.text("一"))).startswith("第1条")  # type: ignore[union-attr]
    assert (await other.say(other.text("二"))).startswith("第1条")  # type: ignore[union-attr]
    assert (await me.say(me.text("三"))).startswith("第2条")  # type: ignore[union-attr]


async def test_unknown_type_gets_the_configured_sentence_and_events_an_empty_answer(
        aiohttp_client: Any, make_settings: Callable[..., Settings]) -> None:
    dialog = RecordingDialog()
    client = await client_for(aiohttp_client, settings_for(make_settings, None), dialog)
    me = Fan(client)
    assert "文字" in (await me.say(me.push("text.json", type="sticker")) or "")
    assert await me.say(me.push("follow.json", data={"subtype": "mention"})) is None
    assert await me.say(me.push("click.json", data={"subtype": "click", "key": "x"})) is None
    assert dialog.turns == []


async def test_a_real_intake_over_weibo_asks_with_numbered_choices(
        aiohttp_client: Any, make_settings: Callable[..., Settings]) -> None:
    client = await client_for(aiohttp_client, settings_for(make_settings, None))
    me = Fan(client)
    greeting = await me.say(me.push("follow.json"))
    assert greeting and "金湖县网上信访" in greeting and "1. " in greeting


# ------------------------------------------------------------------ retries and replays

async def test_a_retried_push_is_answered_the_same_without_a_second_turn(
        aiohttp_client: Any, make_settings: Callable[..., Settings]) -> None:
    dialog = RecordingDialog()
    client = await client_for(aiohttp_client, settings_for(make_settings, None), dialog)
    me = Fan(client)
    for name in ("text.json", "position.json", "image.json", "voice.json", "follow.json",
                 "click.json"):
        push = me.push(name)
        query = signed_query()
        first = await me.say(push, query)
        again_same_request = await me.say(push, query)  # Weibo resends the very request
        again_new_request = await me.say(push)  # or signs the retry anew
        assert first == again_same_request == again_new_request and first, name
    assert len(dialog.turns) == 6
    assert metrics.TURNS.value("weibo", "duplicate") >= 12


async def test_a_signed_request_reused_with_another_body_is_refused(
        aiohttp_client: Any, make_settings: Callable[..., Settings], redis: Any) -> None:
    dialog = RecordingDialog()
    client = await client_for(aiohttp_client, settings_for(make_settings, None), dialog)
    me = Fan(client)
    query = signed_query()
    assert await me.say(me.text("我的"), query)
    forged = me.push("text.json", sender_id=1902530001, text="别人的")
    resp = await me.post(forged, query)
    assert resp.status == 403
    assert [t.text for t in dialog.turns] == ["我的"]
    ttl = await redis.ttl(keys.weibo_nonce(request_digest(query)))
    assert 0 < ttl <= 300


async def test_bad_requests_are_refused_and_change_nothing(
        aiohttp_client: Any, make_settings: Callable[..., Settings], redis: Any) -> None:
    dialog = RecordingDialog()
    client = await client_for(aiohttp_client, settings_for(
        make_settings, None, PETITION_SERVER_MAX_BODY_BYTES="4096"), dialog)
    me = Fan(client)

    async def state() -> list[bytes]:
        return sorted(k for k in await redis.keys("*") if k != keys.OUTBOX_STREAM.encode())

    before = await state()
    push = me.text("你好")
    cases: list[tuple[Any, dict[str, str] | None, int]] = [
        (push, signed_query("wrong-secret"), 403),
        (push, {k: v for k, v in signed_query().items() if k != "signature"}, 403),
        (push, signed_query(timestamp=str(int((time.time() + 400) * 1000))), 403),
        (b"<xml><Content>hi</Content></xml>", None, 415),
        (b"{not json", None, 400),
        (b"[" * 1500 + b"]" * 1500, None, 400),
        (b'{"type": "text", "sender_id": 1, "text": "\\udc00"}', None, 400),
        (me.push("text.json", sender_id="x"), None, 400),
        (me.push("position.json", data={"latitude": "200", "longitude": "1"}), None, 400),
        (b'{"type":"text","text":"' + "长".encode() * 2000 + b'"}', None, 413),
    ]
    for body, query, status in cases:
        resp = await me.post(body, query)
        assert resp.status == status, (status, await resp.text())
    assert await state() == before and dialog.turns == []
    assert metrics.HTTP_REJECTED.value("weibo", "415") >= 1


async def test_rate_limited_like_every_channel(
        aiohttp_client: Any, make_settings: Callable[..., Settings]) -> None:
    dialog = RecordingDialog()
    client = await client_for(aiohttp_client, settings_for(
        make_settings, None, PETITION_LIMITS_CITIZEN_PER_MINUTE="2"), dialog)
    me = Fan(client)
    answers = [await me.say(me.text(f"第{i}句")) for i in range(3)]
    assert len(dialog.turns) == 2 and answers[2] and "第3条" not in answers[2]


# ------------------------------------------------------------------ the reply API

async def test_a_slow_turn_answers_empty_then_through_the_reply_api(
        aiohttp_client: Any, make_settings: Callable[..., Settings], fake_weibo: FakeWeibo,
        redis: Any) -> None:
    dialog = RecordingDialog()
    client = await client_for(aiohttp_client, settings_for(
        make_settings, fake_weibo, PETITION_WEIBO_REPLY_BUDGET_MS="150"), dialog)
    me = Fan(client)
    conv = conversation_key("weibo", DOC_SENDER)
    # The conversation is busy for 0.8 s (an earlier turn holds its lock): past the budget.
    await redis.set(keys.conversation_lock(conv), "earlier-turn", px=800)
    push = me.text("慢一点")
    started = time.monotonic()
    assert await me.say(push) is None and time.monotonic() - started < 0.6
    assert await me.say(push) is None  # Weibo's retry meanwhile: empty, no second turn
    await asyncio.wait_for(fake_weibo.arrived.wait(), 5)
    await settle(client)
    [sent] = fake_weibo.sent
    assert sent["receiver_id"] == DOC_SENDER and sent["type"] == "text"
    assert sent["source"] == "1234567890"
    assert fake_weibo.texts()[0].startswith("第1条：慢一点")
    assert await me.say(push) is None  # a retry after the late delivery is not answered again
    assert len(dialog.turns) == 1 and len(fake_weibo.sent) == 1
    exposed = await (await client.get("/metrics")).text()
    assert 'petition_weibo_sent_total{outcome="ok"}' in exposed
    assert 'petition_turns_total{channel="weibo",outcome="late_reply"}' in exposed


async def test_a_reply_too_long_for_one_message_goes_out_in_pieces(
        aiohttp_client: Any, make_settings: Callable[..., Settings],
        fake_weibo: FakeWeibo) -> None:
    client = await client_for(aiohttp_client, settings_for(make_settings, fake_weibo),
                              RecordingDialog())
    me = Fan(client)
    long_text = "路" * 700
    assert await me.say(me.text(long_text)) is None
    await settle(client)
    texts = fake_weibo.texts()
    assert len(texts) >= 3 and all(len(t) <= 300 for t in texts)
    assert long_text in "".join(texts)


def test_passive_reply_matches_the_docs_example() -> None:
    # open.weibo.com/wiki/发送被动响应消息, 返回样例: {"text": "中文消息"} URL-encoded.
    reply = passive_reply("123", "456", "中文消息")
    assert reply == {"result": True, "sender_id": "123", "receiver_id": "456", "type": "text",
                     "data": "%7B%22text%22%3A%22%E4%B8%AD%E6%96%87%E6%B6%88%E6%81%AF%22%7D"}


# ------------------------------------------------------------------ case updates

async def test_case_updates_are_pushed_within_the_48_hour_window(
        aiohttp_client: Any, make_settings: Callable[..., Settings],
        fake_weibo: FakeWeibo) -> None:
    client = await client_for(aiohttp_client, settings_for(make_settings, fake_weibo),
                              RecordingDialog())
    sender = client.app[appkeys.SENDERS]["weibo"]
    now = datetime.now(UTC)
    meta = {"channel": "weibo", "sender": DOC_SENDER, "last_seen": now.isoformat()}
    assert await sender.send(meta, Reply("您的信访事项已受理。"))
    assert fake_weibo.texts() == ["您的信访事项已受理。"]
    stale = meta | {"last_seen": (now - timedelta(hours=48)).isoformat()}
    assert not await sender.send(stale, Reply("过期了"))
    fake_weibo.refuse = 20502  # e.g. the fan unfollowed: Weibo refuses, the news waits
    assert not await sender.send(meta, Reply("取消关注以后"))
    assert len(fake_weibo.sent) == 1


async def test_without_an_access_token_replies_are_passive_only(
        aiohttp_client: Any, make_settings: Callable[..., Settings]) -> None:
    client = await client_for(aiohttp_client, settings_for(make_settings, None),
                              RecordingDialog())
    assert not client.app[WEIBO].api.configured
    meta = {"channel": "weibo", "sender": DOC_SENDER,
            "last_seen": datetime.now(UTC).isoformat()}
    assert not await client.app[appkeys.SENDERS]["weibo"].send(meta, Reply("x"))
    me = Fan(client)
    assert len(await me.say(me.text("长" * 400)) or "") > 300  # passive, in one message


def test_the_reply_window() -> None:
    now = time.time()
    iso = datetime.fromtimestamp(now - 47 * 3600, UTC).isoformat()
    assert within_window(iso, now)
    assert not within_window(datetime.fromtimestamp(now - 48 * 3600, UTC).isoformat(), now)
    assert not within_window("", now) and not within_window("garbage", now)


async def test_disabled_without_the_app_secret(
        aiohttp_client: Any, make_settings: Callable[..., Settings]) -> None:
    settings = make_settings()
    assert "weibo" not in settings.enabled_channels
    client = await client_for(aiohttp_client, settings, RecordingDialog())
    assert (await client.get("/weibo", params=signed_query())).status == 404
