"""Helpers shared by the console tests (a staff user, logging in, seeding cases and hand-offs),
and the tests of the HTML helper every page is built with."""

from __future__ import annotations

import re
import shutil
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import orjson
import pytest
from aiohttp.test_utils import TestClient

from bot import appkeys, keys
from bot.app import create_app
from bot.console.auth import Accounts
from bot.console.html import Markup, el, esc
from bot.console.text import ConsoleText, ConsoleTextError
from bot.messages import Reply, conversation_key
from bot.settings import Settings
from tests.fakes import CountingDialog, FakeClassifier

PASSWORD = "correct horse battery"
TZ = ZoneInfo("Asia/Shanghai")
CSRF_RE = re.compile(r'name="_csrf" value="([^"]+)"')


class RecordingSender:
    """A channel's outbound side as the console sees it (Sender protocol); `allow` = the
    platform lets us write now."""

    def __init__(self, allow: bool = True):
        self.allow = allow
        self.sent: list[tuple[dict[str, Any], Reply]] = []

    async def send(self, meta: dict[str, object], reply: Reply) -> bool:
        if self.allow:
            self.sent.append((dict(meta), reply))
        return self.allow


async def console_client(aiohttp_client: Any, settings: Settings, dialog: Any = None) -> TestClient:
    app = create_app(settings, dialog=dialog or CountingDialog(), classifier=FakeClassifier())
    return await aiohttp_client(app)


async def add_user(client: TestClient, name: str, role: str = "reviewer",
                   password: str = PASSWORD) -> None:
    app = client.app
    await Accounts(app[appkeys.REDIS], app[appkeys.SETTINGS].staff).add(name, password, role)


def csrf_of(html: str) -> str:
    match = CSRF_RE.search(html)
    assert match, "page has no CSRF field"
    return match.group(1)


async def login(client: TestClient, name: str, password: str = PASSWORD) -> str:
    """Log in through the form; return the session's CSRF token (from the queue page)."""
    form_page = await client.get("/staff/login")
    token = csrf_of(await form_page.text())
    resp = await client.post("/staff/login", data={"_csrf": token, "username": name,
                                                   "password": password, "next": "/staff/"},
                             allow_redirects=False)
    assert resp.status == 303, await resp.text()
    queue = await client.get("/staff/")
    assert queue.status == 200
    return csrf_of(await queue.text())


def case_body(case_id: str, **over: Any) -> dict[str, Any]:
    now = datetime.now(TZ)
    body: dict[str, Any] = {
        "case_id": case_id, "submitted_at": now.isoformat(), "channel": "web",
        "petitioner": {"name": "张三", "phone": "13800000000", "anonymous": False},
        "town": "金南镇", "address": "幸福路1号", "location": None,
        "description": "小区门口的路灯坏了三个月没人修", "request": "尽快修好路灯",
        "category": {"code": "other", "name": "其他", "departments": ["信访局"],
                     "confidence": 0.31, "source": "model"},
        "nature": "求决", "color": "yellow", "due_at": (now + timedelta(days=10)).isoformat(),
        "keywords": ["路灯", "小区"], "legal_path": None, "attachments": [],
        "transcript": [{"role": "citizen", "text": "路灯坏了", "time": now.isoformat()}],
        "first_message_at": (now - timedelta(minutes=30)).isoformat(),
    }
    body.update(over)
    return body


async def seed_review_case(client: TestClient, case_id: str = "a" * 32, **over: Any) -> str:
    """A case the model was unsure about: recorded and waiting in the review queue."""
    body = case_body(case_id, **over)
    await client.app[appkeys.CASES].submit(body, conversation_key="web:" + "0" * 24,
                                           needs_review=True, submitted_at=datetime.now(TZ))
    return case_id


async def seed_handoff(client: TestClient, sender: str = "citizen-1",
                       data: dict[str, Any] | None = None, owner: str | None = None,
                       created_ago: float = 60.0) -> str:
    """A conversation the bot handed over to staff, as the pipeline leaves it."""
    conv = conversation_key("web", sender)
    now = datetime.now(TZ)
    doc = {"state": "handoff",
           "data": data if data is not None else {"description": "单位拖欠工资三个月",
                                                  "town": "前锋镇", "phone": "13900000000",
                                                  "name": "李四", "request": "要回工资"},
           "transcript": [{"role": "citizen", "text": "我要找人工", "time": now.isoformat()}],
           "meta": {"channel": "web", "sender": sender, "group": "",
                    "created": (now - timedelta(hours=1)).isoformat(), "draft": "d" * 32,
                    "owner": owner, "cases": []}}
    redis = client.app[appkeys.REDIS]
    await redis.set(keys.conversation_doc(conv), orjson.dumps(doc), ex=3600)
    item = {"id": f"conv:{conv}", "kind": "handoff", "reason": "asked_for_person",
            "conversation_key": conv, "channel": "web", "town": "",
            "created_at": time.time() - created_ago}
    await redis.hset(keys.STAFF_QUEUE, item["id"], orjson.dumps(item))
    return conv


async def load_doc(client: TestClient, conv: str) -> dict[str, Any]:
    raw = await client.app[appkeys.REDIS].get(keys.conversation_doc(conv))
    assert raw
    doc: dict[str, Any] = orjson.loads(raw)
    return doc


# --- the HTML helper -----------------------------------------------------------------------

def test_text_and_attributes_are_escaped() -> None:
    out = el("a", "<script>alert(1)</script>", href='"><img src=x onerror=1>')
    assert "<script>" not in out and "<img" not in out
    assert out == ('<a href="&quot;&gt;&lt;img src=x onerror=1&gt;">'
                   "&lt;script&gt;alert(1)&lt;/script&gt;</a>")


def test_markup_is_not_escaped_twice_and_flags_render() -> None:
    inner = el("b", "x&y")
    assert el("p", inner) == "<p><b>x&amp;y</b></p>"
    assert el("input", disabled=True, checked=False, data_label="甲") == \
        '<input disabled data-label="甲">'
    assert esc(Markup("<i>")) == "<i>" and esc(None) == ""


# --- the console's words -------------------------------------------------------------------

ROOT = Path(__file__).resolve().parents[2]
# How the console's code names its sentences: t("<section>.<key>"), text(...), and the flash
# sentence of an action's Outcome("<key>").
_KEY_USE = re.compile(r'\b(?:t|text)\("([a-z_]+\.[a-z_0-9]+)"')
_FLASH_USE = re.compile(r'\bOutcome\("([a-z_]+)"')


def _keys_the_console_code_uses() -> set[str]:
    used = set()
    for source in [*(ROOT / "bot" / "console").glob("*.py"), ROOT / "bot" / "cli_staff.py"]:
        code = source.read_text(encoding="utf-8")
        used.update(_KEY_USE.findall(code))
        used.update(f"flash.{k}" for k in _FLASH_USE.findall(code))
    return used


def _missing(config: Path) -> list[str]:
    text = ConsoleText.load(config)
    return sorted(k for k in _keys_the_console_code_uses() if not text.has(k))


def test_every_sentence_the_console_code_names_is_in_console_toml(tmp_path: Path) -> None:
    used = _keys_the_console_code_uses()
    assert {"flash.reply_failed", "login.locked", "case.decide"} <= used  # the scan sees uses
    assert _missing(ROOT / "config") == []
    # The check notices a renamed sentence.
    config = tmp_path / "config"
    shutil.copytree(ROOT / "config", config)
    toml = config / "console.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace('reply_failed = ', 'reply_failed_x = ')
                    .replace('\nlocked = ', '\nlocked_x = '), encoding="utf-8")
    assert _missing(config) == ["flash.reply_failed", "login.locked"]


def test_a_missing_run_time_sentence_stops_the_start_naming_it(
        tmp_path: Path, make_settings: Callable[..., Settings]) -> None:
    config = tmp_path / "config"
    shutil.copytree(ROOT / "config", config)
    toml = config / "console.toml"
    text = toml.read_text(encoding="utf-8")
    toml.write_text(text.replace('\nadmin = "管理员"', '\nadministrator = "管理员"'),
                    encoding="utf-8")
    settings = make_settings(PETITION_CONFIG_DIR=str(config))
    with pytest.raises(ConsoleTextError) as err:
        create_app(settings, dialog=CountingDialog(), classifier=FakeClassifier())
    assert "roles.admin" in str(err.value)
    toml.write_text(text, encoding="utf-8")
    create_app(settings, dialog=CountingDialog(), classifier=FakeClassifier())