"""A request widened ("诉求改一下 不光要补偿款 还要把账目公示出来", nlp.request_widening), once a request
is held: the part added is appended and said back; what was asked before is kept."""

from __future__ import annotations

import re

from dialogs.context import Step
from dialogs.fields import advance
from nlp.request_widening import added_request

# The message is about the request (a widened story, "他不光打人 还骂人", is more of the account).
_ABOUT_REQUEST = re.compile(r"诉求|訴求|要求|请求|請求|希望|想要|要的是")


def take_widened_request(step: Step, text: str) -> bool:
    """True when `text` widens the request held and the added part was appended."""
    data = step.data
    if not data.request or step.state in ("ask_request", "consent") or not _ABOUT_REQUEST.search(text):
        return False
    added = added_request(text)
    if added is None or added in data.request:
        return False
    append_request(step, added)
    return True


def append_request(step: Step, part: str) -> None:
    """`part` added to the request (or the request when none), said back; then the open question
    again, or the summary with the change in it."""
    data = step.data
    data.request = f"{data.request}；{part}" if data.request else part
    step.tell("request_added", value=part)
    if step.state == "confirm":
        step.asked = False
    else:
        advance(step)
