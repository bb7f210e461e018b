"""A refusal that carries a value, at the address, name or phone question (nlp.refusal_values):
the value is taken for the field and the declined detail is not asked for again.

    "哪个组就不说了，就写中心村吧"      -> address 中心村, "地点先记为：中心村"
    "全名就不说了，写个王先生吧"        -> name 王先生 (registered as given, not asked again)
    "手机不方便给，打我儿子的139…吧"   -> phone 139…
"""

from __future__ import annotations

from dialogs.context import Step
from dialogs.fields import advance, anonymity_allowed, label, set_town
from nlp.refusal_values import beside_refusal
from nlp.understanding import defers

_FIELD_OF_STATE = {"ask_address": "address", "ask_name": "name", "ask_anonymous": "name",
                   "ask_phone": "phone"}


def keep_value_beside_refusal(step: Step, text: str) -> bool:
    """True when the message declined a detail and gave the field's value beside it (stored,
    said back, on to the next question)."""
    field = _FIELD_OF_STATE.get(step.state)
    u = step.ctx.understanding
    if field is None or u is None or defers(text):
        return False  # ("这会儿不方便 晚上再弄": no refusal, a deferral)
    kept = beside_refusal(text, field, u.names, step.ctx.gazetteer)
    if kept is None:
        return False
    data, notes = step.data, step.conv.notes
    if kept.anonymous:
        # "我是匿名举报的 地址就写…大圩村吧": the value, and the name declined as the rules allow
        _value_and_anonymity(step, field, kept.value, text)
        return True
    if field == "address":
        found = step.ctx.gazetteer.find(text)
        if found and data.town is None:
            set_town(step, found[-1])
        data.address = kept.value
        step.tell("refuse_place_kept", place=kept.value)
    elif field == "name":
        # the refusal limits the name to what was given: registered so, not asked again
        data.name, data.name_partial, data.anonymous = kept.value, False, False
        if "fullname" not in notes.explained:
            notes.explained.append("fullname")
        step.tell("refuse_name_part_kept", name=kept.value)
    else:
        data.phone = kept.value
        step.tell("refuse_phone_other_kept", phone=kept.value)
    step.reset_attempts(field)
    advance(step)
    return True


def _value_and_anonymity(step: Step, field: str, value: str, text: str) -> None:
    """The value taken and said back; the name declined: a report is anonymous (said so), any
    other matter keeps the name question, where why it is needed is explained."""
    data = step.data
    if field == "address":
        found = step.ctx.gazetteer.find(text)
        if found and data.town is None:
            set_town(step, found[-1])
    setattr(data, field, value)
    step.reset_attempts(field)
    step.tell("ack_fields", fields=label(step, field))
    if anonymity_allowed(step.conv) and data.name is None:
        data.anonymous, data.name_partial = True, False
        step.tell("refuse_name_report")
    advance(step)
