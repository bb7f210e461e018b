"""WeChat API client paths with httpx transport mocks (respx), real Redis for the token.

Codes from the official-account docs (developers.weixin.qq.com/doc/offiaccount): 获取 Access
token (`{"access_token", "expires_in": 7200}`; errors such as `{"errcode":40013,"errmsg":"invalid
appid"}`), 全局返回码说明 (-1 系统繁忙,此时请开发者稍候再试; 40001 AppSecret 错误或 access_token
无效; 40003 不合法的 OpenID; 40007 不合法的媒体文件 id; 40013 不合法的 AppID; 40014 不合法的
access_token; 40125 无效的 appsecret; 40164 调用接口的 IP 地址不在白名单中; 42001 access_token
超时; 43004 需要接收者关注; 45015 回复时间超过限制; 45047 客服接口下行条数超过上限), 客服消息
(POST cgi-bin/message/custom/send) and 获取临时素材 (GET cgi-bin/media/get: the file itself, or
`{"video_url"}` for videos). The loopback fake in test_wechat_api.py keeps the end-to-end flows.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import respx

from bot import keys
from channels.wechat_api import WechatApi, WechatApiError
from channels.wechat_media import MediaKeeper

BASE = "https://api.weixin.qq.com"
APPID = "wx2c2769f8efd9abc2"
SECRET = "test-app-secret"
OPENID = "oLVPpjqs9BhvzwPj5A-vTYAX3GLc"


def _token(value: str, expires_in: int = 7200) -> httpx.Response:
    return httpx.Response(200, json={"access_token": value, "expires_in": expires_in})


def _err(code: int, msg: str = "") -> httpx.Response:
    return httpx.Response(200, json={"errcode": code, "errmsg": msg})


OK = _err(0, "ok")


@pytest.fixture
async def api(redis: Any) -> AsyncIterator[WechatApi]:
    async with httpx.AsyncClient() as http:
        client = WechatApi(http, redis, appid=APPID, secret=SECRET, api_base=BASE, timeout=1.0)
        yield client


async def test_token_then_customer_service_message(mock: respx.MockRouter, api: WechatApi,
                                                   redis: Any) -> None:
    token = mock.get(BASE + "/cgi-bin/token").mock(return_value=_token("TOKEN-1"))
    send = mock.post(BASE + "/cgi-bin/message/custom/send").mock(return_value=OK)
    await api.send_text(OPENID, "您好，已收到")
    await api.send_text(OPENID, "第二条")
    assert token.call_count == 1  # cached in Redis for the second call
    params = token.calls[0].request.url.params
    assert (params["grant_type"], params["appid"], params["secret"]) == (
        "client_credential", APPID, SECRET)
    first = send.calls[0].request
    assert first.url.params["access_token"] == "TOKEN-1"
    assert "您好".encode() in first.content  # real UTF-8, not \\u escapes
    assert json.loads(first.content) == {"touser": OPENID, "msgtype": "text",
                                         "text": {"content": "您好，已收到"}}
    ttl = await redis.ttl(keys.platform_token("wechat"))
    assert 7200 - 300 - 5 <= ttl <= 7200 - 300


@pytest.mark.parametrize("code", [40001, 40013, 40125, 40164])
async def test_token_endpoint_errors_are_raised_and_nothing_is_cached(
        mock: respx.MockRouter, api: WechatApi, redis: Any, code: int) -> None:
    token = mock.get(BASE + "/cgi-bin/token").mock(return_value=_err(code, "refused"))
    send = mock.post(BASE + "/cgi-bin/message/custom/send").mock(return_value=OK)
    with pytest.raises(WechatApiError) as err:
        await api.send_text(OPENID, "x")
    assert err.value.errcode == code
    assert token.call_count == 1 and not send.called  # a wrong secret is not asked again
    assert await redis.get(keys.platform_token("wechat")) is None


@pytest.mark.parametrize("first", [
    _err(-1, "system error"), httpx.Response(502), httpx.ReadTimeout("slow"),
    httpx.ConnectError("refused")], ids=["busy", "5xx", "timeout", "connect"])
async def test_token_endpoint_is_asked_once_more_after_a_transient_failure(
        mock: respx.MockRouter, api: WechatApi, first: Any) -> None:
    token = mock.get(BASE + "/cgi-bin/token").mock(side_effect=[first, _token("TOKEN-2")])
    assert await api.access_token() == "TOKEN-2"
    assert token.call_count == 2


async def test_token_endpoint_failing_twice_is_an_error(mock: respx.MockRouter, api: WechatApi,
                                                         redis: Any) -> None:
    mock.get(BASE + "/cgi-bin/token").mock(side_effect=[httpx.Response(503), httpx.Response(503)])
    with pytest.raises(httpx.HTTPStatusError):
        await api.access_token()
    mock.get(BASE + "/cgi-bin/token").mock(side_effect=httpx.ReadTimeout("slow"))
    with pytest.raises(httpx.TimeoutException):
        await api.access_token()
    assert await redis.get(keys.platform_token("wechat")) is None


@pytest.mark.parametrize("code", [40001, 40014, 42001])
async def test_token_expiring_mid_call_is_refreshed_and_the_call_repeated_once(
        mock: respx.MockRouter, api: WechatApi, redis: Any, code: int) -> None:
    mock.get(BASE + "/cgi-bin/token").mock(side_effect=[_token("OLD"), _token("NEW")])
    send = mock.post(BASE + "/cgi-bin/message/custom/send").mock(side_effect=[_err(code), OK])
    await api.send_text(OPENID, "进度通知")
    assert [c.request.url.params["access_token"] for c in send.calls] == ["OLD", "NEW"]
    assert await redis.get(keys.platform_token("wechat")) == b"NEW"


async def test_a_token_refused_twice_is_reported_not_looped(mock: respx.MockRouter,
                                                            api: WechatApi) -> None:
    token = mock.get(BASE + "/cgi-bin/token").mock(side_effect=[_token("A"), _token("B")])
    send = mock.post(BASE + "/cgi-bin/message/custom/send").mock(return_value=_err(42001))
    with pytest.raises(WechatApiError) as err:
        await api.send_text(OPENID, "x")
    assert err.value.errcode == 42001 and send.call_count == 2 and token.call_count == 2


@pytest.mark.parametrize("code", [45015, 45047, 43004, 40003, -1])
async def test_customer_service_errors_are_raised_with_their_code_and_not_repeated(
        mock: respx.MockRouter, api: WechatApi, code: int) -> None:
    mock.get(BASE + "/cgi-bin/token").mock(return_value=_token("T"))
    send = mock.post(BASE + "/cgi-bin/message/custom/send").mock(return_value=_err(code, "refused"))
    with pytest.raises(WechatApiError) as err:
        await api.send_text(OPENID, "x")
    assert err.value.errcode == code and send.call_count == 1


@pytest.mark.parametrize("failure", [httpx.Response(500), httpx.ReadTimeout("slow")],
                         ids=["5xx", "timeout"])
async def test_a_customer_service_message_is_not_sent_twice_after_an_unclear_failure(
        mock: respx.MockRouter, api: WechatApi, failure: Any) -> None:
    """The message may have reached the citizen: repeating could text them twice."""
    mock.get(BASE + "/cgi-bin/token").mock(return_value=_token("T"))
    send = mock.post(BASE + "/cgi-bin/message/custom/send").mock(side_effect=[failure, OK])
    with pytest.raises(httpx.HTTPError):
        await api.send_text(OPENID, "x")
    assert send.call_count == 1


async def test_media_download_image_and_video(mock: respx.MockRouter, api: WechatApi) -> None:
    mock.get(BASE + "/cgi-bin/token").mock(return_value=_token("T"))
    jpeg = b"\xff\xd8\xff\xe0" + b"jpeg" * 50
    media = mock.get(BASE + "/cgi-bin/media/get").mock(side_effect=[
        httpx.Response(200, content=jpeg, headers={
            "Content-Type": "image/jpeg",
            "Content-Disposition": 'attachment; filename="MEDIA_IMG.jpg"'}),
        httpx.Response(200, json={"video_url": "https://vweixinf.tc.qq.com/v/abc.mp4"})])
    video = mock.get("https://vweixinf.tc.qq.com/v/abc.mp4").mock(
        return_value=httpx.Response(200, content=b"mp4-bytes",
                                    headers={"Content-Type": "video/mp4"}))
    image = await api.get_media("MEDIA_IMG")
    assert (image.content, image.content_type, image.filename) == (
        jpeg, "image/jpeg", "MEDIA_IMG.jpg")
    assert media.calls[0].request.url.params["media_id"] == "MEDIA_IMG"
    clip = await api.get_media("MEDIA_VID")
    assert (clip.content, clip.content_type) == (b"mp4-bytes", "video/mp4")
    assert video.call_count == 1


async def test_media_keeper_retries_5xx_and_timeouts_then_stores(
        mock: respx.MockRouter, api: WechatApi, redis: Any, tmp_path: Path) -> None:
    mock.get(BASE + "/cgi-bin/token").mock(return_value=_token("T"))
    media = mock.get(BASE + "/cgi-bin/media/get").mock(side_effect=[
        httpx.Response(500), httpx.ReadTimeout("slow"),
        httpx.Response(200, content=b"voice", headers={"Content-Type": "audio/amr"})])
    keeper = MediaKeeper(redis, api, tmp_path, spawn=lambda coro: None, backoff=0.0)
    await keeper.fetch("MEDIA_VOICE")
    assert media.call_count == 3
    stored = await keeper.stored_path("MEDIA_VOICE")
    assert stored is not None and stored.endswith(".amr")
    assert (tmp_path / stored).read_bytes() == b"voice"


async def test_media_refused_as_invalid_is_dropped_not_retried(
        mock: respx.MockRouter, api: WechatApi, redis: Any, tmp_path: Path) -> None:
    mock.get(BASE + "/cgi-bin/token").mock(return_value=_token("T"))
    media = mock.get(BASE + "/cgi-bin/media/get").mock(return_value=_err(40007, "invalid media_id"))
    await redis.hset(keys.WECHAT_MEDIA_PENDING, "GONE", b'{"kind":"image","at":0}')
    keeper = MediaKeeper(redis, api, tmp_path, spawn=lambda coro: None, backoff=0.0)
    await keeper.fetch("GONE")
    assert media.call_count == 1
    assert await keeper.stored_path("GONE") is None
    assert not await redis.hexists(keys.WECHAT_MEDIA_PENDING, "GONE")
