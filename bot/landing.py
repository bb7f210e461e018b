"""The page at `/`: the bare address is never a 404. It links the web chat (/web) and the staff
console (/staff/); its wording is in config/landing.toml, read at start so a mistake there stops
the start with a message naming the file."""

from __future__ import annotations

import base64
import hashlib
import html
import tomllib
from pathlib import Path

from aiohttp import web

from bot.settings import SettingsError

WEB_PATH = "/web"
STAFF_PATH = "/staff/"
_STYLE = ("body{font-family:sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem;"
          "line-height:1.6;color:#222}a.go{display:block;margin:1rem 0;padding:1rem;"
          "border:1px solid #b22;border-radius:6px;text-decoration:none;color:#b22}"
          "a.go strong{font-size:1.3rem}a.go span{display:block;color:#555}"
          "footer{margin-top:2rem;color:#666;font-size:.9rem}")
_STYLE_HASH = base64.b64encode(hashlib.sha256(_STYLE.encode()).digest()).decode()
HEADERS = {
    "Content-Security-Policy": f"default-src 'none'; style-src 'sha256-{_STYLE_HASH}'; "
                               "base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-cache",
}


def render(config_dir: Path) -> str:
    path = config_dir / "landing.toml"
    try:
        text = tomllib.loads(path.read_text(encoding="utf-8"))
        links = [(href, text[key]["label"], text[key]["note"])
                 for key, href in (("web", WEB_PATH), ("staff", STAFF_PATH))]
        title, intro, footer = text["title"], text["intro"], text["footer"]
    except (OSError, tomllib.TOMLDecodeError, KeyError, TypeError) as exc:
        raise SettingsError([f"{path}: {type(exc).__name__}: {exc}"]) from exc
    e = html.escape
    items = "".join(f'<a class="go" href="{href}"><strong>{e(str(label))}</strong>'
                    f"<span>{e(str(note))}</span></a>" for href, label, note in links)
    return ('<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{e(str(title))}</title><style>{_STYLE}</style></head><body>"
            f"<h1>{e(str(title))}</h1><p>{e(str(intro))}</p>{items}"
            f"<footer>{e(str(footer))}</footer></body></html>")


def setup(app: web.Application, config_dir: Path) -> None:
    page = render(config_dir)

    async def landing(request: web.Request) -> web.Response:
        return web.Response(text=page, content_type="text/html", charset="utf-8",
                            headers=HEADERS)

    app.router.add_get("/", landing)
