"""What a newcomer meets first: `petition-bot serve`'s first lines name the URLs to open and say
whether a staff account exists (with the command to create one); `/` is a page linking the web
chat and the staff console, never a 404; the login page says how accounts are made. The start-up
lines are read from a real `serve` process."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from bot.app import create_app
from bot.console.auth import Accounts
from bot.landing import render
from bot.serve import base_url
from bot.settings import CONFIG_DIR, Settings, SettingsError
from tests.bot.test_embedded_redis import _free_port
from tests.fakes import CountingDialog, FakeClassifier

EXE = Path(sys.executable).parent / "petition-bot"
LANDING = tomllib.loads((CONFIG_DIR / "landing.toml").read_text(encoding="utf-8"))
CONSOLE = tomllib.loads((CONFIG_DIR / "console.toml").read_text(encoding="utf-8"))


class Served:
    """A `petition-bot serve` child and the lines it printed on stdout."""

    def __init__(self, env: dict[str, str], *args: str) -> None:
        self.port = _free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.lines: list[str] = []
        self.proc = subprocess.Popen(
            [str(EXE), "serve", "--port", str(self.port), *args], env={**os.environ, **env},
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, start_new_session=True)
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.append(line.rstrip("\n"))

    def read_until(self, needle: str, timeout: float = 90) -> list[str]:
        deadline = time.monotonic() + timeout
        while not any(needle in line for line in self.lines):
            assert time.monotonic() < deadline, f"no {needle!r} in {self.lines}"
            assert self.proc.poll() is None, f"serve exited: {self.lines}"
            time.sleep(0.1)
        return list(self.lines)

    def wait_ready(self, timeout: float = 90) -> None:
        deadline = time.monotonic() + timeout
        while True:
            assert time.monotonic() < deadline and self.proc.poll() is None
            try:
                if httpx.get(self.base + "/healthz", timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                time.sleep(0.2)

    def stop(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)  # its own session: the workers too
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=10)
        self._reader.join(timeout=10)
        assert self.proc.stdout is not None
        self.proc.stdout.close()


def _env(tmp_path: Path, redis_url: str) -> dict[str, str]:
    return {"PETITION_DATA_DIR": str(tmp_path / "data"), "PETITION_REDIS_URL": redis_url}


def test_first_lines_name_the_urls_and_the_missing_staff_account(
        tmp_path: Path, redis_url: str) -> None:
    served = Served(_env(tmp_path, redis_url))
    try:
        lines = served.read_until("staff account")
        assert lines[0].endswith(f"{served.base}/web") and "网上信访" in lines[0]
        assert lines[1].endswith(f"{served.base}/staff/") and "staff console" in lines[1]
        staff = next(line for line in lines if "staff account" in line)
        assert "no staff account yet" in staff
        assert "petition-bot staff add USERNAME --role admin" in staff
        served.wait_ready()
        # `/` on the port serve named: a page with both links, not a 404
        root = httpx.get(served.base + "/", timeout=10)
        assert root.status_code == 200 and root.headers["content-type"].startswith("text/html")
        assert 'href="/web"' in root.text and 'href="/staff/"' in root.text
        assert LANDING["web"]["label"] in root.text and LANDING["staff"]["label"] in root.text
        # and both links lead somewhere real
        assert httpx.get(served.base + "/web", timeout=10).status_code == 200
        login = httpx.get(served.base + "/staff/", timeout=10, follow_redirects=True)
        assert login.status_code == 200 and "petition-bot staff add" in login.text
    finally:
        served.stop()


async def test_with_an_account_serve_says_how_many_also_with_workers(
        tmp_path: Path, redis_url: str, redis: Any, make_settings: Callable[..., Settings]) -> None:
    await Accounts(redis, make_settings().staff).add("wang", "a long passphrase", "admin")
    served = Served(_env(tmp_path, redis_url), "--workers", "2")
    try:
        lines = served.read_until("staff account")
        staff = next(line for line in lines if "staff account" in line)
        assert "staff accounts: 1" in staff and f"{served.base}/staff/" in staff
        assert "no staff account" not in "\n".join(lines)
        assert sum("staff account" in line for line in lines) == 1  # said once, not per worker
    finally:
        served.stop()


@pytest.mark.parametrize(("host", "expected"), [
    ("127.0.0.1", "http://127.0.0.1:8080"), ("0.0.0.0", "http://127.0.0.1:8080"),
    ("::", "http://[::1]:8080"), ("fd00::5", "http://[fd00::5]:8080"),
    ("xinfang.local", "http://xinfang.local:8080"),
])
def test_the_url_to_open_for_a_listen_address(host: str, expected: str) -> None:
    assert base_url(host, 8080) == expected


async def test_landing_page_is_safe_and_from_config(
        aiohttp_client: Any, make_settings: Callable[..., Settings]) -> None:
    app = create_app(make_settings(), dialog=CountingDialog(), classifier=FakeClassifier())
    client = await aiohttp_client(app)
    r = await client.get("/")
    assert r.status == 200
    body = await r.text()
    assert f"<title>{LANDING['title']}</title>" in body
    assert "default-src 'none'" in r.headers["Content-Security-Policy"]
    assert r.headers["X-Content-Type-Options"] == "nosniff"
    assert (await client.head("/")).status == 200
    assert (await client.post("/")).status == 405  # nothing to post to
    login = await (await client.get("/staff/login")).text()
    assert CONSOLE["login"]["hint"] in login


def test_landing_text_is_escaped_and_a_broken_file_stops_the_start(tmp_path: Path) -> None:
    (tmp_path / "landing.toml").write_text(
        'title = "<b>x</b>"\nintro = "a & b"\nfooter = "f"\n'
        '[web]\nlabel = "w"\nnote = "n"\n[staff]\nlabel = "s"\nnote = "n"\n', encoding="utf-8")
    page = render(tmp_path)
    assert "<b>x</b>" not in page and "&lt;b&gt;x&lt;/b&gt;" in page and "a &amp; b" in page
    (tmp_path / "landing.toml").write_text('title = "x"\n', encoding="utf-8")
    with pytest.raises(SettingsError, match="landing.toml"):
        render(tmp_path)
