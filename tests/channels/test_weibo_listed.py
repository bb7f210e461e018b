"""The Weibo channel shows up where channels are listed: the `serve` start-up lines, the
situation page's charts and CSV (labelled from config/console.toml), the metrics."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import pytest

from bot.serve import _announce
from bot.settings import Settings
from tests.bot.test_console_helpers import add_user, console_client, login
from tests.bot.test_console_situation import _record


def test_serve_names_the_weibo_channel_enabled_or_disabled(
        make_settings: Callable[..., Settings], capsys: pytest.CaptureFixture[str]) -> None:
    _announce(make_settings(), "127.0.0.1", 8080, 1)
    out = capsys.readouterr().out
    assert "channel weibo disabled (PETITION_WEIBO_APP_SECRET not set)" in out
    _announce(make_settings(PETITION_WEIBO_APP_SECRET="s"), "127.0.0.1", 8080, 1)
    out = capsys.readouterr().out
    assert "channels enabled: web, weibo" in out and "weibo disabled" not in out


async def test_situation_counts_weibo_cases_under_their_label(
        redis: Any, aiohttp_client: Any, make_settings: Callable[..., Settings]) -> None:
    client = await console_client(aiohttp_client, make_settings())
    await add_user(client, "li")
    await login(client, "li")
    now = time.time()
    await _record(redis, "a" * 32, now - 3600, channel="weibo")
    await _record(redis, "b" * 32, now - 7200, channel="weibo")
    await _record(redis, "c" * 32, now - 7200, channel="qq")
    csv_text = await (await client.get("/staff/situation.csv?days=30")).text()
    rows = [line.split(",") for line in csv_text.splitlines()]
    assert [r[1:] for r in rows if r[1] in ("微博", "QQ")] == [["微博", "2"], ["QQ", "1"]]
    html = await (await client.get("/staff/situation?days=30")).text()
    assert "微博" in html and ">weibo<" not in html
