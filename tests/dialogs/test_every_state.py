"""Cancel, restart, asking for a person and help work from every state of the table."""

from __future__ import annotations

import json
from datetime import timedelta

import orjson
import pytest

from dialogs.states import STATES
from tests.dialogs.fakes import T0, Talk, said, text_of
from tests.dialogs.test_transcripts import RECENT

BASE = ["你好", "同意", "路坏了半年没人修"]
CONFIRM = BASE + ["陈桥", "建设村三组", "张三", "13912345678", "希望尽快修好"]


def reach(dialog, state: str) -> Talk:
    """A conversation standing in `state`, reached the way a citizen would get there."""
    talk = Talk(dialog, recent=RECENT)
    script: list = {
        "new": [],
        "consent": ["你好"],
        "declined": ["你好", "不同意"],
        "ask_description": ["你好", "同意"],
        "ask_town": BASE,
        "ask_address": BASE + ["陈桥"],
        "ask_name": BASE + ["陈桥", "建设村三组"],
        "ask_anonymous": ["你好", "同意", "我要举报有人偷排污水", "塔集", "建设村三组"],
        "ask_phone": BASE + ["陈桥", "建设村三组", "张三"],
        "ask_request": ["你好", "同意", "路坏了半年没人修", "陈桥", "建设村三组", "张三",
                        "13812345678"],
        "repeat_check": BASE + ["13912345678"],
        "confirm": ["你好", "同意", "路坏了半年没人修", "陈桥", "建设村三组", "张三",
                    "13812345678", "希望尽快修好"],
        "edit_which": ["你好", "同意", "路坏了半年没人修", "陈桥", "建设村三组", "张三",
                       "13812345678", "希望尽快修好", "修改"],
        "submitted": ["你好", "同意", "路坏了半年没人修", "陈桥", "建设村三组", "张三",
                      "13812345678", "希望尽快修好", "确认"],
        "resume": BASE + [("wait", 40), "陈桥"],
        "handoff": BASE + ["转人工"],
        "rating": ["@rating"],
        "rating_comment": ["@rating", "4"],
        "closed": BASE + ["取消"],
    }[state]
    for step in script:
        if isinstance(step, tuple):
            talk.tick(step[1])
        elif step == "@rating":
            r = dialog.ask_rating(talk.doc, "case-9", "JH-20261101-0007", talk.now)
            talk.doc = r.doc
            talk.results.append(r)
        else:
            talk.say(step)
    assert (talk.doc or {}).get("state", "new") == state, text_of(talk.results[-1])
    return talk


ALL = sorted(STATES)


def test_every_state_is_reachable(dialog) -> None:
    for state in ALL:
        reach(dialog, state)


@pytest.mark.parametrize("state", ALL)
@pytest.mark.parametrize("word", ["取消", "算了", "不弄了"])
def test_cancel_from_every_state(dialog, state: str, word: str) -> None:
    talk = reach(dialog, state)
    r = talk.say(word)
    assert not [e for e in r.effects if e.kind == "submit"]
    active = STATES[state].collecting or state in ("handoff", "resume")
    if state in ("rating", "rating_comment"):  # cancels the rating only
        assert r.state in ("closed", "submitted") and r.effects == ()
        assert said(dialog, r, "rating_skipped")
    elif active:
        assert r.state == "closed"
        assert [e.kind for e in r.effects] == ["closed"]
        assert said(dialog, r, "declined" if state == "consent" else "cancelled")
        assert "description" not in talk.data
    else:
        assert r.state == state and said(dialog, r, "nothing_to_cancel")
    assert "pending_rating" not in talk.doc


@pytest.mark.parametrize("state", ALL)
def test_restart_from_every_state(dialog, state: str) -> None:
    talk = reach(dialog, state)
    consented = bool((talk.doc or {}).get("consent_at"))
    r = talk.say("重新开始")
    assert r.state == ("ask_description" if consented else "consent")
    assert said(dialog, r, "restart")
    assert not any(k in talk.data for k in ("description", "town", "address", "name", "phone"))
    assert [e.kind for e in r.effects] == (["closed"] if state == "handoff" else [])


@pytest.mark.parametrize("state", ALL)
def test_person_from_every_state(dialog, state: str) -> None:
    talk = reach(dialog, state)
    data_before = dict(talk.data)
    r = talk.say("转人工")
    assert r.state == "handoff"
    if state == "handoff":
        assert r.effects == ()  # already with staff: stored, no second hand-off
    else:
        assert [(e.kind, e.payload["reason"]) for e in r.effects] == [
            ("handoff", "asked_for_person")]
        assert r.effects[0].payload["state"] == state
        assert talk.data == data_before  # nothing the citizen gave is lost on the way to staff


@pytest.mark.parametrize("state", ALL)
def test_help_from_every_state(dialog, state: str) -> None:
    talk = reach(dialog, state)
    r = talk.say("帮助")
    if state == "handoff":
        assert r.state == "handoff"  # staff answer; the bot only acknowledges
        return
    assert said(dialog, r, "help")
    expected = "consent" if state == "new" else state
    assert r.state == expected
    if STATES[state].collecting:  # the citizen is reminded where they were
        assert said(dialog, r, "continue_where")


@pytest.mark.parametrize("state", ALL)
def test_status_query_from_every_state_reveals_only_own_cases(dialog, state: str) -> None:
    talk = reach(dialog, state)
    if state == "handoff":
        return
    r = talk.say("查询 JH-20250101-0001")
    assert said(dialog, r, "status_not_found")
    if state != "repeat_check":  # that question names the citizen's own similar case
        assert "JH-20261120-0003" not in text_of(r)


@pytest.mark.parametrize("state", ALL)
def test_documents_stay_json(dialog, state: str) -> None:
    talk = reach(dialog, state)
    doc = talk.doc or {}
    assert json.loads(json.dumps(doc, ensure_ascii=False)) == doc
    assert orjson.loads(orjson.dumps(doc)) == doc


def test_meta_is_never_touched(dialog) -> None:
    meta = {"channel": "web", "sender": "w1", "owner": None, "cases": ["c1"], "x": {"y": [1]}}
    talk = Talk(dialog, meta=json.loads(json.dumps(meta)))
    for text in CONFIRM + ["确认", "转人工", "取消", "你好"]:
        talk.say(text)
        assert talk.doc["meta"] == meta


def test_ttl_follows_the_last_activity(dialog) -> None:
    talk = Talk(dialog)
    talk.say("你好")
    assert dialog.ttl_seconds(talk.doc, talk.now) == 7 * 86400
    later = talk.now + timedelta(days=2)
    assert dialog.ttl_seconds(talk.doc, later) == 5 * 86400
    assert dialog.ttl_seconds(talk.doc, talk.now + timedelta(days=30)) == 1
    assert dialog.ttl_seconds({}, T0) == 7 * 86400  # a doc the pipeline created has the default


@pytest.mark.parametrize("state", ALL)
@pytest.mark.parametrize("kind", ["image", "location"])
def test_a_photo_or_location_from_every_state_is_kept(dialog, state: str, kind: str) -> None:
    talk = reach(dialog, state)
    consented = bool((talk.doc or {}).get("consent_at"))
    r = talk.media("image") if kind == "image" else talk.location(33.012, 119.03, "健康路28号")
    assert r.state in STATES and r.replies or r.state == "handoff"
    if kind == "image":
        kept = talk.data.get("attachments") or talk.doc.get("held_attachments")
        assert kept == [{"kind": "image", "ref": "media-1"}] or (
            state == "handoff" and talk.data.get("attachments"))
    elif consented and state != "handoff":
        assert talk.data["location"]["lat"] == 33.012


@pytest.mark.parametrize("state", ALL)
def test_every_phrase_from_every_state(dialog, state: str) -> None:
    """Each sample message, in each state: an answer, a state of the table, no undeclared move."""
    from tests.dialogs.test_properties import PHRASES

    for text in PHRASES:
        talk = reach(dialog, state)
        r = talk.say(text)
        assert r.state in STATES and r.expecting == STATES[r.state].expecting
        if text.strip() and r.state not in ("handoff", "closed"):
            assert r.replies, (state, text)
        for follow_up in ("同意", "确认", "修改", "1"):  # and one more step from there
            r2 = talk.say(follow_up)
            assert r2.state in STATES


def test_a_step_never_changes_the_document_it_was_given(dialog) -> None:
    """What a step changes in place (held messages and files, attachments, attempts, the
    hand-off) is changed on its own copy: Talk checks every step's input against a snapshot."""
    talk = Talk(dialog)
    talk.say("我们村的路坏了半年没人修，下雨全是积水")
    talk.say("还有路灯也不亮，晚上很危险，老人摔倒好几次")  # held before consent
    talk.media("image")
    talk.media("video")  # held_attachments extended
    talk.say("同意")
    talk.media("image")
    talk.media("file")  # data["attachments"] extended
    assert len(talk.data["attachments"]) == 4
    talk.say("陈桥")
    talk.say("不知道")
    talk.say("不知道")  # attempts counted
    talk.say("转人工")
    talk.say("在吗")  # the hand-off acknowledged
    talk.say("还在吗")
    assert talk.doc["handoff"]["acked"]
