"""The summary before submitting, corrections in the citizen's own words, and submission."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from dialogs import collect
from dialogs.case import UNCLASSIFIED, build_case
from dialogs.commands import core, is_yes, normalize, wants_to_add
from dialogs.run import Run
from dialogs.slots import (
    answer_address,
    answer_name,
    extract,
    is_narrative,
    meaningful,
    summary_text,
)
from dialogs.states import SLOT_STATE
from nlp.entities import mask_ids
from nlp.types import COLORS

if TYPE_CHECKING:
    from dialogs.engine import Dialog

_EDIT_FIELDS = (
    ("phone", re.compile(r"电话|手机|号码|联系方式|换号|新号")),
    ("address", re.compile(r"地址|住址|门牌")),
    ("town", re.compile(r"镇|街道|乡|地点")),
    ("name", re.compile(r"名字|姓名|称呼|名$|叫错|姓")),
    ("request", re.compile(r"诉求|要求|希望")),
    ("description", re.compile(r"事情|经过|内容|情况|描述|问题|事由")),
)
EDIT_INTENT = re.compile(r"改|不对|错|有误|更正|不是|修正|更新|换")
_VALUE_AFTER = re.compile(
    r"(?:改成|改为|应该是|应为|换成|更正为|正确的是|写成|(?:电话|手机|号码|地址|名字|姓名|诉求)(?:是|为)"
    r"|[，,]\s*(?:是|应是))"
    r"[:：]?\s*(.+)$"
)


def summary_values(dlg: Dialog, d: dict[str, Any]) -> dict[str, Any]:
    data = d.get("data", {})
    w = dlg.prompts.word
    desc = mask_ids(str(data.get("description") or ""))
    unknown = w("same_place") if data.get("follow_up_of") else w("unknown")
    place = str(data.get("town") or unknown)
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



# -------------------------------------------------------------------------------- summary, edits


_NOT_WRONG = re.compile(r"没错|没有错|没问题|不错|对的|正确|都对")


def edit_field(text: str) -> str | None:
    """Which field a correction is about; "电话没错，地址错了" is about the address."""
    t = normalize(text)
    clauses = [c for c in re.split(r"[，,。.;；!！\s]+", t) if c]
    for clause in clauses:
        if EDIT_INTENT.search(_NOT_WRONG.sub("", clause)):
            for field, rx in _EDIT_FIELDS:
                if rx.search(clause):
                    return field
    for field, rx in _EDIT_FIELDS:
        if rx.search(_NOT_WRONG.sub("", t)) and not (len(clauses) > 1 and _NOT_WRONG.search(t)):
            return field
    return None


def change(dlg: Dialog, run: Run, text: str, field: str | None) -> bool:
    """Apply a correction that carries its new value ("电话改成139…", "改成塔集镇")."""
    data = run.data
    m = _VALUE_AFTER.search(normalize(text))
    value = m.group(1).strip() if m else ""
    ex = extract(value or text, dlg.gazetteer)
    if field in (None, "phone") and ex.phone:
        data["phone"] = ex.phone
        return True
    if field in (None, "town") and ex.town:
        collect.set_town(dlg, run, ex.town)
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
                          anonymity=collect.anonymity_allowed(run.doc))
        if ans.ok and ans.special != "anonymous" or (field == "name" and ans.ok):
            collect.apply_answer(dlg, run, "name", ans)
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
            collect.add_description(dlg, run, value, replace=True)
        return True
    return False


def start_edit(dlg: Dialog, run: Run, field: str) -> None:
    run.doc["editing"] = True
    run.add(dlg.say(run, "edit_intro", field=collect.label(dlg, field)))
    if field == "name" and collect.anonymity_allowed(run.doc):
        run.goto("ask_anonymous")
    else:
        run.goto(SLOT_STATE[field])


def on_confirm(dlg: Dialog, run: Run, text: str) -> None:
    choices = dlg.prompts.get("summary", run.channel).choices
    stripped = text.strip()
    if (choices and stripped == choices[0]) or is_yes(text):
        if collect.missing(run.doc):  # never submit an incomplete case, whatever led here
            collect.advance(dlg, run)
            return
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
    if change(dlg, run, text, field):
        run.reset_attempts("confirm")
        run.add(dlg.say(run, "edit_done"))
        return  # the summary is shown again at the end of the turn
    if field and (EDIT_INTENT.search(text) or len(core(text)) <= 8):
        start_edit(dlg, run, field)
        return
    if EDIT_INTENT.search(text):
        run.goto("edit_which")
        return
    if is_narrative(text):
        if collect.add_description(dlg, run, text):
            run.add(dlg.say(run, "ack_more"))
        return
    if run.attempt("confirm") >= dlg.max_attempts:
        dlg.handoff(run, "stuck")
        return
    run.add(dlg.say(run, "bad_confirm"), asks=True)


def on_edit_which(dlg: Dialog, run: Run, text: str) -> None:
    choices = dlg.prompts.get("edit_which", run.channel).choices
    stripped = text.strip()
    field = collect.FIELDS[choices.index(stripped)] if stripped in choices[: len(collect.FIELDS)] else None
    field = field or edit_field(text)
    if change(dlg, run, text, None):
        run.add(dlg.say(run, "edit_done"))
        run.doc["editing"] = True
        collect.advance(dlg, run)  # the summary, or first what is still missing
        return
    if field:
        start_edit(dlg, run, field)
        return
    if run.attempt("edit") >= dlg.max_attempts:
        dlg.handoff(run, "stuck")
        return
    # The question ("您想改哪一项？") is asked again at the end of the turn.


# -------------------------------------------------------------------------------- submission


def submit(dlg: Dialog, run: Run) -> None:
    d, data = run.doc, run.data
    analysis = collect.analyze(dlg, run) or dict(UNCLASSIFIED)
    if data.get("anonymous") and analysis["nature"] != "投诉举报":
        # Anonymity was offered on the matter alone; with the request the model reads it
        # otherwise. The promise is kept, and staff confirm the classification.
        analysis["auto"] = False
    # None is 常规 (config/colour_rule.toml: no rule matched); its deadline rule is "none".
    color = analysis["color"] if analysis["color"] in COLORS else None
    due = None
    if run.ctx is not None:
        try:
            due = run.ctx.due_at(color or "none", run.now)
        except Exception:  # noqa: BLE001 - staff confirm the deadline instead
            due = None
    case = build_case(d, analysis, due, run.channel)
    run.effect("submit", case)

    run.add(dlg.say(run, "submitted"))
    if due is not None and due.at is not None:
        run.add(dlg.say(run, "next_" + (color or "none"), due=due.label))
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

    d["last_submit"] = {"at": run.stamp, "color": color}
    kept = {k: data[k] for k in ("phone", "name", "anonymous") if data.get(k) is not None}
    d["data"] = kept
    for key in ("analysis", "editing", "repeat", "repeat_checked", "held"):
        d.pop(key, None)
    d["attempts"] = {}
    run.goto("submitted")
