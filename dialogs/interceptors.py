"""What a message may be before it is an answer to the state's question.

The engine asks these in order (dialogs.engine.INTERCEPTORS); the first that returns True has
dealt with the message, and the state's handler never sees it. In the spirit of
python-telegram-bot's fallbacks and aiogram's router filters:

1. HandOver      staff have the conversation: only 取消 and 重新开始 still work
2. Commands      "不改了" to a correction, anytime commands (取消, 重新开始, 人工, 帮助, 查询),
                 "你是机器人吗"
3. PendingRating a concluded case waits for its rating and the conversation is at rest
4. IdleResume    a draft idle longer than the limit: offer 继续 / 重新开始 first
5. Media         voice without text, photos and locations, empty and emoji-only messages
"""

from __future__ import annotations

from datetime import datetime

from dialogs.api import StepInput
from dialogs.commands import asks_who, declines_edit, detect, is_emoji_only, is_greeting
from dialogs.context import Step
from dialogs.conversation import Resume
from dialogs.fields import advance, has_draft
from dialogs.handlers.handoff import HandoffHandler
from dialogs.handlers.rating import RatingHandler
from dialogs.media import keep_location, on_media
from dialogs.moves import cancel, continue_where, handoff, help_reply, restart, status
from dialogs.states import STATES

# States in which a message is a reply to a finished conversation rather than part of a draft.
AT_REST = frozenset({"new", "closed", "submitted", "declined"})


class HandOver:
    def __init__(self, handler: HandoffHandler):
        self.handler = handler

    def __call__(self, step: Step, text: str, inp: StepInput) -> bool:
        if step.state != "handoff":
            return False
        cmd = detect(text) if text else None
        if cmd is not None and cmd.kind == "cancel":
            cancel(step)  # staff are told through the "closed" effect
            return True
        if cmd is not None and cmd.kind == "restart":
            step.conv.handoff = None
            step.effect("closed", {"reason": "restarted"})
            restart(step)
            return True
        if inp.attachments:
            step.data.attachments.extend(dict(a) for a in inp.attachments)
        self.handler.handle(step, text)
        return True


class Commands:
    def __call__(self, step: Step, text: str, inp: StepInput) -> bool:
        if not text:
            return False
        conv = step.conv
        if (step.state == "edit_which" or conv.editing) and declines_edit(text):
            conv.editing = False
            step.tell("edit_back")
            advance(step)  # the summary, or what is still missing
            return True
        cmd = detect(text)
        if cmd is not None:
            if cmd.kind == "cancel" and step.state == "ask_phone" and step.data.intent == "咨询":
                cancel(step, "consult_done")  # "不用了" after the answer: nothing to register
            elif cmd.kind == "cancel":
                cancel(step)
            elif cmd.kind == "restart":
                restart(step)
            elif cmd.kind == "human":
                handoff(step, "asked_for_person")
            elif cmd.kind == "help":
                help_reply(step)
            elif cmd.kind == "status":
                status(step, cmd.case_number)
                continue_where(step)
            return True
        if asks_who(text):
            step.tell("who_am_i")
            if step.state == "new":
                step.goto("consent")
            else:
                continue_where(step)
            return True
        return False


class PendingRating:
    def __init__(self, handler: RatingHandler):
        self.handler = handler

    def __call__(self, step: Step, text: str, inp: StepInput) -> bool:
        state = step.state
        if (step.conv.pending_rating is not None and (state in AT_REST or state == "rating")
                and (text or not inp.attachments)):
            self.handler.on_rating(step, text)
            return True
        return False


class IdleResume:
    def __call__(self, step: Step, text: str, inp: StepInput) -> bool:
        conv = step.conv
        if not (step.collecting and _idle(step) and has_draft(conv)):
            return False
        held = [text] if text and not is_greeting(text) and not is_emoji_only(text) else []
        conv.resume = Resume(conv.state, held)
        if inp.attachments:  # kept now; the offer to continue is about the words
            step.data.attachments.extend(dict(a) for a in inp.attachments)
        if inp.location:
            keep_location(step, inp.location)
        step.goto("resume")
        return True


def _idle(step: Step) -> bool:
    try:
        last = datetime.fromisoformat(step.conv.updated_at)
    except ValueError:
        return False
    return step.now - last > step.ctx.limits.idle


class Media:
    def __call__(self, step: Step, text: str, inp: StepInput) -> bool:
        if inp.kind == "voice" and not text:
            step.tell("voice_no_text")
            return True
        if inp.attachments or inp.location:
            on_media(step, inp)
        elif not text and STATES[step.state].prompt is None:
            step.dispatch("")  # an empty message still deserves an answer
            return True
        if not text:
            return True
        if is_emoji_only(text):
            step.tell("emoji")
            return True
        return False
