"""Every message is read before anything of it is stored (nlp.understanding), here.

The `Understand` interceptor runs after the anytime commands and before the state's handler,
in the collecting states and at the summary. What it does with each kind of turn:

- story: only the citizen's account goes into the matter, cleaned of greetings, contact details
  and meta-talk (nlp.story.clean); a thin account gets at most two targeted follow-ups (what
  happened, where/whom, since when, what was tried); "我慢慢讲" lets the citizen tell it in
  parts until 说完了 / 就这些 or until they answer a question;
- process question: answered from prompts.toml (privacy, what is needed and why, time limits,
  anonymity, who handles it, cost, bot, other channels); the open question is asked again;
- refusal: one polite explanation and an alternative, then the citizen's choice is respected
  (投诉举报 may be anonymous, with no name and no phone);
- request for a person: staff take over, however it is phrased;
- command in a sentence ("这事我不弄了，取消掉"): the same move as the bare command;
- correction with its value: the field is changed and said back ("镇（街道）已改为…");
- consultation (咨询): an instant answer from config/faq.toml when one fits, and the short path
  (the question and a phone, nothing else);
- not understood: said so, and the question again.

Answers, small talk and corrections without a value go on to the handler as before.
"""

from __future__ import annotations

import re

from dialogs.api import StepInput
from dialogs.commands import CASE_NUMBER_RE, is_yes
from dialogs.context import Step
from dialogs.fields import add_description, advance, anonymity_allowed, label, set_town
from dialogs.moves import cancel, continue_where, handoff, help_reply, restart, status
from dialogs.slots import answer_phone, intent_of
from dialogs.states import STATES
from nlp.story import announces_only, clean, gaps, thin
from nlp.turn_slots import find_request, place_answer
from nlp.understanding import Reading

_ACTIVE = frozenset({"ask_description", "ask_town", "ask_address", "ask_name", "ask_anonymous",
                     "ask_phone", "ask_request", "confirm"})
_FOLLOW_UPS = 2
_CJK = re.compile(r"[\u4e00-\u9fff]")
# Another language: several Latin words, or kana, hangul, Cyrillic, Arabic script.
_FOREIGN = re.compile(r"[A-Za-z]{2,}\W+[A-Za-z]{2,}|[\u3040-\u30ff\uac00-\ud7af\u0400-\u04ff"
                      r"\u0600-\u06ff]")


class Understand:
    def __call__(self, step: Step, text: str, inp: StepInput) -> bool:
        u = step.ctx.understanding
        state = step.state
        if u is None or not text or state not in _ACTIVE and state != "consent":
            return False
        if state == "consent" and not _PERSON_HINT.search(text):
            return False  # before consent only a request for a person is read here
        if _plain_answer(step, state, text):
            return False  # a short, clean answer: the handler's finders suffice (cheap path)
        expecting = STATES[state].expecting or ""
        if state == "ask_description" and _plain_story(text):
            r = Reading("story", 1.0)  # a long account and nothing else: no model needed
        else:
            r = u.interpret(text, expecting)
        kind = r.kind
        if kind == "human" and r.sure:
            handoff(step, "asked_for_person")
            return True
        if state == "consent":  # the notice handler answers everything else
            return False
        if kind == "command" and r.topic and r.sure:
            return _command(step, text, r.topic)
        if kind == "process" and r.topic and r.sure and not (
                state == "confirm" and r.topic == "needed"):
            step.tell("process_" + r.topic)
            return True
        if kind == "refusal" and r.sure and state != "confirm":
            return _refusal(step, text, r)
        if state == "ask_name" and "name" in step.conv.notes.explained and "举报" in text:
            # the offer made with the explanation: "是举报" -> anonymous
            step.data.intent = "举报"
            _anonymous(step, "refuse_name_report")
            return True
        if kind == "correction" and r.field and r.value:
            return _correct(step, r)
        if kind == "unknown" and state != "confirm" and _FOREIGN.search(text) and not \
                _CJK.search(text):
            step.tell("not_understood")  # another language: say so, ask again
            return True
        if kind == "answer" and r.value is None and r.field == STATES[state].slot and \
                state in ("ask_town", "ask_address", "ask_request"):
            return _dont_know(step, state, r)  # "我也说不清是哪个镇": an answer, not the story
        if kind == "answer" and r.value is None and state.startswith("ask_") and \
                state != "ask_description":
            return True  # "不知道…" about something else: nothing to store, the question again
        if state == "ask_description":
            return _matter(step, text, r)
        notes = step.conv.notes
        if kind == "smalltalk" and r.topic == "done" and notes.parts:
            notes.parts = False
            advance(step)
            return True
        if state == "ask_phone" and kind == "answer" and r.value and not answer_phone(text).ok:
            step.dispatch(r.value)  # spoken digits ("幺三九…"): the handler gets the number
            return True
        return False


def _plain_answer(step: Step, state: str, text: str) -> bool:
    """A message that is only the value asked for ("13912345678", "塔集", "确认提交"): nothing
    in it to interpret, so the model is not run (most turns of an intake are such answers)."""
    if len(text) > 14 or _CORRECTION_WORDS.search(text):
        return False
    if state == "confirm":
        return is_yes(text)
    if state == "ask_phone":
        return answer_phone(text).ok and len(_CJK.findall(text)) <= 2
    if state == "ask_town":
        found = step.ctx.gazetteer.find(text)
        return bool(found) and len(_CJK.findall(text)) - len(found[0].matched) <= 1
    if state == "ask_name":
        u = step.ctx.understanding
        return u is not None and u.names.find(text, bare=True) is not None and not \
            _QUESTION_MARK.search(text)
    if state == "ask_request":
        return bool(find_request(text)) and not _QUESTION_MARK.search(text) and not \
            _PERSON_HINT.search(text)
    if state == "ask_address":
        return bool(place_answer(text, step.ctx.gazetteer)) and len(text) <= 10 and not \
            _QUESTION_MARK.search(text)
    return False


_PERSON_HINT = re.compile(r"人工|真人|活人|工作人员|客服|领导|主任|负责|管事|同志|人来|找人|电话给我|"
                          r"打电话|有人|人呢|值班|接电话")
def _plain_story(text: str) -> bool:
    """Twenty ideographs or more telling what happened, with no question, no person asked for,
    no command or correction words in them."""
    return len(_CJK.findall(text)) >= 20 and len(_NARRATIVE.findall(text)) >= 2 and not (
        _QUESTION_MARK.search(text) or _PERSON_HINT.search(text) or _NOT_PLAIN.search(text))


_NARRATIVE = re.compile(r"了|没|被|一直|好几|不给|不管|还|到现在|天天|经常|很|都")
_NOT_PLAIN = re.compile(r"取消|不弄了|重新|进度|查询|说完|慢慢|分几|一条一条|怎么|如何|咨询|打听|请问|"
                        r"不是|改成|写错|不想|匿名|保密|多久|几天")
_CORRECTION_WORDS = re.compile(r"不是|不对|错|改|更正|[?？吗呢]")
_QUESTION_MARK = re.compile(r"[?？吗呢么啥]")


# ------------------------------------------------------------------------------ commands


def _command(step: Step, text: str, topic: str) -> bool:
    if topic == "cancel":
        cancel(step)
    elif topic == "restart":
        restart(step)
    elif topic == "help":
        help_reply(step)
    elif topic == "status":
        m = CASE_NUMBER_RE.search(text)
        status(step, f"JH-{m.group(1)}-{m.group(2)}" if m else "")
        continue_where(step)
    else:
        return False
    return True


def _dont_know(step: Step, state: str, r: Reading) -> bool:
    data = step.data
    if state == "ask_town":
        data.town, data.town_unknown = None, True
        if r.slots.place and data.address is None:
            data.address = r.slots.place  # "说不清是哪个镇，就在县城边上"
        advance(step)
        if step.state == "ask_address":  # (the address question says the town is open)
            step.add(step.say("ask_address_unknown_town"), asks=True)
    elif state == "ask_address":
        data.address = ""
        step.tell("ack_address_skipped")
        advance(step)
    else:
        data.request = ""
        step.tell("ack_no_request")
        advance(step)
    return True


# ------------------------------------------------------------------------------ refusals


def _refusal(step: Step, text: str, r: Reading) -> bool:
    slot = STATES[step.state].slot
    field = r.field if r.field in ("name", "phone", "address", "town", "request") else slot
    data, notes = step.data, step.conv.notes
    first = field not in notes.explained
    if field == "name":
        if anonymity_allowed(step.conv):
            _anonymous(step, "refuse_name_report")
        elif first:
            notes.explained.append("name")
            step.tell("refuse_name_explain")
        else:
            data.anonymous, data.name = True, None
            step.tell("refuse_name_accept")
            advance(step)
        return True
    if field == "phone":
        if anonymity_allowed(step.conv) or data.anonymous and "举报" in (data.intent or ""):
            data.phone = ""
            step.tell("refuse_phone_report")
            advance(step)
        elif first:
            notes.explained.append("phone")
            step.tell("refuse_phone_explain")
        else:
            data.phone = ""
            step.tell("refuse_phone_accept")
            advance(step)
        return True
    if field == "address":
        if first and not data.address:
            notes.explained.append("address")
            step.tell("refuse_address_explain")
        else:
            data.address = data.address or ""
            step.tell("refuse_accepted")
            advance(step)
        return True
    if field == "town":
        if first and data.town is None:
            notes.explained.append("town")
            step.tell("refuse_town_explain")
        else:
            data.town_unknown = data.town is None
            step.tell("refuse_accepted")
            advance(step)
        return True
    if field == "request":
        data.request = data.request or ""
        step.tell("ack_no_request")
        advance(step)
        return True
    return False  # nothing we can name: the handler asks again


def _anonymous(step: Step, key: str) -> None:
    data = step.data
    data.anonymous, data.name, data.name_partial = True, None, False
    step.tell(key)
    advance(step)


# ------------------------------------------------------------------------------ corrections


def _correct(step: Step, r: Reading) -> bool:
    data = step.data
    field, value = r.field, r.value
    assert field is not None and value is not None
    if field == "town":
        gaz = step.ctx.gazetteer
        found = gaz.find(value)
        if not found:
            return False
        set_town(step, found[0])
        shown = data.town
    elif field == "phone":
        data.phone = value
        shown = value
    elif field == "name":
        data.name, data.anonymous, data.name_partial = value, False, False
        shown = value
    elif field == "address":
        data.address = value
        shown = value
    elif field == "request":
        data.request = value
        shown = value
    else:
        return False
    step.tell("corrected", field=label(step, field), value=shown)
    step.reset_attempts(field)
    if step.state == "confirm":
        step.asked = False  # the summary again, with the change in it
    else:
        advance(step)
    return True


# ------------------------------------------------------------------------------ the matter


def _matter(step: Step, text: str, r: Reading) -> bool:
    """A message while the matter is being asked for."""
    data, notes = step.data, step.conv.notes
    kind = r.kind
    if kind == "smalltalk" and r.topic == "parts":
        notes.parts = True
        intent = intent_of(text)
        if intent and not data.intent:
            data.intent = intent
        step.add(step.say("story_parts"), asks=True)
        return True
    if kind == "smalltalk" and r.topic == "done":
        notes.parts = False
        if data.description:
            advance(step)
            return True
        return False
    if kind == "consult" and not data.description and r.sure:
        return _consult(step, text)
    if data.intent == "咨询" and data.description and kind in ("consult", "story", "answer"):
        return _consult(step, text)  # the question made precise after "您具体想了解什么？"
    if not r.sure and kind != "smalltalk":
        kind = "story"  # the model unsure between kinds, while the matter is asked: the matter
    if kind not in ("story", "consult", "answer"):
        return False
    if notes.parts and kind == "answer" and r.field in ("phone", "name", "town"):
        notes.parts = False  # the citizen answers a question: the story is over
        return False
    intent = intent_of(text)  # (from the raw words: cleaning takes "我要举报" away)
    if intent and not data.intent:
        data.intent = intent
    if announces_only(text) and not data.description:
        step.add(step.say("ask_description_more"), asks=True)  # "我想反映个问题": which?
        return True
    cleaned = clean(text, contacts=False) or text  # (the handler takes the contacts out)
    if notes.parts:
        if data.description:
            add_description(step, clean(cleaned) or cleaned)
        else:
            step.dispatch(cleaned)
            step.goto("ask_description")
        step.add(step.say("story_parts_more"), asks=True)
        return True
    editing = step.conv.editing
    step.dispatch(cleaned)
    if data.description:
        data.description = clean(data.description) or data.description  # spoken phone numbers
    if not editing:
        _follow_up(step)
    return True


def _follow_up(step: Step) -> None:
    """After the matter was stored: a targeted question when the account is thin."""
    data, notes = step.data, step.conv.notes
    desc = data.description or ""
    if not desc or notes.followups >= _FOLLOW_UPS or data.intent == "咨询":
        return
    missing = gaps(desc)
    if notes.followups == 0 and not thin(desc):
        return
    if notes.followups > 0 and (not missing or len(desc) >= 40):
        return  # (after one question: a second only while the account is still short)
    if not missing:
        return
    aspect = missing[0] if notes.followups == 0 else (missing[1] if len(missing) > 1 else
                                                       missing[0])
    notes.followups += 1
    if step.state != "ask_description":
        step.goto("ask_description")
    step.add(step.say("story_ask_" + aspect), asks=True)


_VAGUE = re.compile(r"^(?:我)?(?:想|要)?(?:打听|了解|咨询|问问?)(?:一下)?(?:个|一个|点)?(.{0,6}?)(?:的)?(?:事|事情|问题|情况|政策)?$")


def _vague(question: str) -> bool:
    """A consultation that names a subject but no question ("想打听个补贴的事")."""
    return bool(_VAGUE.match(question.strip("，,。.！!？? ")))


def _consult(step: Step, text: str) -> bool:
    """咨询: answer from the FAQ when one fits; the question and a phone are all that is asked."""
    data = step.data
    data.intent = "咨询"
    question = clean(text) or text
    add_description(step, question)
    if data.address is None:
        data.address = ""
    if data.request is None:
        data.request = ""
    if data.town is None:
        data.town_unknown = True
    faq = step.ctx.faq
    hit = faq.match(data.description or question) if faq is not None else None
    if hit is None and _vague(question) and step.conv.notes.followups == 0:
        # "想打听个补贴的事": which question? once, then on with what they say
        step.conv.notes.followups = _FOLLOW_UPS
        step.add(step.say("consult_ask_what"), asks=True)
        return True
    if hit is not None:
        first = hit.answer.split("。")[0]
        step.tell("faq_answer", answer=hit.answer,
                  answer_short=first[:90] + ("。" if len(first) <= 90 else "…"))
        advance(step)
        if step.state == "ask_phone":  # (the phone question, worded for a question answered)
            step.add(step.say("consult_register"), asks=True)
        return True
    step.tell("consult_start")
    advance(step)
    return True
