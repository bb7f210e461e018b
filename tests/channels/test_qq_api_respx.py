"""QQ bot OpenAPI client paths with httpx transport mocks (respx), real Redis.

From the QQ bot docs (bot.q.qq.com/wiki/develop/api-v2): 接口调用凭证 — `POST
https://bots.qq.com/app/getAppAccessToken {"appId", "clientSecret"}` answers
`{"access_token", "expires_in": "7200"}` (a string); 发送消息 — `POST /v2/users/{openid}/messages`
(C2C) or `/v2/groups/{group_openid}/messages` with `Authorization: QQBot <token>` and
`X-Union-Appid`; a passive reply quotes `msg_id` and every reply to it needs a new `msg_seq`
(a repeated msg_id + msg_seq is refused), valid for 60 minutes in C2C and 5 in groups. The
loopback fake in test_qq.py keeps the end-to-end webhook flows. The refusal codes below are
examples of the platform's `{"code", "message"}` error body; the client acts on the HTTP status.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Callable
from typing import Any

import httpx
import pytest
import respx

from bot import keys
from bot.settings import Settings
from channels.qq_api import QQ_SENT, QQ_TOKEN, QQApi, QQApiError, QQTokens

API = "https://api.sgroup.qq.com"
TOKEN_URL = "https://bots.qq.com/app/getAppAccessToken"
APPID = "102000001"
SECRET = "naOC0ocQE3shWLAfffVLB1rhYPG7"
OPENID = "E4F4AEA33253A2797FB897C50B81D7ED"


def _token(value: str, expires: str = "7200") -> httpx.Response:
    return httpx.Response(200, json={"access_token": value, "expires_in": expires})


@pytest.fixture
def settings(make_settings: Callable[..., Settings]) -> Settings:
    return make_settings(PETITION_QQ_APPID=APPID, PETITION_QQ_SECRET=SECRET,
                         PETITION_QQ_API_BASE=API, PETITION_QQ_TOKEN_URL=TOKEN_URL)


@pytest.fixture
async def clients(settings: Settings, redis: Any) -> AsyncIterator[tuple[QQTokens, QQApi]]:
    async with httpx.AsyncClient(timeout=1.0) as http:
        tokens = QQTokens(settings, lambda: redis, lambda: http)
        yield tokens, QQApi(settings, tokens, lambda: redis, lambda: http)


async def test_token_request_and_cache(mock: respx.MockRouter, clients: Any,
                                       redis: Any) -> None:
    tokens, _ = clients
    route = mock.post(TOKEN_URL).mock(return_value=_token("tok-1"))
    ok_before = QQ_TOKEN.value("ok")
    assert await tokens.get() == "tok-1"
    assert await tokens.get() == "tok-1"
    assert route.call_count == 1
    assert json.loads(route.calls[0].request.content) == {"appId": APPID, "clientSecret": SECRET}
    assert 7190 <= await redis.ttl(keys.platform_token("qq")) <= 7195
    assert QQ_TOKEN.value("ok") == ok_before + 1


@pytest.mark.parametrize("answer", [
    httpx.Response(400, json={"code": 100016, "message": "invalid appid or secret"}),
    httpx.Response(200, json={"access_token": "", "expires_in": "7200"}),
    httpx.Response(200, text="<html>gateway</html>"),
    httpx.ReadTimeout("slow"), httpx.ConnectError("refused")],
    ids=["refused", "empty", "not-json", "timeout", "connect"])
async def test_token_endpoint_failures_are_qq_api_errors(
        mock: respx.MockRouter, clients: Any, redis: Any, answer: Any) -> None:
    tokens, _ = clients
    mock.post(TOKEN_URL).mock(side_effect=[answer])
    errors = QQ_TOKEN.value("error")
    with pytest.raises(QQApiError):
        await tokens.get()
    assert QQ_TOKEN.value("error") == errors + 1
    assert await redis.get(keys.platform_token("qq")) is None


async def test_token_endpoint_5xx_is_asked_once_more(mock: respx.MockRouter,
                                                     clients: Any) -> None:
    tokens, _ = clients
    route = mock.post(TOKEN_URL).mock(side_effect=[httpx.Response(502), _token("tok-2")])
    assert await tokens.get() == "tok-2" and route.call_count == 2


async def test_reply_c2c_and_group(mock: respx.MockRouter, clients: Any) -> None:
    _, api = clients
    mock.post(TOKEN_URL).mock(return_value=_token("tok-1"))
    c2c = mock.post(f"{API}/v2/users/{OPENID}/messages").mock(
        return_value=httpx.Response(200, json={"id": "r1", "timestamp": 1}))
    group = mock.post(f"{API}/v2/groups/G1/messages").mock(
        return_value=httpx.Response(200, json={"id": "r2", "timestamp": 1}))
    assert await api.reply(openid=OPENID, group="", msg_id="m-1", text="您好")
    assert await api.reply(openid=OPENID, group="", msg_id="m-1", text="请说明事由")
    assert await api.reply(openid=OPENID, group="G1", msg_id="m-2", text="群里好")
    sent = [json.loads(c.request.content) for c in c2c.calls]
    assert [(b["msg_id"], b["msg_seq"], b["msg_type"]) for b in sent] == [
        ("m-1", 1, 0), ("m-1", 2, 0)]
    request = group.calls[0].request
    assert request.headers["Authorization"] == "QQBot tok-1"
    assert request.headers["X-Union-Appid"] == APPID


async def test_token_expiring_mid_call_is_replaced_and_the_reply_repeated(
        mock: respx.MockRouter, clients: Any) -> None:
    _, api = clients
    mock.post(TOKEN_URL).mock(side_effect=[_token("tok-1"), _token("tok-2")])
    send = mock.post(f"{API}/v2/users/{OPENID}/messages").mock(side_effect=[
        httpx.Response(401, json={"code": 11244, "message": "token invalid"}),
        httpx.Response(200, json={"id": "r1"})])
    assert await api.reply(openid=OPENID, group="", msg_id="m-1", text="一")
    auths = [c.request.headers["Authorization"] for c in send.calls]
    seqs = [json.loads(c.request.content)["msg_seq"] for c in send.calls]
    assert auths == ["QQBot tok-1", "QQBot tok-2"] and seqs == [1, 1]


async def test_5xx_is_repeated_once_with_the_same_msg_seq(mock: respx.MockRouter,
                                                          clients: Any) -> None:
    """Safe to repeat: the platform refuses the same msg_id + msg_seq if the first arrived."""
    _, api = clients
    mock.post(TOKEN_URL).mock(return_value=_token("tok-1"))
    send = mock.post(f"{API}/v2/users/{OPENID}/messages").mock(side_effect=[
        httpx.Response(503), httpx.Response(200, json={"id": "r1"})])
    assert await api.reply(openid=OPENID, group="", msg_id="m-1", text="一")
    assert [json.loads(c.request.content)["msg_seq"] for c in send.calls] == [1, 1]
    send.mock(side_effect=[httpx.Response(500), httpx.Response(500)])
    refused = QQ_SENT.value("refused")
    assert not await api.reply(openid=OPENID, group="", msg_id="m-1", text="二")
    assert QQ_SENT.value("refused") == refused + 1


@pytest.mark.parametrize("answer", [
    httpx.Response(400, json={"code": 40034025, "message": "reply window passed"}),
    httpx.Response(403, json={"code": 11255, "message": "no permission"})],
    ids=["window", "forbidden"])
async def test_refusals_are_reported_and_not_repeated(mock: respx.MockRouter, clients: Any,
                                                      answer: httpx.Response) -> None:
    _, api = clients
    mock.post(TOKEN_URL).mock(return_value=_token("tok-1"))
    send = mock.post(f"{API}/v2/users/{OPENID}/messages").mock(return_value=answer)
    refused = QQ_SENT.value("refused")
    assert not await api.reply(openid=OPENID, group="", msg_id="m-1", text="一")
    assert send.call_count == 1 and QQ_SENT.value("refused") == refused + 1


async def test_a_timeout_is_a_failed_reply_not_an_exception(mock: respx.MockRouter,
                                                            clients: Any) -> None:
    _, api = clients
    mock.post(TOKEN_URL).mock(return_value=_token("tok-1"))
    mock.post(f"{API}/v2/users/{OPENID}/messages").mock(side_effect=httpx.ReadTimeout("slow"))
    errors = QQ_SENT.value("error")
    assert not await api.reply(openid=OPENID, group="", msg_id="m-1", text="一")
    assert QQ_SENT.value("error") == errors + 1
