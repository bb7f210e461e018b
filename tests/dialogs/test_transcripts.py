"""Table-driven conversations: every path of the intake dialog, as a citizen would type it.

Each row is (what the citizen does, the state the dialog must be in after it, the sentences of
config/prompts.toml the reply must contain). Sentences are checked by key so that the county can
reword them without breaking the tests; what is checked is the behaviour.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import pytest

from dialogs.api import CASE_NUMBER_PLACEHOLDER, CaseBrief
from nlp.types import Analysis
from tests.dialogs.fakes import T0, Talk, said, text_of

RECENT = (
    CaseBrief("case-road", "JH-20261120-0003", "in_progress", "chengxiang", "13912345678",
              T0 - timedelta(days=6), T0 + timedelta(days=2), "已转住建局办理"),
    CaseBrief("case-old", "JH-20260901-0011", "concluded", "laodong", "13912345678",
              T0 - timedelta(days=86)),
)

Action = Any  # str (a typed message) or a tuple ("@kind", argument)


@dataclass
class Scenario:
    name: str
    steps: list[tuple[Action, str, tuple[str, ...]]]
    channel: str = "web"
    meta: dict[str, Any] | None = None
    recent: tuple[CaseBrief, ...] = ()
    analyze: Callable[[str], Analysis] | None = None
    check: Callable[[Talk], None] | None = None
    tags: tuple[str, ...] = field(default=())


def submitted_case(talk: Talk) -> dict[str, Any]:
    cases = talk.effects("submit")
    assert len(cases) == 1, "exactly one case is submitted"
    return cases[0].payload


def check_happy(talk: Talk) -> None:
    case = submitted_case(talk)
    assert case["petitioner"] == {"name": "张三", "phone": "13912345678", "anonymous": False}
    assert case["town"] == "金北街道" and case["address"] == "建设村三组"
    assert case["description"].startswith("我家门口的路坏了半年")
    assert case["request"] == "希望尽快修好"
    assert case["category"] == {"code": "chengxiang", "name": "城乡建设",
                                "departments": ["住建局", "城管局"], "confidence": 0.9,
                                "source": "model"}
    assert case["nature"] == "求决" and case["color"] == "yellow"
    assert case["due_at"] == (T0 + timedelta(minutes=len(HAPPY)) + timedelta(days=5)).isoformat()
    assert case["due_flagged"] is False and case["needs_review"] is False
    assert case["follow_up_of"] is None and case["legal_path"] is None and case["urgent"] is False
    assert case["keywords"] == ["路"] and case["attachments"] == [] and case["location"] is None
    roles = {e["role"] for e in case["transcript"]}
    assert roles == {"citizen", "bot"}
    assert any(e["text"] == "陈桥" for e in case["transcript"])
    for key in ("case_id", "case_number", "submitted_at"):
        assert key not in case  # the pipeline fills these
    assert case["consent_at"] == (T0 + timedelta(minutes=2)).isoformat()
    assert case["transcript"][0]["text"] == "你好"  # the notice and the consent are in it
    # After submitting only the contacts stay (for 进度 and the next petition).
    assert set(talk.data) <= {"phone", "name", "anonymous"}
    assert talk.data["phone"] == "13912345678"


def check_all_in_one(talk: Talk) -> None:
    case = submitted_case(talk)
    assert case["petitioner"]["name"] == "李四"
    assert case["petitioner"]["phone"] == "13912345678"
    assert case["town"] == "塔集镇" and case["address"] == "建设村三组"
    assert case["request"] == "希望尽快修好"
    assert case["description"] == "塔集镇建设村三组的路坏了半年了，没人修，希望尽快修好"


def check_anonymous(talk: Talk) -> None:
    case = submitted_case(talk)
    assert case["petitioner"] == {"name": None, "phone": "0517-86901234", "anonymous": True}
    assert case["nature"] == "投诉举报" and case["color"] == "red"
    assert case["address"] == ""  # "不清楚": left for staff to confirm


def check_follow_up(talk: Talk) -> None:
    assert submitted_case(talk)["follow_up_of"] == "case-road"


def check_new_not_follow_up(talk: Talk) -> None:
    assert submitted_case(talk)["follow_up_of"] is None


def check_location(talk: Talk) -> None:
    case = submitted_case(talk)
    assert case["town"] == "黎城街道"
    assert case["location"] == {"lat": 33.012, "lon": 119.03, "label": "金湖县黎城街道健康路28号"}
    assert case["address"] == "健康路28号"


def analyze_changes_mind(text: str) -> Analysis:
    """投诉举报 on the matter alone, 意见建议 once the request is read with it."""
    from dataclasses import replace as _replace

    from tests.dialogs.fakes import fake_analyze

    base = fake_analyze("举报")
    if "希望" in text:
        return _replace(base, nature="意见建议", color="blue")
    return base


def check_anonymous_review(talk: Talk) -> None:
    case = submitted_case(talk)
    assert case["petitioner"]["anonymous"] is True and case["nature"] == "意见建议"
    assert case["needs_review"] is True  # staff confirm; the anonymity promised is kept


def check_review(talk: Talk) -> None:
    case = submitted_case(talk)
    assert case["needs_review"] is True and case["category"]["confidence"] == 0.3


# A matter already in court: the path (诉讼, the court) is told before the summary, with the
# three choices (register anyway, stop, the lawyer room with its schedule from config/).
COURT = [
    ("你好", "consent", ()), ("同意", "ask_description", ()),
    ("我已经起诉了对方，法院一直不开庭", "ask_town", ()),
    ("银集", "ask_address", ()), ("银集街78号", "ask_name", ()), ("李四", "ask_phone", ()),
    ("13912345678", "ask_request", ()),
    ("希望尽快开庭", "confirm", ("legal_path_notice", "summary")),
]


def check_orange(talk: Talk) -> None:
    case = submitted_case(talk)
    assert case["color"] == "orange" and case["due_at"] is None and case["due_flagged"] is True
    assert case["legal_path"]["path"] == "诉讼"
    assert case["legal_choice"] == "register"  # told the path, registered anyway (信访兜底)
    told = talk.results[-2].replies
    notice = [s.text for s in told if "诉讼" in s.text and "律师调解室" in s.text]
    assert notice and told[-1].choices  # the notice, then the summary with its buttons
    assert text_of(talk.results[-2]).index("律师调解室") < text_of(talk.results[-2]).index(
        "请核对")
    assert "提示：" not in text_of(talk.results[-1])  # not told again after submitting


def check_lawyer(talk: Talk) -> None:
    case = submitted_case(talk)
    assert case["legal_choice"] == "lawyer" and case["needs_review"] is True
    assert case["legal_path"]["path"] == "诉讼" and case["description"]


def check_no_legal_notice(talk: Talk) -> None:
    assert all("律师调解室" not in text_of(r) for r in talk.results)
    assert "legal_choice" not in submitted_case(talk)


def check_cancel(talk: Talk) -> None:
    assert talk.effects("submit") == []
    assert len(talk.effects("closed")) == 1
    assert "description" not in talk.data


def check_stuck(talk: Talk) -> None:
    handoffs = talk.effects("handoff")
    assert [h.payload["reason"] for h in handoffs] == ["stuck"]
    assert talk.effects("submit") == []


def check_person(talk: Talk) -> None:
    assert [h.payload["reason"] for h in talk.effects("handoff")] == ["asked_for_person"]
    # Everything the citizen wrote while waiting is kept in the transcript.
    texts = [e["text"] for e in talk.doc["transcript"] if e["role"] == "citizen"]
    assert "我等着" in texts and "还在吗" in texts


def check_second_petition(talk: Talk) -> None:
    cases = talk.effects("submit")
    assert len(cases) == 2
    second = cases[1].payload
    assert second["petitioner"]["name"] == "张三"
    assert second["description"] == "小区门口的路灯坏了一个月了"
    # The second case carries its own conversation, not the first one's.
    assert not any(e["text"] == "陈桥" for e in second["transcript"])


def check_rating(talk: Talk) -> None:
    ratings = [e.payload for e in talk.effects("rating")]
    assert ratings[0] == {"case_id": "case-9", "case_number": "JH-20261101-0007", "rating": 5,
                          "comment": ""}
    assert ratings[1]["comment"] == "办得很快，谢谢" and ratings[1]["update"] is True
    assert "pending_rating" not in talk.doc


def check_rating_inline(talk: Talk) -> None:
    (rating,) = [e.payload for e in talk.effects("rating")]
    assert rating["rating"] == 2 and rating["comment"] == "拖得太久了"


def check_unsubscribe(talk: Talk) -> None:
    assert talk.results[-1].replies == ()
    assert talk.data == {} and talk.doc["transcript"] == []
    assert talk.doc["meta"] == {"channel": "wechat", "sender": "o-123"}


def check_sms_lengths(talk: Talk) -> None:
    for r in talk.results:
        for s in r.replies:
            assert len(s.short) <= 134, s.short


def check_qq(talk: Talk) -> None:
    body = text_of(talk.results[-1])
    assert CASE_NUMBER_PLACEHOLDER in body and "查询 " + CASE_NUMBER_PLACEHOLDER in body


HAPPY = [
    ("你好", "consent", ("greeting", "privacy")),
    ("同意", "ask_description", ("consent_ok", "ask_description")),
    ("我家门口的路坏了半年了，没人修", "ask_town", ("ack_description", "ask_town")),
    ("陈桥", "ask_address", ("ack_old_town", "ask_address")),
    ("建设村三组", "ask_name", ("ask_name",)),
    ("我叫张三", "ask_phone", ("ask_phone",)),
    ("139 1234 5678", "ask_request", ("ask_request",)),
    ("希望尽快修好", "confirm", ("summary",)),
    ("确认提交", "submitted", ("submitted", "next_yellow", "notify")),
]
TO_CONFIRM = HAPPY[:-1]

SCENARIOS = [
    Scenario("happy path, one question at a time", HAPPY, check=check_happy),
    Scenario("everything in one message", [
        ("你好", "consent", ()),
        ("同意", "ask_description", ()),
        ("我叫李四，电话１３９ １２３４ ５６７８。塔集镇建设村三组的路坏了半年了，没人修，希望尽快修好",
         "confirm", ("ack_description_fields", "summary")),
        ("对，提交吧", "submitted", ("submitted",)),
    ], check=check_all_in_one),
    Scenario("first message says the matter before consent; it is kept", [
        ("塔集镇的路坏了半年了，没人修", "consent", ("greeting", "consent_held", "privacy")),
        ("好的", "ask_address", ("consent_ok", "ack_description_fields")),
    ]),
    Scenario("the matter told while the notice is shown is kept, not counted as wrong", [
        (("@event", "subscribe"), "consent", ("privacy",)),
        ("我们小区的电梯坏了一个月了，物业一直不修", "consent", ("consent_held_more",)),
        ("老人上下楼很不方便，天天爬八楼", "consent", ("consent_held_more",)),
        ("我同意", "ask_town", ("consent_ok", "ack_description", "ack_more")),
    ], channel="wechat", check=lambda t: assert_description_has(t, "天天爬八楼")),
    Scenario("a name and a phone told before consent are kept; the notice is not repeated", [
        ("你好", "consent", ("greeting", "privacy")),
        ("村东头的桥栏杆断了好几根，小孩上学天天从那过", "consent", ("consent_held_more",)),
        ("我叫滕晓梅", "consent", ("consent_held_more",)),
        ("幺三九 二二八七 六五四三", "consent", ("consent_held_more",)),
        ("行", "ask_town", ("consent_ok",)),
    ], check=lambda t: assert_data(t, name="滕晓梅", phone="13922876543")),
    Scenario("a question about the matter before consent is kept; one about the notice not", [
        ("我们村的路什么时候能修好？", "consent", ("consent_held",)),
        ("为什么要收集我的信息？", "consent", ("consent_again",)),
        # (a thin account held before consent gets the same follow-up as one told after it)
        ("同意", "ask_description", ("ack_description",)),
    ], check=lambda t: assert_data(t, description="我们村的路什么时候能修好？")),
    Scenario("a complaint about leaked personal data before consent is the matter", [
        ("我的个人信息被快递公司泄露了，天天接到骚扰电话", "consent", ("consent_held",)),
        ("同意", "ask_town", ()),
    ]),
    Scenario("declining: nothing written before is kept", [
        ("我家的低保被取消了，想问问原因", "consent", ("consent_held",)),
        ("不同意", "declined", ("declined",)),
    ], check=lambda t: assert_no_personal_data(t)),
    Scenario("declining consent gives the offline alternatives", [
        ("你好", "consent", ("privacy",)),
        ("不同意", "declined", ("declined",)),
        ("还是想反映一下", "consent", ("greeting", "privacy")),
    ], check=lambda t: assert_no_personal_data(t)),
    Scenario("changing one's mind after declining", [
        ("你好", "consent", ()), ("不同意", "declined", ("declined",)),
        ("好吧，我同意", "ask_description", ("consent_ok",)),
    ]),
    Scenario("consent not answered three times goes to staff; questions are not held", [
        ("你好", "consent", ()),
        ("什么意思", "consent", ("consent_again",)),
        ("？？", "consent", ("help",)),
        ("啥", "consent", ("consent_again",)),
        ("看不懂", "handoff", ("handoff_stuck",)),
    ], check=lambda t: assert_no_personal_data(t)),
    Scenario("anonymous report (投诉举报 only)", [
        ("我要举报村干部贪污低保款", "consent", ()),
        ("同意", "ask_description", ("ack_description",)),  # (the follow-up of a thin account)
        ("从前年开始，每户每月少发一百多块，找过镇里没人理", "ask_town", ()),
        ("金南镇", "ask_address", ()),
        ("不清楚", "ask_anonymous", ("ack_address_skipped", "ask_anonymous")),
        ("匿名", "ask_phone", ("ack_anonymous", "ask_phone_anonymous")),
        ("０５１７－８６９０１２３４", "ask_request", ()),
        ("没有", "confirm", ("ack_no_request", "summary")),
        ("确认", "submitted", ("next_red", "anonymous_note")),
    ], check=check_anonymous),
    Scenario("anonymity granted on the matter stays, and staff review when the model changes",
             [("你好", "consent", ()), ("同意", "ask_description", ()),
              # (a short account saying neither since when nor what was tried: a follow-up;
              # 晚上 says when it happens, not since when)
              ("隔壁饭店油烟扰民，晚上还很吵", "ask_description", ("story_ask_since",)),
              ("上个月开张的，跟老板说过没用", "ask_town", ()), ("黎城", "ask_address", ()),
              ("健康路28号", "ask_anonymous", ()), ("匿名", "ask_phone", ()),
              ("13912345678", "ask_request", ()), ("希望管一管", "confirm", ()),
              ("确认", "submitted", ("needs_review", "anonymous_note"))],
             analyze=analyze_changes_mind, check=check_anonymous_review),
    Scenario("anonymity is refused for a non-report, kindly", TO_CONFIRM[:5] + [
        ("不想说", "ask_name", ("refuse_name_explain",)),  # why, once, and the report offer
        ("王芳", "ask_phone", ()),
    ]),
    Scenario("anonymous report can still leave a name", [
        ("你好", "consent", ()), ("同意", "ask_description", ()),
        ("我要举报有人在河边偷偷排污水", "ask_description", ("story_ask_since",)),  # thin
        ("上个礼拜开始的", "ask_description", ("story_ask_tried",)),  # the second, the last
        ("跟村里说过，没用", "ask_town", ()),
        ("前锋", "ask_address", ()),
        ("新河村", "ask_anonymous", ("ask_anonymous",)),
        ("留姓名", "ask_name", ("ask_name",)),
        ("赵六", "ask_phone", ()),
    ]),
    Scenario("a wrong phone three times hands over to staff", TO_CONFIRM[:6] + [
        ("139123", "ask_phone", ("bad_phone_mobile_length",)),
        ("025-86901234", "ask_phone", ("bad_phone_other_area",)),
        ("1391234", "handoff", ("handoff_stuck",)),
    ], check=check_stuck),
    Scenario("a wrong answer, then a right one, resets the count", TO_CONFIRM[:6] + [
        ("139123", "ask_phone", ("bad_phone_mobile_length",)),
        ("1391234567", "ask_phone", ("bad_phone_mobile_length",)),
        ("13912345678", "ask_request", ()),
    ], check=lambda t: assert_attempts_reset(t)),
    Scenario("an unknown town three times hands over", TO_CONFIRM[:3] + [
        ("南京", "ask_town", ("bad_town",)),
        ("xx", "ask_town", ("bad_town",)),
        ("上海", "handoff", ("handoff_stuck",)),
    ]),
    Scenario("the citizen does not know the town", TO_CONFIRM[:3] + [
        ("不知道", "ask_address", ("ask_address_unknown_town",)),
        ("卫生院对面", "ask_name", ()),
    ], check=lambda t: assert_town_unknown(t)),
    Scenario("more about the matter while asked for the town is added, not an error",
             TO_CONFIRM[:3] + [
                 ("而且晚上没有路灯，老人摔了好几次", "ask_town", ("ack_more", "ask_town")),
                 ("吕良", "ask_address", ()),
             ], check=lambda t: assert_description_has(t, "摔了好几次")),
    Scenario("a shared map location gives the town and address", TO_CONFIRM[:3] + [
        (("@location", (33.012, 119.03, "金湖县黎城街道健康路28号")), "ask_name",
         ("ack_location",)),
        ("王五", "ask_phone", ()), ("13912345678", "ask_request", ()),
        ("希望修路", "confirm", ()), ("确认", "submitted", ()),
    ], check=check_location),
    Scenario("a location outside the county asks for the town", TO_CONFIRM[:3] + [
        (("@location", (32.06, 118.79, "南京市鼓楼区")), "ask_town", ("location_outside",)),
    ]),
    Scenario("'电话写错了' at the summary asks again and returns to it", TO_CONFIRM + [
        ("电话写错了", "ask_phone", ("edit_intro", "ask_phone")),
        ("13812345678", "confirm", ("summary",)),
    ], check=lambda t: assert_data(t, phone="13812345678")),
    Scenario("'电话改成…' changes it at once", TO_CONFIRM + [
        ("电话改成13812345678", "confirm", ("corrected", "summary")),
    ], check=lambda t: assert_data(t, phone="13812345678")),
    Scenario("'地址不对' asks the address again", TO_CONFIRM + [
        ("地址不对", "ask_address", ("edit_intro", "ask_address")),
        ("建设村五组", "confirm", ("summary",)),
    ], check=lambda t: assert_data(t, address="建设村五组")),
    Scenario("'改成塔集镇' changes the town", TO_CONFIRM + [
        ("改成塔集镇", "confirm", ("corrected", "summary")),
    ], check=lambda t: assert_data(t, town="塔集镇")),
    Scenario("'修改' offers the fields; a number picks one", TO_CONFIRM + [
        ("修改", "edit_which", ("edit_which",)),
        ("6", "ask_request", ("edit_intro", "ask_request")),
        ("希望今年内修好", "confirm", ()),
    ], check=lambda t: assert_data(t, request="希望今年内修好")),
    Scenario("'不改了' goes back to the summary", TO_CONFIRM + [
        ("名字错了", "ask_name", ("edit_intro",)),
        ("算了不改了", "confirm", ("edit_back", "summary")),
    ], check=lambda t: assert_data(t, name="张三")),
    Scenario("the description can be replaced when editing", TO_CONFIRM + [
        ("事情经过要改", "ask_description", ("edit_intro",)),
        ("村口的桥塌了一半，车过不去", "confirm", ()),
    ], check=lambda t: assert_data(t, description="村口的桥塌了一半，车过不去")),
    Scenario("an unclear answer at the summary, three times, hands over", TO_CONFIRM + [
        ("嗯嗯嗯？", "confirm", ("bad_confirm",)),
        ("xx", "confirm", ("bad_confirm",)),
        ("？？？ ！", "confirm", ("help",)),
        ("zz", "handoff", ("handoff_stuck",)),
    ]),
    Scenario("cancel mid-way submits nothing", TO_CONFIRM[:5] + [
        ("算了", "closed", ("cancelled",)),
        ("你好", "ask_description", ("ask_description_hello",)),
    ], check=check_cancel),
    Scenario("'不弄了' and '取消' are cancel too; nothing to cancel afterwards", TO_CONFIRM[:3] + [
        ("不弄了", "closed", ("cancelled",)),
        ("取消", "closed", ("nothing_to_cancel",)),
    ]),
    Scenario("a sentence containing 取消 is a petition, not a command", TO_CONFIRM[:2] + [
        ("我家的低保被取消了，不知道为什么", "ask_description",
         ("ack_description", "story_ask_since")),  # a matter, not 咨询; thin: since when?
    ]),
    Scenario("restart forgets the draft", TO_CONFIRM[:6] + [
        ("重新开始", "ask_description", ("restart", "ask_description")),
    ], check=lambda t: assert_empty_draft(t)),
    Scenario("asking for a person hands over; the bot then only listens", TO_CONFIRM[:4] + [
        ("转人工", "handoff", ("handoff_person",)),
        ("我等着", "handoff", ("handoff_ack",)),
        ("还在吗", "handoff", ()),
        ("人工", "handoff", ()),
    ], check=check_person),
    Scenario("staff hand the conversation back; the bot asks what is missing", TO_CONFIRM[:4] + [
        ("人工", "handoff", ("handoff_person",)),
        (("@hand_back", None), "ask_address", ("hand_back", "ask_address")),
        ("建设村三组", "ask_name", ()),
    ]),
    Scenario("'你是机器人吗' gets an honest answer, then the question again", TO_CONFIRM[:3] + [
        ("你是机器人吗？", "ask_town", ("who_am_i", "continue_where", "ask_town")),
    ], check=lambda t: assert_no_attempts(t)),
    Scenario("help at any time, then the same question again", TO_CONFIRM[:3] + [
        ("需要什么信息", "ask_town", ("help", "continue_where", "ask_town")),
        ("帮助", "ask_town", ("help",)),
    ]),
    Scenario("查询 with one's own case number", TO_CONFIRM[:3] + [
        ("查询 JH-20261120-0003", "ask_town", ("status_line", "status_due", "ask_town")),
    ], recent=RECENT, check=lambda t: assert_in_reply(t, "正在办理", "已转住建局办理")),
    Scenario("查询 with somebody else's number reveals nothing", [
        ("查询JH-20261120-0099", "new", ("status_not_found",)),
    ], recent=RECENT, check=lambda t: assert_not_in_reply(t, "住建局")),
    Scenario("进度 answers about the latest case", [
        ("进度", "new", ("status_line",)),
    ], recent=RECENT, check=lambda t: assert_in_reply(t, "JH-20261120-0003")),
    Scenario("进度 with no case", [("进度", "new", ("status_none",))]),
    Scenario("查询 with the case system's own number", [
        ("查询 JX2026-00123", "new", ("status_line", "status_external")),
        ("查询 JX2026-00999", "new", ("status_not_found",)),
    ], recent=(CaseBrief("c1", "JH-20261120-0003", "accepted", "chengxiang", "13912345678",
                         T0 - timedelta(days=6), external_number="JX2026-00123"),)),
    Scenario("after 30 idle minutes: continue", TO_CONFIRM[:4] + [
        (("@wait", 45), "ask_address", ()),
        ("建设村三组", "resume", ("idle_offer",)),
        ("继续", "ask_name", ("resume_ok",)),
    ], check=lambda t: assert_data(t, address="建设村三组")),
    Scenario("after 30 idle minutes: start over", TO_CONFIRM[:4] + [
        (("@wait", 31), "ask_address", ()),
        ("你好", "resume", ("idle_offer",)),
        ("重新开始", "ask_description", ("restart",)),
    ], check=lambda t: assert_empty_draft(t)),
    Scenario("idle, then just keep answering", TO_CONFIRM[:4] + [
        (("@wait", 60), "ask_address", ()),
        ("在吗", "resume", ("idle_offer",)),
        ("建设村三组", "ask_name", ()),
    ]),
    Scenario("a draft older than the retention is deleted", TO_CONFIRM[:4] + [
        (("@wait", 8 * 24 * 60), "ask_address", ()),
        ("建设村三组", "consent", ("expired", "greeting", "privacy")),
    ], check=lambda t: assert_empty_draft(t)),
    Scenario("emoji, stickers, voice and nonsense get a sensible answer", TO_CONFIRM[:2] + [
        ("😊😊", "ask_description", ("emoji", "ask_description")),
        ("[微笑]", "ask_description", ("emoji",)),
        ("/::)", "ask_description", ("emoji",)),
        (("@voice", None), "ask_description", ("voice_no_text",)),
        ("asdfgh", "ask_description", ("bad_description",)),
        ("我要投诉", "ask_description", ("ask_description_more",)),
        ("路灯坏了一个月", "ask_town", ()),
    ]),
    Scenario("a very long message is cut at 2000 characters and the citizen told",
             TO_CONFIRM[:2] + [
                 ("路坏了" + "很久" * 1500, "ask_town", ("too_long", "ack_description")),
             ], check=lambda t: assert_description_len(t, 2000)),
    Scenario("the matter stops growing at 10,000 characters; the rest stays in the transcript",
             TO_CONFIRM[:3] + [("路" * 1990 + "还有", "ask_town", ())] * 5 + [
                 ("路" * 1990 + "还有", "ask_town", ("description_full",)),
             ], check=lambda t: assert_description_len(t, 10_000)),
    Scenario("danger words: 110/120 first, once, and the petition goes on", TO_CONFIRM[:2] + [
        ("邻居天天威胁要杀我全家，昨天还打人了", "ask_town", ("urgent_notice", "ack_description")),
        ("他还说要放火，我们很害怕", "ask_town", ("ack_more",)),
    ], check=lambda t: assert_data(t, urgent=True) or assert_not_in_reply(t, "110")),
    Scenario("a photo becomes an attachment", TO_CONFIRM[:2] + [
        (("@media", "image"), "ask_description", ("got_attachment", "ask_description")),
        ("就是照片里这个坑，路坏了，都一个月了", "ask_town", ()),
    ], check=lambda t: assert_data(t, attachments=[{"kind": "image", "ref": "media-1"}])),
    Scenario("a photo sent before consent is attached once the citizen agrees", [
        (("@media", "image"), "consent", ("greeting", "attachment_before_consent", "privacy")),
        ("同意", "ask_description", ()),
    ], check=lambda t: assert_data(t, attachments=[{"kind": "image", "ref": "media-1"}])),
    Scenario("a photo sent after 30 idle minutes is kept", TO_CONFIRM[:3] + [
        (("@wait", 40), "ask_town", ()),
        (("@media", "image"), "resume", ("idle_offer",)),
    ], check=lambda t: assert_data(t, attachments=[{"kind": "image", "ref": "media-1"}])),
    Scenario("a repeat petition may be a follow-up (linked, not duplicated)", TO_CONFIRM[:3] + [
        ("13912345678", "repeat_check", ("repeat_ask",)),
        ("是补充催办", "ask_name", ("repeat_follow_up",)),  # the place is on the original
        ("张三", "ask_request", ()),
        ("希望尽快修好", "confirm", ("summary_follow_up",)),
        ("确认", "submitted", ()),
    ], recent=RECENT, check=check_follow_up),
    Scenario("a repeat petition may be a new matter", TO_CONFIRM[:3] + [
        ("13912345678", "repeat_check", ("repeat_ask",)),
        ("1", "ask_town", ("repeat_new",)),
        ("陈桥", "ask_address", ()), ("建设村三组", "ask_name", ()), ("张三", "ask_request", ()),
        ("希望尽快修好", "confirm", ()), ("确认", "submitted", ()),
    ], recent=RECENT, check=check_new_not_follow_up),
    Scenario("a case the model is unsure of goes to staff review, and the citizen is told", [
        ("你好", "consent", ()), ("同意", "ask_description", ()),
        ("隔壁邻居家的狗天天叫，影响休息", "ask_town", ()),
        ("黎城", "ask_address", ()), ("幸福小区3栋", "ask_name", ()), ("张三", "ask_phone", ()),
        ("13912345678", "ask_request", ()), ("希望管一管", "confirm", ()),
        ("确认", "submitted", ("needs_review",)),
    ], check=check_review),
    Scenario("a matter in court: the legal path told before the summary, still registered "
             "(信访兜底), deadline confirmed by staff", COURT + [
        ("确认", "submitted", ("due_unknown",)),
    ], check=check_orange),
    Scenario("a matter in court: the citizen asks for the lawyer room instead", COURT + [
        ("我想预约律师", "submitted", ("lawyer_booked",)),
    ], check=check_lawyer),
    Scenario("a matter in court: the citizen stops here", COURT + [
        ("取消", "closed", ()),
    ], check=check_cancel),
    Scenario("a one-department matter has no legal path and no notice",
             TO_CONFIRM[:8] + [("确认", "submitted", ())], check=check_no_legal_notice),
    Scenario("an introduction with the town, then the matter together with consent", [
        ("你好，我是吕良镇的，想反映个事情", "consent", ("greeting",)),
        ("同意，村里的垃圾半个月没人清运了", "ask_address", ("consent_ok",)),
    ], check=lambda t: assert_data(t, town="吕良镇", description="村里的垃圾半个月没人清运了")),
    Scenario("how people give names and numbers", TO_CONFIRM[:5] + [
        ("叫我老王就行", "ask_name", ("ask_name_full",)),  # a surname: the full name, once
        ("这个不方便说", "ask_phone", ("refuse_fullname_accept",)),  # why, and 老王 it is
        ("一三九一二三四五六七八", "ask_request", ()),
    ], check=lambda t: assert_data(t, name="老王", phone="13912345678")),
    Scenario("everyday words are not taken for names", TO_CONFIRM[:3] + [
        ("金湖", "ask_town", ("bad_town",)),
        ("黎城", "ask_address", ()), ("幸福小区", "ask_name", ()),
        ("明白", "ask_name", ("bad_name",)),
    ], check=lambda t: assert_data(t, name=None)),
    Scenario("a surname first, the full name a moment later", TO_CONFIRM[:5] + [
        ("我姓李", "ask_name", ("ask_name_full",)),
        ("李明", "ask_phone", ("ack_name", "ask_phone")),
    ], check=lambda t: assert_data(t, name="李明", name_partial=None)),
    Scenario("'老张', then the full name when asked for the phone, then a home landline",
             TO_CONFIRM[:5] + [
                 ("老张", "ask_name", ("ask_name_full",)),
                 ("德福", "ask_phone", ("ack_name",)),  # the given name alone completes it
                 ("没有手机，家里电话86901234", "ask_request", ()),
             ], check=lambda t: assert_data(t, name="张德福", phone="0517-86901234")),
    Scenario("a name given when the address was asked; '不方便' skips the address",
             TO_CONFIRM[:4] + [
                 ("张伟", "ask_address", ("ack_fields",)),
                 ("不方便", "ask_address", ("refuse_address_explain",)),  # why, once
                 ("不方便", "ask_phone", ("refuse_accepted",)),
             ], check=lambda t: assert_data(t, name="张伟", address="")),
    Scenario("the town and more of the story in one answer", TO_CONFIRM[:3] + [
        ("在塔集镇，已经半年了一直没人管", "ask_address", ("ack_more",)),
    ], check=lambda t: assert_description_has(t, "已经半年了一直没人管")),
    Scenario("'修改' in the middle, then a value: back to the questions, not the summary",
             TO_CONFIRM[:3] + [
                 ("修改", "edit_which", ()),
                 ("陈桥", "ask_address", ("edit_done", "ask_address")),
                 ("同意", "ask_address", ("bad_address",)),
             ], check=lambda t: assert_no_effect(t, "submit")),
    Scenario("'修改' in the middle of the questions", TO_CONFIRM[:6] + [
        ("修改", "edit_which", ("edit_which",)),
        ("镇（街道）", "ask_town", ("edit_intro",)),
        ("塔集", "ask_phone", ()),
    ], check=lambda t: assert_data(t, town="塔集镇")),
    Scenario("a correction in the middle is applied and the question repeated",
             TO_CONFIRM[:6] + [
                 ("名字写错了，是王大海", "ask_phone", ("corrected", "ask_phone")),
             ], check=lambda t: assert_data(t, name="王大海")),
    Scenario("a greeting while the notice is shown is not a wrong answer", [
        (("@event", "subscribe"), "consent", ("privacy",)),
        ("你好", "consent", ("privacy",)),
        ("你好", "consent", ("privacy",)),
        ("您好", "consent", ("privacy",)),
        ("好的", "ask_description", ()),
    ], channel="wechat"),
    Scenario("the rest of the address after the next question is added to it",
             TO_CONFIRM[:3] + [
                 ("塔集镇建设村", "ask_name", ()),
                 ("三组", "ask_name", ("ack_address_more", "ask_name")),
             ], check=lambda t: assert_data(t, address="建设村三组")),
    Scenario("progress of a case still being handed over, in words", [
        ("进度", "new", ("status_line",)),
    ], recent=(CaseBrief("c1", "JH-20261126-0001", "queued", "chengxiang", "13912345678", T0),),
        check=lambda t: assert_in_reply(t, "正在转交") or assert_not_in_reply(t, "queued")),
    Scenario("somebody else's phone in the story is not taken as the citizen's", [
        ("你好", "consent", ()), ("同意", "ask_description", ()),
        ("公司拖欠工资三个月，老板电话13812345678一直不接", "ask_town", ()),
    ], check=lambda t: assert_data(t, phone=None)),
    Scenario("two towns in the story: ask rather than guess", [
        ("你好", "consent", ()), ("同意", "ask_description", ()),
        ("我从塔集镇搬到黎城以后，户口一直迁不过来", "ask_town", ()),
    ], check=lambda t: assert_data(t, town=None)),
    Scenario("a new phone number given later replaces the old one", TO_CONFIRM[:7] + [
        ("我换号了，13812345678", "ask_request", ("edit_done", "ask_request")),
        ("电话没错，地址错了", "ask_address", ("edit_intro",)),
        ("建设村四组", "ask_request", ()),
    ], check=lambda t: assert_data(t, phone="13812345678", address="建设村四组")),
    Scenario("'电话没错，地址错了' at the summary is about the address", TO_CONFIRM + [
        ("电话没错，地址错了", "ask_address", ("edit_intro",)),
    ]),
    Scenario("'等一下，我再补充一点' at the summary: more is added, then the summary again",
             TO_CONFIRM + [
                 ("等一下，我再补充一点", "ask_description", ("add_more",)),
                 ("下雨天还积水", "confirm", ("summary",)),
                 ("还有，晚上也没有路灯", "confirm", ("ack_more", "summary")),
             ], check=lambda t: assert_description_has(t, "积水") or assert_description_has(
                 t, "我家门口的路坏了半年了")),
    Scenario("the place where it happened, not where the citizen lives", TO_CONFIRM[:3] + [
        ("我住在黎城，但事情发生在塔集", "ask_address", ()),
    ], check=lambda t: assert_data(t, town="塔集镇", description="我家门口的路坏了半年了，没人修")),
    Scenario("a status question in a sentence", [
        ("想查一下上次反映的事办得怎么样了", "new", ("status_line",)),
    ], recent=RECENT),
    Scenario("'嗯？' at the summary is not a yes; '对的没错' is", TO_CONFIRM + [
        ("嗯？", "confirm", ("bad_confirm",)),
        ("对的没错", "submitted", ("submitted",)),
    ]),
    Scenario("commands with courtesies around them", TO_CONFIRM[:3] + [
        ("好的，转人工吧", "handoff", ("handoff_person",)),
        ("算了吧，不想说了", "closed", ("cancelled",)),
    ]),
    Scenario("'就这些' after telling is not a wrong answer; 'I don't know' in a sentence",
             TO_CONFIRM[:3] + [
                 ("而且没有路灯", "ask_town", ("ack_more",)),
                 ("就这些", "ask_town", ("ask_town",)),
                 ("我也不知道是哪个镇，在县城", "ask_address", ("ask_address_unknown_town",)),
             ], check=lambda t: assert_data(t, attempts=None) or assert_no_attempts(t)),
    Scenario("QQ: no push, use 查询 with the number", HAPPY, channel="qq", check=check_qq),
    Scenario("SMS: the phone is the sender's, choices by number, replies fit two segments", [
        ("你好", "consent", ("greeting",)),
        ("1", "ask_description", ("consent_ok",)),
        ("我家门口的路坏了半年了，没人修", "ask_town", ()),
        ("2", "ask_address", ()),
        ("建设村三组", "ask_name", ()),
        ("张三", "ask_request", ()),
        ("希望尽快修好", "confirm", ()),
        ("1", "submitted", ("submitted",)),
    ], channel="sms", meta={"channel": "sms", "sender": "+8613912345678"},
        check=lambda t: (check_sms_lengths(t), assert_case(t, town="戴楼街道",
                                                           phone="13912345678"))),
    Scenario("SMS: a number typed although the sender's is known replaces it", [
        ("你好", "consent", ()), ("1", "ask_description", ()),
        ("我家门口的路坏了半年了，没人修", "ask_town", ()), ("黎城", "ask_address", ()),
        ("幸福小区", "ask_name", ()), ("张三", "ask_request", ()),
        ("13812345678", "ask_request", ("ack_fields", "ask_request")),
    ], channel="sms", meta={"channel": "sms", "sender": "+8613912345678"},
        check=lambda t: assert_data(t, phone="13812345678")),
    Scenario("SMS from a number abroad: the phone is asked", [
        ("你好", "consent", ()), ("1", "ask_description", ()),
        ("我家门口的路坏了半年了，没人修", "ask_town", ()), ("黎城", "ask_address", ()),
        ("幸福小区", "ask_name", ()), ("张三", "ask_phone", ()),
    ], channel="sms", meta={"channel": "sms", "sender": "+15551234567"}),
    Scenario("a second petition after the first keeps name and phone", HAPPY + [
        ("谢谢", "submitted", ("thanks_reply",)),
        ("还有个事", "ask_description", ("after_submit",)),
        ("小区门口的路灯坏了一个月了", "ask_town", ()),
        ("黎城", "ask_address", ()), ("幸福小区", "ask_request", ()),
        ("希望修好", "confirm", ()), ("确认", "submitted", ()),
    ], check=check_second_petition),
    Scenario("rating after a concluded case, then a comment", HAPPY + [
        (("@rating", ("case-9", "JH-20261101-0007")), "rating", ("rating_ask",)),
        ("5", "rating_comment", ("rating_thanks",)),
        ("办得很快，谢谢", "submitted", ("rating_thanks_done",)),
    ], check=check_rating),
    Scenario("a rating with its comment in one message", HAPPY + [
        (("@rating", ("case-9", "JH-20261101-0007")), "rating", ()),
        ("2分，拖得太久了", "submitted", ("rating_thanks_done",)),
    ], check=check_rating_inline),
    Scenario("a rating can be skipped", HAPPY + [
        (("@rating", ("case-9", "JH-20261101-0007")), "rating", ()),
        ("跳过", "submitted", ("rating_skipped",)),
    ], check=lambda t: assert_no_effect(t, "rating")),
    Scenario("not a rating twice: the bot lets it go and listens", HAPPY + [
        (("@rating", ("case-9", "JH-20261101-0007")), "rating", ()),
        ("什么", "rating", ("bad_rating",)),
        ("我还有个新问题，村里的垃圾没人清运", "ask_town", ("ack_description",)),
    ], check=lambda t: assert_no_effect(t, "rating")),
    Scenario("a rating asked while a draft is open waits for it", TO_CONFIRM[:4] + [
        (("@rating", ("case-9", "JH-20261101-0007")), "ask_address", ()),
        ("建设村三组", "ask_name", ()),
    ]),
    Scenario("WeChat follow shows the notice; unfollow forgets everything silently", [
        (("@event", "subscribe"), "consent", ("greeting", "privacy")),
        ("同意", "ask_description", ()),
        ("路坏了半年", "ask_town", ()),
        (("@event", "unsubscribe"), "closed", ()),
    ], channel="wechat", meta={"channel": "wechat", "sender": "o-123"}, check=check_unsubscribe),
    Scenario("menu buttons", [
        (("@event", "menu:help"), "consent", ("help", "privacy")),
        (("@event", "menu:progress"), "consent", ("status_none", "continue_where")),
        ("同意", "ask_description", ()),
        ("路坏了半年", "ask_town", ()),
        (("@event", "menu:start"), "resume", ("idle_offer",)),
        ("继续", "ask_town", ("resume_ok",)),
        (("@event", "menu:unknown"), "ask_town", ()),
    ], channel="wechat"),
]


def run_scenario(dialog, sc: Scenario) -> Talk:
    talk = Talk(dialog, channel=sc.channel, recent=sc.recent, meta=sc.meta, analyze=sc.analyze)
    for i, (action, state, keys) in enumerate(sc.steps):
        if isinstance(action, str):
            r = talk.say(action)
        else:
            kind, arg = action
            if kind == "@event":
                r = talk.event(arg)
            elif kind == "@location":
                r = talk.location(*arg)
            elif kind == "@media":
                r = talk.media(arg)
            elif kind == "@voice":
                r = talk.voice()
            elif kind == "@wait":
                talk.tick(arg)
                continue
            elif kind == "@rating":
                talk.tick()
                r = dialog.ask_rating(talk.doc, arg[0], arg[1], talk.now)
                talk.doc = r.doc
                talk.results.append(r)
            elif kind == "@hand_back":
                talk.tick()
                r = dialog.hand_back(talk.doc, talk.now)
                talk.doc = r.doc
                talk.results.append(r)
            else:
                raise AssertionError(kind)
        where = f"step {i} ({action!r})"
        assert r.state == state, f"{where}: state {r.state}, reply: {text_of(r)}"
        for key in keys:
            assert said(dialog, r, key, sc.channel), f"{where}: no [{key}] in: {text_of(r)}"
    if sc.check:
        sc.check(talk)
    return talk


@pytest.mark.parametrize("sc", SCENARIOS, ids=[s.name for s in SCENARIOS])
def test_conversation(dialog, sc: Scenario) -> None:
    run_scenario(dialog, sc)


# ---------------------------------------------------------------------------- small assertions


def assert_data(talk: Talk, **expected: Any) -> None:
    for k, v in expected.items():
        assert talk.data.get(k) == v, (k, talk.data.get(k))


def assert_case(talk: Talk, *, town: str, phone: str) -> None:
    case = submitted_case(talk)
    assert case["town"] == town and case["petitioner"]["phone"] == phone


def assert_empty_draft(talk: Talk) -> None:
    assert not any(k in talk.data for k in ("description", "town", "address", "name", "phone"))


def assert_no_personal_data(talk: Talk) -> None:
    assert talk.data == {} and not talk.doc.get("held")
    if talk.doc["state"] == "declined":
        assert not [e for e in talk.doc["transcript"] if e["role"] == "citizen"]


def assert_no_attempts(talk: Talk) -> None:
    assert not any(talk.doc["attempts"].values())


def assert_attempts_reset(talk: Talk) -> None:
    assert "phone" not in talk.doc["attempts"]


def assert_town_unknown(talk: Talk) -> None:
    assert talk.data["town"] is None and talk.data["town_unknown"] is True
    assert talk.data["address"] == "卫生院对面"


def assert_description_has(talk: Talk, words: str) -> None:
    assert words in talk.data["description"]


def assert_description_len(talk: Talk, n: int) -> None:
    assert len(talk.data["description"]) <= n


def assert_in_reply(talk: Talk, *words: str) -> None:
    body = text_of(talk.results[-1])
    for w in words:
        assert w in body


def assert_not_in_reply(talk: Talk, *words: str) -> None:
    body = text_of(talk.results[-1])
    for w in words:
        assert w not in body


def assert_no_effect(talk: Talk, kind: str) -> None:
    assert talk.effects(kind) == []
