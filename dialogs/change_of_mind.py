"""Changes of mind about the name and the phone, read before the commands and the handlers.

- The name given after 匿名 was chosen ("算了 还是留名吧 我叫韦长顺", nlp/change_of_mind.py):
  read before the commands, so its 算了 is no cancel, and before the state's handler, so the
  name is neither the phone's wrong answer nor more of the account. The name in it is taken
  (with a phone or anything else still missing said with it); without one, the name question
  is asked.
- 匿名 chosen after the name was given, on a report ("算了 还是匿名吧"): anonymity, never a
  cancel (only where the commands would read a cancel; otherwise the refusal path answers it).
- A phone given after declining it, at a later question ("电话还是留一个吧 138…"): the phone,
  never the answer to the question open; what else the message says goes to the handler.

Then the conversation goes on with what is still missing, or shows the summary again.
"""

from __future__ import annotations

from dialogs.api import StepInput
from dialogs.commands import detect
from dialogs.contact_beside import keep_own_phone
from dialogs.context import Step
from dialogs.fields import absorb, advance, anonymity_allowed
from dialogs.slots import extract
from nlp.change_of_mind import (
    chooses_anonymity,
    takes_back_anonymity,
    without_phone_talk,
    without_take_back,
)


class ChangeOfMind:
    def __call__(self, step: Step, text: str, inp: StepInput) -> bool:
        if not text or not step.collecting:
            return False
        data = step.data
        if data.anonymous and takes_back_anonymity(text):
            _name_after_all(step, text)
            return True
        if data.name and not data.anonymous and anonymity_allowed(step.conv) and \
                chooses_anonymity(text):
            cmd = detect(text)
            if cmd is not None and cmd.kind == "cancel":  # ("算了 还是匿名吧": no cancel)
                data.anonymous, data.name, data.name_partial = True, None, False
                step.tell("refuse_name_report")
                advance(step)
                return True
        if data.phone == "" and step.state != "ask_phone":
            return _phone_after_all(step, text)
        return False


def _name_after_all(step: Step, text: str) -> None:
    data = step.data
    rest = without_take_back(text)
    u = step.ctx.understanding
    ex = extract(rest, step.ctx.gazetteer, u) if rest else None
    found = u.names.find(rest, asked=True) if u is not None and rest else None
    if found is None and ex is not None:
        found = ex.name
    data.anonymous = None
    if found is not None:
        data.name, data.anonymous, data.name_partial = found.name, False, found.surname_only
        step.tell("ack_name", name=found.name)
    if ex is not None:
        filled, acks = absorb(step, ex, skip="name")
        for say in acks:
            step.add(say)
        if "phone" in filled:
            step.tell("ack_phone", phone=data.phone)
    if found is None:
        step.goto("ask_name")  # (only the will to give it: the name is asked)
    else:
        advance(step)


def _phone_after_all(step: Step, text: str) -> bool:
    """A phone of the citizen's own after they declined one: kept; True when the message was
    nothing else (the question open is asked again)."""
    if not keep_own_phone(step, text):
        return False
    rest = without_phone_talk(text)
    if rest:
        step.dispatch(rest)  # ("138… 希望尽快修好": the request too)
    elif step.state == "confirm":
        advance(step)  # the summary again, with the phone
    return True
