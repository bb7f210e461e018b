"""Keeping WeChat media: temporary media expire after 3 days, so they are fetched at once.

The pipeline records an attachment with its MediaId as `ref`. In parallel, the channel queues
the MediaId here: it is written to a Redis hash of pending downloads *before* the download starts
(so a crash or restart loses nothing: pending downloads resume at start-up), then fetched with
the API client in a tracked background task and written under `<data dir>/media/wechat/`. The
stored path is recorded in a Redis hash MediaId -> path relative to the data dir; whoever builds
the case (or the console) resolves an attachment's `ref` there (`stored_path`).

A download that fails stays pending and is tried again by a periodic sweep (every worker runs
one; a short per-item claim in Redis keeps two workers from fetching the same item at once),
until it is stored, refused by WeChat as unknown (40007), or older than WeChat's 3 days.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import mimetypes
import os
import time
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any

import httpx
import orjson

from bot import keys
from bot.messages import Attachment
from bot.redisconn import as_text
from channels.wechat_api import INVALID_MEDIA, WechatApi, WechatApiError

log = logging.getLogger("petition.wechat.media")

CLAIM_SECONDS = 300
MEDIA_LIFETIME = 3 * 86400  # WeChat keeps temporary media this long
DOWNLOADABLE = frozenset({"image", "voice", "video", "file"})
EXTENSIONS = {"image/jpeg": ".jpg", "audio/amr": ".amr", "audio/speex": ".speex",
              "video/mp4": ".mp4", "audio/mpeg": ".mp3"}

Spawn = Callable[[Coroutine[Any, Any, None]], Any]


def _digest(media_id: str) -> str:
    return hashlib.sha256(media_id.encode()).hexdigest()[:32]


def _extension(content_type: str, filename: str) -> str:
    suffix = Path(filename).suffix
    if suffix and len(suffix) <= 8 and suffix[1:].isalnum():
        return suffix.lower()
    ctype = content_type.split(";")[0].strip().lower()
    return EXTENSIONS.get(ctype) or mimetypes.guess_extension(ctype) or ".bin"


def _write(path: Path, content: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    tmp = path.with_suffix(path.suffix + ".part")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(content)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


class MediaKeeper:
    def __init__(self, redis: Any, api: WechatApi, data_dir: Path, spawn: Spawn, *,
                 attempts: int = 3, backoff: float = 1.0):
        self.redis = redis
        self.api = api
        self.data_dir = data_dir
        self.spawn = spawn
        self.attempts = attempts
        self.backoff = backoff

    async def keep(self, attachments: tuple[Attachment, ...]) -> int:
        """Queue the downloadable attachments; returns how many downloads were started."""
        started = 0
        for a in attachments:
            if a.kind not in DOWNLOADABLE or not a.ref:
                continue
            entry = orjson.dumps({"kind": a.kind, "at": time.time()})
            await self.redis.hsetnx(keys.WECHAT_MEDIA_PENDING, a.ref, entry)
            self.spawn(self.fetch(a.ref))
            started += 1
        return started

    async def resume(self) -> int:
        """Start the downloads a previous process left pending (those not yet expired)."""
        pending = await self.redis.hgetall(keys.WECHAT_MEDIA_PENDING)
        now = time.time()
        count = 0
        for raw_id, raw in pending.items():
            media_id = as_text(raw_id)
            at = float(orjson.loads(raw).get("at", 0))
            if now - at > MEDIA_LIFETIME:
                log.error("media expired before it could be stored media=%s", _digest(media_id))
                await self.redis.hdel(keys.WECHAT_MEDIA_PENDING, media_id)
                continue
            self.spawn(self.fetch(media_id))
            count += 1
        return count

    async def stored_path(self, media_id: str) -> str | None:
        value = await self.redis.hget(keys.WECHAT_MEDIA_PATHS, media_id)
        if value is None:
            return None
        return as_text(value)

    async def fetch(self, media_id: str) -> None:
        """Download one media item and record where it is; leave it pending on failure."""
        tag = _digest(media_id)
        if await self.redis.hexists(keys.WECHAT_MEDIA_PATHS, media_id):
            await self.redis.hdel(keys.WECHAT_MEDIA_PENDING, media_id)
            return
        if not self.api.configured:
            log.warning("media kept pending: no AppSecret configured media=%s", tag)
            return
        claim = keys.wechat_media_claim(tag)
        if not await self.redis.set(claim, b"1", nx=True, ex=CLAIM_SECONDS):
            return  # another worker (or task) is fetching it
        try:
            await self._fetch(media_id, tag)
        finally:
            await self.redis.delete(claim)

    async def sweep(self, every: float) -> None:
        """Retry pending downloads periodically (runs until cancelled)."""
        while True:
            await asyncio.sleep(every)
            try:
                await self.resume()
            except Exception:  # noqa: BLE001 - a Redis blip must not end the sweep
                log.warning("media sweep failed; next in %ss", every)

    async def _fetch(self, media_id: str, tag: str) -> None:
        for attempt in range(self.attempts):
            try:
                media = await self.api.get_media(media_id)
                break
            except WechatApiError as exc:
                if exc.errcode in INVALID_MEDIA:
                    log.error("media refused by WeChat media=%s errcode=%s", tag, exc.errcode)
                    await self.redis.hdel(keys.WECHAT_MEDIA_PENDING, media_id)
                    return
                log.warning("media download failed media=%s errcode=%s", tag, exc.errcode)
            except httpx.HTTPError as exc:
                log.warning("media download failed media=%s error=%s", tag, type(exc).__name__)
            if attempt + 1 < self.attempts:
                await asyncio.sleep(self.backoff * 2 ** attempt)
        else:
            log.error("media still pending after %s attempts media=%s", self.attempts, tag)
            return
        day = time.strftime("%Y%m%d")
        relative = Path("media") / "wechat" / day / (tag + _extension(media.content_type,
                                                                        media.filename))
        await asyncio.get_running_loop().run_in_executor(
            None, _write, self.data_dir / relative, media.content)
        pipe = self.redis.pipeline(transaction=True)
        pipe.hset(keys.WECHAT_MEDIA_PATHS, media_id, str(relative))
        pipe.hdel(keys.WECHAT_MEDIA_PENDING, media_id)
        await pipe.execute()
        log.info("media stored media=%s bytes=%s", tag, len(media.content))
