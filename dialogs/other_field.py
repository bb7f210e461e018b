"""A value for another field said at the current question: taken for that field, said back,
and the current question asked again (as a counter clerk does).

"盛世华庭7栋" or "俺就想把工钱要回来" at the town question, "俺闺女叫房春梅 俺是她娘" at the address
question: the message is no answer to the question open (the handler found none), so it is
read as the answer to each question still missing (nlp.other_field; the name reader as if the
name was asked). A phone, a local landline after its word included, is taken by
dialogs/slots.py extract at any question. What is taken is said back with the field's name and
its value; nothing of it goes into the account.
"""

from __future__ import annotations

import re

from dialogs.context import Step
from dialogs.fields import label
from dialogs.slots import Extracted
from nlp.entities import NameMention
from nlp.hanzi import cjk_count
from nlp.other_field import estate_and_units, wanted

# The words that say a name is being given (a name read as the answer to the name question
# must be introduced so at another question; a bare name is taken by the handler already).
_NAME_CUE = re.compile(r"叫|姓|名字|姓名|全名|大名|名(?!额|单|下|义)")
_MAX_CJK = 24  # (an answer to another question is short: a longer message is more of the story)


def take_for_other_fields(step: Step, slot: str, text: str, ex: Extracted) -> list[str]:
    """Fill the missing fields other than `slot` that `text` answers as a whole; the fields
    filled (the caller says them back and asks `slot` again)."""
    data, u = step.data, step.ctx.understanding
    if cjk_count(text) > _MAX_CJK:
        return []
    filled: list[str] = []
    if slot == "town" and data.address is None:
        place = estate_and_units(text)
        if place:
            data.address = place
            filled.append("address")
    if slot != "name" and not data.name and not data.anonymous and u is not None and \
            _NAME_CUE.search(text) and not ex.towns:
        found_name = u.names.find(text, asked=True) or _name_apart(step, text)
        if found_name is not None:
            data.name, data.name_partial = found_name.name, found_name.surname_only
            filled.append("name")
    if slot != "request" and data.request is None and not filled:
        want = wanted(text)
        if want:
            data.request = want
            filled.append("request")
    return filled


def _name_apart(step: Step, text: str) -> NameMention | None:
    """"先记一下我名字 尤国平": the name stands apart, after the words that introduce it."""
    u = step.ctx.understanding
    if u is None:
        return None
    for seg in reversed(re.split(r"[\s，,。.!！、]+", text)):
        found = u.names.find(seg, asked=True) if len(seg) >= 2 else None
        if found is not None and found.name == seg:
            return found
    return None


def say_back(step: Step, fields: list[str]) -> None:
    """Each value taken, said back with its field's name ("好的，地址记下了：盛世华庭7栋。")."""
    for field in fields:
        step.tell("ack_other_field", field=label(step, field), value=getattr(step.data, field))
