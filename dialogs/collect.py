"""Collecting a petition: consent, then the fields in any order, one question at a time.

Functions here are the handlers of the collecting states of dialogs/states.py; they read one
message, change the document through `Run`, add acknowledgements, and move to the next state
with `advance`, which asks only for what is still missing. The question of the state the turn
ends in is added by the engine, so a handler never has to repeat it.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import TYPE_CHECKING, Any

from dialogs import review
from dialogs.api import Say
from dialogs.case import (
    analysis_to_dict,
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
    normalize,
    split_first_clause,
    wants_to_edit,
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
    is_urgent,
    meaningful,
    phone_like,
)
from dialogs.states import SLOT_STATE, STATES
from nlp.entities import normalize_phone, plausible_name

if TYPE_CHECKING:
    from dialogs.engine import Dialog

FIELDS = ("description", "town", "address", "name", "phone", "request")
# Sentences used by the handlers (besides each state's own question); checked at start.
PROMPTS = (
    "greeting", "consent_held", "consent_again", "consent_ok", "declined", "ask_description_more",
    "ask_description_hello", "ask_address_unknown_town", "ask_phone_anonymous", "ack",
    "ack_description", "ack_description_fields", "ack_more", "ack_address_more", "ack_fields",
    "ack_old_town", "ack_town", "ack_phone", "description_full", "urgent_notice", "who_am_i", "status_external",
    "ack_location", "location_outside", "ack_anonymous", "ack_no_request", "ack_address_skipped",
    "bad_description", "bad_town", "bad_address", "bad_name", "anonymous_not_allowed",
    "bad_anonymous", "bad_phone_mobile_length", "bad_phone_other_area", "bad_phone_unknown",
    "bad_phone_no_digits", "bad_request", "emoji", "voice_no_text", "too_long", "got_attachment",
    "attachment_before_consent", "summary_attachments", "summary_follow_up", "bad_confirm",
    "edit_intro", "edit_done", "edit_back", "add_more", "repeat_follow_up", "repeat_new", "bad_repeat",
    "submitted", "next_blue", "next_yellow", "next_orange", "next_red", "next_none", "due_unknown",
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
    "image", "video", "voice", "file", "link", "date_format", "location", "same_place",
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
    question = t.endswith(("?", "吗", "呢", "啥")) or bool(_WHY.search(t))
    about_notice = question and bool(_ABOUT_NOTICE.search(t))
    return substantive(t) and not intent_only(t) and cjk_count(t) >= 6 and not about_notice


_WHY = re.compile(r"为什么|什么意思|怎么")

# A question about the notice itself ("为什么要收集我的信息？") is not the matter; a complaint
# about leaked personal data ("我的个人信息被泄露了") is.
_ABOUT_NOTICE = re.compile(r"隐私|信息|同意|收集|什么意思|为什么要|泄露|谁能看|谁看|保密|这是什么|你们是|"
                           r"安全|可靠|是真的|官方")


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
        d["transcript"] = [e for e in d.get("transcript", []) if e.get("time") == run.stamp]


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
    name = run.state
    key, values = STATES[name].prompt, {}
    if key is None:
        return None
    if name == "consent":
        values = {"retention_days": dlg.retention_days}
    elif name == "ask_address" and data.get("town_unknown"):
        key = "ask_address_unknown_town"
    elif name == "ask_phone" and data.get("anonymous"):
        key = "ask_phone_anonymous"
    elif name == "repeat_check":
        values = dict(d.get("repeat") or {})
    elif name == "confirm":
        values = review.summary_values(dlg, d)
    elif name == "rating":
        pending = d.get("pending_rating") or {}
        values = {"case_number": pending.get("case_number", "")}
    say = dlg.say(run, key, **values)
    if name == "ask_town":
        say = Say(say.text, say.short, _town_choices(dlg))
    return say


def _town_choices(dlg: Dialog) -> tuple[str, ...]:
    return tuple(t.name for t in dlg.gazetteer.towns)


# -------------------------------------------------------------------------------- consent


def on_consent(dlg: Dialog, run: Run, text: str) -> None:
    d = run.doc
    first, rest = split_first_clause(text)
    if is_yes(text) or (rest and is_yes(first)):
        if rest and not is_yes(text) and worth_holding(rest):
            d.setdefault("held", []).append(rest)  # "同意，我家的低保被取消了"
        d["consent_at"] = run.stamp
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
        # "这次不会记录您的信息": what they wrote before declining is not kept either.
        d.pop("held", None)
        d.pop("held_attachments", None)
        d["data"], d["transcript"] = {}, []
        run.reset_attempts("consent")
        run.add(dlg.say(run, "declined"))
        run.goto("declined")
        return
    if is_greeting(text) or is_thanks(text):
        return  # "你好" while the notice is shown: show it again, nothing wrong was said
    if worth_holding(text):
        # The matter itself, before agreeing: kept for after consent, and not a wrong answer.
        held = d.setdefault("held", [])
        if len(held) < 10:
            held.append(text)
        run.add(dlg.say(run, "consent_held"))
        return  # the notice is asked again at the end of the turn
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


MAX_DESCRIPTION = 10_000  # five full messages; more goes to the transcript, not the summary


def add_description(dlg: Dialog, run: Run, text: str, *, replace: bool = False) -> bool:
    """Set or extend the matter; False (and the citizen told) when it is already very long."""
    data = run.data
    old = str(data.get("description") or "")
    if not replace and old and len(old) + len(text) > MAX_DESCRIPTION:
        run.add(dlg.say(run, "description_full"))
        return False
    data["description"] = text if replace or not old else old + "\n" + text
    intent = intent_of(text)
    if intent and not data.get("intent"):
        data["intent"] = intent
    if not data.get("urgent") and is_urgent(text):
        # A life or safety at risk: the petition goes on, but 110/120 first, said once.
        data["urgent"] = True
        run.add(dlg.say(run, "urgent_notice"))
    run.doc["analysis"] = analyze(dlg, run)
    return True


def set_town(dlg: Dialog, run: Run, mention: Any) -> list[Say]:
    run.data["town"] = mention.town.name
    run.data.pop("town_unknown", None)
    if mention.old_name:
        return [dlg.say(run, "ack_old_town", old=mention.matched, town=mention.town.name)]
    return []


def apply_answer(dlg: Dialog, run: Run, slot: str, ans: Answer) -> list[Say]:
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
        return set_town(dlg, run, ans.value)
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
        acks += set_town(dlg, run, ex.town)
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
    field = review.edit_field(text) if review.EDIT_INTENT.search(text) else None
    if not field or field == slot or not run.data.get(field):
        return False
    if review.change(dlg, run, text, field):
        run.add(dlg.say(run, "edit_done"))
        advance(dlg, run)
        return True
    if len(core(text)) <= 10:  # a short "地址错了" without the new value: ask for it
        review.start_edit(dlg, run, field)
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
    acks = apply_answer(dlg, run, slot, ans) if ans.ok else []
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
    elif acks or (slot == "town" and ans.special == "dont_know"):
        pass  # (the acknowledgement is specific, or the next question starts with "没关系")
    elif slot == "town":
        run.add(dlg.say(run, "ack_town", town=run.data["town"]))  # say it back: a wrong
    elif slot == "phone":  # town or a typo in the number is noticed at once
        run.add(dlg.say(run, "ack_phone", phone=run.data["phone"]))
    else:
        run.add(_ack(dlg, run))
    for a in acks:
        run.add(a)
    if slot in ("town", "name", "phone") and run.data.get("description"):
        # "在塔集镇，已经半年了没人管": the town, and more of the story around it.
        leftover = ex.without_contacts()
        for m in ex.towns:
            leftover = leftover.replace(m.matched, "")
        leftover = leftover.strip(" ，,。.！!、")
        story = _PLACE_TALK.sub("", leftover)  # "我住在，但事情发生在" tells nothing new
        if cjk_count(story) >= 5 and is_narrative(leftover) and add_description(
                dlg, run, leftover):
            run.add(dlg.say(run, "ack_more"))
    advance(dlg, run)


def _not_an_answer(
    dlg: Dialog, run: Run, slot: str, text: str, ex: Extracted, ans: Answer,
    filled: list[str], acks: list[Say],
) -> None:
    data = run.data
    for a in acks:
        run.add(a)
    if (slot != "phone" and ex.phone and ex.phone_count == 1 and phone_like(text)
            and ex.phone != data.get("phone")):
        # A bare number although the phone is known (e.g. the SMS sender's): use the new one.
        data["phone"] = ex.phone
        run.add(dlg.say(run, "ack_fields", fields=label(dlg, "phone")))
        advance(dlg, run)
        return
    if wants_to_edit(text) and any(data.get(f) for f in FIELDS):
        run.goto("edit_which")  # "修改" in the middle: which one?
        return
    field = review.edit_field(text) if review.EDIT_INTENT.search(text) else None
    if field and data.get(field) is not None and not filled:
        # A correction in the middle ("名字写错了，是王大海"): fix it, then carry on.
        if review.change(dlg, run, text, field):
            run.add(dlg.say(run, "edit_done"))
            advance(dlg, run)
        else:
            review.start_edit(dlg, run, field)
        return
    bare = re.sub(r"[\s，,。.!！]", "", normalize(text))
    partial = str(data.get("name") or "").lstrip("老小") if data.get("name_partial") else ""
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
        if add_description(dlg, run, ex.without_contacts() or text):
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


_ADDRESS_TAIL = re.compile(
    r"[0-9一二三四五六七八九十百]{1,4}(?:组|队|号|栋|幢|单元|室|号楼|楼)(?:[0-9一二三四五六七八九十]{1,4}"
    r"(?:号|单元|室|楼))*"
)


_PLACE_TALK = re.compile(
    r"住在|家在|事情|发生在|发生|就在|在|但是|但|是|的|那边|这边|那里|这里|附近|一带|镇上|街上|我们|我家|我|"
    r"电话|手机|号码|名字|叫"
)


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
            # The place is on the original case: a follow-up does not ask for it again.
            if data.get("town") is None:
                data["town_unknown"] = True
            data.setdefault("address", "")
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

