"""The 1-5 satisfaction rating of a concluded case, and its optional comment (states rating,
rating_comment). Reached from the pending-rating interceptor or `Dialog.ask_rating`."""

from __future__ import annotations

from dialogs.commands import is_nothing, is_thanks, parse_rating
from dialogs.context import Step
from dialogs.conversation import RatingGiven


class RatingHandler:
    states = ("rating", "rating_comment")

    def handle(self, step: Step, text: str) -> None:
        if step.state == "rating":
            self.on_rating(step, text)
        else:
            self.on_comment(step, text)

    def on_rating(self, step: Step, text: str) -> None:
        """In `rating`, or at rest with a rating pending (the interceptor's call)."""
        conv = step.conv
        pending = conv.pending_rating
        if pending is None:
            step.goto(conv.leave_rating())
            step.dispatch(text)
            return
        if step.state != "rating":
            conv.rating_return = "submitted" if step.state == "submitted" else "closed"
        parsed = parse_rating(text) if text else None
        if parsed is not None:
            value, comment = parsed
            given = RatingGiven(pending.case_id, pending.case_number, value, comment)
            step.effect("rating", given.to_json())
            step.reset_attempts("rating")
            if step.state != "rating":
                step.goto("rating")
            if comment:
                step.tell("rating_thanks_done")
                step.goto(conv.leave_rating())
            else:
                conv.pending_rating, conv.rating_done = None, given
                step.tell("rating_thanks")
                step.goto("rating_comment")
            return
        if text and is_nothing(text):
            back = conv.leave_rating()
            if step.state != "rating":
                step.goto("rating")
            step.tell("rating_skipped")
            step.goto(back)
            return
        if step.state != "rating":
            step.goto("rating")  # the question is asked at the end of the step
            return
        if step.attempt("rating") >= 2:
            # Not a rating twice: let it go rather than insist, and treat the message normally.
            step.reset_attempts("rating")
            step.goto(conv.leave_rating())
            if text:
                step.dispatch(text)
            return
        step.add(step.say("bad_rating"), asks=True)

    def on_comment(self, step: Step, text: str) -> None:
        done = step.conv.rating_done
        back = step.conv.leave_rating()
        if done and text.strip() and not is_nothing(text) and not is_thanks(text):
            step.effect("rating", {**done.to_json(), "comment": text, "update": True})
        step.tell("rating_thanks_done")
        step.goto(back)
