"""The name given after all by a citizen who chose 匿名.

"算了 还是留名吧 我叫韦长顺" at any question after 匿名 was chosen takes anonymity back
(nlp/change_of_mind.py): read before the commands, so its 算了 is no cancel, and before the
state's handler, so the name is neither the phone's wrong answer nor more of the account. The
name in it is taken (with a phone or anything else still missing said with it); without one,
the name question is asked. Then the conversation goes on with what is still missing, or shows
the summary again with the name in it.
"""

from __future__ import annotations

from dialogs.api import StepInput
from dialogs.context import Step
from dialogs.fields import absorb, advance
from dialogs.slots import extract
from nlp.change_of_mind import takes_back_anonymity, without_take_back


class NameAfterAll:
    def __call__(self, step: Step, text: str, inp: StepInput) -> bool:
        data = step.data
        if not text or not data.anonymous or not step.collecting or not takes_back_anonymity(text):
            return False
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
        return True
