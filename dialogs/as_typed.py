"""The account and the request as the citizen typed them (issue 14, round 8).

A message dictated without punctuation is read with clause boundaries added (nlp.boundaries);
the commas added are for reading, not for the case record. After each message, the account and
the request it changed lose every comma the citizen never typed (the transcript holds what
they typed: the held messages before consent too).
"""

from __future__ import annotations

from dialogs.conversation import Conversation
from nlp.boundaries import as_typed
from nlp.hanzi import to_simplified


def told(conv: Conversation) -> tuple[str | None, str | None]:
    """The account and the request before a message."""
    return conv.data.description, conv.data.request


def keep_as_typed(conv: Conversation, before: tuple[str | None, str | None]) -> None:
    """The account and the request changed since `before`, without commas not typed."""
    data = conv.data
    now = told(conv)
    if now == before or not any(v and "，" in v for v in now):
        return
    typed = [to_simplified(line["text"]) for line in conv.transcript if line.get("role") == "citizen"]
    if data.description and data.description != before[0]:
        data.description = as_typed(data.description, typed)
    if data.request and data.request != before[1]:
        data.request = as_typed(data.request, typed)
