"""Staff have the conversation (state handoff): keep what the citizen writes, acknowledge once.
Reached through the hand-over interceptor, which sees every message in this state first."""

from __future__ import annotations

from dialogs.context import Step
from dialogs.conversation import Handoff


class HandoffHandler:
    states = ("handoff",)

    def handle(self, step: Step, text: str) -> None:
        conv = step.conv
        if conv.handoff is None:
            conv.handoff = Handoff("unknown")
        if conv.handoff.acked or (conv.meta or {}).get("owner"):
            step.silent = True
            return
        conv.handoff.acked = True
        step.tell("handoff_ack")
