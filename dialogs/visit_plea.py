"""A plea for someone to come and look at the matter (nlp.visit_plea), said at any question: the
citizen's request, never a hand-over ("恳请领导派人来实地看一看，让他把占的地方退回来" at the name
question)."""

from __future__ import annotations

from dialogs.context import Step
from dialogs.request_widening import append_request
from nlp.story import clean
from nlp.visit_plea import asks_for_a_visit


def take_visit_plea(step: Step, text: str) -> bool:
    """True when `text` is such a plea and was dealt with: the answer at the request question,
    else added to the request (said back) and the open question asked again. Before consent the
    notice's handler keeps it with the matter (False)."""
    if step.state == "consent" or not asks_for_a_visit(text):
        return False
    if step.state == "ask_request":
        step.dispatch(text)
        return True
    data = step.data
    plea = clean(text) or text.strip()
    if data.request and plea in data.request:
        return False
    append_request(step, plea)
    return True
