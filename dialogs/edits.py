"""Corrections in the citizen's own words: "电话写错了", "改成塔集镇", "名字错了，是王大海"."""

from __future__ import annotations

import re

from dialogs.commands import core, normalize
from dialogs.context import Step
from dialogs.fields import (
    add_description,
    advance,
    anonymity_allowed,
    apply_answer,
    label,
    set_town,
)
from dialogs.slots import answer_address, answer_name, extract, meaningful
from dialogs.states import SLOT_STATE

_EDIT_FIELDS = (
    ("phone", re.compile(r"电话|手机|号码|联系方式|换号|新号")),
    ("address", re.compile(r"地址|住址|门牌")),
    ("town", re.compile(r"镇|街道|乡|地点")),
    ("name", re.compile(r"名字|姓名|称呼|名$|叫错|姓")),
    ("request", re.compile(r"诉求|要求|希望")),
    ("description", re.compile(r"事情|经过|内容|情况|描述|问题|事由")),
)
# (改 and 换 as the first character of another word are no correction: 道路改造, 改建, 换届)
EDIT_INTENT = re.compile(r"改(?!造|革|善|建|装|变|进|制|良|嫁|道|线)|不对|错|有误|更正|不是|修正|更新|"
                         r"换(?!届|季|药|水管|管子|灯)")
# The old value a correction names to take it back ("不是黎城街道", "而不是五组"): never the new one.
_NEGATED = re.compile(r"[而并]?不是[^，,。.;；!！\s是]+")
_VALUE_AFTER = re.compile(
    r"(?:改成|改为|应该是|应为|换成|更正为|正确的是|写成|(?:电话|手机|号码|地址|名字|姓名|诉求)(?:是|为)"
    r"|[，,]\s*(?:是|应是))"
    r"[:：]?\s*(.+)$"
)
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


def change(step: Step, text: str, field: str | None) -> bool:
    """Apply a correction that carries its new value ("电话改成139…", "改成塔集镇")."""
    data, gazetteer = step.data, step.ctx.gazetteer
    text = _NEGATED.sub(" ", normalize(text)).strip()  # "是戴楼街道 不是黎城街道": 戴楼
    if not text:
        return False  # only the old value ("不是黎城街道", what is left once the new one was taken)
    m = _VALUE_AFTER.search(text)
    value = m.group(1).strip() if m else ""
    ex = extract(value or text, gazetteer)
    if field in (None, "phone") and ex.phone:
        data.phone = ex.phone
        return True
    if field in (None, "town") and ex.town:
        set_town(step, ex.town)
        return True
    if field in (None, "name") and ex.name:
        data.name, data.anonymous = ex.name.name, False
        if not ex.name.surname_only:
            data.name_partial = False
        return True
    if not value:
        return False
    if field == "name" or field is None:
        ans = answer_name(value, extract(value, gazetteer),
                          anonymity=anonymity_allowed(step.conv))
        if ans.ok and ans.special != "anonymous" or (field == "name" and ans.ok):
            apply_answer(step, "name", ans)
            return True
    if field == "address" or (field is None and ex.address):
        ans = answer_address(value, extract(value, gazetteer), gazetteer)
        if ans.ok and ans.special != "dont_know":
            data.address = str(ans.value)
            return True
    if field in ("request", "description") and meaningful(value):
        if field == "request":
            data.request = value
        else:
            add_description(step, value, replace=True)
        return True
    return False


def start_edit(step: Step, field: str) -> None:
    step.conv.editing = True
    step.tell("edit_intro", field=label(step, field))
    if field == "name" and anonymity_allowed(step.conv):
        step.goto("ask_anonymous")
    else:
        step.goto(SLOT_STATE[field])


def correction(step: Step, text: str, slot: str | None) -> bool:
    """A correction of an earlier answer ("我换号了，13812345678"): fix it and carry on."""
    field = edit_field(text) if EDIT_INTENT.search(text) else None
    if not field or field == slot or not getattr(step.data, field):
        return False
    if slot == "description" and len(core(text)) > 40:
        return False  # a long account naming a place is the account, never a correction of it
    if not core(_NEGATED.sub("", normalize(text))):
        return True  # only the old value is left ("不是黎城街道"): the new one was taken already
    if change(step, text, field):
        step.tell("edit_done")
        advance(step)
        return True
    if len(core(text)) <= 10:  # a short "地址错了" without the new value: ask for it
        start_edit(step, field)
        return True
    return False
