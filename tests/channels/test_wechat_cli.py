"""`petition-bot wechat menu`, run as a real process against the local WeChat API stand-in."""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path
from typing import Any

import pytest

from bot import keys
from tests.channels.test_wechat_api import APPID, SECRET, FakeWechat, start_fake

BIN = Path(sys.executable).parent / "petition-bot"


@pytest.fixture
async def fake_wechat(aiohttp_server: Any) -> FakeWechat:
    return await start_fake(aiohttp_server)


async def _run(env: dict[str, str], *args: str) -> tuple[int, str, str]:
    proc = await asyncio.create_subprocess_exec(
        str(BIN), "wechat", "menu", *args, env={**os.environ, **env},
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    out, err = await asyncio.wait_for(proc.communicate(), 60)
    return proc.returncode or 0, out.decode(), err.decode()


def _env(tmp_path: Path, redis_url: str, **extra: str) -> dict[str, str]:
    return {"PETITION_DATA_DIR": str(tmp_path / "data"), "PETITION_REDIS_URL": redis_url,
            **extra}


async def test_menu_is_created_from_config_with_the_shared_token(
        fake_wechat: FakeWechat, redis: Any, redis_url: str, tmp_path: Path) -> None:
    # A running server already holds the shared token: the command must use it, not fetch
    # a new one (which would invalidate the server's).
    fake_wechat.valid = {"SERVER-TOKEN"}
    await redis.set(keys.platform_token("wechat"), "SERVER-TOKEN", ex=600)
    code, out, err = await _run(_env(tmp_path, redis_url, PETITION_WECHAT_TOKEN="t",
                                     PETITION_WECHAT_APPID=APPID, PETITION_WECHAT_SECRET=SECRET,
                                     PETITION_WECHAT_API_BASE=fake_wechat.url))
    assert code == 0, err
    assert "menu created: 我要反映, 查询进度, 使用帮助" in out
    assert fake_wechat.token_requests == 0
    menu = fake_wechat.menus[0]
    assert menu["token"] == "SERVER-TOKEN"
    assert [(b["type"], b["key"]) for b in menu["button"]] == [
        ("click", "start"), ("click", "progress"), ("click", "help")]


async def test_menu_needs_the_api_credentials(fake_wechat: FakeWechat, redis_url: str,
                                              tmp_path: Path) -> None:
    code, _, err = await _run(_env(tmp_path, redis_url, PETITION_WECHAT_TOKEN="t"))
    assert code == 2
    assert "PETITION_WECHAT_APPID" in err and "PETITION_WECHAT_SECRET" in err
    assert fake_wechat.menus == []


async def test_menu_refused_by_wechat_is_reported(fake_wechat: FakeWechat, redis_url: str,
                                                  tmp_path: Path) -> None:
    fake_wechat.send_errors = [40018]  # invalid button name
    code, _, err = await _run(_env(tmp_path, redis_url, PETITION_WECHAT_TOKEN="t",
                                   PETITION_WECHAT_APPID=APPID, PETITION_WECHAT_SECRET=SECRET,
                                   PETITION_WECHAT_API_BASE=fake_wechat.url))
    assert code == 1 and "40018" in err and SECRET not in err


async def test_dry_run_prints_the_menu_and_calls_nothing(fake_wechat: FakeWechat,
                                                         redis_url: str, tmp_path: Path) -> None:
    code, out, _ = await _run(_env(tmp_path, redis_url), "--dry-run")
    assert code == 0 and '"key": "progress"' in out and "我要反映" in out
    assert fake_wechat.token_requests == 0 and fake_wechat.menus == []
