"""`petition-bot chat`: the intake dialog in a terminal, through the same pipeline and store as
every channel. Its conversations and cases carry the channel `cli` (labelled 终端 in the console),
so the dialog speaks with its terminal wording (the `[key.cli]` overrides in config/prompts.toml:
"回复 1 或“确认提交”" rather than "点“确认提交”") and staff can tell these cases apart.

Options are printed numbered; a reply that is a number picks that option (unless the number is
itself one of the options, as in a 1-5 rating). The dialog's internal state is printed only with
`--debug`. At the end of input, the chat waits a few seconds for the outbox to hand over a case
submitted just before, so that a scripted session's case reaches the case system (or
cases.jsonl) like any other.
"""

from __future__ import annotations

import asyncio
import os
import sys
import threading
import time
from typing import TextIO

from aiohttp import web

from bot import appkeys, keys
from bot.app import create_app
from bot.messages import InboundMessage, TurnResult
from bot.settings import Settings

CHANNEL = "cli"
OUTBOX_WAIT_SECONDS = 5.0
BANNER = ("petition-bot chat: the intake dialog in this terminal (channel `cli`). Type a reply "
          "and press Enter; a number picks a listed option; Ctrl-D ends.")


def render(result: TurnResult, *, debug: bool = False) -> str:
    """The bot's replies as the terminal shows them."""
    lines: list[str] = []
    for reply in result.replies:
        lines.append(f"\n机器人：{reply.text}")
        lines.extend(f"  {i}. {choice}" for i, choice in enumerate(reply.choices, 1))
    if debug:
        lines.append(f"  [debug] state={result.state or '-'} expecting={result.expecting or '-'}")
    return "\n".join(lines)


def pick(text: str, choices: tuple[str, ...]) -> str:
    """A typed number stands for that option, unless the number is an option itself."""
    if text.isdigit() and text not in choices and 1 <= int(text) <= len(choices):
        return choices[int(text) - 1]
    return text


def _choices(result: TurnResult) -> tuple[str, ...]:
    return result.replies[-1].choices if result.replies else ()


async def chat(settings: Settings, *, user: str = "", debug: bool = False,
               stdin: TextIO | None = None, stdout: TextIO | None = None) -> int:
    source = stdin or sys.stdin
    out = stdout or sys.stdout
    sender = user or os.environ.get("USER", "local")
    app = create_app(settings)
    runner = web.AppRunner(app)
    await runner.setup()  # runs the cleanup contexts: Redis, classifier, dialog, pipeline, outbox
    pipeline = app[appkeys.PIPELINE]
    loop = asyncio.get_running_loop()

    async def turn(text: str = "", kind: str = "text", event: str = "") -> tuple[str, ...]:
        result = await pipeline(InboundMessage(
            channel=CHANNEL, sender=sender, message_id=os.urandom(8).hex(), text=text,
            kind=kind, event=event, received_at=time.time()))
        print(render(result, debug=debug), file=out, flush=True)
        return _choices(result)

    print(BANNER, file=out, flush=True)
    lines = _read_lines(source, loop)
    try:
        choices = await turn(kind="event", event="menu:start")
        while True:
            line = await lines.get()
            if not line:
                break
            text = line.strip()
            if text:
                choices = await turn(text=pick(text, choices))
        await _wait_for_outbox(app, out)
    finally:
        await runner.cleanup()
    return 0


def _read_lines(source: TextIO, loop: asyncio.AbstractEventLoop) -> asyncio.Queue[str]:
    """Lines typed, then "" at the end of input. A daemon thread reads them, so that Ctrl-C
    ends the chat at once (a blocked read in the default executor would hold the exit)."""
    queue: asyncio.Queue[str] = asyncio.Queue()

    def read() -> None:
        try:
            for line in iter(source.readline, ""):
                loop.call_soon_threadsafe(queue.put_nowait, line)
            loop.call_soon_threadsafe(queue.put_nowait, "")
        except RuntimeError:  # the loop is closed: the chat has ended
            pass

    threading.Thread(target=read, name="chat-stdin", daemon=True).start()
    return queue


async def _wait_for_outbox(app: web.Application, out: TextIO) -> None:
    """Give the outbox worker (running in this process) a moment to deliver what was just
    submitted; say so if something is still waiting when the chat ends."""
    redis = app[appkeys.REDIS]
    deadline = time.monotonic() + OUTBOX_WAIT_SECONDS
    waiting = await redis.xlen(keys.OUTBOX_STREAM)
    while waiting and time.monotonic() < deadline:
        await asyncio.sleep(0.1)
        waiting = await redis.xlen(keys.OUTBOX_STREAM)
    if waiting:
        print(f"petition-bot chat: {waiting} delivery(ies) still wait in the outbox; "
              "`petition-bot serve` delivers them.", file=out, flush=True)
