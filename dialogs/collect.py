"""Collecting a petition: consent, the fields in any order, the summary, edits, submission.

Functions here are the handlers of the collecting states of dialogs/states.py; they read one
message, change the document through `Run`, add acknowledgements, and move to the next state
with `advance`, which asks only for what is still missing. The question of the state the turn
ends in is added by the engine, so a handler never has to repeat it.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import TYPE_CHECKING, Any

from dialogs.api import Say, UserTurn
from dialogs.case import (
    UNCLASSIFIED,
    analysis_to_dict,
    build_case,
    open_similar_case,
    petition_text,
)
from dialogs.commands import (
    cjk_count,
    core,
    is_done,
    is_greeting,
    is_no,
    is_thanks,
    is_yes,
    keeps_name,
    split_first_clause,
    wants_to_add,
)
from dialogs.run import Run
from dialogs.slots import (
    Answer,
    Extracted,
    answer_address,
    answer_description,
    answer_name,
    answer_phone,
    answer_request,
    answer_town,
    extract,
    intent_of,
    intent_only,
    is_narrative,
    meaningful,
    phone_like,
    strip_town,
    summary_text,
)
from dialogs.states import SLOT_STATE, STATES
from nlp.entities import mask_ids, normalize, normalize_phone, plausible_name
from nlp.types import COLORS

if TYPE_CHECKING:
    from dialogs.engine import Dialog

FIELDS = ("description", "town", "address", "name", "phone", "request")
# Sentences used by the handlers (besides each state's own question); checked at start.
PROMPTS = (
    "greeting", "consent_held", "consent_again", "consent_ok", "declined", "ask_description_more",
    "ask_description_hello", "ask_address_unknown_town", "ask_phone_anonymous", "ack",
    "ack_description", "ack_description_fields", "ack_more", "ack_address_more", "ack_fields",
    "ack_old_town",
    "ack_location", "location_outside", "ack_anonymous", "ack_no_request", "ack_address_skipped",
    "bad_description", "bad_town", "bad_address", "bad_name", "anonymous_not_allowed",
    "bad_anonymous", "bad_phone_mobile_length", "bad_phone_other_area", "bad_phone_unknown",
    "bad_phone_no_digits", "bad_request", "emoji", "voice_no_text", "too_long", "got_attachment",
    "attachment_before_consent", "summary_attachments", "summary_follow_up", "bad_confirm",
    "edit_intro", "edit_done", "edit_back", "add_more", "repeat_follow_up", "repeat_new", "bad_repeat",
    "submitted", "next_blue", "next_yellow", "next_orange", "next_red", "due_unknown",
    "needs_review", "legal_advice", "anonymous_note", "notify", "after_submit", "thanks_reply",
    "cancelled", "nothing_to_cancel", "restart", "help", "continue_where", "handoff_person",
    "handoff_stuck", "handoff_ack", "handoff_already", "hand_back", "status_line", "status_due",
    "status_none", "status_not_found", "resume_ok", "expired", "rating_thanks",
    "rating_thanks_done", "bad_rating", "rating_skipped",
)
CHOICES = {"privacy": 2, "consent_again": 2, "summary": 3, "bad_confirm": 3, "edit_which": 6,
           "repeat_ask": 2, "bad_repeat": 2, "idle_offer": 2}
WORDS = (
    "field_description", "field_town", "field_address", "field_name", "field_phone",
    "field_request", "list_separator", "anonymous", "unknown", "no_request", "attachment",
    "image", "video", "voice", "file", "link", "date_format", "location",
)
_EDIT_FIELDS = (
    ("phone", re.compile(r"电话|手机|号码|联系方式|换号|新号")),
    ("address", re.compile(r"地址|住址|门牌")),
    ("town", re.compile(r"镇|街道|乡|地点")),
    ("name", re.compile(r"名字|姓名|称呼|名$|叫错|姓")),
    ("request", re.compile(r"诉求|要求|希望")),
    ("description", re.compile(r"事情|经过|内容|情况|描述|问题|事由")),
)
_EDIT_INTENT = re.compile(r"改|不对|错|有误|更正|不是|修正|更新|换")
_VALUE_AFTER = re.compile(
    r"(?:改成|改为|应该是|应为|换成|更正为|正确的是|写成|(?:电话|手机|号码|地址|名字|姓名|诉求)(?:是|为)"
    r"|[，,]\s*(?:是|应是))"
    r"[:：]?\s*(.+)$"
)
_NEW_WORDS = ("新问题", "新的", "新事", "不是", "另外", "另一", "别的", "不一样", "新")
_FOLLOW_WORDS = ("补充", "催办", "催", "跟进", "同一", "那件", "还是那", "追加", "是的", "是", "对")


# -------------------------------------------------------------------------------- small helpers


def substantive(text: str) -> bool:
    """Worth keeping as part of a petition (not a greeting, a yes, a thanks or a mash)."""
    return bool(text) and meaningful(text) and not (
        is_greeting(text) or is_yes(text) or is_no(text) or is_thanks(text)
    )


def worth_holding(text: str) -> bool:
    """Said before consent and looks like the matter itself, not a question about the notice."""
    t = normalize(text).strip()
    return (substantive(t) and not intent_only(t) and cjk_count(t) >= 6
            and not t.endswith(("?", "吗", "呢", "啥")))


def day_label(dlg: Dialog, when: datetime) -> str:
    return dlg.prompts.word("date_format").format(month=when.month, day=when.day)


def label(dlg: Dialog, field: str) -> str:
    return dlg.prompts.word("field_" + field)


def labels(dlg: Dialog, fields: list[str]) -> str:
    ordered = sorted(dict.fromkeys(fields), key=lambda f: FIELDS.index(f) if f in FIELDS else 99)
    return dlg.prompts.word("list_separator").join(label(dlg, f) for f in ordered)


def anonymity_allowed(doc: dict[str, Any]) -> bool:
    """Anonymity is for 投诉举报 only (the county's rule)."""
    data = doc.get("data", {})
    nature = (doc.get("analysis") or {}).get("nature")
    return nature == "投诉举报" or "举报" in str(data.get("description") or "") or (
        data.get("intent") == "举报"
    )


def missing(doc: dict[str, Any]) -> list[str]:
    data = doc.get("data", {})
    out = []
    if not data.get("description"):
        out.append("description")
    if data.get("town") is None and not data.get("town_unknown"):
        out.append("town")
    if "address" not in data:
        out.append("address")
    if not data.get("name") and not data.get("anonymous"):
        out.append("name")
    if not data.get("phone"):
        out.append("phone")
    if "request" not in data:
        out.append("request")
    return out


def analyze(dlg: Dialog, run: Run) -> dict[str, Any] | None:
    text = petition_text(run.data)
    if run.ctx is None or not text:
        return None
    try:
        return analysis_to_dict(run.ctx.analyze(text))
    except Exception:  # noqa: BLE001 - a classifier failure must not lose the petition
        return None


def start_draft(dlg: Dialog, run: Run, *, keep_contacts: bool = True,
                trim_transcript: bool = True) -> None:
    """Begin a new petition: forget the last one, keep name and phone when it was submitted.

    The transcript starts again too (the last petition's went out with its case; a cancelled
    one is not kept), except the current message.
    """
    d = run.doc
    old = d.get("data", {})
    kept: dict[str, Any] = {}
    if keep_contacts and d.get("state") == "submitted":
        if old.get("phone"):
            kept["phone"] = old["phone"]
        if old.get("name") and not old.get("anonymous"):
            kept["name"] = old["name"]
    d["data"] = kept
    for key in ("analysis", "editing", "repeat", "repeat_checked", "resume", "held",
                "held_attachments"):
        d.pop(key, None)
    d["attempts"] = {}
    if trim_transcript:
        now = run.now.isoformat()
        d["transcript"] = [e for e in d.get("transcript", []) if e.get("time") == now]


def _prefill_phone(run: Run) -> None:
    """On SMS the sender is a phone number: use it rather than ask (the summary shows it)."""
    if run.channel != "sms" or run.data.get("phone"):
        return
    meta = run.doc.get("meta")
    sender = str(meta.get("sender", "")) if isinstance(meta, dict) else ""
    phone = normalize_phone(sender) if sender else None
    if phone:
        run.data["phone"] = phone


def _needs_repeat_check(dlg: Dialog, run: Run) -> bool:
    d, data = run.doc, run.data
    if d.get("repeat_checked") or data.get("follow_up_of") or run.ctx is None:
        return False
    code = (d.get("analysis") or {}).get("category_code", "")
    case = open_similar_case(run.ctx.recent_cases, str(data.get("phone") or ""), code, run.now)
    if case is None:
        return False
    d["repeat"] = {
        "case_id": case.case_id,
        "case_number": case.case_number,
        "date": day_label(dlg, case.submitted_at),
        "status": dlg.prompts.status_name(case.status),
    }
    return True


def advance(dlg: Dialog, run: Run) -> None:
    """Move to the question for the first missing field, or to the summary."""
    d = run.doc
    _prefill_phone(run)
    todo = missing(d)
    if d.get("editing") and not todo:
        d["editing"] = False
        run.goto("confirm")
        return
    if "description" in todo:
        run.goto("ask_description")
    elif _needs_repeat_check(dlg, run):
        run.goto("repeat_check")
    elif todo:
        field = todo[0]
        if field == "name" and anonymity_allowed(d):
            run.goto("ask_anonymous")
        else:
            run.goto(SLOT_STATE[field])
    else:
        run.goto("confirm")


def question(dlg: Dialog, run: Run) -> Say | None:
    """The sentence that asks for what the current state waits for."""
    d, data = run.doc, run.data
    state = STATES[run.state]
    if state.prompt is None:
        return None
    key, values = state.prompt, {}
    if run.state == "consent":
        values = {"retention_days": dlg.retention_days}
    elif run.state == "ask_address" and data.get("town_unknown"):
        key = "ask_address_unknown_town"
    elif run.state == "ask_phone" and data.get("anonymous"):
        key = "ask_phone_anonymous"
    elif run.state == "repeat_check":
        values = dict(d.get("repeat") or {})
    elif run.state == "confirm":
        values = summary_values(dlg, d)
    elif run.state == "rating":
        pending = d.get("pending_rating") or {}
        values = {"case_number": pending.get("case_number", "")}
    say = dlg.say(run, key, **values)
    if run.state == "ask_town":
        say = Say(say.text, say.short, _town_choices(dlg))
    return say


def _town_choices(dlg: Dialog) -> tuple[str, ...]:
    return tuple(t.name for t in dlg.gazetteer.towns)


def summary_values(dlg: Dialog, d: dict[str, Any]) -> dict[str, Any]:
    data = d.get("data", {})
    w = dlg.prompts.word
    desc = mask_ids(str(data.get("description") or ""))
    place = str(data.get("town") or w("unknown"))
    if data.get("address"):
        place += " " + str(data["address"])
    request = str(data.get("request") or w("no_request"))
    extra = ""
    if data.get("attachments"):
        extra += dlg.prompts.say("summary_attachments", count=len(data["attachments"])).text
    if data.get("follow_up_of"):
        extra += dlg.prompts.say(
            "summary_follow_up", case_number=data.get("follow_up_number", "")).text
    return {
        "description": summary_text(desc, 120),
        "description_short": summary_text(desc, 24),
        "place": place,
        "name": w("anonymous") if data.get("anonymous") else str(data.get("name") or w("unknown")),
        "phone": str(data.get("phone") or w("unknown")),
        "request": summary_text(request, 80),
        "request_short": summary_text(request, 16),
        "extra": extra,
    }


# -------------------------------------------------------------------------------- consent


def on_consent(dlg: Dialog, run: Run, text: str) -> None:
    d = run.doc
    first, rest = split_first_clause(text)
    if is_yes(text) or (rest and is_yes(first)):
        if rest and not is_yes(text) and worth_holding(rest):
            d.setdefault("held", []).append(rest)  # "同意，我家的低保被取消了"
        d["consent_at"] = run.now.isoformat()
        run.reset_attempts("consent")
        run.add(dlg.say(run, "consent_ok"))
        held = [str(h) for h in d.pop("held", [])]
        files = d.pop("held_attachments", [])
        start_draft(dlg, run, keep_contacts=False, trim_transcript=False)
        if files:
            run.data["attachments"] = files
        advance(dlg, run)
        for h in held:
            if intent_only(h):  # "我要投诉" before consent: remember the intent, ask the matter
                run.data["intent"] = run.data.get("intent") or intent_of(h)
                continue
            dlg.dispatch(run, h)
        return
    if is_no(text):
        d.pop("held", None)
        d.pop("held_attachments", None)
        run.reset_attempts("consent")
        run.add(dlg.say(run, "declined"))
        run.goto("declined")
        return
    if is_greeting(text) or is_thanks(text):
        return  # "你好" while the notice is shown: show it again, nothing wrong was said
    if worth_holding(text):
        held = d.setdefault("held", [])
        if len(held) < 10:
            held.append(text)
    if run.attempt("consent") >= dlg.max_attempts:
        dlg.handoff(run, "stuck")
        return
    run.add(dlg.say(run, "consent_again"), asks=True)


# -------------------------------------------------------------------------------- fields


def _answer(dlg: Dialog, run: Run, slot: str, text: str, ex: Extracted) -> Answer:
    if slot == "description":
        return answer_description(text, ex)
    if slot == "town":
        return answer_town(text, ex)
    if slot == "address":
        return answer_address(text, ex, dlg.gazetteer)
    if slot == "name":
        return answer_name(text, ex, anonymity=anonymity_allowed(run.doc))
    if slot == "phone":
        return answer_phone(text)
    return answer_request(text, ex)


def add_description(dlg: Dialog, run: Run, text: str, *, replace: bool = False) -> None:
    data = run.data
    old = str(data.get("description") or "")
    data["description"] = text if replace or not old else old + "\n" + text
    intent = intent_of(text)
    if intent and not data.get("intent"):
        data["intent"] = intent
    run.doc["analysis"] = analyze(dlg, run)


def _set_town(dlg: Dialog, run: Run, mention: Any) -> list[Say]:
    run.data["town"] = mention.town.name
    run.data.pop("town_unknown", None)
    if mention.old_name:
        return [dlg.say(run, "ack_old_town", old=mention.matched, town=mention.town.name)]
    return []


def _apply(dlg: Dialog, run: Run, slot: str, ans: Answer) -> list[Say]:
    """Store an accepted answer; return any specific acknowledgement it deserves."""
    data = run.data
    if slot == "description":
        replace = bool(run.doc.get("editing")) and not run.doc.pop("appending", False)
        add_description(dlg, run, str(ans.value), replace=replace)
        return []
    if slot == "town":
        if ans.special == "dont_know":
            data["town"] = None
            data["town_unknown"] = True
            return []
        return _set_town(dlg, run, ans.value)
    if slot == "address":
        data["address"] = str(ans.value or "")
        return [dlg.say(run, "ack_address_skipped")] if ans.special == "dont_know" else []
    if slot == "name":
        if ans.special == "anonymous":
            data["anonymous"], data["name"] = True, None
            return [dlg.say(run, "ack_anonymous")]
        data["name"], data["anonymous"] = str(ans.value), False
        if ans.special == "surname":
            data["name_partial"] = True
        else:
            data.pop("name_partial", None)
        return []
    if slot == "phone":
        data["phone"] = str(ans.value)
        return []
    if ans.special == "nothing":
        data["request"] = ""
        return [dlg.say(run, "ack_no_request")]
    data["request"] = str(ans.value)
    return []


def absorb(dlg: Dialog, run: Run, ex: Extracted, skip: str) -> tuple[list[str], list[Say]]:
    """Take whatever else the message says that is still missing; return the fields filled."""
    data, filled, acks = run.data, [], []
    # Only a missing phone is taken in passing (a different one may be somebody else's:
    # "老板电话是139…"); changing a known one goes through a correction.
    if ex.phone and skip != "phone" and ex.phone_count == 1 and not data.get("phone"):
        data["phone"] = ex.phone
        filled.append("phone")
    one_town = len({m.town.name for m in ex.towns}) == 1  # "从塔集搬到黎城": ask, not guess
    if ex.town and one_town and skip != "town" and data.get("town") is None:
        acks += _set_town(dlg, run, ex.town)
        filled.append("town")
    if ex.name and skip != "name" and not data.get("name") and not data.get("anonymous"):
        data["name"] = ex.name.name
        if ex.name.surname_only:
            data["name_partial"] = True
        filled.append("name")
    if ex.address and skip != "address" and "address" not in data:
        data["address"] = ex.address
        filled.append("address")
    if ex.request and skip != "request" and "request" not in data:
        data["request"] = ex.request
        filled.append("request")
    if (ex.anonymous and skip != "name" and not data.get("name") and not data.get("anonymous")
            and anonymity_allowed(run.doc)):
        data["anonymous"] = True
        acks.append(dlg.say(run, "ack_anonymous"))
    return filled, acks


def _correction(dlg: Dialog, run: Run, text: str, slot: str | None) -> bool:
    """A correction of an earlier answer ("我换号了，13812345678"): fix it and carry on."""
    field = edit_field(text) if _EDIT_INTENT.search(text) else None
    if not field or field == slot or not run.data.get(field):
        return False
    if _change(dlg, run, text, field):
        run.add(dlg.say(run, "edit_done"))
        advance(dlg, run)
        return True
    if len(core(text)) <= 10:  # a short "地址错了" without the new value: ask for it
        _start_edit(dlg, run, field)
        return True
    return False


def on_slot(dlg: Dialog, run: Run, text: str) -> None:
    state = STATES[run.state]
    slot = state.slot or "description"
    if run.state == "ask_anonymous" and keeps_name(text):
        run.goto("ask_name")
        return
    if _correction(dlg, run, text, slot):
        return
    ex = extract(text, dlg.gazetteer)
    ans = _answer(dlg, run, slot, text, ex)
    acks = _apply(dlg, run, slot, ans) if ans.ok else []
    filled, extra_acks = absorb(dlg, run, ex, skip=slot)
    acks += extra_acks
    if not ans.ok:
        _not_an_answer(dlg, run, slot, text, ex, ans, filled, acks)
        return
    run.reset_attempts(slot)
    if slot == "description" and not run.doc.get("editing"):
        if filled:
            run.add(dlg.say(run, "ack_description_fields", fields=labels(dlg, filled)))
        else:
            run.add(dlg.say(run, "ack_description"))
    elif filled:
        run.add(dlg.say(run, "ack_fields", fields=labels(dlg, [slot, *filled])))
    elif not acks and not (slot == "town" and ans.special == "dont_know"):
        run.add(_ack(dlg, run))  # (the next question already starts with "没关系")
    for a in acks:
        run.add(a)
    advance(dlg, run)


def _not_an_answer(
    dlg: Dialog, run: Run, slot: str, text: str, ex: Extracted, ans: Answer,
    filled: list[str], acks: list[Say],
) -> None:
    data = run.data
    for a in acks:
        run.add(a)
    field = edit_field(text) if _EDIT_INTENT.search(text) else None
    if field and data.get(field) is not None and not filled:
        # A correction in the middle ("名字写错了，是王大海"): fix it, then carry on.
        if _change(dlg, run, text, field):
            run.add(dlg.say(run, "edit_done"))
            advance(dlg, run)
        else:
            _start_edit(dlg, run, field)
        return
    bare = re.sub(r"[\s，,。.!！]", "", normalize(text))
    partial = str(data.get("name") or "") if data.get("name_partial") else ""
    if slot != "name" and plausible_name(bare) and not data.get("anonymous") and (
            not data.get("name") or (partial and bare.startswith(partial))):
        # "李明" right after "我姓李" (or a bare name before we asked): the full name.
        data["name"] = bare
        data.pop("name_partial", None)
        run.add(dlg.say(run, "ack_fields", fields=label(dlg, "name")))
        advance(dlg, run)
        return
    if (slot not in ("address", "description") and data.get("address")
            and _ADDRESS_TAIL.fullmatch(normalize(text).strip(" ，,。."))):
        # "三组" right after "建设村": the citizen is finishing the address.
        data["address"] = str(data["address"]) + normalize(text).strip(" ，,。.")
        run.add(dlg.say(run, "ack_address_more"))
        advance(dlg, run)
        return
    if (slot != "description" and data.get("description") and not filled
            and is_narrative(text) and not phone_like(text)):
        # More about the matter while we asked something else: keep it, then ask again.
        add_description(dlg, run, ex.without_contacts() or text)
        run.add(dlg.say(run, "ack_more"))
        advance(dlg, run)
        return
    if filled:
        run.add(dlg.say(run, "ack_fields", fields=labels(dlg, filled)))
        advance(dlg, run)
        return
    if is_done(text) and slot != "description":
        run.add(_ack(dlg, run))
        return  # the question is asked again at the end of the turn
    if is_greeting(text) or is_thanks(text):
        if run.state == "ask_description":
            run.add(dlg.say(run, "ask_description_hello"), asks=True)
        return  # the question is asked again at the end of the turn
    if ans.special == "intent":
        intent = intent_of(text)
        if intent:
            data["intent"] = intent
    if run.attempt(slot) >= dlg.max_attempts:
        dlg.handoff(run, "stuck")
        return
    say = dlg.say(run, ans.problem or "bad_" + slot, **ans.values)
    if slot == "town":
        say = Say(say.text, say.short, _town_choices(dlg))
    run.add(say, asks=True)


def _ack(dlg: Dialog, run: Run) -> Say:
    p = dlg.prompts.get("ack", run.channel)
    if p.variants:
        word = p.variants[len(run.doc.get("transcript", [])) % len(p.variants)]
        return Say(word, word)
    return dlg.say(run, "ack")


# -------------------------------------------------------------------------------- media, location


def on_media(dlg: Dialog, run: Run, turn: UserTurn) -> None:
    d = run.doc
    if not d.get("consent_at"):
        if run.state != "consent":
            run.add(dlg.say(run, "greeting"))
            run.goto("consent")
        # Kept aside, attached once the citizen agrees (dropped if they decline).
        d.setdefault("held_attachments", []).extend(dict(a) for a in turn.attachments)
        run.add(dlg.say(run, "attachment_before_consent"))
        return
    if not STATES[run.state].collecting:
        start_draft(dlg, run)
        run.goto("ask_description")
    if run.state == "consent":
        return
    if turn.attachments:
        run.data.setdefault("attachments", []).extend(dict(a) for a in turn.attachments)
        kinds = [str(a.get("kind", "file")) for a in turn.attachments]
        words = [str(dlg.prompts.words.get(k, dlg.prompts.word("attachment"))) for k in kinds]
        run.add(dlg.say(run, "got_attachment", what=dlg.prompts.word("list_separator").join(
            dict.fromkeys(words))))
    if turn.location:
        on_location(dlg, run, *turn.location)


def on_location(dlg: Dialog, run: Run, lat: float, lon: float, place: str) -> None:
    data, g = run.data, dlg.gazetteer
    data["location"] = {"lat": float(lat), "lon": float(lon), "label": str(place or "")}
    if not g.in_county(lat, lon):
        if data.get("town") is None and run.state != "ask_description":
            run.goto("ask_town")
            run.add(dlg.say(run, "location_outside"), asks=True)
        return
    town, _ = g.nearest(lat, lon)
    if data.get("town") is None or run.state == "ask_town":
        data["town"] = town.name
        data.pop("town_unknown", None)
        run.add(dlg.say(run, "ack_location", town=town.name))
    if place and "address" not in data:
        address = strip_town(normalize(place), g)
        if address:
            data["address"] = address
    if run.state in ("ask_town", "ask_address"):
        run.reset_attempts()
        advance(dlg, run)


# -------------------------------------------------------------------------------- repeat petitions


def on_repeat(dlg: Dialog, run: Run, text: str) -> None:
    d, data = run.doc, run.data
    rep = d.get("repeat") or {}
    choices = dlg.prompts.get("repeat_ask", run.channel).choices
    t = core(text)
    new = text.strip() == (choices[0] if choices else "") or any(w in t for w in _NEW_WORDS)
    follow = text.strip() == (choices[1] if len(choices) > 1 else "") or (
        not new and any(w in t for w in _FOLLOW_WORDS))
    if new or follow:
        d["repeat_checked"] = True
        run.reset_attempts("repeat")
        if follow and rep.get("case_id"):
            data["follow_up_of"] = rep["case_id"]
            data["follow_up_number"] = rep.get("case_number", "")
            run.add(dlg.say(run, "repeat_follow_up", case_number=rep.get("case_number", "")))
        else:
            run.add(dlg.say(run, "repeat_new"))
        advance(dlg, run)
        return
    if _correction(dlg, run, text, None):
        return
    # Something else (more of the story, a phone, the request): keep it, then ask again.
    ex = extract(text, dlg.gazetteer)
    filled, acks = absorb(dlg, run, ex, skip="")
    _not_an_answer(dlg, run, "repeat", text, ex, Answer(problem="bad_repeat"), filled, acks)


# -------------------------------------------------------------------------------- summary, edits


_ADDRESS_TAIL = re.compile(
    r"[0-9一二三四五六七八九十百]{1,4}(?:组|队|号|栋|幢|单元|室|号楼|楼)(?:[0-9一二三四五六七八九十]{1,4}"
    r"(?:号|单元|室|楼))*"
)
_NOT_WRONG = re.compile(r"没错|没有错|没问题|不错|对的|正确|都对")


def edit_field(text: str) -> str | None:
    """Which field a correction is about; "电话没错，地址错了" is about the address."""
    t = normalize(text)
    clauses = [c for c in re.split(r"[，,。.;；!！\s]+", t) if c]
    for clause in clauses:
        if _EDIT_INTENT.search(_NOT_WRONG.sub("", clause)):
            for field, rx in _EDIT_FIELDS:
                if rx.search(clause):
                    return field
    for field, rx in _EDIT_FIELDS:
        if rx.search(_NOT_WRONG.sub("", t)) and not (len(clauses) > 1 and _NOT_WRONG.search(t)):
            return field
    return None


def _change(dlg: Dialog, run: Run, text: str, field: str | None) -> bool:
    """Apply a correction that carries its new value ("电话改成139…", "改成塔集镇")."""
    data = run.data
    m = _VALUE_AFTER.search(normalize(text))
    value = m.group(1).strip() if m else ""
    ex = extract(value or text, dlg.gazetteer)
    if field in (None, "phone") and ex.phone:
        data["phone"] = ex.phone
        return True
    if field in (None, "town") and ex.town:
        _set_town(dlg, run, ex.town)
        return True
    if field in (None, "name") and ex.name:
        data["name"], data["anonymous"] = ex.name.name, False
        if not ex.name.surname_only:
            data.pop("name_partial", None)
        return True
    if not value:
        return False
    if field == "name" or field is None:
        ans = answer_name(value, extract(value, dlg.gazetteer),
                          anonymity=anonymity_allowed(run.doc))
        if ans.ok and ans.special != "anonymous" or (field == "name" and ans.ok):
            _apply(dlg, run, "name", ans)
            return True
    if field == "address" or (field is None and ex.address):
        ans = answer_address(value, extract(value, dlg.gazetteer), dlg.gazetteer)
        if ans.ok and ans.special != "dont_know":
            data["address"] = str(ans.value)
            return True
    if field in ("request", "description") and meaningful(value):
        if field == "request":
            data["request"] = value
        else:
            add_description(dlg, run, value, replace=True)
        return True
    return False


def _start_edit(dlg: Dialog, run: Run, field: str) -> None:
    run.doc["editing"] = True
    run.add(dlg.say(run, "edit_intro", field=label(dlg, field)))
    if field == "name" and anonymity_allowed(run.doc):
        run.goto("ask_anonymous")
    else:
        run.goto(SLOT_STATE[field])


def on_confirm(dlg: Dialog, run: Run, text: str) -> None:
    choices = dlg.prompts.get("summary", run.channel).choices
    stripped = text.strip()
    if (choices and stripped == choices[0]) or is_yes(text):
        submit(dlg, run)
        return
    if len(choices) > 1 and stripped == choices[1]:
        run.goto("edit_which")
        return
    if wants_to_add(text):
        run.doc["editing"], run.doc["appending"] = True, True
        run.goto("ask_description")
        run.add(dlg.say(run, "add_more"), asks=True)
        return
    field = edit_field(text)
    if _change(dlg, run, text, field):
        run.reset_attempts("confirm")
        run.add(dlg.say(run, "edit_done"))
        return  # the summary is shown again at the end of the turn
    if field and (_EDIT_INTENT.search(text) or len(core(text)) <= 8):
        _start_edit(dlg, run, field)
        return
    if _EDIT_INTENT.search(text):
        run.goto("edit_which")
        return
    if is_narrative(text):
        add_description(dlg, run, text)
        run.add(dlg.say(run, "ack_more"))
        return
    if run.attempt("confirm") >= dlg.max_attempts:
        dlg.handoff(run, "stuck")
        return
    run.add(dlg.say(run, "bad_confirm"), asks=True)


def on_edit_which(dlg: Dialog, run: Run, text: str) -> None:
    choices = dlg.prompts.get("edit_which", run.channel).choices
    stripped = text.strip()
    field = FIELDS[choices.index(stripped)] if stripped in choices[: len(FIELDS)] else None
    field = field or edit_field(text)
    if _change(dlg, run, text, None):
        run.add(dlg.say(run, "edit_done"))
        run.goto("confirm")
        return
    if field:
        _start_edit(dlg, run, field)
        return
    if run.attempt("edit") >= dlg.max_attempts:
        dlg.handoff(run, "stuck")
        return
    # The question ("您想改哪一项？") is asked again at the end of the turn.


# -------------------------------------------------------------------------------- submission


def submit(dlg: Dialog, run: Run) -> None:
    d, data = run.doc, run.data
    analysis = analyze(dlg, run) or dict(UNCLASSIFIED)
    color = analysis["color"] if analysis["color"] in COLORS else "yellow"
    due = None
    if run.ctx is not None:
        try:
            due = run.ctx.due_at(color, run.now)
        except Exception:  # noqa: BLE001 - staff confirm the deadline instead
            due = None
    case = build_case(d, analysis, due, run.channel)
    run.effect("submit", case)

    run.add(dlg.say(run, "submitted"))
    if due is not None and due.at is not None:
        run.add(dlg.say(run, "next_" + color, due=due.label))
    else:
        run.add(dlg.say(run, "due_unknown"))
    legal = analysis.get("legal_path") or {}
    if color == "orange" and legal.get("advice"):
        run.add(dlg.say(run, "legal_advice", advice=legal["advice"]))
    if not analysis.get("auto"):
        run.add(dlg.say(run, "needs_review"))
    if data.get("anonymous"):
        run.add(dlg.say(run, "anonymous_note"))
    run.add(dlg.say(run, "notify"))

    d["last_submit"] = {"at": run.now.isoformat(), "color": color}
    kept = {k: data[k] for k in ("phone", "name", "anonymous") if data.get(k) is not None}
    d["data"] = kept
    for key in ("analysis", "editing", "repeat", "repeat_checked", "held"):
        d.pop(key, None)
    d["attempts"] = {}
    run.goto("submitted")
