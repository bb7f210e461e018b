"""What a turn does to a conversation under way (nlp.turn_acts), acted on: a cancel however it
is worded, a deferral at the summary, a field corrected (at the summary or while another
question is open), a fact of the account corrected or added, a second demand added, and a
demand at the request question that names a fee or a time.

`act_of` says which act a message is, when the model is sure and the form allows it; `apply`
does what it says for the acts that change the draft (the dialog's own moves do cancel and
defer). Nothing is claimed that was not done: each change is said back as it was made.
"""

from __future__ import annotations

import re

from dialogs.contact_beside import keep_own_phone
from dialogs.context import Step
from dialogs.fields import add_description, advance, label, set_town
from dialogs.request_widening import append_request
from dialogs.states import STATES
from nlp.clauses import clause_texts
from nlp.dialect import standard
from nlp.entities import normalize
from nlp.hanzi import cjk_count, to_simplified
from nlp.names import without_spelling
from nlp.phone_parts import corrected_number
from nlp.phones import find_spoken_phones, spoken_to_digits
from nlp.story import clean
from nlp.turn_acts import added_fact, demand_of, fixed_account, pairs
from nlp.turn_slots import field_word, find_place, place_answer, splice

SURE = 0.9
# Someone else's words before a withdrawal ("村里劝我别报了"): the matter, never a cancel.
_REPORTED = re.compile(r"(?:劝|叫|让|说|讲|要)(?:我|俺|我们)(?:别|不要|不用)")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_CORRECTING = re.compile(r"应该|不是|错|不对|改")


def act_of(step: Step, text: str) -> str | None:
    """The act of `text` in the current state, or None (then the message is read as before).

    The model proposes (its three best acts); the act is taken when the model is sure of it, or
    when it is among the model's proposals and the message has the form the act needs: a
    second demand announced (诉求再加一条, 还有个要求), a fact whose wrong words are in the
    account, a field named as wrong, a deferral's words of later."""
    u = step.ctx.understanding
    acts = u.acts if u is not None else None
    state = step.state
    if acts is None or state == "consent" or not _CJK.search(text):
        return None
    said = standard(text)
    if state != "confirm" and not (_CUE.search(text) and (state != "ask_description" or len(
            text) <= 24) or state == "ask_request" and _FEE_OR_TIME.search(text) or
                                   state != "ask_description" and _LATER.search(said)):
        return None  # (cheap: most answers hold no word of dropping or correcting anything)
    ranked = acts.ranked(said, STATES[state].expecting or "")
    best, p = ranked[0][0], float(ranked[0][1])
    proposed = {a for a, q in ranked if q >= 0.05}
    data = step.data
    if best == "cancel" and p >= SURE and not _REPORTED.search(text) and (
            state != "ask_description" or len(text) <= 24):
        return "cancel"
    if state == "confirm":
        if "defer" in proposed and (best == "defer" and p >= 0.6 or _LATER.search(text) and best not in (
                "cancel", "correct")) and not pairs(text):  # ("想想还是算了 我不报了": a cancel)
            return "defer"
        demand = demand_of(text)
        lead = text.strip()[:max(0, len(text.strip()) - len(demand))]
        if proposed & {"more_request", "demand"} and demand and demand != text.strip() and (
                _ANNOUNCED.search(lead) or best in ("more_request", "demand")):
            return "more_request"  # ("再补充一个诉求：…": the request, not the account)
        if proposed & {"add_fact", "correct"}:
            # which value was wrong, the dialog sees from what it holds
            if fixed_account(data.description or "", text) is not None and not _in_fields(step, text):
                return "fact"  # "不是村东头 是村西头": the account's own words
            if field_word(text) in _FORM_FIELDS or _in_fields(step, text):
                return "correct"
            if pairs(text) or _ADDED.search(text) or field_word(text) == "description" and cjk_count(
                    added_fact(text)) >= 4:
                return "fact"  # (a fact named without one: "事情经过要改" asks for it)
    if best == "defer" and p >= SURE and state.startswith("ask_") and state != "ask_description" and \
            len(text) <= 24 and _LATER.search(said) and not _SOMEONE_SAID.search(said):
        return "defer"  # ("要求啥的 我想好了再港": nothing of it is the request)
    if best == "demand" and p >= 0.6 and state == "ask_request":
        return "demand"
    if best == "correct" and (p >= SURE or p >= 0.5 and field_word(text) in _FORM_FIELDS and
                              _WRONG_CLAUSE.search(text)) and data.has_any(("town", "address", "name", "phone")):
        return "correct"
    return None


# Words without which a message mid-way is neither a cancel nor a correction (不, 别, 算了, 删, 撤,
# 错, 改, 当我没说), nor a demand at the request question that a fee or a time might hide.
_CUE = re.compile(r"不|别|算|没说|删|撤|取消|作废|免|错|改|更正|對|错|錯")
_FEE_OR_TIME = re.compile(r"费|钱|收|多久|多长|时间|什么时候|啥时候|几天|几号|合不合|该不该")
_FORM_FIELDS = frozenset({"town", "address", "name", "phone", "request"})
# Words of later (a deferral), a second demand announced, a fact announced as added.
_LATER = re.compile(r"再(?:来|说|交|提交|决定|看|确认|弄|联系)|等(?:我|他|她)|想想|考虑|商量|合计|琢磨|回头|明天|过两天|"
                    r"先放|先搁|先存|暂时不")
# Someone else's putting off ("村里说过两天再来修"): a fact of the matter, never a deferral.
_SOMEONE_SAID = re.compile(r"(?:说|讲|答应|推)(?:过两天|明天|回头|等|再|下次|改天)")
_ANNOUNCED = re.compile(r"诉求|要求|希望")
_ADDED = re.compile(r"补充|忘(?:了)?说|还有(?:一个|个)?(?:情况|事)|对了|漏了|再加一句|补一句")


def _in_fields(step: Step, text: str) -> bool:
    """A value the correction says was wrong is (part of) a field the form holds."""
    data = step.data
    held = [v for v in (data.town, data.address, data.name, data.phone) if v]
    towns = {m.town.name for m in step.ctx.gazetteer.find(text)}
    return any(p.old and any(p.old in v for v in held) for p in pairs(text)) or bool(
        data.town and data.town in towns)


def apply(step: Step, text: str, act: str) -> bool:
    """Make the change `act` says; False when nothing could be made of it (the handler reads
    the message as before)."""
    if act == "correct":
        return _correct_fields(step, text)
    if act == "fact":
        return _fact(step, text)
    if act == "more_request":
        return _more_request(step, text)
    if act == "demand":
        demand = text.strip(" ，,。.！!")
        if not demand:
            return False
        step.data.request = demand
        step.reset_attempts("request")
        step.add(step.say("ack"))
        advance(step)
        return True
    return False


def _again(step: Step) -> None:
    """The open question again (or the summary, with the change in it)."""
    if step.state == "confirm":
        step.asked = False
    else:
        advance(step)


# ------------------------------------------------------------------------------ fields


def _correct_fields(step: Step, text: str) -> bool:
    """The fields a correction names or whose held value it says was wrong, changed to the
    values the same message gives ("不是塔集 是吕良那边" -> the town; "是18号不是16号" -> the
    house number inside the address; "镇说错了 是金南的 在金南镇夹沟村二组" -> town and address)."""
    data, gaz, u = step.data, step.ctx.gazetteer, step.ctx.understanding
    said = pairs(text)
    named = field_word(text)
    changed: list[tuple[str, str]] = []
    # the town: a town named as the new value, the town field named or the held town said wrong
    said_new = [m for p in said for m in gaz.find(p.new)]
    if said_new and named in ("town", None) and all(
            m.town.name == data.town and len(p.new) - len(m.matched) <= 2 for p in said
            for m in gaz.find(p.new)):
        # "不是金南镇 是银涂镇" with 银涂镇 held: nothing to change, said so
        step.tell("corrected_same", field=label(step, "town"), value=data.town)
        _again(step)
        return True
    towns = [m for m in (said_new or gaz.find(text)) if m.town.name != data.town]
    held_town_wrong = any(p.old and any(m.town.name == data.town for m in gaz.find(p.old))
                          for p in said)
    if towns and (named in ("town", "address", None) or held_town_wrong) and (
            named == "town" or held_town_wrong or any(gaz.find(p.new) for p in said)):
        set_town(step, towns[-1])
        changed.append(("town", data.town or ""))
        place = find_place(text, gaz) or next(
            (a for a in (place_answer(c, gaz) for c in reversed(clause_texts(text))) if a), None)
        if place and place not in (towns[-1].matched, data.town) and not gaz.find(place) and \
                not _CORRECTING.search(place):
            data.address = place  # ("在金南镇夹沟村二组": the place in the new town)
            changed.append(("address", place))
    # the address: the words said wrong are part of it
    if data.address and not any(f == "address" for f, _ in changed):
        for p in said:
            if (p.old and p.old in data.address or not p.old and named == "address") and (
                    named == "address" or not gaz.find(p.new)):
                new_place = place_answer(p.new, gaz) or p.new  # (without the town said with it)
                data.address = splice(data.address, new_place, p.old or None)
                changed.append(("address", data.address))
                break
    # the name, spelled or not ("是欧阳珺 王字旁一个君")
    if named == "name" and u is not None and not changed:
        for part in [p.new for p in said] + [re.sub(r"^(?:应该是|应该叫|是|叫)", "", c) for c in
                                              re.split(r"[，,。\s]+", without_spelling(text))]:
            found = u.names.find(part, bare=True) if part else None
            if found is not None and not found.surname_only and found.name != data.name and (
                    not data.name or len(found.name) >= 2):
                data.name, data.name_partial, data.anonymous = found.name, False, False
                changed.append(("name", found.name))
                break
    if named == "phone" and not changed:
        phones = find_spoken_phones(text, answer=True)
        said_phone = phones[0].number if phones else data.phone
        # ("138… 不对 后四位是4791", "电话尾号错了 是4791": the part said wrong, changed)
        new_phone = (corrected_number(said_phone, text) if said_phone else None) or (
            phones[0].number if phones else None)
        if new_phone and new_phone != data.phone:
            data.phone = new_phone
            changed.append(("phone", new_phone))
    if named == "request" and not changed and data.request is not None:
        new = _new_request(text)
        if new:
            data.request = new
            changed.append(("request", new))
    if not changed:
        return False
    for field, value in changed:
        step.tell("corrected", field=label(step, field), value=value)
        step.reset_attempts(field)
    if all(f != "phone" for f, _ in changed) and keep_own_phone(step, text):
        _again(step)  # ("名字是钮佳琪不是纽佳琪电话138…": the phone said with it is kept)
        return True
    slot = STATES[step.state].slot
    rest = _beside(text, [v for _, v in changed]) if step.state.startswith("ask_") else ""
    if rest and slot not in {f for f, _ in changed}:
        step.dispatch(rest)  # the answer sent with the correction ("139… 对了名字打错了 是…")
    else:
        _again(step)
    return True


# The clause that says something was wrong.
_WRONG_CLAUSE = re.compile(r"错|不对|不是|改|更正|換成|换成|有误")


def _clauses(text: str) -> list[str]:
    return [c for c in clause_texts(text) if c.strip(" ，,。.！!")]


_FILLER = re.compile(r"(?:等一?下|等等|稍等|哦|噢|喔|对了|另外|还有|不好意思|对不起|嗯|那个|我|俺|刚才|哎呀|哎|唉|是这样|"
                     r"就是|同志|领导|你好|您好|啊|呀)*")


def _beside(text: str, values: list[str]) -> str:
    """What a message says beside its correction: the clauses before the one saying something
    was wrong and after the one giving the new value ("13905170000 对了名字打错了 是万俟春笙" ->
    "13905170000")."""
    clauses = _clauses(text)
    at = next((i for i, c in enumerate(clauses) if _WRONG_CLAUSE.search(c)), None)
    if at is None:
        return ""
    plain = [spoken_to_digits(normalize(c)) for c in clauses]
    wanted = [spoken_to_digits(normalize(v)) for v in values if v]
    holds = [i for i in range(at, len(clauses)) if any(v in plain[i] or len(plain[i].lstrip("是在叫")) >= 2
                                                        and plain[i].lstrip("是在叫") in v for v in wanted)]
    # (the value in the same clause or a later one: "名字打错了 是万俟春笙", "说错了 不是黎城 是戴楼街道")
    end = holds[0] if holds else min(at + 1, len(clauses) - 1)
    rest = clauses[:at] + clauses[end + 1:]
    rest = [c for c in rest if not _FILLER.fullmatch(re.sub(r"[\W_]+", "", c))]
    rest = [_FIELD_LABEL.sub("", c) for c in rest]
    return " ".join(rest) if cjk_count("".join(rest)) >= 2 or any(
        re.search(r"\d", c) for c in plain[:at] + plain[end + 1:]) else ""


# A field's label before its value ("诉求就是…", "我的要求是…"): not part of the value.
_FIELD_LABEL = re.compile(r"^(?:我的|俺的)?(?:诉求|要求)(?:就|呢)?(?:是|：|:)\s*")


# What opens the new request after the clause saying the old one was wrong.
_REQUEST_LEAD = re.compile(r"^(?:应该是|应是|其实是|正确的是|改成|改为|换成|換成|更正为|我是想|我是要|俺是想|我想|是想|是要|是|就是)")


def _new_request(text: str) -> str:
    """The request that replaces the one said wrong ("诉求不对 不要换肥料了 要他赔我庄稼的损失"
    -> "要他赔我庄稼的损失"): the clauses after the one saying it was wrong, without those
    that take back the old one (不要…, 不是…), in the citizen's words."""
    clauses = _clauses(text)
    at = next((i for i, c in enumerate(clauses) if _WRONG_CLAUSE.search(to_simplified(c))), None)
    if at is None:
        return ""
    head = clauses[at]
    m = re.search(r"(?:应该是|应是|其实是|改成|改为|换成|換成|應該是|更正为)", head)
    after = ([head[m.start():]] if m and m.end() < len(head) else []) + clauses[at + 1:]
    keep = []
    for c in after:
        simple = to_simplified(c)
        if re.match(r"(?:不要|不是|别|不光|不用)", simple):
            continue
        lead = _REQUEST_LEAD.match(simple)
        keep.append(c[lead.end():] if lead and lead.end() < len(c) else c)
    new = "，".join(keep).strip(" ，,。")
    return new if cjk_count(new) >= 2 else ""


# ------------------------------------------------------------------------------ the account


def _fact(step: Step, text: str) -> bool:
    """A fact of the account corrected (the new words where the old stood) or added."""
    data = step.data
    account = data.description or ""
    fixed = fixed_account(account, text)
    if fixed is not None:
        data.description = fixed
        step.tell("account_fixed")
        _again(step)
        return True
    if pairs(text):
        # the words said wrong are not in the account: the correction as said, beside it
        told = clean(text) or text
        data.description = account + "\n" + told if account else told
        step.tell("ack_more")
        _again(step)
        return True
    fact = added_fact(text)
    if cjk_count(fact) < 3 or not add_description(step, fact):
        return False
    step.tell("ack_more")
    _again(step)
    return True


# ------------------------------------------------------------------------------ the request


def _more_request(step: Step, text: str) -> bool:
    demand = demand_of(text)
    if cjk_count(demand) < 2:
        return False  # ("诉求再加一条" alone: the request question, by the handler)
    append_request(step, demand)
    return True
