"""The 网上信访 chat page (channels/static/web.html): self-contained, phone-friendly, and a real
conversation through it in Chromium against a stand-in of the `/web/*` API driven by the real
dialog engine (the API itself is tested in test_web.py)."""

from __future__ import annotations

import json
import re
import secrets
import shutil
import threading
from collections.abc import Iterator
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from dialogs.api import Services, StepInput
from dialogs.engine import Dialog
from tests.dialogs.fakes import fake_analyze, fake_due

ROOT = Path(__file__).resolve().parents[2]
PAGE = ROOT / "channels" / "static" / "web.html"
TZ = ZoneInfo("Asia/Shanghai")


def test_page_is_self_contained_and_mobile_ready() -> None:
    html = PAGE.read_text(encoding="utf-8")
    assert not re.search(r"(?:src|href)\s*=\s*[\"'](?:https?:)?//", html), "no external assets"
    assert not re.search(r"https?://", html), "no external requests of any kind"
    assert "<script src" not in html and "<link" not in html
    assert 'name="viewport"' in html and "width=device-width" in html
    assert 'lang="zh-CN"' in html
    assert "/web/session" in html and "/web/messages" in html and "Bearer " in html
    assert 'inputmode="tel"' in html and "navigator.geolocation" in html
    assert "localStorage" in html and "sessionStorage" not in html
    assert "min-height: 48px" in html  # tap targets of at least 48 CSS pixels


class Backend:
    """The `/web/*` contract of SPEC.md, in memory, with the real Dialog behind it."""

    def __init__(self) -> None:
        self.dialog = Dialog.from_config(ROOT / "config")
        self.docs: dict[str, Any] = {}
        self.fail_next: int | None = None
        self.tokens_issued = 0
        self.requests: list[str] = []

    def message(self, token: str, body: dict[str, Any]) -> dict[str, Any]:
        loc = body.get("location")
        turn = StepInput(
            text=body.get("text", ""), kind="location" if loc and not body.get("text") else "text",
            channel="web", now=datetime.now(TZ),
            location=(loc["lat"], loc["lon"], loc.get("label", "")) if loc else None)
        ctx = Services(analyze=fake_analyze, due_at=fake_due)
        r = self.dialog.step(self.docs.get(token), turn, ctx)
        self.docs[token] = r.doc
        replies = [{"text": s.text.replace("{case_number}", "JH-20261126-0042"),
                    "choices": list(s.choices)} for s in r.replies]
        return {"replies": replies, "state": r.state, "expecting": r.expecting}


@pytest.fixture
def backend() -> Iterator[tuple[str, Backend]]:
    be = Backend()

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:  # keep test output clean
            pass

        def _json(self, status: int, obj: Any) -> None:
            data = json.dumps(obj).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:
            be.requests.append("GET " + self.path)
            if self.path != "/web":
                self.send_error(404)
                return
            data = PAGE.read_bytes()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_POST(self) -> None:
            be.requests.append("POST " + self.path)
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"] or 0)) or b"{}")
            if be.fail_next is not None:
                status, be.fail_next = be.fail_next, None
                self._json(status, {"error": "x", "message": "x"})
                return
            if self.path == "/web/session":
                be.tokens_issued += 1
                self._json(201, {"token": secrets.token_urlsafe(16)})
            elif self.path == "/web/messages":
                token = self.headers.get("Authorization", "").removeprefix("Bearer ")
                self._json(200, be.message(token, body))
            else:
                self._json(404, {})

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", be
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def page(backend):
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        pytest.skip("chromium is not installed (make browser)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        context = browser.new_context(viewport={"width": 360, "height": 740}, locale="zh-CN",
                                      has_touch=True, is_mobile=True)
        pg = context.new_page()
        outside: list[str] = []
        base = backend[0]
        pg.on("request", lambda req: None if req.url.startswith(base) else outside.append(req.url))
        yield pg, backend, outside
        context.close()
        browser.close()


def last_bot(pg) -> str:
    return pg.locator(".msg.bot .bubble").last.inner_text()


def wait_for_reply(pg, count: int) -> None:
    # Polled with locators rather than wait_for_function: the real server's CSP forbids eval.
    pg.locator(".msg.bot").nth(count).wait_for()


def send(pg, text: str) -> None:
    box = pg.locator("#phone") if pg.locator("#phone").is_visible() else pg.locator("#text")
    box.fill(text)
    count = pg.locator(".msg.bot").count()
    pg.locator("#send").click()
    wait_for_reply(pg, count)


def click_choice(pg, label: str) -> None:
    count = pg.locator(".msg.bot").count()
    pg.locator(".choice", has_text=label).first.click()
    wait_for_reply(pg, count)


def test_a_whole_petition_on_a_phone(page) -> None:
    pg, (base, be), outside = page
    pg.goto(base + "/web")
    start = pg.locator("button.start")
    assert start.is_visible() and start.bounding_box()["height"] >= 44
    count = pg.locator(".msg.bot").count()
    start.click()
    wait_for_reply(pg, count)
    assert "同意" in last_bot(pg) and "保密" in last_bot(pg)
    assert pg.locator(".choice").count() == 2

    click_choice(pg, "同意")
    send(pg, "我家门口的路坏了半年了，没人修")
    assert pg.locator(".choice", has_text="金北街道").is_visible()  # towns as buttons
    assert pg.locator("#loc").is_visible()  # and the location button
    click_choice(pg, "金北街道")
    assert pg.locator("#loc").is_visible()  # still offered for the address
    send(pg, "建设村三组")
    assert not pg.locator("#loc").is_visible()
    send(pg, "张三")
    phone = pg.locator("#phone")
    assert phone.is_visible() and phone.get_attribute("inputmode") == "tel"
    assert not pg.locator("#text").is_visible()
    send(pg, "13912345678")
    assert pg.locator("#text").is_visible()
    send(pg, "希望尽快修好")
    assert "请核对" in last_bot(pg)

    # A reload continues the same conversation with the same token.
    pg.reload()
    assert "请核对" in last_bot(pg)
    assert pg.locator(".choice", has_text="确认提交").is_visible()
    click_choice(pg, "确认提交")
    assert "JH-20261126-0042" in last_bot(pg)
    # The citizen is told plainly how to check later from any device.
    told = "\n".join(pg.locator(".msg.bot .bubble").all_inner_texts()[-4:])
    assert "查询 JH-20261126-0042 手机号" in told and "换手机" in told
    assert be.tokens_issued == 1
    assert outside == []


def test_the_tab_closed_and_reopened_continues_the_conversation(page) -> None:
    pg, (base, be), _ = page
    pg.goto(base + "/web")
    count = pg.locator(".msg.bot").count()
    pg.locator("button.start").click()
    wait_for_reply(pg, count)
    click_choice(pg, "同意")
    send(pg, "我家门口的路坏了半年了，没人修")
    pg.close()  # the tab is closed ...
    again = pg.context.new_page()  # ... and the page opened again later
    again.goto(base + "/web")
    assert again.locator(".msg.me .bubble", has_text="路坏了半年").is_visible()
    assert not again.locator("button.start").is_visible()
    click_choice(again, "金北街道")  # the dialog goes on where it was
    assert be.tokens_issued == 1 and len(be.docs) == 1
    assert (next(iter(be.docs.values())))["data"]["town"] == "金北街道"


def test_errors_are_polite_and_keep_the_text(page) -> None:
    pg, (base, be), _ = page
    pg.goto(base + "/web")
    pg.locator("#text").fill("路灯坏了")
    be.fail_next = 429
    pg.locator("#send").click()
    pg.wait_for_selector(".note.error")
    assert "稍等" in pg.locator(".note.error").last.inner_text()
    assert pg.locator("#text").input_value() == "路灯坏了"  # nothing the citizen typed is lost
    be.fail_next = 503
    pg.locator("#send").click()
    pg.locator(".note.error").nth(1).wait_for()
    assert "稍后再试" in pg.locator(".note.error").last.inner_text()
    pg.locator("#send").click()  # the service is back
    pg.wait_for_selector(".msg.bot >> nth=1")
    assert pg.locator("#text").input_value() == ""
    assert pg.locator(".msg.me .bubble").last.inner_text() == "路灯坏了"


def test_location_button_sends_the_position(page) -> None:
    pg, (base, be), _ = page
    pg.context.grant_permissions(["geolocation"], origin=base)
    pg.context.set_geolocation({"latitude": 33.012, "longitude": 119.03})
    pg.goto(base + "/web")
    count = pg.locator(".msg.bot").count()
    pg.locator("button.start").click()
    wait_for_reply(pg, count)
    click_choice(pg, "同意")
    send(pg, "小区门口的下水道堵了一个星期")
    assert pg.locator("#loc").is_visible()
    count = pg.locator(".msg.bot").count()
    pg.locator("#loc").click()
    wait_for_reply(pg, count)
    assert "黎城街道" in last_bot(pg)  # the nearest town centre to the shared point
    assert pg.locator(".msg.me .bubble").last.inner_text().startswith("📍")
    (doc,) = be.docs.values()
    assert doc["data"]["location"]["lat"] == 33.012 and doc["data"]["town"] == "黎城街道"


def test_clear_button_forgets_the_conversation_on_this_device(page) -> None:
    pg, (base, _backend), _ = page
    pg.goto(base + "/web")
    count = pg.locator(".msg.bot").count()
    pg.locator("button.start").click()
    wait_for_reply(pg, count)
    assert pg.evaluate("localStorage.length") > 0
    pg.once("dialog", lambda d: d.accept())
    pg.locator("#clear").click()
    pg.locator("button.start").wait_for()  # a fresh page again
    assert pg.evaluate("localStorage.length") == 0
    assert pg.locator(".msg.me").count() == 0
