"""The case page and the handed-over conversation page, and the actions posted from them."""

from __future__ import annotations

import re
import time
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import orjson
from aiohttp import web

from bot import appkeys, keys
from bot.console.actions import BadInput, Fields, NotFound, Outcome, read_fields
from bot.console.app import Console
from bot.console.auth import Session
from bot.console.html import Markup, el, join, options
from bot.console.pages import (
    FORM_KEY,
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
from bot.console.queue import _ts, color_badge, duration, label, reason_label
from bot.redisconn import as_text
from dialogs.case import petition_text

CASE_ID = re.compile(r"^[0-9a-f]{32}$")
CONV_KEY = re.compile(r"^[a-z]{2,10}:[0-9a-f]{24}$")
BACK = re.compile(r"^/staff/(case/[0-9a-f]{32}|conv/[a-z]{2,10}:[0-9a-f]{24})$")
TRANSCRIPT_SHOWN = 200


def _case_id(request: web.Request) -> str:
    value = request.match_info["case_id"]
    if not CASE_ID.match(value):
        raise web.HTTPNotFound()
    return value


def _conv(request: web.Request) -> str:
    value = request.match_info["conv"]
    if not CONV_KEY.match(value):
        raise web.HTTPNotFound()
    return value


def _when(console: Console, value: Any) -> str:
    ts = _ts(value)
    if ts is None:
        return ""
    return datetime.fromtimestamp(ts, ZoneInfo(console.settings.timezone)).strftime(
        "%Y-%m-%d %H:%M")


SUBSTANTIVE_CHARS = 6  # a citizen line this long (after consent) is the matter itself


def opening_split(entries: list[dict[str, Any]], consent_at: Any = None) -> int:
    """Index of the citizen's first substantive message: the first after consent, or (when the
    time of consent is unknown) the first citizen line that says more than 你好/同意/1. What
    comes before it is the greeting and the privacy notice; 0 when there is no such message."""
    agreed = _ts(consent_at)
    for i, e in enumerate(entries):
        if e.get("role") != "citizen":
            continue
        if agreed is not None:
            if (_ts(e.get("time")) or 0.0) > agreed:
                return i
        elif len("".join(str(e.get("text", "")).split())) >= SUBSTANTIVE_CHARS:
            return i
    return 0


def _line(console: Console, e: dict[str, Any], index: int) -> Markup:
    t = console.text
    role = str(e.get("role", ""))
    who = t(f"case.role_{role}") if t.has(f"case.role_{role}") else role
    return el("li", el("span", who, class_="who"), el("time", _when(console, e.get("time"))),
              el("p", str(e.get("text", ""))), class_=f"msg r-{role}", data_i=str(index))


def transcript(console: Console, entries: list[dict[str, Any]], title_key: str,
               consent_at: Any = None, live: bool = False) -> Markup:
    """Opens at the citizen's first substantive message; the greeting and consent boilerplate
    before it are collapsed. `live`: the list is where live.js appends new lines."""
    t = console.text
    if not entries:
        return el("section", el("h2", t(title_key)), el("p", t("case.no_transcript")),
                  el("ol", "", class_="transcript", data_live_part="transcript",
                     data_live_append=True) if live else "")
    first = max(0, len(entries) - TRANSCRIPT_SHOWN)
    split = max(first, opening_split(entries, consent_at))
    head = [_line(console, entries[i], i) for i in range(first, split)]
    rest = [_line(console, entries[i], i) for i in range(split, len(entries))]
    folded = el("details", el("summary", t("case.boilerplate", n=len(head))),
                el("ol", join(head), class_="transcript"), class_="boilerplate") if head else ""
    return el("section", el("h2", t(title_key)), folded,
              el("ol", join(rest), class_="transcript",
                 data_live_part="transcript" if live else None, data_live_append=live))


def proposal(console: Console, p: dict[str, Any]) -> Markup:
    t = console.text
    if not p.get("category_name"):
        return el("section", el("h2", t("case.proposal")), el("p", t("case.proposal_none")))
    conf = float(p.get("confidence") or 0.0)
    parts: list[Any] = [el("p", t("case.proposal_line", category=p["category_name"],
                                  pct=round(conf * 100), nature=p.get("nature", "")), " ",
                           color_badge(console, str(p.get("color", ""))))]
    words = p.get("keywords") or []
    if words:
        parts.append(el("p", t("case.keywords"), "：",
                        join(el("span", w if isinstance(w, str) else w[0], class_="kw")
                             for w in words)))
    legal = p.get("legal_path")
    if isinstance(legal, dict) and legal:
        parts.append(el("p", t("case.legal_path"), "：",
                        " · ".join(str(legal.get(k, "")) for k in ("path", "department",
                                                                     "basis"))))
    choice = str(p.get("legal_choice") or "")
    if choice in ("register", "lawyer"):  # told the legal path before submitting
        parts.append(el("p", t("case.legal_choice"), "：", t(f"legal_choices.{choice}"),
                        class_="legal-choice"))
    return el("section", el("h2", t("case.proposal")), join(parts), class_="proposal")


def _proposal_of_body(body: dict[str, Any]) -> dict[str, Any]:
    cat = body.get("category") or {}
    return {"category_name": cat.get("name", ""), "confidence": cat.get("confidence", 0.0),
            "nature": body.get("nature", ""), "color": body.get("color", ""),
            "keywords": body.get("keywords") or [], "legal_path": body.get("legal_path"),
            "legal_choice": body.get("legal_choice")}


def field_inputs(console: Console, values: dict[str, Any], editable: bool) -> Markup:
    t = console.text
    town = str(values.get("town") or "")
    towns = list(console.towns) + ([town] if town and town not in console.towns else [])
    rows = [
        el("label", t("case.description"), el("textarea", str(values.get("description") or ""),
                                              name="description", rows="5", required=True,
                                              disabled=not editable)),
        el("label", t("case.town"), el("select", options(
            [("", t("queue.unknown"))] + [(n, n) for n in towns], town),
            name="town", disabled=not editable)),
        el("label", t("case.address"), el("input", name="address",
                                          value=str(values.get("address") or ""),
                                          disabled=not editable)),
        el("label", t("case.name"), el("input", name="name", value=str(values.get("name") or ""),
                                       disabled=not editable)),
        el("label", el("input", type="checkbox", name="anonymous", value="1",
                       checked=bool(values.get("anonymous")), disabled=not editable),
           t("case.anonymous"), class_="check"),
        el("label", t("case.phone"), el("input", name="phone", type="tel",
                                        value=str(values.get("phone") or ""),
                                        disabled=not editable)),
        el("label", t("case.request"), el("textarea", str(values.get("request") or ""),
                                          name="request", rows="3", disabled=not editable)),
    ]
    return el("fieldset", el("legend", t("case.fields")), join(rows))


def nature_option(console: Console, name: str) -> str:
    """A nature with the colour the county's rule gives it, alone and across departments."""
    t, rule = console.text, console.colour_rule
    alone, multi = rule.colour(name), rule.colour(name, multi_department=True)
    colour = t("colors." + (alone or "none"))
    if alone == multi:
        return t("case.nature_option", name=name, colour=colour)
    return t("case.nature_option_multi", name=name, colour=colour,
             multi=t("colors." + (multi or "none")))


def choice_inputs(console: Console, category: str, nature: str) -> Markup:
    t = console.text
    # With no proposal nothing is preselected: staff must choose, the browser insists.
    choose = [("", t("case.choose"))]
    cats = choose + [(c.code, c.name) for c in console.taxonomy.categories]
    nats = choose + [(n.name, nature_option(console, n.name)) for n in console.taxonomy.natures]
    return el("fieldset", el("legend", t("case.decide")),
              el("label", t("case.category"), el("select", options(cats, category),
                                                  name="category", required=True)),
              el("label", t("case.nature"), el("select", options(nats, nature), name="nature",
                                                required=True)))


def _values_of_body(body: dict[str, Any]) -> dict[str, Any]:
    pet = body.get("petitioner") or {}
    return {"description": body.get("description"), "town": body.get("town"),
            "address": body.get("address"), "name": pet.get("name"), "phone": pet.get("phone"),
            "anonymous": pet.get("anonymous"), "request": body.get("request")}


def waiting_for_person(doc: dict[str, Any] | None, queue_item: Any) -> bool:
    """The citizen waits for a person: the dialog is in its hand-over state, or the hand-over is
    in the queue and nobody handed the conversation back to the bot since."""
    if doc is None:
        return False
    if doc.get("state") == "handoff":
        return True
    if not queue_item:
        return False
    created = float(orjson.loads(queue_item).get("created_at") or 0.0)
    return float((doc.get("meta") or {}).get("handed_back_at") or 0.0) < created


def status_line(console: Console, session: Session, doc: dict[str, Any],
                waiting: bool) -> Markup:
    """What is true now: the bot talks, the citizen waits for a person, or who took over."""
    t = console.text
    owner = str((doc.get("meta") or {}).get("owner") or "")
    if owner == session.user:
        return el("p", t("case.status_staff_me", owner=owner), class_="status s-staff mine")
    if owner:
        return el("p", t("case.status_staff", owner=owner), class_="status s-staff warn")
    if waiting:
        return el("p", t("case.status_waiting"), class_="status s-waiting")
    return el("p", t("case.status_bot"), class_="status s-bot")


def conversation_panel(console: Console, session: Session, conv: str,
                       doc: dict[str, Any] | None, senders: dict[str, Any], back: str,
                       after: float = 0.0, waiting: bool = False) -> Markup:
    """The status line, take over / hand back, the conversation's lines (those after `after`,
    when the case's own transcript already shows the earlier ones), then the reply box. The
    status and the lines are refreshed live (static/live.js); the reply box never is."""
    t = console.text

    def token() -> Markup:
        return csrf_field(session) + el("input", type="hidden", name="back", value=back)

    if doc is None:
        return el("section", el("h2", t("case.conversation")), el("p", t("case.no_conversation")))
    meta = doc.get("meta") or {}
    owner = str(meta.get("owner") or "")
    base = f"{PREFIX}/conv/{conv}"
    controls: list[Any] = [status_line(console, session, doc, waiting)]
    if not owner:
        controls.append(el("form", token(), el("button", t("case.take"), type="submit"),
                           method="post", action=f"{base}/take", class_="inline"))
    elif owner == session.user or session.is_admin:
        controls.append(el("form", token(),
                           el("button", t("case.hand_back"), type="submit"), method="post",
                           action=f"{base}/hand-back", class_="inline"))
    reply: Any = ""
    if not owner or owner == session.user:
        if str(meta.get("channel", "")) in senders:
            reply = el("form", token(),
                       el("label", t("case.reply"),
                          el("textarea", "", name="text", rows="3", required=True,
                             maxlength="4000")),
                       el("button", t("case.reply_send"), type="submit"), method="post",
                       action=f"{base}/reply", class_="reply")
        else:
            reply = el("p", t("case.channel_cannot_send"), class_="muted")
    lines = [e for e in doc.get("transcript") or [] if (_ts(e.get("time")) or 0.0) > after]
    title = "case.later_transcript" if after else "case.live_transcript"
    poll = str(int(console.text.number("urgency.live_seconds", 5)))
    return el("section", el("h2", t("case.conversation")),
              el("div", join(controls), class_="controls", data_live_part="controls"),
              transcript(console, lines, title, None if after else doc.get("consent_at"),
                         live=True),
              reply, class_="conversation", data_live=poll)


@guarded()
async def case_page(request: web.Request) -> web.StreamResponse:
    console = console_of(request)
    session = session_of(request)
    t = console.text
    case_id = _case_id(request)
    rec = await console.cases.get(case_id)
    if rec is None:
        return error_page(console, session, t("errors.not_found"), 404)
    # Privacy duty: who saw whose case, when (the citizen as their hashed conversation key).
    await console.accounts.audit(session.user, "view_case", case_id, rec.conversation_key)
    body = rec.body
    delivery, last_error = (as_text(v) for v in await console.redis.hmget(
        keys.case_record(case_id), ["delivery", "last_error"]))
    status_label = label(console, "case", f"status_{rec.status}")
    due = _ts(body.get("due_at"))
    info = [(t("case.number"), rec.number), (t("case.status"), status_label),
            (t("case.channel"), label(console, "channels", str(body.get("channel", "")))),
            (t("case.submitted"), _when(console, rec.created)),
            (t("case.due"), join([_when(console, body.get("due_at")) or t("queue.no_due"), " ",
                                  el("small", duration(console, due - time.time()))
                                  if due else "",
                                  el("span", t("case.due_provisional"), class_="badge provisional")
                                  if body.get("due_provisional") else ""]))]
    if delivery:
        info.append((t("case.delivery"), label(console, "case", f"delivery_{delivery}")))
    facts = el("dl", join(el("div", el("dt", k), el("dd", v)) for k, v in info), class_="facts")
    case_lines = list(body.get("transcript") or [])
    left: list[Any] = [transcript(console, case_lines, "case.transcript",
                                  body.get("consent_at"))]
    if rec.conversation_key and CONV_KEY.match(rec.conversation_key):
        doc = await console.store.load(rec.conversation_key)
        item = await console.redis.hget(keys.STAFF_QUEUE, f"conv:{rec.conversation_key}")
        left.append(conversation_panel(console, session, rec.conversation_key, doc,
                                       request.app[appkeys.SENDERS], f"{PREFIX}/case/{case_id}",
                                       after=_last_time(case_lines),
                                       waiting=waiting_for_person(doc, item)))
    right: list[Any] = [proposal(console, _proposal_of_body(body))]
    base = f"{PREFIX}/case/{case_id}"
    if rec.status == "review":
        cat = (body.get("category") or {}).get("code", "")
        right.append(el("form", csrf_field(session),
                        choice_inputs(console, str(cat), str(body.get("nature", ""))),
                        field_inputs(console, _values_of_body(body), True),
                        el("button", t("case.send"), type="submit", class_="primary"),
                        method="post", action=f"{base}/send", class_="decide"))
        right.append(close_form(console, session, f"{base}/close"))
    elif delivery == "dead":
        right.insert(0, el("p", t("case.dead_reason", reason=last_error), class_="flash error"))
        if session.is_admin:
            cat = (body.get("category") or {}).get("code", "")
            right.append(el("form", csrf_field(session),
                            choice_inputs(console, str(cat), str(body.get("nature", ""))),
                            field_inputs(console, _values_of_body(body), True),
                            el("button", t("case.fix_resend"), type="submit", class_="primary"),
                            method="post", action=f"{base}/resend", class_="decide"))
        else:
            right.append(el("p", t("case.dead_admin_only"), class_="muted"))
            right.append(field_inputs(console, _values_of_body(body), False))
    else:
        right.append(el("p", t("case.decided", status=status_label), class_="muted"))
        right.append(field_inputs(console, _values_of_body(body), False))
    title = t("case.title", number=rec.number)
    return page(console, title, facts + two_columns(left, right), session,
                flash=flash_text(console, request))


def two_columns(left: list[Any], right: list[Any]) -> Markup:
    """What was said on the left, what to decide on the right (one column on a phone)."""
    return el("div", el("div", join(left), class_="col"), el("div", join(right), class_="col"),
              class_="casegrid")


def _last_time(lines: list[dict[str, Any]]) -> float:
    times = [_ts(e.get("time")) for e in lines]
    return max((x for x in times if x is not None), default=0.0)


def close_form(console: Console, session: Session, action: str) -> Markup:
    t = console.text
    reasons = list(t.section("close_reasons").items())
    return el("form", csrf_field(session),
              el("fieldset", el("legend", t("case.close_title")),
                 el("label", t("case.close_reason"),
                    el("select", options(reasons, "not_petition"), name="reason")),
                 el("label", t("case.close_note"), el("input", name="note", maxlength="4000")),
                 el("button", t("case.close"), type="submit", class_="danger")),
              method="post", action=action, class_="close")


@guarded()
async def conv_page(request: web.Request) -> web.StreamResponse:
    console = console_of(request)
    session = session_of(request)
    t = console.text
    conv = _conv(request)
    doc = await console.store.load(conv)
    raw_item = await console.redis.hget(keys.STAFF_QUEUE, f"conv:{conv}")
    in_queue = raw_item is not None
    if doc is None and not in_queue:
        return error_page(console, session, t("errors.not_found"), 404)
    await console.accounts.audit(session.user, "view_conversation", conv)
    data = (doc or {}).get("data") or {}
    meta = (doc or {}).get("meta") or {}
    info = [(t("case.channel"), label(console, "channels", str(meta.get("channel", ""))))]
    if raw_item is not None:
        item = orjson.loads(raw_item)
        info += [(t("case.handoff_reason"), reason_label(console, str(item.get("reason", "")))),
                 (t("case.handoff_at"), _when(console, item.get("created_at")))]
    if meta.get("created"):
        info.append((t("case.first_message"), _when(console, meta.get("created"))))
    facts = el("dl", join(el("div", el("dt", k), el("dd", v)) for k, v in info), class_="facts")
    base = f"{PREFIX}/conv/{conv}"
    p = console.analyze(petition_text(data)) if data else {}
    right: list[Any] = [proposal(console, p)]
    if doc is not None:
        right.append(el("form", csrf_field(session),
                        choice_inputs(console, str(p.get("category_code", "")),
                                      str(p.get("nature", ""))),
                        field_inputs(console, data, True),
                        el("button", t("case.create"), type="submit", class_="primary"),
                        method="post", action=f"{base}/create-case", class_="decide"))
    if in_queue:
        right.append(el("form", csrf_field(session),
                        el("button", t("case.close_handoff"), type="submit", class_="danger"),
                        method="post", action=f"{base}/close", class_="inline"))
    left = [conversation_panel(console, session, conv, doc, request.app[appkeys.SENDERS],
                               base, waiting=waiting_for_person(doc, raw_item))]
    return page(console, t("case.conv_title"), facts + two_columns(left, right), session,
                flash=flash_text(console, request))


# --- actions -------------------------------------------------------------------------------

def _after(outcome: Outcome, back: str) -> web.HTTPSeeOther:
    return redirect(back, m=outcome.flash, n=outcome.values.get("number", ""),
                    o=outcome.values.get("owner", ""))


async def _run(request: web.Request, back: str, done_back: str, action: Any) -> web.StreamResponse:
    console = console_of(request)
    session = session_of(request)
    try:
        outcome: Outcome = await action(console, session, request[FORM_KEY])
    except BadInput as exc:
        what = console.text(f"case.{exc.what}") if console.text.has(f"case.{exc.what}") \
            else exc.what
        return error_page(console, session, console.text("errors.bad_input", what=what), 400)
    except NotFound:
        return error_page(console, session, console.text("errors.not_found"), 404)
    target = done_back if outcome.flash in ("sent", "closed", "case_created",
                                            "handoff_closed") else back
    raise _after(outcome, target)


def _fields(console: Console, form: Any, current_town: str) -> Fields:
    return read_fields(form, console.towns, current_town)


async def _case_edits(c: Console, case_id: str, form: Any) -> tuple[Fields, str, str]:
    """Staff's decision on a recorded case: the fields (the town defaults to the case's), the
    category and the nature chosen."""
    rec = await c.cases.get(case_id)
    town = str((rec.body.get("town") if rec else "") or "")
    return _fields(c, form, town), str(form.get("category", "")), str(form.get("nature", ""))


@guarded()
async def case_send(request: web.Request) -> web.StreamResponse:
    case_id = _case_id(request)

    async def act(c: Console, s: Session, form: Any) -> Outcome:
        return await c.actions.send_case(s.user, case_id, *await _case_edits(c, case_id, form))

    return await _run(request, f"{PREFIX}/case/{case_id}", f"{PREFIX}/", act)


@guarded(role="admin")
async def case_resend(request: web.Request) -> web.StreamResponse:
    case_id = _case_id(request)

    async def act(c: Console, s: Session, form: Any) -> Outcome:
        return await c.actions.fix_and_resend(s.user, case_id,
                                              *await _case_edits(c, case_id, form))

    return await _run(request, f"{PREFIX}/case/{case_id}", f"{PREFIX}/case/{case_id}", act)


@guarded()
async def case_close(request: web.Request) -> web.StreamResponse:
    case_id = _case_id(request)

    async def act(c: Console, s: Session, form: Any) -> Outcome:
        return await c.actions.close_case(s.user, case_id, str(form.get("reason", "")),
                                          str(form.get("note", "")).strip())

    return await _run(request, f"{PREFIX}/case/{case_id}", f"{PREFIX}/", act)


@guarded()
async def conv_create_case(request: web.Request) -> web.StreamResponse:
    conv = _conv(request)

    async def act(c: Console, s: Session, form: Any) -> Outcome:
        doc = await c.store.load(conv)
        town = str(((doc or {}).get("data") or {}).get("town") or "")
        return await c.actions.create_case(s.user, conv, _fields(c, form, town),
                                           str(form.get("category", "")),
                                           str(form.get("nature", "")))

    return await _run(request, f"{PREFIX}/conv/{conv}", f"{PREFIX}/", act)


def _conv_action(name: str) -> Any:
    @guarded()
    async def handler(request: web.Request) -> web.StreamResponse:
        conv = _conv(request)

        async def act(c: Console, s: Session, form: Any) -> Outcome:
            if name == "take":
                return await c.actions.take_over(s.user, conv)
            if name == "reply":
                return await c.actions.reply(s.user, conv, str(form.get("text", "")))
            if name == "hand-back":
                return await c.actions.hand_back(s.user, conv, force=s.is_admin)
            return await c.actions.close_handoff(s.user, conv)

        back = str(request[FORM_KEY].get("back", ""))
        if not BACK.match(back):
            back = f"{PREFIX}/conv/{conv}"
        return await _run(request, back, f"{PREFIX}/", act)

    return handler


NUMBER = re.compile(r"^JH-\d{8}-\d{4,}$")


@guarded()
async def find_case(request: web.Request) -> web.StreamResponse:
    """A citizen calls with their case number: straight to the case."""
    console = console_of(request)
    number = request.query.get("number", "").strip().upper()
    case_id = await console.cases.by_number(number) if NUMBER.match(number) else None
    if case_id is None:
        return error_page(console, session_of(request),
                          console.text("errors.no_number", number=number[:32]), 404)
    raise redirect(f"{PREFIX}/case/{case_id}")


def case_routes() -> list[web.RouteDef]:
    return [
        web.get(f"{PREFIX}/find", find_case),
        web.get(f"{PREFIX}/case/{{case_id}}", case_page),
        web.post(f"{PREFIX}/case/{{case_id}}/send", case_send),
        web.post(f"{PREFIX}/case/{{case_id}}/close", case_close),
        web.post(f"{PREFIX}/case/{{case_id}}/resend", case_resend),
        web.get(f"{PREFIX}/conv/{{conv}}", conv_page),
        web.post(f"{PREFIX}/conv/{{conv}}/create-case", conv_create_case),
        web.post(f"{PREFIX}/conv/{{conv}}/take", _conv_action("take")),
        web.post(f"{PREFIX}/conv/{{conv}}/reply", _conv_action("reply")),
        web.post(f"{PREFIX}/conv/{{conv}}/hand-back", _conv_action("hand-back")),
        web.post(f"{PREFIX}/conv/{{conv}}/close", _conv_action("close")),
    ]
