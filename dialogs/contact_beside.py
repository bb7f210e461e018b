"""The citizen's own phone: said beside the answer to another question, or declined.

"地址你就别问了 有事打我电话139…", "电话是136… 住的地方不方便说": the number is the citizen's
phone whatever the question was (a counter clerk writes it down), so it is kept, said back, and
not asked for later; the question open is then handled as usual (a refusal explained once, the
address asked again). Only a first phone of the citizen's own is kept: one already given is
changed through a correction, and a number introduced as somebody else's is not theirs
(dialogs/slots.py extract).

A phone declined by a citizen who gave their name on a matter of their own is explained once,
as for any petition, even when the nature model reads the matter as 投诉举报 (named_without_report);
one who said 举报 or chose 匿名 may leave none at once.
"""

from __future__ import annotations

from dialogs.context import Step
from dialogs.slots import extract


def keep_own_phone(step: Step, text: str) -> bool:
    """Keep the one phone of the citizen's own in `text` when none is known yet; True if kept."""
    data = step.data
    if data.phone or not any(c.isdigit() for c in text) and not _spoken_digits(text):
        return False
    ex = extract(text, step.ctx.gazetteer, step.ctx.understanding)
    if not ex.phone or ex.phone_count != 1:
        return False
    data.phone = ex.phone
    step.tell("ack_phone", phone=ex.phone)
    return True


def named_without_report(step: Step) -> bool:
    """The citizen gave their name and never said 举报 or chose 匿名: a phone they decline is
    for a matter of their own (a refund, a wage, a repair) even when the nature model reads it
    as 投诉举报, so why it is asked is said once before it is let go, as for any petition."""
    data = step.data
    return bool(data.name) and not data.anonymous and data.intent != "举报" and (
        "举报" not in (data.description or ""))


def _spoken_digits(text: str) -> bool:
    return sum(text.count(c) for c in "零〇一二三四五六七八九幺两洞") >= 7
