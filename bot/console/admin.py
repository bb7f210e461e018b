"""Admin pages: failed deliveries (see the reason, re-send) and the audit log."""

from __future__ import annotations

import re
from typing import Any

from aiohttp import web

from bot.console.app import Console
from bot.console.case_view import CASE_ID, CONV_KEY, _when
from bot.console.html import el, join
from bot.console.pages import (
    PREFIX,
    console_of,
    csrf_field,
    error_page,
    flash_text,
    guarded,
    page,
    redirect,
    session_of,
)
from bot.console.queue import dead_letters, label

DEAD_ID = re.compile(r"^[A-Za-z0-9:._-]{1,64}$")


@guarded(role="admin")
async def dead_page(request: web.Request) -> web.StreamResponse:
    console = console_of(request)
    session = session_of(request)
    t = console.text
    rows = await dead_letters(console)
    parts: list[Any] = [el("p", t("dead.hint"), class_="muted")]
    if not rows:
        parts.append(el("p", t("dead.empty"), class_="empty"))
    else:
        head = el("tr", join(el("th", t(f"dead.{c}")) for c in (
            "col_case", "col_kind", "col_reason", "col_attempts", "col_failed")), el("th", ""))
        lines = []
        numbers = {r.case_id: r.number for r in await console.cases.get_many(
            [str(d.get("case_id", "")) for d in rows if d.get("case_id")])}
        for d in rows:
            cid = str(d.get("case_id", ""))
            case_link = el("a", numbers.get(cid, cid[:8]), href=f"{PREFIX}/case/{cid}") \
                if cid in numbers else cid[:8]
            resend = el("form", csrf_field(session),
                        el("button", t("dead.resend"), type="submit"), method="post",
                        action=f"{PREFIX}/dead/{d.get('id')}/resend", class_="inline")
            cells = [(t("dead.col_case"), case_link),
                     (t("dead.col_kind"), str(d.get("kind", ""))),
                     (t("dead.col_reason"), str(d.get("reason", ""))),
                     (t("dead.col_attempts"), str(d.get("attempts", ""))),
                     (t("dead.col_failed"), _when(console, d.get("failed_at"))),
                     ("", resend)]
            lines.append(el("tr", join(el("td", v, data_label=k) for k, v in cells)))
        parts.append(el("table", el("thead", head), el("tbody", join(lines)), class_="dead"))
    return page(console, t("dead.title"), join(parts), session,
                flash=flash_text(console, request))


@guarded(role="admin")
async def dead_resend(request: web.Request) -> web.StreamResponse:
    console = console_of(request)
    dead_id = request.match_info["dead_id"]
    if not DEAD_ID.match(dead_id):
        return error_page(console, session_of(request), console.text("errors.not_found"), 404)
    outcome = await console.actions.resend(session_of(request).user, dead_id)
    raise redirect(f"{PREFIX}/dead", m=outcome.flash)


@guarded(role="admin")
async def audit_page(request: web.Request) -> web.StreamResponse:
    console = console_of(request)
    t = console.text
    entries = await console.accounts.audit_entries()
    if not entries:
        body = el("p", t("audit.empty"), class_="empty")
    else:
        head = el("tr", join(el("th", t(f"audit.{c}")) for c in (
            "col_time", "col_user", "col_action", "col_target", "col_detail")))
        lines = []
        case_ids = {_case_target(str(e.get("target", ""))) for e in entries} - {""}
        numbers = {r.case_id: r.number for r in await console.cases.get_many(sorted(case_ids))}
        for e in entries:
            action = str(e.get("action", ""))
            cells = [(t("audit.col_time"), _when(console, e.get("time"))),
                     (t("audit.col_user"), str(e.get("user", ""))),
                     (t("audit.col_action"), label(console, "actions", action)),
                     (t("audit.col_target"), _target_cell(console, str(e.get("target", "")),
                                                          numbers)),
                     (t("audit.col_detail"), _detail(console, str(e.get("detail", ""))))]
            lines.append(el("tr", join(el("td", v, data_label=k) for k, v in cells)))
        body = el("table", el("thead", head), el("tbody", join(lines)), class_="audit")
    return page(console, t("audit.title"), body, session_of(request))


def _case_target(target: str) -> str:
    """The case id an audit target names ("<id>" or a dead letter's "case:<id>"), or ""."""
    case_id = target.removeprefix("case:")
    return case_id if CASE_ID.match(case_id) else ""


def _target_cell(console: Console, target: str, numbers: dict[str, str]) -> Any:
    """A case by its JH number, a conversation by its channel; never a raw id."""
    case_id = _case_target(target)
    if case_id:
        return el("a", numbers.get(case_id) or console.text("audit.case_gone"),
                  href=f"{PREFIX}/case/{case_id}")
    if CONV_KEY.match(target):
        channel = label(console, "channels", target.split(":", 1)[0])
        return el("a", console.text("audit.conversation", channel=channel),
                  href=f"{PREFIX}/conv/{target}")
    return target


def _detail(console: Console, detail: str) -> str:
    """"urban_construction/yellow" -> "城乡建设 · 黄色"; a close reason -> its label."""
    t = console.text
    code, _, colour = detail.partition("/")
    try:
        category = console.taxonomy.category(code) if code and colour else None
    except KeyError:  # a category the county has since removed: the code as it was
        category = None
    if category is not None:
        name = colour if colour in ("blue", "yellow", "orange", "red") else "none"
        return t("audit.category_colour", category=category.name, colour=t(f"colors.{name}"))
    if t.has(f"close_reasons.{detail}"):
        return t(f"close_reasons.{detail}")
    return detail


def admin_routes() -> list[web.RouteDef]:
    return [
        web.get(f"{PREFIX}/dead", dead_page),
        web.post(f"{PREFIX}/dead/{{dead_id}}/resend", dead_resend),
        web.get(f"{PREFIX}/audit", audit_page),
    ]
