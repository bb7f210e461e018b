"""Collecting the fields in any order, one question at a time (the ask_* states), and the
repeat-petition question (repeat_check)."""

from __future__ import annotations

import functools
import re

from dialogs.api import Say
from dialogs.commands import (
    cjk_count,
    core,
    is_done,
    is_greeting,
    is_thanks,
    keeps_name,
    normalize,
    wants_to_edit,
)
from dialogs.context import Step
from dialogs.edits import EDIT_INTENT, change, correction, edit_field, start_edit
from dialogs.fields import (
    absorb,
    add_description,
    advance,
    anonymity_allowed,
    apply_answer,
    label,
    labels,
    town_choices,
)
from dialogs.moves import handoff
from dialogs.other_field import say_back, take_for_other_fields
from dialogs.slots import (
    PLACE_TALK,
    Answer,
    Extracted,
    answer_address,
    answer_description,
    answer_name,
    answer_phone,
    answer_request,
    answer_town,
    extract,
    intent_of,
    is_narrative,
    phone_like,
)
from dialogs.states import FIELDS, GROUPS, STATES
from nlp.address_answer import address_tail
from nlp.contact_talk import without_contact_talk
from nlp.entities import Gazetteer, plausible_name
from nlp.names import spelled, without_spelling
from nlp.phones import joined_halves, spoken_to_digits
from nlp.story import clean
from nlp.understanding import Understanding

_NEW_WORDS = ("新问题", "新的", "新事", "不是", "另外", "另一", "别的", "不一样", "新")
_FOLLOW_WORDS = ("补充", "催办", "催", "跟进", "同一", "那件", "还是那", "追加", "是的", "是", "对")
_INTRO = re.compile(r"\s*(?:我是|我叫|俺是|俺叫|本人|我姓|俺姓)")  # who they are: not the matter
_NICKNAME = re.compile(r"[老小阿][\u4e00-\u9fff](?=[\s，,。]|$)")  # "老葛" before the name


class CollectHandler:
    states = (*GROUPS["collect"], "repeat_check")

    def handle(self, step: Step, text: str) -> None:
        if step.state == "repeat_check":
            self.on_repeat(step, text)
        else:
            self.on_slot(step, text)

    # ---------------------------------------------------------------------------- a field

    def on_slot(self, step: Step, text: str) -> None:
        slot = STATES[step.state].slot or "description"
        if step.state == "ask_anonymous" and keeps_name(text):
            step.goto("ask_name")
            return
        if correction(step, text, slot):
            return
        ex = extract(text, step.ctx.gazetteer, step.ctx.understanding)
        ans = _answer(step, slot, text, ex)
        acks = apply_answer(step, slot, ans) if ans.ok else []
        filled, extra_acks = absorb(step, ex, skip=slot)
        acks += extra_acks
        if not ans.ok:
            not_an_answer(step, slot, text, ex, ans, filled, acks)
            return
        step.reset_attempts(slot)
        data = step.data
        if slot == "description" and not step.conv.editing:
            if filled:
                step.tell("ack_description_fields", fields=labels(step, filled))
            else:
                step.tell("ack_description")
        elif filled:
            step.tell("ack_fields", fields=labels(step, [slot, *filled]))
        elif acks or (slot == "town" and ans.special == "dont_know"):
            pass  # (the acknowledgement is specific, or the next question starts with "没关系")
        elif slot == "town":
            step.tell("ack_town", town=data.town)  # said back: a wrong town or a typo in
        elif slot == "phone":  # the number is noticed at once
            step.tell("ack_phone", phone=data.phone)
        else:
            step.add(_ack(step))
        for a in acks:
            step.add(a)
        if slot in ("town", "name", "phone") and data.description:
            # "在塔集镇，已经半年了没人管": the town, and more of the story around it.
            told = text
            if slot == "name" and data.name:  # "我是朱河村的老宦 宦海明": who, not what
                told = _NICKNAME.sub("", text.replace(data.name, ""))
                u = step.ctx.understanding
                if u is not None and not u.names.without_behalf(told):
                    told = ""  # ("我替我奶奶登记的，她叫宓凤英": whom it is for, not the matter)
            story = _story_around(told, step.ctx.gazetteer)
            if slot == "phone" and story:  # ("老年机没开 打家里的 八六…": which phone rings)
                story = without_contact_talk(story)
                story = story if cjk_count(story) >= 5 else ""
            if story and add_description(step, story):
                step.tell("ack_more")
        advance(step)

    # ---------------------------------------------------------------------------- repeat check

    def on_repeat(self, step: Step, text: str) -> None:
        conv, data = step.conv, step.data
        rep = conv.repeat
        choices = step.ctx.prompts.get("repeat_ask", step.channel).choices
        t = core(text)
        new = text.strip() == (choices[0] if choices else "") or any(w in t for w in _NEW_WORDS)
        follow = text.strip() == (choices[1] if len(choices) > 1 else "") or (
            not new and any(w in t for w in _FOLLOW_WORDS))
        if new or follow:
            conv.repeat_checked = True
            step.reset_attempts("repeat")
            if follow and rep is not None and rep.case_id:
                data.follow_up_of = rep.case_id
                data.follow_up_number = rep.case_number
                # The place is on the original case: a follow-up does not ask for it again.
                if data.town is None:
                    data.town_unknown = True
                if data.address is None:
                    data.address = ""
                step.tell("repeat_follow_up", case_number=rep.case_number)
            else:
                step.tell("repeat_new")
            advance(step)
            return
        if correction(step, text, None):
            return
        # Something else (more of the story, a phone, the request): keep it, then ask again.
        ex = extract(text, step.ctx.gazetteer, step.ctx.understanding)
        filled, acks = absorb(step, ex, skip="")
        not_an_answer(step, "repeat", text, ex, Answer(problem="bad_repeat"), filled, acks)


@functools.lru_cache(maxsize=2048)  # pure: the text decides
def _story_around(text: str, gazetteer: Gazetteer) -> str:
    """More of the matter told around a town, name or phone ("" when there is none); a phone
    read aloud ("一五九 零五一七…") is a phone, not more of the matter."""
    # (a phone with the words around it, "那打我儿子的吧 138…", is cut first: contact talk; a
    # character spelled out, "竹字头下面一个旦", is no part of the matter)
    if spelled(text):
        text = without_spelling(text)
    ex = extract(clean(spoken_to_digits(normalize(text))), gazetteer)
    leftover = ex.without_contacts()
    for m in ex.towns:
        leftover = leftover.replace(m.matched, "")
    leftover = clean(leftover.strip(" ，,。.！!、"))  # (a phone read aloud is no story)
    story = PLACE_TALK.sub("", leftover)  # "我住在，但事情发生在" tells nothing new
    return leftover if cjk_count(story) >= 5 and is_narrative(leftover) else ""


def _answer(step: Step, slot: str, text: str, ex: Extracted) -> Answer:
    anonymity = slot == "name" and anonymity_allowed(step.conv)
    ans = _answer_of(slot, text, anonymity, step.ctx.gazetteer, step.ctx.understanding)
    if slot == "phone" and not ans.ok and step.conv.attempts.get("phone"):
        # "139 5172" sent before it was finished, then "6608": one number
        before = _citizen_before(step)
        joined = joined_halves(before, text) if before else None
        if joined:
            return Answer(joined, True)
    return ans


def _citizen_before(step: Step) -> str | None:
    """What the citizen said in the message before this one (the transcript already holds
    this one)."""
    said = [line["text"] for line in step.conv.transcript[-6:] if line.get("role") == "citizen"]
    return said[-2] if len(said) >= 2 else None


@functools.lru_cache(maxsize=2048)  # pure: the text decides (and the shared result is read only)
def _answer_of(slot: str, text: str, anonymity: bool, gazetteer: Gazetteer,
               understanding: Understanding | None) -> Answer:
    # The same reading as the caller's (extract is cached): with the understanding's finders,
    # so a rare surname or a phone read aloud is an answer, not a wrong one.
    ex = extract(text, gazetteer, understanding)
    if slot == "description":
        return answer_description(text, ex)
    if slot == "town":
        return answer_town(text, ex)
    if slot == "address":
        return answer_address(text, ex, gazetteer)
    if slot == "name":
        if spelled(text):  # "我叫李 木子李": the surname spelled out is no part of it
            text = without_spelling(text)
            ex = extract(text, gazetteer, understanding)
        return answer_name(text, ex, anonymity=anonymity,
                           names=understanding.names if understanding is not None else None)
    if slot == "phone":
        return answer_phone(text)
    return answer_request(text, ex)


def not_an_answer(
    step: Step, slot: str, text: str, ex: Extracted, ans: Answer,
    filled: list[str], acks: list[Say],
) -> None:
    data = step.data
    for a in acks:
        step.add(a)
    if (slot != "phone" and ex.phone and ex.phone_count == 1 and phone_like(text)
            and ex.phone != data.phone):
        # A bare number although the phone is known (e.g. the SMS sender's): use the new one.
        data.phone = ex.phone
        step.tell("ack_fields", fields=label(step, "phone"))
        advance(step)
        return
    if wants_to_edit(text) and data.has_any(FIELDS):
        step.goto("edit_which")  # "修改" in the middle: which one?
        return
    field = edit_field(text) if EDIT_INTENT.search(text) else None
    if field and getattr(data, field) is not None and not filled:
        # A correction in the middle ("名字写错了，是王大海"): fix it, then carry on.
        if change(step, text, field):
            step.tell("edit_done")
            advance(step)
        else:
            start_edit(step, field)
        return
    bare = re.sub(r"[\s，,。.!！]", "", normalize(text))
    partial = (data.name or "").lstrip("老小") if data.name_partial else ""
    if slot != "name" and plausible_name(bare) and not data.anonymous and not filled and not \
            step.ctx.gazetteer.find(bare) and (not data.name or (partial and bare.startswith(partial))):
        # "李明" right after "我姓李" (or a bare name before we asked): the full name.
        data.name = bare
        data.name_partial = False
        step.tell("ack_fields", fields=label(step, "name"))
        advance(step)
        return
    tail = address_tail(text) if slot not in ("address", "description") and data.address else None
    if tail:
        # "三组" / "五组后面那片鱼塘" right after "建设村": the citizen is finishing the address.
        data.address = (data.address or "") + tail
        step.tell("ack_address_more")
        advance(step)
        return
    taken = take_for_other_fields(step, slot, text, ex) if slot not in ("description", "repeat") else []
    if taken and not filled:  # ("盛世华庭7栋" at the town question): said back, asked again
        say_back(step, taken)
        advance(step)
        return
    filled = filled + taken
    if (slot != "description" and data.description and not filled
            and is_narrative(text) and not phone_like(text)
            and not (slot == "name" and _INTRO.match(normalize(text)))
            and not (slot == "phone" and not without_contact_talk(text))):  # ("我没手机 家里也没装座机")
        # More about the matter while we asked something else: keep it, then ask again.
        told = clean(ex.without_contacts() or text)  # (without a phone read aloud)
        if told and add_description(step, told):
            step.tell("ack_more")
        advance(step)
        return
    if filled:
        step.tell("ack_fields", fields=labels(step, filled))
        advance(step)
        return
    if is_done(text) and slot != "description":
        step.add(_ack(step))
        return  # the question is asked again at the end of the step
    if is_greeting(text) or is_thanks(text):
        if step.state == "ask_description":
            step.add(step.say("ask_description_hello"), asks=True)
        return  # the question is asked again at the end of the step
    if ans.special == "intent":
        intent = intent_of(text)
        if intent:
            data.intent = intent
    if step.attempt(slot) >= step.ctx.limits.max_attempts:
        handoff(step, "stuck")
        return
    problem = ans.problem or "bad_" + slot
    if slot == "phone" and anonymity_allowed(step.conv):
        problem = "bad_phone_report"  # (a report may be filed without a phone: said so)
    say = step.say(problem, **ans.values)
    if slot == "town":
        say = Say(say.text, say.short, town_choices(step))
    step.add(say, asks=True)


def _ack(step: Step) -> Say:
    p = step.ctx.prompts.get("ack", step.channel)
    if p.variants:
        word = p.variants[len(step.conv.transcript) % len(p.variants)]
        return Say(word, word)
    return step.say("ack")
