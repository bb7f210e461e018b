"""Back after the idle time (state resume): "继续" goes on where the draft was, anything else is
taken as part of it too."""

from __future__ import annotations

from dialogs.commands import is_yes
from dialogs.context import Step
from dialogs.states import STATES


class ResumeHandler:
    states = ("resume",)

    def handle(self, step: Step, text: str) -> None:
        conv = step.conv
        resume, conv.resume = conv.resume, None
        back = resume.state if resume is not None else "ask_description"
        if back not in STATES or not STATES[back].collecting:
            back = "ask_description"
        step.goto(back)
        held = list(resume.held) if resume is not None else []
        if is_yes(text):
            step.tell("resume_ok")
        else:
            held.append(text)
        for h in held:
            step.dispatch(h)
