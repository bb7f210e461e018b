"""The petition's fields: what is missing, storing answers, and moving to the next question.

Shared by the handlers (collect, review, consent, ...): every function works on a `Step` and
the conversation it carries, never on the engine.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from dialogs.api import Say
from dialogs.case import analysis_to_dict, matter_text, open_similar_case
from dialogs.commands import cjk_count, is_greeting, is_no, is_thanks, is_yes, normalize
from dialogs.context import Step
from dialogs.conversation import Conversation, RepeatOffer
from dialogs.slots import (
    Answer,
    Extracted,
    intent_of,
    intent_only,
    is_urgent,
    meaningful,
    where_it_happened,
)
from dialogs.states import FIELDS, SLOT_STATE, STATES
from nlp.address_cues import finer_place
from nlp.entities import normalize_phone
from nlp.report_verb import asks_for_self, files_report
from nlp.understanding import asks_something

MAX_DESCRIPTION = 10_000  # five full messages; more goes to the transcript, not the summary


# -------------------------------------------------------------------------------- what a text is


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
    if not substantive(t) or intent_only(t) or about_notice:
        return False
    # A short matter ("路灯坏了", "水沟堵了") is kept too: after consent the understanding reads
    # every held message like any other (dialogs/understand.py), so small talk is not stored.
    return cjk_count(t) >= 6 or cjk_count(t) >= 3 and not question and bool(_TROUBLE.search(t))


_WHY = re.compile(r"为什么|什么意思|怎么")
_TROUBLE = re.compile(r"坏|堵|漏|塌|臭|吵|脏|乱|破|断|停|占|拆|欠|拖|打人|被|没人|不给|不管|不修|污染|噪音")

# A question about the notice itself ("为什么要收集我的信息？") is not the matter; a complaint
# about leaked personal data ("我的个人信息被泄露了") is.
_ABOUT_NOTICE = re.compile(r"隐私|信息|同意|收集|什么意思|为什么要|泄露|谁能看|谁看|保密|这是什么|你们是|"
                           r"安全|可靠|是真的|官方")


# -------------------------------------------------------------------------------- wording


def day_label(step: Step, when: datetime) -> str:
    return step.ctx.prompts.word("date_format").format(month=when.month, day=when.day)


def label(step: Step, field: str) -> str:
    return step.ctx.prompts.word("field_" + field)


def labels(step: Step, fields: list[str]) -> str:
    ordered = sorted(dict.fromkeys(fields), key=lambda f: FIELDS.index(f) if f in FIELDS else 99)
    return step.ctx.prompts.word("list_separator").join(label(step, f) for f in ordered)


def town_choices(step: Step) -> tuple[str, ...]:
    return tuple(t.name for t in step.ctx.gazetteer.towns)


# -------------------------------------------------------------------------------- the draft


def anonymity_allowed(conv: Conversation) -> bool:
    """Anonymity is for 投诉举报 only (the county's rule)."""
    data = conv.data
    nature = (conv.analysis or {}).get("nature")
    return nature == "投诉举报" or "举报" in (data.description or "") or data.intent == "举报"


def missing(conv: Conversation) -> list[str]:
    data = conv.data
    out = []
    if not data.description:
        out.append("description")
    if data.town is None and not data.town_unknown:
        out.append("town")
    if data.address is None:
        out.append("address")
    # (a report needs no name: a surname alone is kept once the full name was asked for once)
    partial = data.name_partial and not (anonymity_allowed(conv) and "fullname" in conv.notes.explained)
    if (not data.name or partial) and not data.anonymous and data.intent != "咨询":
        out.append("name")  # (a consultation needs the question and a phone only; a surname
        # alone is not a name for a 信访 record: the full name is asked for)
    if data.phone is None:  # "" = declined (投诉举报 may be filed without a phone)
        out.append("phone")
    if data.request is None:
        out.append("request")
    return out


def has_draft(conv: Conversation) -> bool:
    """A draft worth offering to continue (not just the notice shown)."""
    return STATES[conv.state].collecting and (
        bool(conv.data.description) or conv.state != "consent")


def analyze(step: Step) -> dict[str, Any] | None:
    text = matter_text(step.data.description, step.data.request)
    if step.services is None or not text:
        return None
    try:
        analysis = analysis_to_dict(step.services.analyze(text))
        nature = analysis["nature"]  # the model's, coloured by the classifier
        if step.data.intent != "咨询" and analysis["nature"] == "咨询":
            # a petition that opened with a question ("问一下工伤认定要多长时间", then the wrong
            # told): its nature is read from what it tells, without the question
            told = _without_questions(step, text)
            if told and told != text:
                again = analysis_to_dict(step.services.analyze(told))
                if again["nature"] != "咨询":
                    analysis["nature"], analysis["nature_confidence"] = again["nature"], again["nature_confidence"]
    except Exception:  # noqa: BLE001 - a classifier failure must not lose the petition
        return None
    if step.data.intent == "咨询" and analysis["nature"] != "咨询":
        # A question taken down on the consultation path (dialogs/understand.py) is a 咨询,
        # whatever the nature model reads in its few words ("养老金今年标准涨了没有").
        analysis["nature"] = "咨询"
    elif analysis["nature"] != "投诉举报" and files_report(step.data.description or "", step.data.intent) and not (
            asks_for_self(step.data.request or "")):
        # "我要举报我们村会计…": the citizen's own report verb (nlp.report_verb) files a report
        analysis["nature"] = "投诉举报"
    rule = step.services.colour_rule
    if analysis["nature"] != nature and rule is not None:
        # the county's rule (config/colour_rule.toml) colours the nature the dialog decided
        analysis["color"] = rule.colour(analysis["nature"], multi_department=analysis["multi_department"],
                                        text=normalize(text))
    elif analysis["nature"] != nature:
        analysis["color"] = None  # (no rule given: 常规, staff colour it)
    return analysis


def _without_questions(step: Step, text: str) -> str:
    """The lines of `text` (one a message) that tell something rather than ask."""
    u = step.ctx.understanding
    reader = u.grievances if u is not None else None
    if reader is None:
        return text
    return "\n".join(line for line in text.split("\n")
                     if reader.tells(line) or not asks_something(line))


def start_draft(step: Step, *, keep_contacts: bool = True, trim_transcript: bool = True) -> None:
    """Begin a new petition: forget the last one, keep name and phone when it was submitted.

    The transcript starts again too (the last petition's went out with its case; a cancelled
    one is not kept), except the current message.
    """
    conv = step.conv
    keep = None
    if keep_contacts and conv.state == "submitted":
        old = conv.data
        keep = old.contacts()
        keep.anonymous = None
        if old.anonymous:
            keep.name = None
    conv.reset_draft(keep)
    if trim_transcript:
        conv.transcript = [e for e in conv.transcript if e.get("time") == step.stamp]


def _prefill_phone(step: Step) -> None:
    """On SMS the sender is a phone number: use it rather than ask (the summary shows it)."""
    if step.channel != "sms" or step.data.phone:
        return
    meta = step.conv.meta
    sender = str(meta.get("sender", "")) if meta else ""
    phone = normalize_phone(sender) if sender else None
    if phone:
        step.data.phone = phone


def _needs_repeat_check(step: Step) -> bool:
    conv, data = step.conv, step.data
    if conv.repeat_checked or data.follow_up_of or step.services is None:
        return False
    code = (conv.analysis or {}).get("category_code", "")
    case = open_similar_case(step.services.recent_cases, str(data.phone or ""), code, step.now)
    if case is None:
        return False
    conv.repeat = RepeatOffer(case.case_id, case.case_number, day_label(step, case.submitted_at),
                              step.ctx.prompts.status_name(case.status))
    return True


def advance(step: Step) -> None:
    """Move to the question for the first missing field, or to the summary."""
    conv, data = step.conv, step.data
    _prefill_phone(step)
    todo = missing(conv)
    if conv.editing and not todo:
        conv.editing = False
        step.goto("confirm")
        return
    if "description" in todo:
        step.goto("ask_description")
    elif _needs_repeat_check(step):
        step.goto("repeat_check")
    elif todo:
        field = todo[0]
        if field == "name" and anonymity_allowed(conv) and not data.name_partial:
            step.goto("ask_anonymous")  # (a surname given: the full name is asked, ask_name)
        else:
            step.goto(SLOT_STATE[field])
    else:
        conv.analysis = analyze(step) or conv.analysis  # with the request: the final reading
        tell_legal_path(step)
        step.goto("confirm")


def legal_path_of(analysis: dict[str, Any] | None) -> dict[str, Any] | None:
    """The statutory route the citizen is told before the summary: the 依法分类处理清单's entry,
    for a 涉法涉诉 (orange) matter or any matter the list covers; None when the petition office
    itself handles it."""
    a = analysis or {}
    legal = a.get("legal_path")
    return legal if isinstance(legal, dict) and legal.get("path") else None


def tell_legal_path(step: Step) -> None:
    """司法诉讼优先, 行政仲裁/复议后置, 信访兜底: the path and its body in plain words, and the
    citizen's three choices (register anyway, stop, see the lawyer room) — before the summary."""
    legal = legal_path_of(step.conv.analysis)
    if legal is not None:
        step.tell("legal_path_notice", path=legal["path"], department=legal["department"],
                  advice=legal.get("advice", ""), lawyer_room=step.say("lawyer_room").text)


# -------------------------------------------------------------------------------- storing answers


def account_of(step: Step, text: str) -> str:
    """`text` without its clauses about the talk itself (who types, fears, pleas, doubts,
    apologies, process questions: nlp.clauses), "" when it is all such talk."""
    u = step.ctx.understanding
    reader = u.clauses if u is not None else None
    return reader.account(text) if reader is not None else text


def add_description(step: Step, text: str, *, replace: bool = False) -> bool:
    """Set or extend the matter with the account clauses of `text`; False when nothing of it
    is the account, or (and the citizen told) when the matter is already very long."""
    data = step.data
    old = data.description or ""
    told = account_of(step, text)
    if not told and (old and not replace):
        return False  # only talk about the talk: nothing to add, nothing said to be added
    text = told or text  # (a first account that is all talk is kept rather than lost)
    if not replace and old and len(old) + len(text) > MAX_DESCRIPTION:
        step.tell("description_full")
        return False
    data.description = text if replace or not old else old + "\n" + text
    intent = intent_of(text)
    if intent and not data.intent:
        data.intent = intent
    if not data.urgent and is_urgent(text):
        # A life or safety at risk: the petition goes on, but 110/120 first, said once.
        data.urgent = True
        step.tell("urgent_notice")
    step.conv.analysis = analyze(step)
    return True


def set_town(step: Step, mention: Any) -> list[Say]:
    step.data.town = mention.town.name
    step.data.town_unknown = False
    if mention.old_name:
        return [step.say("ack_old_town", old=mention.matched, town=mention.town.name)]
    return []


def apply_answer(step: Step, slot: str, ans: Answer) -> list[Say]:
    """Store an accepted answer; return any specific acknowledgement it deserves."""
    data = step.data
    if slot == "description":
        conv = step.conv
        replace = False
        if conv.editing:  # a correction replaces the matter, "我再补充一点" adds to it
            replace, conv.appending = not conv.appending, False
        add_description(step, str(ans.value), replace=replace)
        return []
    if slot == "town":
        if ans.special == "dont_know":
            data.town = None
            data.town_unknown = True
            return []
        return set_town(step, ans.value)
    if slot == "address":
        data.address = str(ans.value or "")
        return [step.say("ack_address_skipped")] if ans.special == "dont_know" else []
    if slot == "name":
        if ans.special == "anonymous":
            data.anonymous, data.name = True, None
            return [step.say("ack_anonymous")]
        data.name, data.anonymous = str(ans.value), False
        # (a surname alone after the explanation that offered it, "王先生", is accepted)
        data.name_partial = ans.special == "surname" and "name" not in step.conv.notes.explained
        return []
    if slot == "phone":
        data.phone = str(ans.value)
        return []
    if ans.special == "nothing":
        data.request = ""
        return [step.say("ack_no_request")]
    data.request = str(ans.value)
    return []


def absorb(step: Step, ex: Extracted, skip: str) -> tuple[list[str], list[Say]]:
    """Take whatever else the message says that is still missing; return the fields filled."""
    data = step.data
    filled: list[str] = []
    acks: list[Say] = []
    # Only a missing phone is taken in passing (a different one may be somebody else's:
    # "老板电话是139…"); changing a known one goes through a correction.
    if ex.phone and skip != "phone" and ex.phone_count == 1 and not data.phone:
        data.phone = ex.phone
        filled.append("phone")
    # "从塔集搬到黎城": ask, not guess; "我住在黎城，事情在塔集": 塔集
    town = ex.town if len({m.town.name for m in ex.towns}) == 1 else where_it_happened(ex)
    if town is not None and skip != "town" and data.town is None:
        acks += set_town(step, town)
        filled.append("town")
    if ex.name and skip != "name" and not data.name and not data.anonymous:
        data.name = ex.name.name
        if ex.name.surname_only and "name" not in step.conv.notes.explained:
            data.name_partial = True
        filled.append("name")
    if ex.address and skip != "address" and data.address is None:
        data.address = ex.address
        filled.append("address")
    elif ex.address and skip != "address" and data.address and finer_place(data.address, ex.address):
        data.address = ex.address  # "我是建设路社区的…" then "我住建设路66号院": the finer place
    if ex.request and skip != "request" and data.request is None:
        data.request = ex.request
        filled.append("request")
    if (ex.anonymous and skip != "name" and not data.name and not data.anonymous
            and anonymity_allowed(step.conv)):
        data.anonymous = True
        acks.append(step.say("ack_anonymous"))
    return filled, acks
