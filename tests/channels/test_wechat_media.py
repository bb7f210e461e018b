"""Keeping WeChat temporary media: downloads survive failures and restarts, never run twice."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Coroutine
from pathlib import Path
from typing import Any

import httpx
import orjson
import pytest

from bot import keys
from bot.messages import Attachment
from channels.wechat_api import WechatApi
from channels.wechat_media import MediaKeeper
from tests.channels.test_wechat_api import APPID, JPEG, SECRET, FakeWechat, start_fake


@pytest.fixture
async def fake_wechat(aiohttp_server: Any) -> FakeWechat:
    return await start_fake(aiohttp_server)


class Tasks:
    def __init__(self) -> None:
        self.running: list[asyncio.Task[Any]] = []

    def spawn(self, coro: Coroutine[Any, Any, None]) -> None:
        self.running.append(asyncio.ensure_future(coro))

    async def settle(self) -> None:
        while self.running:
            batch, self.running = self.running, []
            await asyncio.gather(*batch)


@pytest.fixture
async def keeper(fake_wechat: FakeWechat, redis: Any,
                 tmp_path: Path) -> AsyncIterator[tuple[MediaKeeper, Tasks]]:
    tasks = Tasks()
    async with httpx.AsyncClient() as http:
        api = WechatApi(http, redis, appid=APPID, secret=SECRET, api_base=fake_wechat.url)
        yield MediaKeeper(redis, api, tmp_path, tasks.spawn, attempts=2, backoff=0.01), tasks
        await tasks.settle()


async def test_failed_download_stays_pending_and_a_later_sweep_stores_it(
        keeper: tuple[MediaKeeper, Tasks], fake_wechat: FakeWechat, redis: Any,
        tmp_path: Path) -> None:
    media, tasks = keeper
    fake_wechat.media_failures = 2  # WeChat busy for both attempts
    assert await media.keep((Attachment("image", "MEDIA_IMG"), Attachment("link", "http://x"),
                             Attachment("voice", ""))) == 1
    await tasks.settle()
    assert await media.stored_path("MEDIA_IMG") is None
    assert await redis.hexists(keys.WECHAT_MEDIA_PENDING, "MEDIA_IMG")
    assert await media.resume() == 1
    await tasks.settle()
    stored = await media.stored_path("MEDIA_IMG")
    assert stored is not None and (tmp_path / stored).read_bytes() == JPEG
    assert (tmp_path / stored).stat().st_mode & 0o077 == 0  # personal data: owner only
    assert await redis.hlen(keys.WECHAT_MEDIA_PENDING) == 0 and fake_wechat.media_requests == 3


async def test_one_download_per_item_even_when_queued_twice(
        keeper: tuple[MediaKeeper, Tasks], fake_wechat: FakeWechat, redis: Any) -> None:
    media, tasks = keeper
    fake_wechat.media_delay = 0.1
    await media.keep((Attachment("image", "MEDIA_IMG"),))
    await media.keep((Attachment("image", "MEDIA_IMG"),))  # a retried message
    await media.resume()  # and a sweep at the same moment
    await tasks.settle()
    assert fake_wechat.media_requests == 1
    await media.keep((Attachment("image", "MEDIA_IMG"),))  # already stored: nothing fetched
    await tasks.settle()
    assert fake_wechat.media_requests == 1 and await redis.hlen(keys.WECHAT_MEDIA_PENDING) == 0


async def test_expired_and_unknown_media_leave_the_pending_list(
        keeper: tuple[MediaKeeper, Tasks], fake_wechat: FakeWechat, redis: Any) -> None:
    media, tasks = keeper
    await redis.hset(keys.WECHAT_MEDIA_PENDING, "OLD", orjson.dumps({"kind": "image",
                                                       "at": time.time() - 3 * 86400 - 1}))
    await media.keep((Attachment("video", "UNKNOWN"),))
    await tasks.settle()
    assert await media.resume() == 0
    assert await redis.hlen(keys.WECHAT_MEDIA_PENDING) == 0
    assert await redis.hlen(keys.WECHAT_MEDIA_PATHS) == 0
