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
from dialogs.contact_beside import keep_own_phone, named_without_report
from dialogs.context import Step
from dialogs.fields import (
    absorb,
    account_of,
    add_description,
    advance,
    anonymity_allowed,
    label,
    labels,
    set_town,
)
from dialogs.moves import cancel, continue_where, handoff, help_reply, restart, status
from dialogs.refusal_values import keep_value_beside_refusal
from dialogs.request_widening import take_widened_request
from dialogs.slots import answer_phone, extract, intent_of
from dialogs.states import FIELDS, STATES
from dialogs.story_fix import correct_story
from dialogs.turn_acts import act_of
from dialogs.turn_acts import apply as apply_act
from dialogs.visit_plea import take_visit_plea
from nlp.asking import asks_how_to_get, asks_whether_it_applies, reports_a_promise
from nlp.at_a_loss import at_a_loss
from nlp.clauses import clause_texts
from nlp.dialect import standard
from nlp.directives import directs
from nlp.discourse import after_opener
from nlp.hanzi import cjk_count
from nlp.identity_choice import without_identity_choice
from nlp.intake_questions import intake_question
from nlp.other_field import called_only
from nlp.own_matter import decides_to_file, strong, without_filing_talk
from nlp.phone_parts import corrected_number
from nlp.policy_question import asks_policy
from nlp.process_answer import answer_topic
from nlp.second_matter import another_matter
from nlp.story import (
    announces_only,
    clean,
    follow_up_aspect,
    form_parts,
    gaps,
    tells_whom_they_went_to,
)
from nlp.summary_talk import asks_what_follows, only_thanks_or_praise
from nlp.turn_slots import (
    field_word,
    find_place,
    find_request,
    place_answer,
    self_correction,
    splice,
)
from nlp.understanding import (
    Reading,
    after_return,
    asks_something,
    beyond_parts,
    cancels_with_reason,
    tells_grievance,
)
from nlp.visit_plea import asks_for_a_visit

_ACTIVE = frozenset({"ask_description", "ask_town", "ask_address", "ask_name", "ask_anonymous",
                     "ask_phone", "ask_request", "confirm"})
_FOLLOW_UPS = 2
_CJK = re.compile(r"[\u4e00-\u9fff]")
# Another language: several Latin words, or kana, hangul, Cyrillic, Arabic script.
_FOREIGN = re.compile(r"[A-Za-z]{2,}\W+[A-Za-z]{2,}|[\u3040-\u30ff\uac00-\ud7af\u0400-\u04ff"
                      r"\u0600-\u06ff]")


class Understand:
    def __call__(self, step: Step, text: str, inp: StepInput) -> bool:
        return read(step, text)


# A cue of stopping, without which no message drops the draft (however a learned reader reads
# it): 算了, 取消, 撤, 放弃, 退出, 结束, 不用, 不要, 不想, 不打算, 不必, 没必要, 别…, 不…了 (咯 啦 喽),
# 就当我没说.
_STOPPING = re.compile(r"算[了咯啦喽]|取消|撤|放弃|退出|结束|不用|不要|不想|不打算|不必|没必要|别|"
                       r"不[^，,。.！!？?；;\s]{0,6}[了咯啦喽]|当(?:我|俺)?没(?:说|讲|这回事)")


def read_held(step: Step, text: str, last: bool = True) -> bool:
    """A message held before consent, read now like any later one, as part of the matter it
    was told with: True when it was dealt with here (a question answered, small talk not
    stored); False for the handler (which keeps it as the matter or more of it)."""
    u = step.ctx.understanding
    if u is None or not text:
        return False
    if take_visit_plea(step, text):
        return True  # "恳请领导派人来实地看一看": the request, no hand-over
    if _files_after_all(step, text) or _grievance_held(step, text):
        # a question held, then "算了 我还是正式反映一下吧 …" or a wrong told ("…卡上就没钱了")
        # held after it: one petition, nothing said of the question's short path
        step.unsay("consult_start", "consult_register", "consult_ask_what", "ack_more")
        return True
    r = u.interpret(text, "description")
    if r.kind == "human" and r.sure or r.kind != "human" and _asks_for_person(text, r):
        handoff(step, "asked_for_person")
        return True
    if _process_faq(step, text, r):
        return True
    if r.kind == "process" and r.topic and r.sure and (
            r.topic in ("scope", "privacy") or not _MATTER.search(text)):
        # "一般多久能答复", "恁这儿管不管…的事": answered, not the matter
        step.tell("process_" + r.topic)
        return True
    if _small_talk(text, r):
        if _ABOUT_SELF.search(text):
            step.tell("smalltalk_patience")
        return True
    if r.kind == "smalltalk" and r.topic == "parts":
        if step.state == "ask_description" and not step.data.description:
            return _matter(step, text, r)
        return True  # ("我慢慢讲" after the matter was told: nothing to store)
    if _talk_only(step, text, r, "description") or at_a_loss(text):
        return True  # "我年纪大了，是孙子帮我打的字", "我也不知道咋说": nothing of the matter yet
    if step.state == "ask_description":
        if r.kind == "consult" and r.sure and not step.data.description:
            return _consult(step, text)
        # (a thin account gets its follow-up once all that was held is in)
        return _matter(step, text, Reading("story", 1.0, slots=r.slots), follow_up=last)
    return False


def read(step: Step, text: str) -> bool:
    """Read one message before anything of it is stored: True when it was dealt with."""
    u = step.ctx.understanding
    state = step.state
    if u is None or not text or state not in _ACTIVE and state != "consent":
        return False
    if state == "consent":
        # before consent only a request for a person and a deferral are read here
        if len(text) <= 24 and not _PERSON_HINT.search(text) and u.interpret(
                text, "consent").topic == "later":
            return _defer(step)
        if not _PERSON_HINT.search(text) or asks_for_a_visit(text):
            return False  # (a plea for someone to come and look is kept with the matter)
    elif take_visit_plea(step, text):
        return True  # "恳请领导派人来实地看一看" at any question: the request, no hand-over
    elif take_widened_request(step, text):
        return True  # "诉求改一下 不光要补偿款 还要…": added to the request, nothing lost
    elif state == "ask_description" and not step.data.description and at_a_loss(text):
        step.tell("smalltalk_patience")  # "我也不知道咋说": nothing of the matter yet
        return True
    back = after_return(text) if state != "consent" else None
    if back is not None:
        # "我回来了" after a deferral: nothing stored; what follows it is read as the message
        # ("老头子回来了，门牌是金湖路188号" -> the address)
        if not back:
            step.tell("resume_ok")
            return True
        if not read(step, back):
            step.dispatch(back)
        return True
    rest = after_opener(text) if state != "consent" else None
    if rest is not None:
        # "不是我说 村干部做事太不像话了": the opener corrects nothing; what follows is the message
        if not read(step, rest):
            step.dispatch(rest)
        return True
    pending_refusal, step.conv.notes.refused = step.conv.notes.refused, ""
    taken_back = self_correction(text) if state == "ask_request" and _CORRECTION_WORDS.search(text) else None
    if taken_back is not None:
        meant = u.interpret(text, "request")  # "要求赔钱 哦不对 主要是把沟清一清": what follows
        if meant.kind == "answer" and meant.field == "request" and meant.text == taken_back[1]:
            step.dispatch(meant.text)
            return True
    if _files_after_all(step, text):
        return True  # "算了 我还是正式反映一下吧 去年…": the question becomes a petition
    act = None if _plain_answer(step, state, standard(text)) else act_of(step, text)  # (turn_acts)
    if act == "cancel" and not _STOPPING.search(text):
        act = None  # (the learned reader's "cancel" with no word of stopping: "把涵洞疏通了 让路不再淹")
    if act == "cancel" and not _asks_the_process(step, text):
        return _command(step, text, "cancel")  # "这事我不打算往上报了": however worded
    if act == "defer":
        return _defer(step)  # "我先跟家里人商量商量 明天再来交"
    if act is not None and apply_act(step, text, act):
        return True
    if _completes_name(step, text) or _place_elsewhere(step, text) or \
            keep_value_beside_refusal(step, text):  # "哪个组就不说了，就写中心村吧"
        return True
    if _plain_answer(step, state, standard(text)):  # (具体地方就不港了吧: no place given)
        return False  # a short, clean answer: the handler's finders suffice (cheap path)
    expecting = STATES[state].expecting or ""
    if state == "ask_description" and _plain_story(text):
        r = Reading("story", 1.0)  # a long account and nothing else: no model needed
    else:
        r = u.interpret(text, expecting)
    kind = r.kind
    if state == "confirm" and (only_thanks_or_praise(text) or asks_what_follows(text) and not (
            kind == "process" and r.topic and r.sure and r.topic != "needed")):
        # "提交以后会怎么处理啊", "比镇上那个王干事耐心多了": answered, never the account (a question
        # of time, privacy, who handles it gets its own answer below)
        step.tell("thanks_reply" if only_thanks_or_praise(text) else "process_after")
        return True
    if (kind == "human" and r.sure or kind != "human" and _asks_for_person(text, r)) and \
            state == "ask_phone" and r.slots.phone:
        step.dispatch(r.slots.phone)  # "让工作人员打个电话跟我说 我电话187…": the call back's number
        return True
    if state == "ask_description" and step.data.description and step.conv.notes.followups and \
            tells_whom_they_went_to(text):
        kind, r = "story", Reading("story", 1.0, slots=r.slots)  # "找车间主任 他说…": what was tried
    if kind == "human" and r.sure or kind != "human" and _asks_for_person(text, r):
        handoff(step, "asked_for_person")
        return True
    if state == "consent":  # the notice handler answers everything else
        return False
    if step.data.intent == "咨询" and state in ("ask_town", "ask_phone") and kind in (
            "story", "consult") and _turns_to_petition(step, text) and \
            not answer_phone(text).ok:  # ("还有个事 村东头的桥栏杆断了半年了": nlp.second_matter)
        # the short path of a question, then a grievance told ("…到现在一分都没到账"): a petition
        _consult_to_petition(step)
        add_description(step, clean(text) or text)
        step.tell("ack_more")
        advance(step)
        return True
    if kind == "story" and state.startswith("ask_") and state != "ask_description" and \
            reports_a_promise(text):
        add_description(step, clean(text) or text)  # "村长说过几天来修": what was tried
        step.tell("ack_more")
        return True
    if kind == "smalltalk" and r.topic == "later":
        return _defer(step)  # "明天再说": no answer, the draft waits
    if kind == "answer" and r.text and r.value:
        step.dispatch(r.text)  # "周湾村三组，哦不对，是四组": the answer as meant
        return True
    if state == "ask_anonymous" and kind == "answer" and r.value == "anonymous":
        # "我不想留名字，怕被报复": the choice, not more of the matter
        step.dispatch(step.ctx.prompts.word("anonymous"))
        if step.state == "ask_phone" and _PHONE_NAMED.search(text):  # "名字和电话都不留"
            _refusal(step, text, Reading("refusal", 1.0, field="phone", slots=r.slots))
        return True
    if kind == "command" and r.topic and r.sure:
        if _only_command(text):
            return _command(step, text, r.topic)
        # "把不该吃的低保取消掉": the words of a command about something else: the matter
        kind = "story" if state == "ask_description" else "unknown"
        r = Reading(kind, r.confidence, slots=r.slots, model_kind=r.model_kind)
    if _process_faq(step, text, r):
        return True  # "提交以后怎么办", "能替我妈反映吗": answered, the question again
    if kind == "process" and r.topic and r.sure and not (
            state == "confirm" and r.topic == "needed"):
        # (the question asked: "为啥要名字 我怕他知道" -> privacy; "小区名还是门牌号" -> the address's)
        topic = answer_topic(text, r.topic, STATES[state].slot)
        step.tell("process_" + topic)
        if state == "ask_name" and "needed" in (topic, r.topic) and "name" not in step.conv.notes.explained:
            step.conv.notes.explained.append("name")  # (why a name: told; "那就写祁先生吧" is taken)
        return True
    if kind == "refusal" and r.sure and pending_refusal and field_word(text) is None:
        # "还是不想说" right after the name's refusal was explained: the name, not the question
        # open meanwhile
        r = Reading("refusal", 1.0, field=pending_refusal, slots=r.slots)
    if kind == "refusal" and r.sure and (state != "confirm" or r.field == "name" and not
                                         step.data.anonymous):
        return _refusal(step, text, r)
    if state == "ask_name" and step.data.name_partial and step.data.name and not (
            kind in ("process", "human") or kind == "command" and r.sure) and _no_fuller_name(step, text):
        # the full name asked for once, and only the surname again or a "no" ("就写亓吧",
        # "不用全名了吧"): the surname is registered, never asked for again
        return _refusal(step, text, Reading("refusal", 1.0, field="name", slots=r.slots))
    if state == "ask_name" and "name" in step.conv.notes.explained and "举报" in text:
        # the offer made with the explanation: "是举报" -> anonymous
        step.data.intent = "举报"
        _anonymous(step, "refuse_name_report")
        return True
    if step.data.phone and not r.value and (kind == "correction" or field_word(text) == "phone"):
        fixed = corrected_number(step.data.phone, text)  # "电话后四位错了 应该是4791"
        if fixed is not None:
            r, kind = Reading("correction", 1.0, field="phone", value=fixed, slots=r.slots), "correction"
    if kind == "correction" and r.field == "description" and r.value and state != "ask_description":
        return correct_story(step, text, r.value, r.old)  # "哦不对 是四千八": the account's fact
    if kind == "correction" and r.field and r.value:
        if r.field != "phone":
            keep_own_phone(step, text)  # "名字是钮佳琪不是纽佳琪 电话138…": the phone too
        return _correct(step, r)
    if kind == "unknown" and state != "confirm" and _FOREIGN.search(text) and not \
            _CJK.search(text):
        step.tell("not_understood")  # another language: say so, ask again
        return True
    if kind == "answer" and r.value is None and r.field == STATES[state].slot and \
            state in ("ask_town", "ask_address", "ask_request"):
        return _dont_know(step, state, r)  # "我也说不清是哪个镇": an answer, not the story
    if kind == "answer" and r.value is None and state in ("ask_name", "ask_anonymous",
                                                           "ask_phone"):
        # "不知道" to the name or phone: an attempt like a refusal (explained once, then
        # respected), never the same question for ever
        return _refusal(step, text, Reading("refusal", 1.0, field=STATES[state].slot,
                                            slots=r.slots))
    if kind == "answer" and r.value is None and state.startswith("ask_") and \
            state != "ask_description":
        return True  # "不知道…" about something else: nothing to store, the question again
    if state not in ("confirm", "ask_description", "consent") and kind not in (
            "answer", "correction", "command") and _waiting(text):
        step.tell("smalltalk_wait")  # "等一下，我找找号码": nothing stored, the question again
        return True
    if _talk_only(step, text, r, expecting):
        return True  # "我怕被打击报复，能不能不写名字": the question answered, nothing stored
    if state not in ("confirm", "ask_anonymous") and (_small_talk(text, r) or _ack(text, r)):
        # "好的 谢谢你啊", "晓得了", "我年纪大了不太会弄": nothing of the matter in it, never stored
        if state == "ask_description" and _ABOUT_SELF.search(text):
            step.tell("smalltalk_patience")
            return True
        if state != "ask_description":
            return True  # (the question is asked again at the end of the step)
        if step.data.description and not step.conv.notes.parts:
            advance(step)  # "好的，知道了" to a follow-up: nothing more to tell
            return True
        if not step.data.description:
            return True
    if state == "ask_description":
        return _matter(step, text, r)
    notes = step.conv.notes
    if kind == "smalltalk" and r.topic == "done" and notes.parts:
        facts = _facts(text)
        if facts:  # "就这些，每天五点就砸铁皮": the last part, kept
            add_description(step, facts)
            if not _DONE_WORDS.search(text):  # (facts without "that's all": not the end)
                step.tell("ack_more")
                return True
        notes.parts = False
        advance(step)
        return True
    if state == "ask_phone" and kind == "answer" and r.value and not answer_phone(text).ok:
        step.dispatch(r.value)  # spoken digits ("幺三九…"): the handler gets the number
        return True
    return False


_HOW = re.compile(r"[?？吗么呢]|怎么|怎样|咋|如何|在哪|哪里|哪儿|能不能|可不可以|可以|行不行|要不要|"
                  r"需不需要|什么|啥|多少|多久|是不是|有没有|还能|能[^，,。]{1,10}不(?:[，,。？?]|$)|"
                  # a choice ("写他的还是写俺的", "现在发还是以后补") or whose ("名字写谁的")
                  r"[\u4e00-\u9fff]{1,6}(?:还是|還是)[\u4e00-\u9fff]{1,8}(?:[，,。\s]|$)|[写留填寫](?:她|他|我)?的?谁")


# Fears of what telling may bring ("怕被打击报复", "担心村里晓得是我说的"): answered with privacy.
_FEAR = re.compile(r"怕|担心|害怕")
# Kinds a message about the talk itself may be read as: what else it is, the dialog handles.
_TALK_KINDS = frozenset({"story", "unknown", "smalltalk", "process", "consult"})


def _talk_only(step: Step, text: str, r: Reading, expecting: str) -> bool:
    """A message that is only talk about the talk (who types, one's age, fears, pleas, doubts,
    apologies, asides, process questions; nlp.clauses): never stored. The questions in it are
    answered (a fear of being found out gets the privacy answer), then the open question is
    asked again; while the matter is asked for and not yet told, the citizen is told to take
    their time."""
    u = step.ctx.understanding
    reader = u.clauses if u is not None else None
    if u is None or reader is None or step.state == "confirm" or r.kind not in _TALK_KINDS:
        return False
    if r.kind == "smalltalk" and r.topic in ("later", "parts", "done"):
        return False  # (their own moves)
    if any((r.slots.phone, r.slots.town, r.slots.name, r.slots.place)) or cjk_count(
            text) < 4 or _gives_value(step, text):
        return False  # (a value given with it: "我复姓端木，叫端木青" is the name)
    if not reader.meta_only(text):
        return False
    topics: list[str] = []
    if r.kind == "process" and r.topic:
        topics.append(r.topic)
    for clause in reader.meta_clauses(text):
        c = u.interpret(clause, expecting)
        if c.kind == "process" and c.topic and c.sure and c.topic not in topics:
            topics.append(c.topic)
    if not topics and _FEAR.search(text):
        topics.append("privacy")
    for topic in topics:
        step.tell("process_" + topic)
    if step.state == "ask_description" and not topics:
        if not step.data.description:
            step.tell("smalltalk_patience")
        elif not step.conv.notes.parts:
            advance(step)  # ("晓得了，谢谢你" to a follow-up: nothing more to tell)
    return True


def _gives_value(step: Step, text: str) -> bool:
    """The message holds a value the open question's finder takes (a name however rare, a
    town or place, a phone)."""
    u = step.ctx.understanding
    if answer_phone(text).ok or step.ctx.gazetteer.find(text):
        return True
    if step.state in ("ask_name", "ask_anonymous"):  # ("好吧，聂文斌": a clause of it)
        return u is not None and any(u.names.find(part, bare=True) is not None
                                     for part in [text, *clause_texts(text)])
    if step.state == "ask_address":
        return bool(place_answer(text, step.ctx.gazetteer))
    return False


def _process_faq(step: Step, text: str, r: Reading) -> bool:
    """A question about the intake itself that the county's FAQ answers (entries marked
    process): the answer, nothing stored; the open question is asked again after it."""
    faq = step.ctx.faq
    if faq is None or r.kind in ("answer", "correction", "refusal", "human", "consult") or not _HOW.search(
            text) or cjk_count(text) > 30 or _REPORT_WORDS.search(text):
        return False
    hit = faq.match(text, process=True)
    if hit is None:
        return False
    first = hit.answer.split("。")[0]
    step.tell("faq_process", answer=hit.answer,
              answer_short=first[:90] + ("。" if len(first) <= 90 else "…"))
    return True


# Something happened to the citizen: a matter, even when it ends in a question.
_REPORT_WORDS = re.compile(r"被|不给|拖欠|欠了|坏了|停了|停发|占了|打了|扣了|没人管|不管|不办|拖着|没发|没到账")


def _defer(step: Step) -> bool:
    """"明天再说", "等会儿", "我先问问家里": nothing is stored; the citizen is told what is true:
    the draft waits (the retention limit), and coming back later offers to continue."""
    if step.state == "consent":
        step.tell("defer_consent")
    else:
        step.tell("defer_kept", retention_days=step.ctx.limits.retention_days)
    step.asked = True  # (not the same question at once: they said they would come back)
    return True


def _no_fuller_name(step: Step, text: str) -> bool:
    """A short answer to "请问全名" that gives no fuller name (nor a phone or a story)."""
    u = step.ctx.understanding
    if u is None or len(text) > 12 or re.search(r"\d", text) or answer_phone(text).ok:
        return False
    found = u.names.find(text, asked=True)
    return found is None or found.surname_only or found.name == step.data.name


def _completes_name(step: Step, text: str) -> bool:
    """A name given at another question, or the full name after only a surname ("我姓禚" …
    "禚文静" / "文静"): the name is completed and the open question asked again."""
    data, u = step.data, step.ctx.understanding
    state = step.state
    if u is None or data.anonymous or len(text) > 16 or state in ("ask_description", "confirm"):
        return False
    # ("姜老汉" taken as the name, then "姜汉清" at the phone question: how one is called, completed)
    called = called_only(data.name or "") and not data.name_partial
    partial = (data.name or "") if data.name_partial or "fullname" in step.conv.notes.explained \
        or called else ""
    if state in ("ask_name", "ask_anonymous"):
        if not partial or _CORRECTION_WORDS.search(text):
            return False
        full = u.names.complete(partial, text)
        if full is None:
            return False
    else:
        if data.name and not partial and not _extends_name(data.name, text):
            return False
        if step.ctx.gazetteer.find(text) or answer_phone(text).ok or _PLACE_WORDS.search(text):
            return False
        found = u.names.find(text, bare=True)
        if found is None or found.surname_only:
            return False
        full = found.name
        if data.name and not partial and not full.startswith(data.name):
            return False
        if partial and not full.startswith(u.names.surname_of(partial)):
            return False  # (a whole other name at another question: not ours to guess)
        if (not partial or called) and len(full) < 3 and state in ("ask_address", "ask_request"):
            return False  # ("黄庄" may be a place, also after "黄老汉")
    data.name, data.name_partial, data.anonymous = full, False, False
    step.reset_attempts("name")
    step.tell("ack_name", name=full)
    advance(step)
    return True


def _place_elsewhere(step: Step, text: str) -> bool:
    """"白马湖村三组" while the name or the phone is asked, the address not yet known (or only
    as vaguely as "门口"): the address, and the open question again."""
    data, state = step.data, step.state
    if state not in ("ask_name", "ask_anonymous", "ask_phone", "ask_request") or len(text) > 24:
        return False
    if data.address and _STRONG_PLACE.search(data.address):
        return False  # (a second place may be a correction: the handlers decide)
    place = place_answer(text, step.ctx.gazetteer)
    if not place or not _STRONG_PLACE.search(place) or answer_phone(text).ok:
        return False
    if cjk_count(text) - cjk_count(place) > 4:
        return False  # a sentence about a place, not the place given
    u = step.ctx.understanding
    if u is not None and u.names.find(text, bare=True) is not None:
        return False
    found = step.ctx.gazetteer.find(text)
    if found and data.town is None:
        set_town(step, found[0])
    data.address = place
    step.reset_attempts("address")
    step.tell("ack_fields", fields=label(step, "address"))
    advance(step)
    return True


# A place sent alone ends in a unit of an address ("同心村", "衡阳路25号"); a clause that only
# mentions one ("办事员说是村里的责任") is more of the story.
_STRONG_PLACE = re.compile(r"(?:村|社区|小区|新村|花园|家园|苑|路|街|巷|组|队|号|栋|幢|单元|室|楼)$")


def _extends_name(name: str, text: str) -> bool:
    """"孔德明" after "我叫孔德": the same name, longer (the citizen had not finished it)."""
    t = text.strip(" ，,。.！!")
    return len(t) in (len(name) + 1, len(name) + 2) and t.startswith(name) and bool(_CJK.fullmatch(
        t[-1]))


_PLACE_WORDS = re.compile(r"村|组|号|路|街|巷|镇|社区|小区|庄|队|楼|栋|桥|河|湖|旁|边|对面|门口|附近")


def _facts(text: str) -> str:
    """What a message says of the matter beyond "说完了 / 就这些" ("" when nothing)."""
    rest = _DONE_WORDS.sub("", clean(text) or "").strip(" ，,。.！!、")
    return rest if cjk_count(rest) >= 4 else ""


def _small_talk(text: str, r: Reading) -> bool:
    """Thanks, okays, apologies and talk about oneself, with no fact of the matter."""
    if r.kind == "smalltalk" and r.topic in ("parts", "done") and not _ABOUT_SELF.search(text):
        return False
    if _THANKS.search(text) and not re.sub(r"[\W_]+", "", _SMALL_WORDS.sub("", text)):
        return True  # "好的 谢谢你啊", "嗯嗯 辛苦你了"
    rest = _SMALL_WORDS.sub("", _ABOUT_SELF.sub("", text))
    return bool(_ABOUT_SELF.search(text)) and cjk_count(rest) <= 8 and not \
        _TROUBLE.search(rest) and not re.search(r"\d", rest) and not directs(text)  # (赶紧给老人家把房顶修好)


_WAIT = re.compile(r"等一?下|等等|稍等|等会儿?|我(?:先|去|得|要)?(?:找|查|翻|看|问)(?:一下|一找|找|问|问看)?")
_WAIT_REST = re.compile(r"电话|号码|手机|名字|地址|门牌|我|你|儿子|女儿|家里人|老伴|孙子|孩子|本子|一下|好的?|嗯|哦|"
                        r"了|啊|吧|呀|的|去|再|发|给|告诉|找到|记得|写在|哪|问问|看看|查查|找找")


def _waiting(text: str) -> bool:
    """"等一下，我找找号码", "我去问问我儿子电话": the citizen asks for a moment, nothing else."""
    return bool(_WAIT.search(text)) and not _TROUBLE.search(text) and cjk_count(
        _WAIT_REST.sub("", _WAIT.sub("", text))) <= 2


def _ack(text: str, r: Reading) -> bool:
    """An okay or thanks and nothing else ("晓得了", "中", "行吧", "知道啦")."""
    return r.kind == "smalltalk" and r.topic in ("ack", "thanks") and r.sure and not re.sub(
        r"[\W_]+", "", _SMALL_WORDS.sub("", text))


def _only_command(text: str) -> bool:
    """The message is essentially the command ("这事我不弄了，撤了吧"; "算了，邻里邻居的，
    不弄了，取消吧": a short reason, then the cancel), not a sentence about something else that
    contains its words ("把他家违规领的补助取消掉")."""
    rest = _COMMAND_WORDS.sub("", text)
    return cjk_count(rest) <= 3 or cancels_with_reason(text)


def _asks_for_person(text: str, r: Reading) -> bool:
    """A request for a person phrased as a long sentence ("…能不能让你们那边的工作人员直接
    跟我说"), which the model may take for the story."""
    return not (r.kind == "story" and r.sure and r.confidence >= 0.6) and bool(
        _PERSON_REQUEST.search(text))


_DONE_WORDS = re.compile(r"说完了?|讲完了?|就这些了?|就这么多|就这样吧?|没了|没有了|差不多就这样|"
                         r"就说这么多吧?|我说完了|没(?:有)?(?:别的|其他的?|啥)(?:事)?了|别的没(?:有)?了")
# The words at an edge of the message ("就这些，…" / "…，就这么多"), so that "钱没了" inside a
# part does not end the telling.
_DONE_EDGE = re.compile(rf"^(?:{_DONE_WORDS.pattern})|(?:{_DONE_WORDS.pattern})[。.!！~～]*$")
_TROUBLE = re.compile(r"坏|堵|漏|塌|臭|吵|脏|破|断|停水|停电|占|拆|欠|拖欠|打人|被|没人管|不给|不管|不修|"
                      r"污染|噪音|补偿|工资|低保|违建|违法")
_THANKS = re.compile(r"谢|辛苦|麻烦你|麻烦您|费心|感谢")
_SMALL_WORDS = re.compile(r"谢谢|多谢|感谢|谢了|辛苦|麻烦|费心|好的|好嘞|好滴|好|行|嗯|哦|噢|喔|知道了?|明白了?|"
                          r"晓得了?|懂了|清楚了|中|收到|没问题|要得|可以|你|您|了|啊|呀|吧|哈|的|啦|哟|呢|们|大家|同志|呐|滴|嘞|"
                          r"咧|哒|咯|嘛")
_MATTER = re.compile(r"修|坏|堵|漏|塌|臭|吵|占|拆|欠|补偿|工资|低保|污染|违建")
_ABOUT_SELF = re.compile(r"年纪大了?|老人家|岁数大|上了年纪|眼睛不好|眼神不好|不太会弄|不会弄|不会用|用不来|"
                         r"弄不来|不太懂|字打得慢|打字慢|(?:不大|不太|不怎么|不咋)会(?:打字|写字|用手机|用这个|弄这个)|不会打字|"
                         r"多担待|别见怪|见谅|不好意思|麻烦你了?|辛苦了?|"
                         r"你别急|慢慢来")
_COMMAND_WORDS = re.compile(
    r"取消|撤销|撤回|撤掉|撤了|撤|不弄了|不办了|不要了|不反映了|不投诉了|不举报了|不提交了|不告了|算了|作废|删掉|删了|"
    r"重新来|重新|重来|从头|帮助|查询|查一下|查查|进度|进展|"
    r"这个|这件|那个|这事|事情|事儿|事|我的|我|你们|你|帮我|给我|把|掉|了|吧|啊|呀|吗|呢|的|就|都|"
    r"先|还是|直接|要|想|请|麻烦|一下|刚才|反映|投诉|举报|登记|申请|问题|不|再|来|说|那|那就|好")
_PERSON_REQUEST = re.compile(
    r"(?:能不能|可不可以|能否|可以|请|让|叫|还是|麻烦|我要|我想|要求|找)[^。！？!?]{0,10}?"
    r"(?:工作人员|管事的?人?|负责的?人|领导|真人|人工|客服|同志|干部|懂行的?人?|懂的人|明白人|内行)[^。！？!?]{0,8}?"
    r"(?:跟我|和我|给我|同我|联系我|打电话|回电话|当面|直接|来)")


def _plain_answer(step: Step, state: str, text: str) -> bool:
    """A message that is only the value asked for ("13912345678", "塔集", "确认提交"): nothing
    in it to interpret, so the model is not run (most turns of an intake are such answers)."""
    if len(text) > 14 or _CORRECTION_WORDS.search(text):
        return False
    if state == "confirm":
        return is_yes(text)
    if state == "ask_phone":
        return answer_phone(text).ok and cjk_count(text) <= 2
    if state == "ask_town":
        found = step.ctx.gazetteer.find(text)
        return bool(found) and cjk_count(text) - len(found[0].matched) <= 1
    if state == "ask_name":
        u = step.ctx.understanding
        return u is not None and u.names.find(text, asked=True) is not None and not \
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
    return cjk_count(text) >= 20 and len(_NARRATIVE.findall(text)) >= 2 and not (
        _QUESTION_MARK.search(text) or _PERSON_HINT.search(text) or _NOT_PLAIN.search(text) or
        asks_how_to_get(text) or asks_whether_it_applies(text) or intake_question(text) or
        asks_policy(text))  # (nlp.policy_question: "…承包费还给不给")
    # ("社保断了半年 现在回来了想接着交 去哪办", "上学是按户口还是按房子": a question)


_NARRATIVE = re.compile(r"了|没|被|一直|好几|不给|不管|还|到现在|天天|经常|很|都")
_NOT_PLAIN = re.compile(r"取消|不弄了|重新|进度|查询|说完|慢慢|分几|一条一条|怎么|如何|咨询|打听|请问|问一下|问问|"
                        r"能不能|可不可以|是不是|有没有|了没有|"
                        r"不是|改成|写错|不想|匿名|保密|多久|几天")
_PHONE_NAMED = re.compile(r"电话|手机|号码|联系方式")
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
    if field != "phone":
        keep_own_phone(step, text)  # "地址就别问了 打我电话139…": the phone is kept
    first = field not in notes.explained
    if field == "name" and data.name_partial and data.name:
        # Only the surname was given and the full name was asked for once: why it is asked,
        # and the surname is what is registered (the full name is still taken when sent).
        data.name_partial = False
        notes.explained.append("fullname")
        step.tell("refuse_fullname_accept")
        advance(step)
        return True
    if field == "name":
        if anonymity_allowed(step.conv):
            _anonymous(step, "refuse_name_report")
        elif first:
            notes.explained.append("name")
            notes.refused = "name"
            step.tell("refuse_name_explain")
        else:
            data.anonymous, data.name = True, None
            step.tell("refuse_name_accept")
            advance(step)
        return True
    if field == "phone":
        if (anonymity_allowed(step.conv) or data.anonymous and "举报" in (data.intent or "")) and not (
                named_without_report(step)):  # (a grievance of one's own: explained once)
            data.phone = ""
            step.tell("refuse_phone_report")
            advance(step)
        elif first:
            notes.explained.append("phone")
            notes.refused = "phone"
            step.tell("refuse_phone_explain")
        else:
            data.phone = ""
            step.tell("refuse_phone_accept")
            advance(step)
        return True
    if field in ("address", "town"):
        found = step.ctx.gazetteer.find(text)
        if found and data.town is None:
            set_town(step, found[0])  # "在金南镇夹沟村，哪个组就不说了": what was given is kept
        if r.slots.place and not data.address:
            data.address = r.slots.place
        if field == "town" and data.town is not None or field == "address" and data.address:
            step.tell("refuse_place_kept", place=data.address or data.town)
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
    if getattr(data, field, None) is None and STATES[step.state].slot != field:
        return False  # ("不是别的，是村里的路被挖断了": nothing given to correct, so the story)
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
        # "是六组不是五组": only the part said to be wrong changes, the village stays
        value = splice(data.address, value, r.old) if data.address else value
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


def _matter(step: Step, text: str, r: Reading, follow_up: bool = True) -> bool:
    """A message while the matter is being asked for."""
    data, notes = step.data, step.conv.notes
    kind = r.kind
    if kind == "smalltalk" and r.topic == "parts":
        notes.parts = True
        intent = intent_of(text)
        if intent and not data.intent:
            data.intent = intent
        told = account_of(step, clean(beyond_parts(text)))  # (never who types, nor why)
        if told and "what" not in gaps(told):  # facts told with "我慢慢说": the first part
            if data.description:
                add_description(step, told)
            else:
                step.dispatch(told)
                step.goto("ask_description")
        step.add(step.say("story_parts"), asks=True)
        return True
    if data.intent == "咨询" and data.description and kind in ("consult", "story", "answer") and (
            tells_grievance(text) or _complains(step, text) or _tells_wrong(step, text)):
        _consult_to_petition(step)  # "想问问补助的事" … "去年申请的到现在还没发": a complaint
        kind = "story"
        r = Reading("story", 1.0, slots=r.slots)
    if _answers_follow_up(step, text, r, follow_up):
        return True
    done = kind == "smalltalk" and r.topic == "done"
    if done and not _DONE_WORDS.search(text) and _facts(text):
        done, kind = False, "story"  # more of the story, read as "that's all" without its words
    elif not done and notes.parts and _DONE_EDGE.search(text.strip()):
        done = True  # "就这些，每天五点就砸铁皮" read as story: the last part, and the end
    if done:
        notes.parts = False
        facts = _facts(text)
        if facts and data.description:  # the last part, with the end of it: never dropped
            add_description(step, facts)
        elif facts:
            step.dispatch(facts)
            return True
        if data.description:
            advance(step)
            return True
        if not data.has_any(FIELDS):
            # "就这些了" with nothing told (a question answered was all they wanted): close
            # kindly, never ask for a matter there is not
            cancel(step, "nothing_to_register")
            return True
        return False
    if notes.parts and data.description and _values_between_parts(step, text):
        step.add(step.say("story_parts_more"), asks=True)
        return True
    if kind == "consult" and not data.description and r.sure:
        return _consult(step, text)
    if data.intent == "咨询" and data.description and kind in ("consult", "story", "answer"):
        return _consult(step, text)  # the question made precise after "您具体想了解什么？"
    if not r.sure and kind != "smalltalk" or kind == "unknown" and cjk_count(text) >= 3 \
            and not _FOREIGN.search(text):
        kind = "story"  # the model unsure between kinds, while the matter is asked: the matter
    if kind not in ("story", "consult", "answer"):
        return False
    if kind == "answer" and r.value is None and r.field == "description" and data.description or (
            data.description and notes.followups and not notes.parts and _NOTHING_MORE.fullmatch(
                re.sub(r"[\W_]+", "", text))):
        # "不知道" / "不清楚" to a follow-up question: nothing to add, no more such questions
        notes.followups = _FOLLOW_UPS
        step.add(step.say("ack"))
        advance(step)
        return True
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
    cleaned = without_identity_choice(cleaned) or cleaned  # ("我不留名字也不留电话": a choice)
    form = form_parts(text)
    if form is not None:
        # "姓名：…；电话：…；事情：…；诉求：…": each labelled value to its field, the matter alone
        # to the description
        no_request = data.request is None
        _, acks = absorb(step, extract(text, step.ctx.gazetteer, step.ctx.understanding),
                              skip="description")
        for a in acks:
            step.add(a)
        if form[1] and no_request:
            data.request = form[1]  # (without its label)
        cleaned = form[0]
    if notes.parts:
        if data.description:
            # a part may give a phone, a name or the town too ("我的电话是幺五八…"): taken,
            # and only the rest of it is more of the account
            ex = extract(cleaned, step.ctx.gazetteer, step.ctx.understanding)
            _, acks = absorb(step, ex, skip="description")
            told = clean(ex.without_contacts())
            if told:
                add_description(step, told)
            for a in acks:
                step.add(a)
        else:
            step.dispatch(cleaned)
            step.goto("ask_description")
        step.add(step.say("story_parts_more"), asks=True)
        return True
    editing = step.conv.editing
    u = step.ctx.understanding
    signed = u.named_in_letter(text) if u is not None and not data.name else None
    step.dispatch(cleaned)
    if signed is not None and not data.name and not data.anonymous:
        data.name, data.name_partial = signed.name, False  # a letter's signature (cleaned away)
    if data.description:
        data.description = clean(data.description) or data.description  # spoken phone numbers
    if not editing and follow_up:
        _follow_up(step)
    return True


# A yes or a no to a follow-up question about the account: nothing more to add.
_NOTHING_MORE = re.compile(r"(?:好的?|行|嗯+|对|是的?|确认|没有了?|没了|没别的了?|没啥了?|没什么了?|就这样|不用了?|"
                           r"没找过|没有找过|都没有|没问过|没去过)(?:吧|啊|了|呀)?")


def _answers_follow_up(step: Step, text: str, r: Reading, follow_up: bool) -> bool:
    """The answer to a follow-up question about a thin account ("3个月了", "去年就这样了",
    "找过社区 没用", "黎城 健康路"): a value goes to its field, anything else is more of the
    account however short; then on to the next question."""
    data, notes = step.data, step.conv.notes
    if not (data.description and notes.followups and follow_up) or notes.parts or \
            step.conv.editing or r.kind not in ("story", "unknown", "smalltalk", "answer") or \
            r.kind == "smalltalk" and r.topic != "done" or r.kind == "answer" and r.value is None:
        return False
    if r.kind == "answer" and r.field not in ("description", None) or _NOTHING_MORE.fullmatch(
            re.sub(r"[\W_]+", "", text)):
        return False  # ("确认", "没有了": nothing more, below)
    if not _values_between_parts(step, text):
        ex = extract(text, step.ctx.gazetteer, step.ctx.understanding)
        more = clean(ex.without_contacts()) or text
        if cjk_count(_DONE_WORDS.sub("", more)) < 2:
            return False
        filled, acks = absorb(step, ex, skip="description")  # "前锋镇白马湖村那条主路上"
        if not add_description(step, more):
            return True
        if filled:
            step.tell("ack_description_fields", fields=labels(step, filled))
        else:
            step.tell("ack_more")
        for a in acks:
            step.add(a)
    advance(step)
    _follow_up(step)
    return True


def _values_between_parts(step: Step, text: str) -> bool:
    """While the story is told in parts, a message that is only a town, a place, a name or a
    phone ("吕良", "同心村", "俺叫赵老四") goes to its field, not into the story."""
    data, gaz, u = step.data, step.ctx.gazetteer, step.ctx.understanding
    cjk = cjk_count(text)
    if cjk > 12:
        return False
    filled: list[str] = []
    towns = gaz.find(text)
    place = place_answer(text, gaz)
    name = u.names.find(text, bare=True) if u is not None else None
    phone = answer_phone(text)
    if towns and cjk - cjk_count(towns[-1].matched) <= 2:
        if data.town is None:
            set_town(step, towns[-1])
        filled.append("town")
    elif place and _STRONG_PLACE.search(place) and cjk - cjk_count(place) <= 3:
        if towns and data.town is None:
            set_town(step, towns[-1])
        if not data.address:
            data.address = place
        filled.append("address")
    elif phone.ok and cjk <= 4:
        if not data.phone:
            data.phone = str(phone.value)
        filled.append("phone")
    elif name is not None:
        if not data.name or data.name_partial and not name.surname_only:
            data.name, data.name_partial = name.name, name.surname_only
        filled.append("name")
    if not filled:
        return False
    step.tell("ack_fields", fields=label(step, filled[0]))
    return True


def _follow_up(step: Step) -> None:
    """After the matter was stored: a targeted question when the account is thin (at most
    two, each built from what is still missing)."""
    data, notes = step.data, step.conv.notes
    desc = data.description or ""
    if not desc or notes.followups >= _FOLLOW_UPS or data.intent == "咨询":
        return
    aspect = follow_up_aspect(desc, notes.followups)
    if aspect is None:
        return
    notes.followups += 1
    if step.state != "ask_description":
        step.goto("ask_description")
    step.add(step.say("story_ask_" + aspect), asks=True)


# A question about something of one place ("我们村的低保名额怎么评的", "镇上的卫生院几点开门"):
# the answer depends on the town, so it is asked; a county-wide policy question needs none.
_LOCAL = re.compile(r"我们村|俺们?村|咱们?村|村里|本村|这个村|那个村|[我俺咱]们?组(?!织)|组里|[^农乡]村[委部]|社区|小区|镇上|镇里|"
                    r"我们镇|街道|我们这|俺们这|咱们这|我们那|这边|那边|附近|门口|卫生院|学校|幼儿园|"
                    r"便民服务中心|派出所")
_VAGUE = re.compile(r"^(?:(?:我)?(?:想|要)?(?:打听|了解|咨询|问问?)(?:一下)?(?:个|一个|点)?(?:事[，,\s]*)?(?:关于)?|关于)"
                    r"(.{0,6}?)(?:的)?(?:事|事情|问题|情况|政策)?$")


def _vague(question: str) -> bool:
    """A consultation that names a subject but no question ("想打听个补贴的事")."""
    return bool(_VAGUE.match(question.strip("，,。.！!？? ")))


def _consult_to_petition(step: Step) -> None:
    """The citizen turned out to have a grievance: the short path's blanks are taken back, a
    question that named only a subject ("想问问补助的事情") leaves the account, and the
    matter is asked for as any other."""
    data, notes = step.data, step.conv.notes
    data.intent = None
    if data.description and _vague(data.description):
        data.description = None
    if data.address == "":
        data.address = None
    if data.request == "":
        data.request = None
    if data.town is None:
        data.town_unknown = False
    notes.followups = 0


def _tells_wrong(step: Step, text: str) -> bool:
    """After a question, the citizen tells a wrong done to them, more than they ask anything
    (nlp.grievance: a learned reader of wrongs, questions and background facts)."""
    u = step.ctx.understanding
    reader = u.grievances if u is not None else None
    return reader is not None and reader.tells(u.punctuated(text) if u is not None else text)


def _turns_to_petition(step: Step, text: str) -> bool:
    """On the short path of a question, what the citizen tells next makes it a petition: a
    grievance (nlp.asking, nlp.grievance, the nature model) or another matter (nlp.second_matter);
    the cheap readers first."""
    return bool(tells_grievance(text) or another_matter(text) or _complains(step, text)
                or _tells_wrong(step, text))


def _grievance_held(step: Step, text: str) -> bool:
    """A question held before consent, then a wrong told in the next held message: a petition
    (as after consent); the wrong is the account."""
    data = step.data
    if data.intent != "咨询" or not data.description or step.state not in (
            "ask_description", "ask_town", "ask_phone") or answer_phone(text).ok:
        return False
    if not _turns_to_petition(step, text):
        return False
    _consult_to_petition(step)
    add_description(step, clean(text) or text)
    advance(step)
    _follow_up(step)
    return True


def _asks_the_process(step: Step, text: str) -> bool:
    """A question about the intake whose words the act model may take for dropping it
    ("在恁这登记掏不掏钱": 不 beside 登记): answered, never a cancel."""
    u = step.ctx.understanding
    if u is None:
        return False
    r = u.interpret(text, STATES[step.state].expecting or "")
    return r.kind == "process" and bool(r.topic) and r.sure


def _complains(step: Step, text: str) -> bool:
    """After a question, an account of one's own case that the nature model reads as a demand
    or a complaint, surely ("材料交上去一年多 镇里一直说在审核 打电话也没人接"), asking nothing: a
    petition, not more of the question ("我是残疾人 二级的" stays the question's background)."""
    services = step.services
    if services is None or cjk_count(text) < 12 or asks_something(text):
        return False
    try:
        found = services.analyze(clean(text) or text)
    except Exception:  # noqa: BLE001 - a classifier failure keeps the question as it was
        return False
    return found.nature in ("求决", "投诉举报") and found.nature_confidence >= _COMPLAINT_SURE


_COMPLAINT_SURE = 0.85


def _files_after_all(step: Step, text: str) -> bool:
    """On the short path of a question, the citizen decides to file a petition after all
    (nlp.own_matter): the whole intake follows. The account told with the decision replaces
    the question answered; a decision alone keeps the question and asks for the matter; a
    bare "帮我登记一下" is the short path's own offer (the question taken down)."""
    data = step.data
    if data.intent != "咨询" or step.state not in ("ask_description", "ask_town", "ask_phone",
                                                 "confirm") or not decides_to_file(text):
        return False
    told = clean(without_filing_talk(text), contacts=False) or ""
    if cjk_count(told) < 6 and not strong(text):
        return False
    _consult_to_petition(step)
    if cjk_count(told) >= 6:
        found = step.ctx.gazetteer.find(told)
        if found and data.town is None:
            set_town(step, found[-1])
        add_description(step, told, replace=True)
        step.tell("ack_more")
        advance(step)
        _follow_up(step)
    else:
        data.description = without_filing_talk(data.description or "") or data.description
        step.goto("ask_description")
        step.add(step.say("ask_description_more"), asks=True)
    return True


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
    if data.town is None and not (_LOCAL.search(text) or find_place(text, step.ctx.gazetteer)):
        data.town_unknown = True  # (a question about a place here: which town is asked)
    faq = step.ctx.faq
    hit = faq.match(data.description or question, process=False) if faq is not None else None
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
