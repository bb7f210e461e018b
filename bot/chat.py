"""`petition-bot chat`: the intake dialog in a terminal, through the same pipeline and store as
the web channel (the conversation is a web conversation of the given user id)."""

from __future__ import annotations

import asyncio
import os
import sys
import time

from aiohttp import web

from bot import appkeys
from bot.app import create_app
from bot.messages import InboundMessage, TurnResult
from bot.settings import Settings


def _show(result: TurnResult) -> None:
    for reply in result.replies:
        print(f"\n机器人：{reply.text}")
        for i, choice in enumerate(reply.choices, 1):
            print(f"  {i}. {choice}")
    if result.expecting:
        print(f"  （等待：{result.expecting}）")


async def chat(settings: Settings, *, user: str = "") -> int:
    sender = "cli:" + (user or os.environ.get("USER", "local"))
    app = create_app(settings)
    runner = web.AppRunner(app)
    await runner.setup()  # runs the cleanup contexts: Redis, classifier, dialog, pipeline
    pipeline = app[appkeys.PIPELINE]
    loop = asyncio.get_running_loop()
    print("金湖县网上信访（终端）。输入内容后回车；Ctrl-D 退出。", flush=True)
    choices: tuple[str, ...] = ()
    try:
        first = await pipeline(InboundMessage(channel="web", sender=sender,
                                              message_id=os.urandom(8).hex(), kind="event",
                                              event="menu:start", received_at=time.time()))
        _show(first)
        choices = first.replies[-1].choices if first.replies else ()
        while True:
            line = await loop.run_in_executor(None, sys.stdin.readline)
            if not line:
                break
            text = line.strip()
            if not text:
                continue
            if text.isdigit() and choices and 1 <= int(text) <= len(choices):
                text = choices[int(text) - 1]
            result = await pipeline(InboundMessage(channel="web", sender=sender,
                                                   message_id=os.urandom(8).hex(), text=text,
                                                   received_at=time.time()))
            _show(result)
            choices = result.replies[-1].choices if result.replies else ()
    finally:
        await runner.cleanup()
    return 0
