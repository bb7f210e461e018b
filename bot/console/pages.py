"""HTTP plumbing of the console: the page layout, login/logout, and the guard every page uses
(session required, role checked, CSRF token checked on every POST before anything is read)."""

from __future__ import annotations

import secrets
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import urlencode

from aiohttp import web
from multidict import MultiDictProxy

from bot import appkeys
from bot.console.app import Console
from bot.console.auth import Session, tokens_equal
from bot.console.html import Markup, el, join

COOKIE = "pb_staff"
LOGIN_COOKIE = "pb_staff_login"  # double-submit token for the login form (no session yet)
PREFIX = "/staff"
SECURITY_HEADERS = {
    # script-src/connect-src: static/live.js, which refetches the page itself (no inline code).
    "Content-Security-Policy": "default-src 'none'; style-src 'self'; img-src 'self' data:; "
                               "script-src 'self'; connect-src 'self'; "
                               "form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}

SESSION_KEY = web.RequestKey("staff_session", Session)
FORM_KEY = web.RequestKey("staff_form", MultiDictProxy)  # the POST form, CSRF checked

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def console_of(request: web.Request) -> Console:
    console = request.app[appkeys.STAFF]
    assert isinstance(console, Console)
    return console


def session_of(request: web.Request) -> Session:
    return request[SESSION_KEY]


def html_response(body: Markup, status: int = 200) -> web.Response:
    return web.Response(text=body, status=status, content_type="text/html", charset="utf-8",
                        headers=SECURITY_HEADERS)


def redirect(location: str, **query: str) -> web.HTTPSeeOther:
    if query:
        location += "?" + urlencode({k: v for k, v in query.items() if v})
    return web.HTTPSeeOther(location, headers=SECURITY_HEADERS)


def csrf_field(session: Session | str) -> Markup:
    token = session if isinstance(session, str) else session.csrf
    return el("input", type="hidden", name="_csrf", value=token)


def post_button(session: Session, action: str, label: str, css: str = "") -> Markup:
    return el("form", csrf_field(session), el("button", label, type="submit", class_=css or None),
              method="post", action=action, class_="inline")


def page(console: Console, title: str, body: Any, session: Session | None = None,
         flash: str = "", status: int = 200, refresh: int = 0,
         flash_kind: str = "ok") -> web.Response:
    t = console.text
    nav: Any = ""
    if session is not None:
        links = [el("a", t("nav.queue"), href=f"{PREFIX}/"),
                 el("a", t("nav.situation"), href=f"{PREFIX}/situation")]
        if session.is_admin:
            links += [el("a", t("nav.dead"), href=f"{PREFIX}/dead"),
                      el("a", t("nav.audit"), href=f"{PREFIX}/audit")]
        who = el("span", t("nav.signed_in_as", user=session.user,
                           role=t(f"roles.{session.role}")), class_="who")
        find = el("form", el("input", name="number", placeholder=t("nav.find"),
                             aria_label=t("nav.find"), maxlength="32", class_="find"),
                  method="get", action=f"{PREFIX}/find", class_="inline find", role="search")
        nav = el("nav", join(links), find, who,
                 post_button(session, f"{PREFIX}/logout", t("nav.logout"), "link"))
    head = join([
        Markup('<meta charset="utf-8">'),
        el("meta", name="viewport", content="width=device-width, initial-scale=1"),
        el("meta", http_equiv="refresh", content=str(refresh)) if refresh else "",
        el("title", f"{title} · {t('app.short_title')}"),
        el("link", rel="stylesheet", href=f"{PREFIX}/static/console.css"),
        el("script", "", src=f"{PREFIX}/static/live.js", defer=True) if session else "",
    ])
    notice = el("p", flash, class_=f"flash {flash_kind}", role="status") if flash else ""
    doc = Markup("<!doctype html>") + el(
        "html", el("head", head),
        el("body", el("header", el("a", t("app.title"), href=f"{PREFIX}/", class_="brand"), nav),
           el("main", notice, el("h1", title), body)),
        lang="zh-CN")
    return html_response(doc, status)


def flash_text(console: Console, request: web.Request) -> str:
    key = request.query.get("m", "")
    if not key or not console.text.has(f"flash.{key}"):
        return ""
    values = {"number": request.query.get("n", ""), "owner": request.query.get("o", "")}
    return console.text(f"flash.{key}", **values)


def error_page(console: Console, session: Session | None, message: str,
               status: int) -> web.Response:
    t = console.text
    body = el("p", message, class_="flash error") + el("p", el("a", t("errors.back"),
                                                               href=f"{PREFIX}/"))
    return page(console, t("errors.title"), body, session, status=status)


def guarded(role: str | None = None) -> Callable[[Handler], Handler]:
    """Require a live session (and `role`); on POST require the session's CSRF token."""

    def wrap(handler: Handler) -> Handler:
        async def guard(request: web.Request) -> web.StreamResponse:
            console = console_of(request)
            session = await console.accounts.session(request.cookies.get(COOKIE))
            if session is None:
                if request.method == "GET":
                    raise redirect(f"{PREFIX}/login", next=request.path_qs)
                return error_page(console, None, console.text("login.expired"), 401)
            if role == "admin" and not session.is_admin:
                return error_page(console, session, console.text("errors.forbidden"), 403)
            if request.method == "POST":
                form = await request.post()
                if not tokens_equal(str(form.get("_csrf", "")), session.csrf):
                    return error_page(console, session, console.text("errors.csrf"), 403)
                request[FORM_KEY] = form
            request[SESSION_KEY] = session
            return await handler(request)

        return guard

    return wrap


def _safe_next(value: str) -> str:
    # Only back into the console: no scheme, no other host, no protocol-relative URL.
    if value.startswith(f"{PREFIX}/") and not value.startswith("//") and "\\" not in value:
        return value
    return f"{PREFIX}/"


def _login_form(console: Console, token: str, next_url: str, message: str = "",
                status: int = 200) -> web.Response:
    t = console.text
    form = el(
        "form", csrf_field(token), el("input", type="hidden", name="next", value=next_url),
        el("label", t("login.username"),
           el("input", name="username", autocomplete="username", required=True,
              autofocus=True, maxlength="64")),
        el("label", t("login.password"),
           el("input", name="password", type="password", autocomplete="current-password",
              required=True, maxlength="256")),
        el("button", t("login.submit"), type="submit"),
        el("p", t("login.hint"), class_="muted"),
        method="post", action=f"{PREFIX}/login", class_="login")
    resp = page(console, t("login.title"), form, flash=message, status=status,
                flash_kind="error" if status >= 400 else "ok")
    resp.set_cookie(LOGIN_COOKIE, token, path=f"{PREFIX}/login", httponly=True,
                    samesite="Strict", secure=console.secure_cookie, max_age=3600)
    return resp


async def login_page(request: web.Request) -> web.StreamResponse:
    console = console_of(request)
    token = request.cookies.get(LOGIN_COOKIE) or secrets.token_urlsafe(24)
    message = console.text("login.logged_out") if request.query.get("m") == "out" else ""
    return _login_form(console, token, _safe_next(request.query.get("next", "")), message)


async def login_submit(request: web.Request) -> web.StreamResponse:
    console = console_of(request)
    t = console.text
    form = await request.post()
    cookie = request.cookies.get(LOGIN_COOKIE, "")
    if not cookie or not tokens_equal(str(form.get("_csrf", "")), cookie):
        return _login_form(console, secrets.token_urlsafe(24), f"{PREFIX}/", t("errors.csrf"),
                           403)
    username = str(form.get("username", "")).strip()[:64]
    password = str(form.get("password", ""))[:256]
    next_url = _safe_next(str(form.get("next", "")))
    result = await console.accounts.login(username, password, ip=request.remote or "")
    known = await console.accounts.user(username) is not None if username else False
    # Only existing account names go to the audit log: a mistyped name may be anything,
    # even a password typed into the wrong box.
    who = username if known else "?"
    if result.session_token is None:
        action = "login_locked" if result.locked else "login_failed"
        await console.accounts.audit(who, action)
        message = (t("login.locked", minutes=console.settings.staff.lockout_minutes)
                   if result.locked else t("login.failed"))
        return _login_form(console, secrets.token_urlsafe(24), next_url, message,
                           429 if result.locked else 401)
    await console.accounts.audit(username, "login")
    resp = redirect(next_url)
    resp.set_cookie(COOKIE, result.session_token, path=f"{PREFIX}/", httponly=True,
                    samesite="Strict", secure=console.secure_cookie,
                    max_age=console.accounts.session_seconds)
    resp.del_cookie(LOGIN_COOKIE, path=f"{PREFIX}/login")
    raise resp


@guarded()
async def logout(request: web.Request) -> web.StreamResponse:
    console = console_of(request)
    session = session_of(request)
    await console.accounts.logout(session)
    await console.accounts.audit(session.user, "logout")
    resp = redirect(f"{PREFIX}/login", m="out")
    resp.del_cookie(COOKIE, path=f"{PREFIX}/")
    raise resp

