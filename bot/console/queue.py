"""The work queue: review cases, handed-over conversations and failed deliveries, by urgency.

Urgency is the time left to the due date. A case carries its own `due_at`; a handed-over
conversation without a case has a citizen waiting for a person, so it is due like a 咨询 (blue:
half a working day from the hand-over). An item is 临近超期 when less than `near_fraction` of its
whole window is left, and overdue after its due date; a date the holiday calendar does not cover
yet has no due date and is shown first, flagged for staff to set one.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import orjson
from aiohttp import web

from bot import appkeys, keys, outbox
from bot.console.app import Console
from bot.console.html import Markup, el, join
from bot.console.pages import PREFIX, console_of, flash_text, guarded, page, session_of
from bot.redisconn import as_time as _ts
from dialogs.case import petition_text

log = logging.getLogger("petition.console")


@dataclass(frozen=True, slots=True)
class Row:
    item_id: str
    kind: str  # handoff | review | dead
    reason: str
    channel: str
    town: str
    category: str
    confidence: float | None
    color: str
    created: float
    due: float | None
    href: str
    owner: str = ""
    title: str = ""  # the JH number, or for a hand-over the first line of the petition
    excerpt: str = ""  # a line of what the citizen wrote

    def urgency(self, now: float, near_fraction: float) -> str:
        if self.due is None:
            return "nodue"
        left = self.due - now
        if left < 0:
            return "overdue"
        window = max(self.due - self.created, 1.0)
        return "near" if left <= window * near_fraction else "ok"

    def sort_key(self) -> tuple[int, float]:
        return (0, self.created) if self.due is None else (1, self.due)


def _case_row(item_id: str, kind: str, reason: str, rec: Any) -> Row:
    body = rec.body
    cat = body.get("category") or {}
    conf = cat.get("confidence")
    return Row(item_id=item_id, kind=kind, reason=reason, channel=str(body.get("channel", "")),
               town=str(body.get("town") or ""), category=str(cat.get("name") or ""),
               confidence=float(conf) if isinstance(conf, (int, float)) else None,
               color=str(body.get("color") or ""), created=rec.created,
               due=_ts(body.get("due_at")), href=f"{PREFIX}/case/{rec.case_id}",
               title=rec.number, excerpt=excerpt(str(body.get("description") or "")))


async def build_queue(console: Console) -> list[Row]:
    redis = console.redis
    items = [orjson.loads(v) for v in (await redis.hgetall(keys.STAFF_QUEUE)).values()]
    case_items = [i for i in items if i.get("case_id")]
    conv_items = [i for i in items if not i.get("case_id") and i.get("conversation_key")]
    rows: list[Row] = []
    records = {r.case_id: r for r in await console.cases.get_many(
        [str(i["case_id"]) for i in case_items])}
    for item in case_items:
        rec = records.get(str(item["case_id"]))
        if rec is not None:
            rows.append(_case_row(str(item["id"]), str(item.get("kind", "review")),
                                  str(item.get("reason", "")), rec))
    tz = ZoneInfo(console.settings.timezone)
    if conv_items:
        docs = await redis.mget([keys.conversation_doc(str(i["conversation_key"]))
                                 for i in conv_items])
        for item, raw in zip(conv_items, docs):
            doc = orjson.loads(raw) if raw else {}
            meta, data = doc.get("meta") or {}, doc.get("data") or {}
            proposal = console.analyze(petition_text(data)) if data else {}
            created = float(item.get("created_at") or time.time())
            due = console.app[appkeys.DEADLINES].due_at(
                "blue", datetime.fromtimestamp(created, tz)).at
            rows.append(Row(
                item_id=str(item["id"]), kind="handoff", reason=str(item.get("reason", "")),
                channel=str(item.get("channel") or meta.get("channel", "")),
                town=str(data.get("town") or item.get("town") or ""),
                category=str(proposal.get("category_name", "")),
                confidence=proposal.get("confidence"), color=str(proposal.get("color", "")),
                created=created, due=due.timestamp() if due else None,
                href=f"{PREFIX}/conv/{item['conversation_key']}",
                owner=str(meta.get("owner") or ""),
                title=excerpt(first_line(str(data.get("description") or "")), TITLE_CHARS),
                excerpt=excerpt(last_citizen_line(doc))))
    listed = {r.href for r in rows}
    for dead in await dead_letters(console):
        cid = str(dead.get("case_id", ""))
        if not cid or f"{PREFIX}/case/{cid}" in listed:
            continue
        rec = await console.cases.get(cid)
        if rec is not None:
            listed.add(f"{PREFIX}/case/{cid}")
            rows.append(_case_row(f"dead:{dead.get('id')}", "dead", "dead_letter", rec))
    rows.sort(key=Row.sort_key)
    return rows


TITLE_CHARS = 24
EXCERPT_CHARS = 60


def first_line(text: str) -> str:
    return next((line.strip() for line in text.splitlines() if line.strip()), "")


def excerpt(text: str, chars: int = EXCERPT_CHARS) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= chars else flat[:chars - 1] + "…"


def last_citizen_line(doc: dict[str, Any]) -> str:
    """What the waiting citizen said last (a hand-over often has no petition text yet)."""
    for entry in reversed(doc.get("transcript") or []):
        if entry.get("role") == "citizen" and str(entry.get("text") or "").strip():
            return str(entry["text"])
    return ""


async def dead_letters(console: Console) -> list[dict[str, Any]]:
    result: list[dict[str, Any]] = await outbox.list_dead_letters(console.redis)
    return result


def duration(console: Console, seconds: float) -> str:
    t = console.text
    s = round(abs(seconds))
    d, h, m = s // 86400, s % 86400 // 3600, s % 3600 // 60
    if d:
        return t("duration.days", d=d, h=h)
    if h:
        return t("duration.hours", h=h, m=m)
    return t("duration.minutes", m=max(m, 1))


def reason_label(console: Console, code: str) -> str:
    t = console.text
    return t(f"reasons.{code}") if t.has(f"reasons.{code}") else t("reasons.other", code=code)


def label(console: Console, section: str, code: str) -> str:
    return console.text(f"{section}.{code}") if console.text.has(f"{section}.{code}") else code


def color_badge(console: Console, color: str) -> Markup:
    name = color if color in ("blue", "yellow", "orange", "red") else "none"
    return el("span", console.text(f"colors.{name}"), class_=f"badge c-{name}")


def time_cell(console: Console, row: Row, now: float, near: float) -> Markup:
    t = console.text
    urgency = row.urgency(now, near)
    if row.due is None:
        text = t("queue.no_due")
    else:
        left = duration(console, row.due - now)
        key = {"overdue": "queue.overdue", "near": "queue.near"}.get(urgency, "queue.left")
        text = t(key, left=left)
    return el("span", text, class_=f"due {urgency}")


def subject_cell(console: Console, row: Row) -> Markup:
    t = console.text
    title = row.title or t("queue.no_petition")
    return join([el("a", title, href=row.href, class_="subject"),
                 el("br"), el("small", row.excerpt, class_="excerpt")]) if row.excerpt \
        else el("a", title, href=row.href, class_="subject")


@guarded()
async def queue_page(request: web.Request) -> web.StreamResponse:
    console = console_of(request)
    t = console.text
    rows = await build_queue(console)
    now = time.time()
    near = console.text.number("urgency.near_fraction", 0.25)
    tz = ZoneInfo(console.settings.timezone)
    urgencies = [r.urgency(now, near) for r in rows]
    summary = el("p", t("queue.count", n=len(rows), overdue=urgencies.count("overdue"),
                        near=urgencies.count("near")), class_="summary")
    if not rows:
        body = el("div", summary + el("p", t("queue.empty"), class_="empty"))
    else:
        head = el("tr", join(el("th", t(f"queue.{c}"), scope="col") for c in (
            "col_urgency", "col_subject", "col_color", "col_reason", "col_channel", "col_town",
            "col_category", "col_created", "col_open")))
        lines = []
        for row, urgency in zip(rows, urgencies):
            conf = "" if row.confidence is None else t(
                "queue.confidence", pct=round(row.confidence * 100))
            reason = join([reason_label(console, row.reason), " · ",
                           label(console, "kinds", row.kind)])
            if row.owner:
                reason = join([reason, el("br"), el("small", t("queue.owned", owner=row.owner))])
            created = datetime.fromtimestamp(row.created, tz).strftime("%m-%d %H:%M")
            cells = [
                (t("queue.col_urgency"), time_cell(console, row, now, near)),
                (t("queue.col_subject"), subject_cell(console, row)),
                (t("queue.col_color"), color_badge(console, row.color)),
                (t("queue.col_reason"), reason),
                (t("queue.col_channel"), label(console, "channels", row.channel)),
                (t("queue.col_town"), row.town or t("queue.unknown")),
                (t("queue.col_category"), join([row.category or t("queue.unknown"), " ",
                                                el("small", conf)])),
                (t("queue.col_created"), created),
                (t("queue.col_open"), el("a", t("queue.open"), href=row.href,
                                         class_="button")),
            ]
            lines.append(el("tr", join(el("td", v, data_label=k) for k, v in cells),
                            class_=f"u-{urgency}", data_item=row.item_id))
        body = el("div", summary + el("table", el("thead", head), el("tbody", join(lines)),
                                      class_="queue"))
    live = el("div", body, data_live_part="queue",
              data_live=str(int(console.text.number("urgency.live_seconds", 5))))
    return page(console, t("queue.title"), live, session_of(request),
                flash=flash_text(console, request))


def queue_routes() -> list[web.RouteDef]:
    return [web.get(f"{PREFIX}/", queue_page)]

