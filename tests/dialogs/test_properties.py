"""Property tests: random message sequences never crash the dialog and never leave it invalid."""

from __future__ import annotations

import json
import re
from pathlib import Path

import orjson
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dialogs.api import CASE_NUMBER_PLACEHOLDER
from dialogs.engine import Dialog
from dialogs.states import EXPECTING, STATES
from dialogs.transcript import ROLES
from tests.dialogs.fakes import Talk
from tests.dialogs.test_transcripts import RECENT

CONFIG = Path(__file__).resolve().parents[2] / "config"
DIALOG = Dialog.from_config(CONFIG)
META = {"channel": "web", "sender": "w-prop", "owner": None}

PHRASES = [
    "你好", "同意", "不同意", "好的", "路坏了半年没人修", "我要举报村干部贪污", "陈桥", "塔集镇",
    "不知道", "建设村三组", "张三", "我叫李四", "匿名", "留姓名", "13912345678", "139123",
    "0517-86901234", "希望尽快修好", "没有", "确认", "确认提交", "修改", "电话写错了",
    "地址不对", "改成塔集镇", "电话改成13812345678", "不改了", "1", "2", "3", "6", "9",
    "取消", "算了", "不弄了", "重新开始", "人工", "转人工", "帮助", "需要什么信息",
    "查询 JH-20261120-0003", "查询JH-20990101-0001", "进度", "继续", "新问题", "补充催办",
    "5", "5分 很好", "跳过", "谢谢", "😊", "[微笑]", "/::)", "asdfgh", "？？", "", " ",
    "我的低保被取消了", "而且晚上没有路灯，老人摔了好几次", "x" * 2500,
    "身份证320831199001011232", "{case_number}", "{name}", "}{", "\x00", "\u200b",
    "你是机器人吗", "就这些", "等一下，我再补充一点", "我换号了，13812345678", "电话没错，地址错了",
    "叫我老王就行", "查询 JX2026-00123", "邻居威胁要杀我", "三组", "李明", "我姓李", "¹", "٣",
    "+15551234567", "家里电话86901234", "同意，村里的垃圾没人清运", "好吧，我同意",
]

action = st.one_of(
    st.tuples(st.just("say"), st.sampled_from(PHRASES)),
    st.tuples(st.just("say"), st.text(max_size=60)),
    st.tuples(st.just("event"), st.sampled_from(
        ["subscribe", "unsubscribe", "menu:start", "menu:progress", "menu:help", "menu:x", ""])),
    st.tuples(st.just("location"), st.tuples(
        st.floats(-90, 90, allow_nan=False), st.floats(-180, 180, allow_nan=False),
        st.sampled_from(["", "金湖县黎城街道健康路28号", "某地"]))),
    st.tuples(st.just("location"), st.tuples(
        st.floats(32.9, 33.2), st.floats(118.8, 119.2), st.just(""))),
    st.tuples(st.just("media"), st.sampled_from(["image", "video", "file", "voice", "odd"])),
    st.tuples(st.just("voice"), st.none()),
    st.tuples(st.just("wait"), st.sampled_from([0.5, 31, 60 * 24 * 8])),
    st.tuples(st.just("rating"), st.none()),
    st.tuples(st.just("hand_back"), st.none()),
)

_LEFTOVER = re.compile(r"\{[a-z_]+\}")


def check(talk: Talk, r, kind: str) -> None:
    doc = r.doc
    assert r.state in STATES and doc["state"] == r.state
    assert r.expecting == STATES[r.state].expecting
    assert r.expecting is None or r.expecting in EXPECTING
    assert json.loads(json.dumps(doc)) == doc
    assert orjson.loads(orjson.dumps(doc)) == doc
    assert doc["meta"] == META
    for e in doc.get("transcript", []):
        assert e["role"] in ROLES and isinstance(e["text"], str) and e["time"]
    for s in r.replies:
        assert s.text.strip()
        leftovers = set(_LEFTOVER.findall(s.text.replace(CASE_NUMBER_PLACEHOLDER, "")))
        # Only the citizen's own words may contain braces (echoed in the summary).
        assert not leftovers or r.state == "confirm", leftovers
    for e in r.effects:
        assert e.kind in ("submit", "handoff", "closed", "rating")
        orjson.dumps(e.payload)
        if e.kind == "submit":
            for key in ("channel", "petitioner", "town", "address", "location", "description",
                        "request", "category", "nature", "color", "due_at", "keywords",
                        "legal_path", "attachments", "transcript", "needs_review"):
                assert key in e.payload
            assert e.payload["petitioner"]["phone"]
            assert e.payload["description"]
    phone = doc.get("data", {}).get("phone")
    assert phone is None or re.fullmatch(r"1[3-9]\d{9}|0517-\d{8}", phone)
    if kind == "say" and r.state not in ("handoff", "closed") and "unsubscribe" not in str(r):
        assert r.replies, f"no answer in state {r.state}"


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(action, max_size=40))
def test_random_sequences_never_break_the_dialog(actions) -> None:
    talk = Talk(DIALOG, recent=RECENT, meta=json.loads(json.dumps(META)))
    for kind, arg in actions:
        if kind == "say":
            r = talk.say(arg)
        elif kind == "event":
            r = talk.event(arg)
        elif kind == "location":
            r = talk.location(*arg)
        elif kind == "media":
            r = talk.media(arg)
        elif kind == "voice":
            r = talk.voice()
        elif kind == "wait":
            talk.tick(arg)
            continue
        elif kind == "rating":
            talk.tick()
            r = DIALOG.ask_rating(talk.doc, "case-9", "JH-20261101-0007", talk.now)
            talk.doc = r.doc
        else:
            talk.tick()
            r = DIALOG.hand_back(talk.doc, talk.now)
            talk.doc = r.doc
        if talk.doc is not None and "meta" not in talk.doc:
            talk.doc["meta"] = json.loads(json.dumps(META))
            continue
        check(talk, r, kind)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(PHRASES), min_size=1, max_size=25))
def test_a_submitted_case_is_always_complete(texts) -> None:
    """Whatever the path, a case goes out only with a matter, a place or 'unknown', and a phone."""
    talk = Talk(DIALOG, recent=RECENT, meta=json.loads(json.dumps(META)))
    for t in ["你好", "同意", *texts]:
        r = talk.say(t)
        for e in r.effects:
            if e.kind == "submit":
                case = e.payload
                assert case["description"] and case["petitioner"]["phone"]
                assert case["petitioner"]["anonymous"] or case["petitioner"]["name"]
                assert case["town"] or case["address"] is not None
