"""Every `web.AppKey` of the application, in one place."""

from __future__ import annotations

from typing import Any

import httpx
from aiohttp import web
from redis.asyncio import Redis

from bot.cases import CaseStore
from bot.deadlines import Deadlines
from bot.messages import Sender
from bot.settings import Settings
from bot.store import ConversationStore

SETTINGS = web.AppKey("settings", Settings)
REDIS = web.AppKey("redis", Redis)
STORE = web.AppKey("store", ConversationStore)
# Runs Lua scripts: a bot.redis_mux.MuxClient on a standalone Redis, else the REDIS client
SCRIPTS: web.AppKey[Any] = web.AppKey("scripts")
CASES = web.AppKey("cases", CaseStore)
PIPELINE: web.AppKey[Any] = web.AppKey("pipeline")  # bot.pipeline.Pipeline (typed Any: channels import this module, never dialogs)
CLASSIFIER: web.AppKey[Any] = web.AppKey("classifier")
DEADLINES = web.AppKey("deadlines", Deadlines)  # built by create_app from settings.config_dir
DIALOG: web.AppKey[Any] = web.AppKey("dialog")
HTTP = web.AppKey("http", httpx.AsyncClient)  # shared outbound client (platform APIs, webhook)
SENDERS = web.AppKey("senders", dict[str, Sender])  # channel name -> outbound sender
OUTBOX: web.AppKey[Any] = web.AppKey("outbox")
STAFF: web.AppKey[Any] = web.AppKey("staff")
BACKGROUND: web.AppKey[set[Any]] = web.AppKey("background")  # tracked tasks finished before shutdown
