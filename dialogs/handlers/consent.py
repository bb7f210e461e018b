"""New conversations, the privacy notice and consent (states new, consent, declined)."""

from __future__ import annotations

from dialogs.commands import is_greeting, is_no, is_thanks, is_yes, split_first_clause
from dialogs.consent_words import consents_in_words
from dialogs.context import Step
from dialogs.conversation import Draft
from dialogs.fields import advance, start_draft, worth_holding
from dialogs.moves import handoff
from dialogs.slots import extract, intent_of, intent_only
from dialogs.understand import read_held
from nlp.entities import normalize
from nlp.story import clean, gaps

HELD_MAX = 10  # messages kept aside before consent


class ConsentHandler:
    states = ("new", "consent", "declined")

    def handle(self, step: Step, text: str) -> None:
        if step.state == "consent":
            self.on_consent(step, text)
        else:
            self.on_new(step, text)

    def on_new(self, step: Step, text: str) -> None:
        """A first message (or one after declining): greet, give the notice, ask consent."""
        if is_thanks(text) and step.state == "declined":
            step.tell("thanks_reply")
            return
        if step.state == "declined" and is_yes(text):
            step.goto("consent")  # "好吧，我同意": changed their mind, no need to ask again
            self.on_consent(step, text)
            return
        step.tell("greeting")
        if _keep(step, text):
            held = step.conv.held
            if len(held) < HELD_MAX:
                held.append(text)
            step.tell("consent_held")
        step.goto("consent")

    def on_consent(self, step: Step, text: str) -> None:
        conv = step.conv
        first, rest = split_first_clause(text)
        said_yes = is_yes(text) or bool(rest and is_yes(first))
        # ("想好了 同意", "中 同意 恁问吧": a yes with words of thinking it over, dialogs.consent_words)
        worded = not said_yes and consents_in_words(text)
        if said_yes or worded:
            if rest and not is_yes(text) and not worded and worth_holding(rest):
                conv.held.append(rest)  # "同意，我家的低保被取消了"
            conv.consent_at = step.stamp
            step.reset_attempts("consent")
            step.tell("consent_ok")
            held, files = conv.held, conv.held_attachments
            start_draft(step, keep_contacts=False, trim_transcript=False)
            if files:
                step.data.attachments = files
            advance(step)
            for i, h in enumerate(held):
                if intent_only(h):  # "我要投诉" before consent: remember the intent, ask the matter
                    step.data.intent = step.data.intent or intent_of(h)
                    continue
                if not read_held(step, h, last=i == len(held) - 1):  # read like any later message
                    step.dispatch(h)
            return
        if is_no(text):
            # "这次不会记录您的信息": what they wrote before declining is not kept either.
            conv.held, conv.held_attachments = [], []
            conv.data = Draft()
            conv.transcript = []
            step.reset_attempts("consent")
            step.tell("declined")
            step.goto("declined")
            return
        if is_greeting(text) or is_thanks(text):
            return  # "你好" while the notice is shown: show it again, nothing wrong was said
        topic = _process_topic(step, text)
        if topic:
            # "这个收费吗" before agreeing: answered (as a clerk would before asking to sign),
            # then consent asked again; the question is no part of the matter.
            step.tell("process_" + topic)
            step.add(step.say("consent_again"), asks=True)
            return
        if _keep(step, text):
            # The matter itself (or a name, phone or place for it), before agreeing: kept for
            # after consent, not a wrong answer. The notice was just shown: consent is asked
            # briefly instead of showing it again for every message.
            if len(conv.held) < HELD_MAX:
                conv.held.append(text)
            step.add(step.say("consent_held_more"), asks=True)
            return
        if step.attempt("consent") >= step.ctx.limits.max_attempts:
            handoff(step, "stuck")
            return
        step.add(step.say("consent_again"), asks=True)


def _process_topic(step: Step, text: str) -> str | None:
    """The process topic (cost, time, privacy, …) of a message that is only such a question."""
    u = step.ctx.understanding
    if u is None:
        return None
    r = u.interpret(text, "consent")
    return r.topic if r.kind == "process" and r.topic and r.sure else None


def _keep(step: Step, text: str) -> bool:
    """Held for after consent: the matter itself, or a value it will need ("我叫…", a phone,
    a town) that is too short to look like a matter."""
    if worth_holding(text) or _short_matter(step, text):
        return True
    if intent_only(text) or len(text) > 40:
        return False
    ex = extract(text, step.ctx.gazetteer, step.ctx.understanding)
    return bool(ex.phone or ex.name or ex.town)


def _short_matter(step: Step, text: str) -> bool:
    """An SMS-short matter as the first message (路灯不亮, 自来水发黄, 补贴没到账): it tells an
    event, or the understanding reads it as story, once talk about the conversation and about
    oneself is cleaned away (我不太会用手机 is no matter); a question is not held here."""
    t = normalize(text).strip()
    if t.endswith(("?", "？", "吗", "呢", "啥")) or not (2 < len(t) <= 16):
        return False
    told = clean(t)
    if len(told) < 3:
        return False
    if "what" not in gaps(told):
        return True
    u = step.ctx.understanding
    if u is None:
        return False
    r = u.interpret(told, "description")
    return r.kind == "story" and r.confidence >= 0.5
