"""Moves any handler or interceptor may make: hand the conversation to staff, cancel the
draft, answer 查询/进度 from the citizen's own cases."""

from __future__ import annotations

from dialogs.api import CaseBrief
from dialogs.context import Step
from dialogs.conversation import Handoff
from dialogs.fields import day_label, start_draft


def handoff(step: Step, reason: str) -> None:
    conv = step.conv
    if conv.state == "handoff":
        step.tell("handoff_already")
        return
    came_from = conv.state
    conv.handoff = Handoff(reason, came_from, False, step.stamp)
    step.tell("handoff_person" if reason == "asked_for_person" else "handoff_stuck")
    step.goto("handoff")
    step.effect("handoff", {"reason": reason, "state": came_from})


def cancel(step: Step, key: str | None = None) -> None:
    """Close the draft without a case; `key`: the sentence said (default: cancelled)."""
    conv = step.conv
    active = step.collecting or conv.state in ("handoff", "resume")
    if conv.state in ("rating", "rating_comment"):
        # "取消" to the rating question: no rating, and nothing else is cancelled.
        back = conv.leave_rating()
        step.tell("rating_skipped")
        step.goto(back)
        return
    conv.leave_rating()  # a rating still pending is let go with the draft
    if not active:
        step.tell("nothing_to_cancel")
        return
    key = key or ("declined" if conv.state == "consent" else "cancelled")
    start_draft(step)
    conv.handoff = None
    conv.transcript = conv.transcript[-1:]  # a cancelled draft is not kept
    step.tell(key)
    step.goto("closed")
    step.effect("closed", {"reason": "cancelled"})


def restart(step: Step) -> None:
    conv = step.conv
    start_draft(step, keep_contacts=False)
    conv.leave_rating()
    step.tell("restart")
    step.goto("ask_description" if conv.consent_at else "consent")


def status(step: Step, number: str) -> None:
    cases: tuple[CaseBrief, ...] = step.services.recent_cases if step.services else ()
    if number:
        wanted = _plain(number)
        found = [c for c in cases if wanted in (_plain(c.case_number),
                                                _plain(c.external_number))]
        if not found:
            # Only this citizen's own cases are ever described (privacy): an unknown number
            # and somebody else's number get the same answer.
            step.tell("status_not_found", number=number)
            return
        case = found[0]
    elif cases:
        case = cases[0]
    else:
        step.tell("status_none")
        return
    message = case.message
    if case.due_at and case.status not in ("concluded", "rejected", "closed"):
        message = (message.rstrip("。. ") + "。" if message else "") + step.say(
            "status_due", due=day_label(step, case.due_at)).text
    if case.external_number:
        message = step.say("status_external", number=case.external_number).text + message
    step.tell("status_line", case_number=case.case_number, date=day_label(step, case.submitted_at),
              status=step.ctx.prompts.status_name(case.status), message=message)


def help_reply(step: Step) -> None:
    step.tell("help")
    if step.state == "new":
        step.goto("consent")
    else:
        continue_where(step)


def continue_where(step: Step) -> None:
    """After a side answer (help, status) in a draft: "let us continue where we were"."""
    if step.collecting:
        step.tell("continue_where")


def _plain(number: str) -> str:
    """A case number as typed or stored, for comparison: no spaces or dashes, upper case."""
    return "".join(ch for ch in number.upper() if ch.isalnum()) if number else "\x00"
