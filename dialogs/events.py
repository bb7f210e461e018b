"""Platform events: (re)subscribing, unsubscribing, the official account's menu buttons."""

from __future__ import annotations

from dialogs.context import Step
from dialogs.conversation import Conversation, Draft, Resume
from dialogs.fields import has_draft, start_draft
from dialogs.moves import continue_where, help_reply, status


def on_event(step: Step, event: str) -> None:
    conv = step.conv
    if event == "subscribe":
        if has_draft(conv) and conv.state != "handoff":
            step.tell("greeting")
            conv.resume = Resume(conv.state, [])
            step.goto("resume")
            return
        if conv.state == "handoff":
            step.silent = True
            return
        step.tell("greeting")
        step.goto("consent")
    elif event == "unsubscribe":
        was = conv.state
        # Nothing of the citizen is kept: only the pipeline's meta and the document's age.
        step.conv = Conversation(state=was, meta=conv.meta, data=Draft(),
                                 created_at=conv.created_at, v=conv.v)
        step.goto("closed")
        step.effect("closed", {"reason": "unsubscribed", "state": was})
        step.silent = True
    elif event == "menu:start":
        if conv.state == "handoff":
            step.tell("handoff_already")
            step.asked = True
        elif has_draft(conv):
            conv.resume = Resume(conv.state, [])
            step.goto("resume")
        elif conv.consent_at:
            start_draft(step)
            step.goto("ask_description")
        else:
            step.tell("greeting")
            step.goto("consent")
    elif event == "menu:progress":
        status(step, "")
        continue_where(step)
    elif event == "menu:help":
        help_reply(step)
    else:
        step.silent = True  # an event we do not know: nothing to say, nothing changes
