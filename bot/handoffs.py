"""Conversations handed over to staff: written to the staff queue the console reads."""

from __future__ import annotations

import time
from typing import Any

import orjson
from redis.asyncio import Redis

from bot import keys


class StaffQueueWriter:
    def __init__(self, redis: Redis):
        self.redis = redis

    async def add_handoff(self, conversation_key: str, doc: dict[str, Any],
                          payload: dict[str, Any]) -> None:
        meta = doc.get("meta", {})
        data = doc.get("data") or {}
        item = {
            "id": f"conv:{conversation_key}", "kind": "handoff",
            "reason": payload.get("reason", "asked_for_person"),
            "conversation_key": conversation_key, "channel": meta.get("channel", ""),
            "town": data.get("town", ""), "created_at": time.time(),
        }
        await self.redis.hset(keys.STAFF_QUEUE, item["id"], orjson.dumps(item))

    async def withdraw_handoff(self, conversation_key: str) -> None:
        await self.redis.hdel(keys.STAFF_QUEUE, f"conv:{conversation_key}")
