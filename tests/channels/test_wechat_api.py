"""The async WeChat API client against a local server acting as api.weixin.qq.com, real Redis.

`FakeWechat` models what matters of the real API (documented at developers.weixin.qq.com,
公众号 · 获取Access token / 客服消息 / 模板消息 / 获取临时素材 / 自定义菜单): each `cgi-bin/token`
call issues a new token and invalidates the previous one, calls with an unknown token answer
errcode 40001, temporary media come back as bytes and videos as a JSON `video_url`.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer

from bot import keys
from channels.wechat_api import WechatApi, WechatApiError

APPID = "wx2c2769f8efd9abc2"
SECRET = "test-app-secret"
JPEG = b"\xff\xd8\xff\xe0" + b"jpeg-bytes" * 10


class FakeWechat:
    def __init__(self) -> None:
        self.token_requests = 0
        self.valid: set[str] = set()
        self.sent: list[dict[str, Any]] = []
        self.templates: list[dict[str, Any]] = []
        self.menus: list[dict[str, Any]] = []
        self.token_delay = 0.0
        self.send_delay = 0.0
        self.send_errors: list[int] = []  # errcodes to answer to the next sends
        self.media = {"MEDIA_IMG": (JPEG, "image/jpeg", "photo.jpg")}
        self.media_requests = 0
        self.media_failures = 0  # answer "system busy" (errcode -1) this many times
        self.media_delay = 0.0
        self.garbage = False  # answer an HTML error page with a JSON content type
        self._changed = asyncio.Event()
        self.server: TestServer | None = None

    @property
    def url(self) -> str:
        assert self.server is not None
        return str(self.server.make_url("")).rstrip("/")

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_get("/cgi-bin/token", self.token)
        app.router.add_post("/cgi-bin/message/custom/send", self.custom_send)
        app.router.add_post("/cgi-bin/message/template/send", self.template_send)
        app.router.add_post("/cgi-bin/menu/create", self.menu_create)
        app.router.add_get("/cgi-bin/media/get", self.media_get)
        app.router.add_get("/video/{name}", self.video)
        return app

    async def token(self, request: web.Request) -> web.Response:
        q = request.query
        if (q.get("grant_type"), q.get("appid"), q.get("secret")) != (
                "client_credential", APPID, SECRET):
            return web.json_response({"errcode": 40013, "errmsg": "invalid appid"})
        self.token_requests += 1
        if self.token_delay:
            await asyncio.sleep(self.token_delay)
        token = f"TOKEN-{self.token_requests}"
        self.valid = {token}  # a new token invalidates the previous one
        return web.json_response({"access_token": token, "expires_in": 7200})

    def _token_error(self, request: web.Request) -> web.Response | None:
        if request.query.get("access_token") not in self.valid:
            return web.json_response({"errcode": 40001, "errmsg": "invalid credential"})
        return None

    async def _record(self, request: web.Request, into: list[dict[str, Any]]) -> web.Response:
        error = self._token_error(request)
        if error is not None:
            return error
        if self.send_delay:
            await asyncio.sleep(self.send_delay)
        if self.send_errors:
            return web.json_response({"errcode": self.send_errors.pop(0), "errmsg": "refused"})
        assert request.content_type == "application/json"
        body = json.loads(await request.read())  # real UTF-8, not \\u escapes
        into.append({"token": request.query["access_token"], **body})
        self._changed.set()
        return web.json_response({"errcode": 0, "errmsg": "ok"})

    async def custom_send(self, request: web.Request) -> web.Response:
        if self.garbage:
            return web.Response(text="<html>502</html>", content_type="application/json")
        return await self._record(request, self.sent)

    async def template_send(self, request: web.Request) -> web.Response:
        return await self._record(request, self.templates)

    async def menu_create(self, request: web.Request) -> web.Response:
        return await self._record(request, self.menus)

    async def media_get(self, request: web.Request) -> web.Response:
        error = self._token_error(request)
        if error is not None:
            return error
        self.media_requests += 1
        if self.media_delay:
            await asyncio.sleep(self.media_delay)
        if self.media_failures:
            self.media_failures -= 1
            return web.json_response({"errcode": -1, "errmsg": "system error"})
        media_id = request.query.get("media_id", "")
        if media_id == "MEDIA_VIDEO":
            return web.json_response({"video_url": f"{self.url}/video/v.mp4"})
        if media_id not in self.media:
            return web.json_response({"errcode": 40007, "errmsg": "invalid media_id"})
        content, ctype, name = self.media[media_id]
        return web.Response(body=content, content_type=ctype, headers={
            "Content-Disposition": f'attachment; filename="{name}"'})

    async def video(self, request: web.Request) -> web.Response:
        return web.Response(body=b"\x00\x00\x00\x18ftypmp42", content_type="video/mp4")

    async def wait_sent(self, count: int, timeout: float = 5.0) -> list[dict[str, Any]]:
        async def until() -> None:
            while len(self.sent) < count:
                self._changed.clear()
                await self._changed.wait()
        await asyncio.wait_for(until(), timeout)
        return self.sent


async def start_fake(aiohttp_server: Any) -> FakeWechat:
    """The stand-in, listening on loopback (closed by the aiohttp_server fixture)."""
    fake = FakeWechat()
    fake.server = await aiohttp_server(fake.app())
    return fake


@pytest.fixture
async def fake_wechat(aiohttp_server: Any) -> FakeWechat:
    return await start_fake(aiohttp_server)


@pytest.fixture
async def http() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient() as client:
        yield client


def _api(http: httpx.AsyncClient, redis: Any, fake: FakeWechat, **kw: Any) -> WechatApi:
    return WechatApi(http, redis, appid=APPID, secret=SECRET, api_base=fake.url, **kw)


async def test_token_is_fetched_once_and_cached_in_redis_before_expiry(
        fake_wechat: FakeWechat, redis: Any, http: httpx.AsyncClient) -> None:
    api = _api(http, redis, fake_wechat)
    await api.send_text("openid-1", "您好")
    await api.send_text("openid-1", "再见")
    assert fake_wechat.token_requests == 1
    assert [s["token"] for s in fake_wechat.sent] == ["TOKEN-1", "TOKEN-1"]
    assert fake_wechat.sent[0]["text"] == {"content": "您好"}
    ttl = await redis.ttl(keys.platform_token("wechat"))
    assert 7200 - 300 - 5 <= ttl <= 7200 - 300  # replaced five minutes before WeChat expires it


async def test_concurrent_workers_share_one_token(fake_wechat: FakeWechat, redis_url: str,
                                                  http: httpx.AsyncClient) -> None:
    from redis.asyncio import Redis

    fake_wechat.token_delay = 0.1  # a slow refresh: the others must wait, not fetch their own
    clients = [Redis.from_url(redis_url) for _ in range(4)]
    try:
        apis = [_api(http, c, fake_wechat) for c in clients]
        tokens = await asyncio.gather(*(a.access_token() for a in apis for _ in range(5)))
    finally:
        for c in clients:
            await c.aclose()
    assert fake_wechat.token_requests == 1
    assert set(tokens) == {"TOKEN-1"}


async def test_rejected_token_is_refreshed_once_and_the_call_retried(
        fake_wechat: FakeWechat, redis: Any, http: httpx.AsyncClient) -> None:
    api = _api(http, redis, fake_wechat)
    await redis.set(keys.platform_token("wechat"), "EXPIRED-ELSEWHERE", ex=600)
    await api.send_text("openid-1", "一")
    assert fake_wechat.token_requests == 1
    assert fake_wechat.sent[-1]["token"] == "TOKEN-1"
    # A worker holding a stale token after another refreshed uses the shared new one.
    other = _api(http, redis, fake_wechat)
    assert await other.refresh(stale="EXPIRED-ELSEWHERE") == "TOKEN-1"
    assert fake_wechat.token_requests == 1


async def test_token_error_twice_is_reported_not_looped(fake_wechat: FakeWechat, redis: Any,
                                                        http: httpx.AsyncClient) -> None:
    api = _api(http, redis, fake_wechat)
    fake_wechat.send_errors = [42001, 42001]
    await api.access_token()
    with pytest.raises(WechatApiError) as exc:
        await api.send_text("openid-1", "一")
    assert exc.value.errcode == 42001
    assert fake_wechat.token_requests == 2  # one refresh, one retry, then the error


async def test_other_errors_are_raised_with_their_code(fake_wechat: FakeWechat, redis: Any,
                                                       http: httpx.AsyncClient) -> None:
    api = _api(http, redis, fake_wechat)
    fake_wechat.send_errors = [45015]
    with pytest.raises(WechatApiError) as exc:
        await api.send_text("openid-1", "一")
    assert exc.value.errcode == 45015 and fake_wechat.sent == []


async def test_wrong_secret_is_an_error_and_nothing_is_cached(
        fake_wechat: FakeWechat, redis: Any, http: httpx.AsyncClient) -> None:
    api = WechatApi(http, redis, appid=APPID, secret="wrong", api_base=fake_wechat.url)
    with pytest.raises(WechatApiError) as exc:
        await api.access_token()
    assert exc.value.errcode == 40013
    assert await redis.get(keys.platform_token("wechat")) is None
    assert await redis.get(keys.platform_token_lock("wechat")) is None


async def test_calls_time_out(fake_wechat: FakeWechat, redis: Any,
                              http: httpx.AsyncClient) -> None:
    api = _api(http, redis, fake_wechat, timeout=0.2)
    await api.access_token()
    fake_wechat.send_delay = 2.0
    with pytest.raises(httpx.TimeoutException):
        await api.send_text("openid-1", "一")


async def test_media_download_and_video_url(fake_wechat: FakeWechat, redis: Any,
                                            http: httpx.AsyncClient) -> None:
    api = _api(http, redis, fake_wechat)
    image = await api.get_media("MEDIA_IMG")
    assert (image.content, image.content_type, image.filename) == (JPEG, "image/jpeg",
                                                                   "photo.jpg")
    video = await api.get_media("MEDIA_VIDEO")
    assert video.content.startswith(b"\x00\x00\x00\x18ftyp") and video.content_type == "video/mp4"
    with pytest.raises(WechatApiError) as exc:
        await api.get_media("EXPIRED")
    assert exc.value.errcode == 40007


async def test_template_and_menu_bodies(fake_wechat: FakeWechat, redis: Any,
                                        http: httpx.AsyncClient) -> None:
    api = _api(http, redis, fake_wechat)
    await api.send_template("openid-1", "TPL", {"keyword1": "已受理"}, url="https://x.test/")
    await api.create_menu({"button": [{"type": "click", "name": "我要反映", "key": "start"}]})
    assert fake_wechat.templates[0] == {"token": "TOKEN-1", "touser": "openid-1",
                                        "template_id": "TPL", "url": "https://x.test/",
                                        "data": {"keyword1": {"value": "已受理"}}}
    assert fake_wechat.menus[0]["button"][0]["name"] == "我要反映"


async def test_no_credentials_is_a_clear_error(redis: Any, http: httpx.AsyncClient) -> None:
    api = WechatApi(http, redis, appid="", secret="", api_base="http://127.0.0.1:9")
    assert not api.configured
    with pytest.raises(WechatApiError) as exc:
        await api.access_token()
    assert "PETITION_WECHAT_SECRET" in exc.value.errmsg


async def test_garbage_answers_are_api_errors(fake_wechat: FakeWechat, redis: Any,
                                              http: httpx.AsyncClient) -> None:
    api = _api(http, redis, fake_wechat)
    await api.access_token()
    fake_wechat.garbage = True
    with pytest.raises(WechatApiError) as exc:
        await api.send_text("openid-1", "一")
    assert exc.value.errcode == -2
