"""After a submitted or cancelled petition (states submitted, closed): thanks get thanks,
anything else starts a new petition."""

from __future__ import annotations

from dialogs.commands import is_greeting, is_nothing, is_thanks
from dialogs.context import Step
from dialogs.fields import start_draft, substantive
from dialogs.handlers.consent import ConsentHandler
from dialogs.slots import intent_only


class AtRestHandler:
    states = ("submitted", "closed")

    def __init__(self, consent: ConsentHandler):
        self.consent = consent

    def handle(self, step: Step, text: str) -> None:
        if is_thanks(text) or (is_nothing(text) and step.state == "submitted"):
            step.tell("thanks_reply")
            return
        if not step.conv.consent_at:
            self.consent.on_new(step, text)
            return
        start_draft(step)
        if is_greeting(text) or not substantive(text) or intent_only(text):
            key = "after_submit" if step.state == "submitted" else "ask_description_hello"
            step.goto("ask_description")
            step.add(step.say(key), asks=True)
            return
        step.goto("ask_description")
        step.dispatch(text)
