"""The summary before submitting, corrections from it, and the submission (states confirm,
edit_which)."""

from __future__ import annotations

import re

from dialogs.case import UNCLASSIFIED, build_case
from dialogs.commands import core, is_yes, wants_to_add
from dialogs.context import Step
from dialogs.conversation import LastSubmit
from dialogs.edits import EDIT_INTENT, change, edit_field, start_edit
from dialogs.fields import add_description, advance, analyze, legal_path_of, missing
from dialogs.moves import handoff
from dialogs.slots import is_narrative
from dialogs.states import FIELDS
from nlp.story import clean
from nlp.types import COLORS

# "预约律师", "我想找律师问问", "律师调解室": the lawyer room offered with a legal path.
LAWYER = re.compile(r"律师")


class ReviewHandler:
    states = ("confirm", "edit_which")

    def handle(self, step: Step, text: str) -> None:
        if step.state == "confirm":
            self.on_confirm(step, text)
        else:
            self.on_edit_which(step, text)

    def on_confirm(self, step: Step, text: str) -> None:
        choices = step.ctx.prompts.get("summary", step.channel).choices
        stripped = text.strip()
        if LAWYER.search(text) and legal_path_of(analyze(step)) is not None \
                and not missing(step.conv):
            submit(step, legal_choice="lawyer")  # an appointment: a case for staff
            return
        if (choices and stripped == choices[0]) or is_yes(text):
            if missing(step.conv):  # never submit an incomplete case, whatever led here
                advance(step)
                return
            submit(step)
            return
        if len(choices) > 1 and stripped == choices[1]:
            step.goto("edit_which")
            return
        if wants_to_add(text):
            step.conv.editing = step.conv.appending = True
            step.goto("ask_description")
            step.add(step.say("add_more"), asks=True)
            return
        field = edit_field(text)
        if change(step, text, field):
            step.reset_attempts("confirm")
            step.tell("edit_done")
            return  # the summary is shown again at the end of the step
        if field and (EDIT_INTENT.search(text) or len(core(text)) <= 8):
            start_edit(step, field)
            return
        if EDIT_INTENT.search(text):
            step.goto("edit_which")
            return
        if is_narrative(text):
            if add_description(step, clean(text) or text):  # ("还要补充一点，…": the facts)
                step.tell("ack_more")
            return
        if step.attempt("confirm") >= step.ctx.limits.max_attempts:
            handoff(step, "stuck")
            return
        step.add(step.say("bad_confirm"), asks=True)

    def on_edit_which(self, step: Step, text: str) -> None:
        choices = step.ctx.prompts.get("edit_which", step.channel).choices
        stripped = text.strip()
        field = FIELDS[choices.index(stripped)] if stripped in choices[: len(FIELDS)] else None
        field = field or edit_field(text)
        if change(step, text, None):
            step.tell("edit_done")
            step.conv.editing = True
            advance(step)  # the summary, or first what is still missing
            return
        if field:
            start_edit(step, field)
            return
        if step.attempt("edit") >= step.ctx.limits.max_attempts:
            handoff(step, "stuck")
            return
        # The question ("您想改哪一项？") is asked again at the end of the step.


def submit(step: Step, legal_choice: str = "") -> None:
    """`legal_choice`: "lawyer" when the citizen asked for the lawyer room instead; a matter with
    a legal path submitted as usual is recorded as "register" (信访兜底)."""
    conv, data = step.conv, step.data
    analysis = analyze(step) or dict(UNCLASSIFIED)
    if data.anonymous and analysis["nature"] != "投诉举报":
        # Anonymity was offered on the matter alone; with the request the model reads it
        # otherwise. The promise is kept, and staff confirm the classification.
        analysis["auto"] = False
    if legal_choice == "lawyer":
        analysis["auto"] = False  # staff arrange the appointment
    elif legal_path_of(analysis) is not None:
        legal_choice = "register"
    # None is 常规 (config/colour_rule.toml: no rule matched); its deadline rule is "none".
    color = analysis["color"] if analysis["color"] in COLORS else None
    due = None
    if step.services is not None:
        try:
            due = step.services.due_at(color or "none", step.now)
        except Exception:  # noqa: BLE001 - staff confirm the deadline instead
            due = None
    case = build_case(conv, analysis, due, step.channel)
    if legal_choice:
        case["legal_choice"] = legal_choice  # told the legal path first: what they chose
    step.effect("submit", case)

    if legal_choice == "lawyer":
        step.tell("lawyer_booked")
        step.tell("notify")
        conv.last_submit = LastSubmit(step.stamp, color or "")
        conv.reset_draft(data.contacts())
        step.goto("submitted")
        return
    step.tell("submitted")
    if due is not None and due.at is not None:
        step.tell("next_" + (color or "none"), due=due.label)
    else:
        step.tell("due_unknown")
    legal = analysis.get("legal_path") or {}
    if color == "orange" and legal.get("advice") and not legal_choice:  # else told before
        step.tell("legal_advice", advice=legal["advice"])
    if not analysis.get("auto"):
        step.tell("needs_review")
    if data.anonymous:
        step.tell("anonymous_note")
    step.tell("notify")

    conv.last_submit = LastSubmit(step.stamp, color or "")
    conv.reset_draft(data.contacts())  # only the contacts stay, for 进度 and the next petition
    step.goto("submitted")
