"""Every console action over real HTTP, on the real app with a real Redis: the queue, the case
page, send on, close, create a case from a hand-over, take over, reply, hand back, dead letters."""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

import orjson
import pytest
from aiohttp import web

from bot import appkeys, keys, metrics, outbox
from bot.app import load_dialog
from bot.settings import Settings
from bot.submission import MAX_CASE_BRIEFS
from tests.bot.test_console_helpers import (
    TZ,
    RecordingSender,
    add_user,
    case_body,
    console_client,
    load_doc,
    login,
    seed_handoff,
    seed_review_case,
)


async def _staff(aiohttp_client: Any, settings: Settings, role: str = "reviewer",
                 dialog: Any = None) -> tuple[Any, str]:
    client = await console_client(aiohttp_client, settings, dialog)
    await add_user(client, "li", role)
    return client, await login(client, "li")


async def _audit(redis: Any) -> list[dict[str, Any]]:
    entries = [orjson.loads(e) for e in await redis.lrange(keys.STAFF_AUDIT, 0, -1)]
    return [e for e in entries if not e["action"].startswith("view_")]  # (page views: auth)


async def _decisions(redis: Any) -> list[dict[str, Any]]:
    return [orjson.loads(e) for e in await redis.lrange(keys.TRAINING_DECISIONS, 0, -1)]


async def _delivered(client: Any, case_id: str) -> dict[str, Any]:
    """Wait for the outbox worker (running in the app) to deliver the case; without a webhook URL
    it appends the webhook body to <data dir>/cases.jsonl. Returns that body."""
    path = client.app[appkeys.SETTINGS].data_dir / "cases.jsonl"
    for _ in range(800):
        if path.exists():
            for line in path.read_text(encoding="utf-8").splitlines():
                body: dict[str, Any] = orjson.loads(line)
                state = await client.app[appkeys.REDIS].hget(keys.case_record(case_id),
                                                              "delivery")
                if body.get("case_id") == case_id and state == b"delivered":
                    return body
        await asyncio.sleep(0.025)
    raise AssertionError(f"case {case_id} was not delivered")


def _form(token: str, **over: str) -> dict[str, str]:
    form = {"_csrf": token, "description": "小区门口的路灯坏了三个月", "town": "金南镇",
            "address": "幸福路1号", "name": "张三", "phone": "13800000000",
            "request": "尽快修好", "category": "urban_construction", "nature": "求决"}
    form.update(over)
    return form


# --- the queue -----------------------------------------------------------------------------

async def test_queue_lists_items_by_urgency_with_reason_channel_town_and_badge(
        aiohttp_client: Any, make_settings: Callable[..., Settings]) -> None:
    client, _ = await _staff(aiohttp_client, make_settings())
    now = datetime.now(TZ)
    await seed_review_case(client, "a" * 32,
                           due_at=(now + timedelta(days=12, hours=-1)).isoformat(),
                           color="yellow", town="塔集镇")
    await seed_review_case(client, "b" * 32, due_at=(now - timedelta(hours=3)).isoformat(),
                           color="red")
    await seed_review_case(client, "c" * 32,
                           due_at=(now + timedelta(hours=2, seconds=-90)).isoformat(),
                           color="yellow")
    # submitted ten days ago: two hours of a ten-day window are left
    await client.app[appkeys.REDIS].hset(keys.case_record("c" * 32), "created",
                                         time.time() - 10 * 86400)
    await seed_handoff(client, "citizen-1")
    html = await (await client.get("/staff/")).text()
    order = re.findall(r'data-item="([^"]+)"', html)
    assert order[0] == "case:" + "b" * 32  # overdue first
    assert order[-1] == "case:" + "a" * 32  # twelve days left: last
    assert len(order) == 4
    rows = dict(zip(order, html.split('data-item="')[1:]))
    assert 'class="u-overdue"' in html and "已超期 3小时" in rows["case:" + "b" * 32]
    assert "临近超期 · 剩余 1小时58分" in rows["case:" + "c" * 32]
    assert "u-ok" in html and "剩余 11天23小时" in rows["case:" + "a" * 32]
    handoff = next(v for k, v in rows.items() if k.startswith("conv:"))
    assert "群众要求人工" in handoff and "网页" in handoff and "前锋镇" in handoff
    assert "分类把握不足" in rows["case:" + "a" * 32] and "塔集镇" in rows["case:" + "a" * 32]
    assert "31%" in rows["case:" + "a" * 32] and "c-yellow" in rows["case:" + "a" * 32]
    assert "共 4 项，其中已超期 1 项" in html
    # Every row identifies its case: the JH number and a line of the petition; a hand-over
    # the first line of the petition and what the citizen said last.
    numbers = {k: (await client.app[appkeys.CASES].get(k.split(":")[1])).number
               for k in rows if k.startswith("case:")}
    for key, number in numbers.items():
        assert number in rows[key] and "小区门口的路灯坏了三个月没人修" in rows[key]
    assert "单位拖欠工资三个月" in handoff and "我要找人工" in handoff


async def test_empty_queue_says_so(aiohttp_client: Any,
                                   make_settings: Callable[..., Settings]) -> None:
    client, _ = await _staff(aiohttp_client, make_settings())
    assert "目前没有待处理事项" in await (await client.get("/staff/")).text()


# --- a case the model was unsure about -----------------------------------------------------

async def test_case_page_shows_transcript_fields_and_proposal(
        aiohttp_client: Any, make_settings: Callable[..., Settings]) -> None:
    client, _ = await _staff(aiohttp_client, make_settings())
    case_id = await seed_review_case(client)
    html = await (await client.get(f"/staff/case/{case_id}")).text()
    assert "路灯坏了" in html  # transcript
    assert 'name="description"' in html and "小区门口的路灯坏了三个月没人修" in html
    assert 'value="13800000000"' in html and "幸福路1号" in html
    assert "其他（把握 31%）" in html and 'class="kw">路灯<' in html
    assert '<option value="urban_construction">城乡建设</option>' in html
    assert "求决（常规；多部门为黄色）" in html and "投诉举报（红色）" in html
    assert (await client.get("/staff/case/" + "f" * 32)).status == 404
    assert (await client.get("/staff/case/not-an-id")).status == 404


async def test_case_page_marks_a_provisional_deadline(
        aiohttp_client: Any, make_settings: Callable[..., Settings]) -> None:
    client, _ = await _staff(aiohttp_client, make_settings())
    plain = await seed_review_case(client)
    provisional = await seed_review_case(client, "e" * 32, due_provisional=True)
    assert "暂定" not in await (await client.get(f"/staff/case/{plain}")).text()
    assert "暂定：节假日安排未公布" in await (await client.get(f"/staff/case/{provisional}")).text()


async def test_transcript_opens_at_the_first_substantive_message(
        aiohttp_client: Any, make_settings: Callable[..., Settings]) -> None:
    client, _ = await _staff(aiohttp_client, make_settings())
    now = datetime.now(TZ)

    def at(minutes: int) -> str:
        return (now - timedelta(minutes=30 - minutes)).isoformat()

    lines = [{"role": "citizen", "text": "你好", "time": at(0)},
             {"role": "bot", "text": "您好！这里是金湖县网上信访……隐私告知……", "time": at(0)},
             {"role": "citizen", "text": "同意", "time": at(1)},
             {"role": "bot", "text": "请说说发生了什么", "time": at(1)},
             {"role": "citizen", "text": "村口的桥塌了一半，孩子上学要绕路", "time": at(2)},
             {"role": "bot", "text": "在哪个镇？", "time": at(2)}]
    for case_id, consent in (("1" * 32, at(1)), ("2" * 32, None)):  # consent time known or not
        await seed_review_case(client, case_id, transcript=lines, consent_at=consent)
        html = await (await client.get(f"/staff/case/{case_id}")).text()
        folded, shown = html.split("</details>", 1)
        assert "开头的问候与隐私告知（4 条" in folded and "隐私告知……" in folded
        first = shown.split('<li class="msg', 2)[1]
        assert "村口的桥塌了一半" in first


async def test_find_a_case_by_its_number(aiohttp_client: Any,
                                         make_settings: Callable[..., Settings]) -> None:
    client, _ = await _staff(aiohttp_client, make_settings())
    case_id = await seed_review_case(client)
    rec = await client.app[appkeys.CASES].get(case_id)
    assert rec is not None
    resp = await client.get("/staff/find", params={"number": " " + rec.number.lower() + " "},
                            allow_redirects=False)
    assert resp.status == 303 and resp.headers["Location"] == f"/staff/case/{case_id}"
    for wrong in ("JH-20000101-0001", "<b>x</b>", ""):
        missing = await client.get("/staff/find", params={"number": wrong})
        assert missing.status == 404 and "没有找到编号" in await missing.text()
        assert "<b>x" not in await missing.text()


async def test_citizen_text_cannot_inject_markup(aiohttp_client: Any,
                                                 make_settings: Callable[..., Settings]) -> None:
    client, _ = await _staff(aiohttp_client, make_settings())
    evil = '<script>alert(1)</script><img src=x onerror="x">'
    case_id = await seed_review_case(client, description=evil, town=evil, transcript=[
        {"role": "citizen", "text": evil, "time": datetime.now(TZ).isoformat()}])
    for path in (f"/staff/case/{case_id}", "/staff/"):
        html = await (await client.get(path)).text()
        assert "<script>" not in html and "<img src=x" not in html
        assert "&lt;script&gt;" in html


async def test_send_on_with_staff_category(aiohttp_client: Any, redis: Any,
                                           make_settings: Callable[..., Settings]) -> None:
    client, token = await _staff(aiohttp_client, make_settings())
    case_id = await seed_review_case(client)
    resp = await client.post(f"/staff/case/{case_id}/send", data=_form(
        token, description="路灯坏了，晚上看不见", phone="139 0000 0000", nature="投诉举报"))
    assert resp.status == 200 and "已确认分类并转交案件系统" in await resp.text()
    delivered = await _delivered(client, case_id)
    rec = await client.app[appkeys.CASES].get(case_id)
    assert rec is not None and rec.status in ("queued", "delivered")
    body = rec.body
    assert delivered["category"] == body["category"] == {
                                "code": "urban_construction", "name": "城乡建设",
                                "departments": ["住建局", "城管局"], "confidence": 1.0,
                                "source": "staff"}
    assert body["nature"] == "投诉举报" and body["color"] == "red"
    assert body["description"] == "路灯坏了，晚上看不见"
    assert body["petitioner"] == {"name": "张三", "phone": "13900000000", "anonymous": False}
    assert not await redis.hexists(keys.STAFF_QUEUE, f"case:{case_id}")
    assert await _decisions(redis) == [{"text": "路灯坏了，晚上看不见\n尽快修好",
                                        "category": "urban_construction", "nature": "投诉举报"}]
    assert (await _audit(redis))[0] == {**(await _audit(redis))[0], "user": "li",
                                        "action": "send", "target": case_id}
    # A second click (or a colleague) cannot send it twice.
    again = await client.post(f"/staff/case/{case_id}/send", data=_form(token))
    assert "无需重复操作" in await again.text()
    await asyncio.sleep(0.2)
    lines = (client.app[appkeys.SETTINGS].data_dir / "cases.jsonl").read_text().splitlines()
    assert len(lines) == 1


@pytest.mark.parametrize("over, what", [
    ({"category": "nonsense"}, "内容分类"), ({"nature": "闲聊"}, "性质"),
    ({"description": " "}, "反映事项"), ({"town": "火星镇"}, "镇（街道）"),
    ({"phone": "call me"}, "联系电话"), ({"address": "x" * 5000}, "具体地址"),
])
async def test_bad_decision_input_changes_nothing(
        aiohttp_client: Any, redis: Any, make_settings: Callable[..., Settings],
        over: dict[str, str], what: str) -> None:
    client, token = await _staff(aiohttp_client, make_settings())
    case_id = await seed_review_case(client)
    before = await redis.hgetall(keys.case_record(case_id))
    resp = await client.post(f"/staff/case/{case_id}/send", data=_form(token, **over))
    assert resp.status == 400 and what in await resp.text()
    assert await redis.hgetall(keys.case_record(case_id)) == before
    assert await redis.hexists(keys.STAFF_QUEUE, f"case:{case_id}")
    assert await _decisions(redis) == []


async def test_close_as_not_a_petition(aiohttp_client: Any, redis: Any,
                                       make_settings: Callable[..., Settings]) -> None:
    client, token = await _staff(aiohttp_client, make_settings())
    case_id = await seed_review_case(client)
    resp = await client.post(f"/staff/case/{case_id}/close",
                             data={"_csrf": token, "reason": "test", "note": "测试消息"})
    assert "已作为非信访事项关闭" in await resp.text()
    rec = await client.app[appkeys.CASES].get(case_id)
    assert rec is not None and rec.status == "not_petition"
    assert rec.body["closed"]["reason"] == "test" and rec.body["closed"]["note"] == "测试消息"
    assert not await redis.hexists(keys.STAFF_QUEUE, f"case:{case_id}")
    await asyncio.sleep(0.2)
    assert not (client.app[appkeys.SETTINGS].data_dir / "cases.jsonl").exists()
    [decision] = await _decisions(redis)
    assert decision["category"] is None and decision["decision"] == "not_petition"
    assert decision["reason"] == "test" and decision["text"].startswith("小区门口")
    page = await (await client.get(f"/staff/case/{case_id}")).text()
    assert "已关闭（非信访事项）" in page and "/close" not in page
    other = await seed_review_case(client, "b" * 32)
    bad = await client.post(f"/staff/case/{other}/close", data={"_csrf": token,
                                                               "reason": "whatever"})
    assert bad.status == 400 and "关闭原因" in await bad.text()


async def test_staff_nature_change_recolours_and_tells_the_citizen_the_new_date(
        aiohttp_client: Any, redis: Any, make_settings: Callable[..., Settings]) -> None:
    """Staff's nature goes through the county's rule; a moved deadline is told on the channel."""
    client, token = await _staff(aiohttp_client, make_settings())
    conv = "web:" + "0" * 24  # where seed_review_case files its case
    await redis.set(keys.conversation_doc(conv), orjson.dumps(
        {"state": "submitted", "meta": {"channel": "web", "sender": "0" * 24, "cases": []}}),
        ex=3600)
    sender = RecordingSender()
    client.app[appkeys.SENDERS]["web"] = sender
    case_id = await seed_review_case(client)  # 求决, yellow, due in ten days
    resp = await client.post(f"/staff/case/{case_id}/send", data=_form(token, nature="咨询"))
    assert resp.status == 200
    rec = await client.app[appkeys.CASES].get(case_id)
    assert rec is not None and rec.body["color"] == "blue"
    due = datetime.fromisoformat(rec.body["due_at"])
    assert due - datetime.now(TZ) < timedelta(days=4)  # half a working day, not ten days
    told = [(m, r) for m, r in sender.sent if "期限调整" in r.text]  # not the outbox's 已转送
    [(meta, reply)] = told
    assert meta["channel"] == "web" and rec.number in reply.text
    assert "咨询" in reply.text and f"{due.month}月{due.day}日" in reply.text
    # Same nature again on another case whose date does not move: nothing is sent.
    other = await seed_review_case(client, "c" * 32, nature="咨询", color="blue",
                                   due_at=rec.body["due_at"])
    await client.post(f"/staff/case/{other}/send", data=_form(token, nature="咨询"))
    await _delivered(client, other)
    assert len([r for _, r in sender.sent if "期限调整" in r.text]) == 1


async def test_audit_log_shows_case_numbers_and_chinese_labels(
        aiohttp_client: Any, make_settings: Callable[..., Settings]) -> None:
    client, token = await _staff(aiohttp_client, make_settings(), role="admin")
    case_id = await seed_review_case(client)
    await client.post(f"/staff/case/{case_id}/send", data=_form(token, nature="投诉举报"))
    conv = await seed_handoff(client)
    await client.post(f"/staff/conv/{conv}/take", data={"_csrf": token})
    rec = await client.app[appkeys.CASES].get(case_id)
    assert rec is not None
    html = await (await client.get("/staff/audit")).text()
    table = html.split('class="audit"')[1]
    assert rec.number in table and "城乡建设 · 红色" in table and "网页对话" in table
    assert case_id[:12] not in table.replace(f"/staff/case/{case_id}", "")  # only in the link
    assert "urban_construction" not in table and conv not in table.replace(
        f"/staff/conv/{conv}", "")


# --- a conversation handed over to staff ---------------------------------------------------

async def test_create_case_from_a_handed_over_conversation(
        aiohttp_client: Any, redis: Any, make_settings: Callable[..., Settings]) -> None:
    client, token = await _staff(aiohttp_client, make_settings())
    conv = await seed_handoff(client)
    page = await (await client.get(f"/staff/conv/{conv}")).text()
    assert "单位拖欠工资三个月" in page and "我要找人工" in page
    resp = await client.post(f"/staff/conv/{conv}/create-case", data=_form(
        token, description="单位拖欠工资三个月", town="前锋镇", category="labour_security",
        nature="求决", name="李四", phone="13900000000", request="要回工资"))
    text = await resp.text()
    number = re.search(r"编号 (JH-\d{8}-\d{4})", text)
    assert number, text
    case_id = await client.app[appkeys.CASES].by_number(number.group(1))
    assert case_id
    delivered = await _delivered(client, case_id)
    rec = await client.app[appkeys.CASES].get(case_id)
    assert rec is not None and rec.status in ("queued", "delivered")
    assert rec.conversation_key == conv
    body = rec.body
    assert delivered["category"]["source"] == "staff"
    assert body["category"]["code"] == "labour_security"
    # 求决 in one department is 常规 under the county's rule: no colour
    assert body["category"]["source"] == "staff" and body["color"] is None
    assert body["petitioner"]["phone"] == "13900000000" and body["town"] == "前锋镇"
    assert body["via_handoff"] is True and body["transcript"][0]["text"] == "我要找人工"
    assert body["first_message_at"] and body["due_at"]
    assert not await redis.hexists(keys.STAFF_QUEUE, f"conv:{conv}")
    assert await redis.zcard(keys.STAFF_HANDOFF_LOG) == 1
    doc = await load_doc(client, conv)
    assert doc["meta"]["cases"] == [case_id] and doc["meta"]["draft"] != "d" * 32
    assert (await _decisions(redis))[0]["category"] == "labour_security"
    assert (await _audit(redis))[0]["action"] == "create_case"


async def test_a_case_created_by_staff_goes_the_pipelines_way(
        aiohttp_client: Any, redis: Any, make_settings: Callable[..., Settings]) -> None:
    """One submission path (bot/submission.py): the conversation's case list stays capped and
    the submitted-cases metric counts staff's case too."""
    client, token = await _staff(aiohttp_client, make_settings())
    conv = await seed_handoff(client)
    doc = await load_doc(client, conv)
    older = [f"case-{i}" for i in range(MAX_CASE_BRIEFS)]
    doc["meta"]["cases"] = older
    await redis.set(keys.conversation_doc(conv), orjson.dumps(doc), ex=3600)
    before = metrics.CASES.value("web", "queued")
    resp = await client.post(f"/staff/conv/{conv}/create-case", data=_form(
        token, description="单位拖欠工资三个月", town="前锋镇", category="labour_security",
        nature="求决", name="李四", phone="13900000000", request="要回工资"))
    number = re.search(r"编号 (JH-\d{8}-\d{4})", await resp.text())
    assert number
    case_id = await client.app[appkeys.CASES].by_number(number.group(1))
    cases = (await load_doc(client, conv))["meta"]["cases"]
    assert cases == [case_id, *older[: MAX_CASE_BRIEFS - 1]]
    assert metrics.CASES.value("web", "queued") == before + 1


async def test_without_a_proposal_staff_must_choose(
        aiohttp_client: Any, make_settings: Callable[..., Settings]) -> None:
    client, token = await _staff(aiohttp_client, make_settings())
    conv = await seed_handoff(client, data={})
    page = await (await client.get(f"/staff/conv/{conv}")).text()
    assert page.count('<option value="" selected>请选择</option>') == 2
    assert "群众要求人工" in page and "网页" in page  # why and where it came from
    resp = await client.post(f"/staff/conv/{conv}/create-case",
                             data=_form(token, category="", nature=""))
    assert resp.status == 400 and "内容分类" in await resp.text()


async def test_take_over_keeps_the_bot_silent_and_shows_citizen_words(
        aiohttp_client: Any, redis: Any, make_settings: Callable[..., Settings]) -> None:
    client, token = await _staff(aiohttp_client, make_settings())
    session = await client.post("/web/session")
    web_token = (await session.json())["token"]
    h = {"Authorization": f"Bearer {web_token}"}
    await client.post("/web/messages", json={"text": "human"}, headers=h)
    [raw] = (await redis.hgetall(keys.STAFF_QUEUE)).values()
    conv = orjson.loads(raw)["conversation_key"]
    waiting = await (await client.get(f"/staff/conv/{conv}")).text()
    assert 'class="status s-waiting">等待人工' in waiting  # the status line tells the truth
    resp = await client.post(f"/staff/conv/{conv}/take", data={"_csrf": token})
    assert "您已接管该对话" in await resp.text()
    assert (await load_doc(client, conv))["meta"]["owner"] == "li"
    reply = await (await client.post("/web/messages", json={"text": "还有人吗"},
                                     headers=h)).json()
    assert reply["replies"] == []  # the bot stays silent
    page = await (await client.get(f"/staff/conv/{conv}")).text()
    assert "还有人吗" in page and "由您（li）接管" in page and "机器人对话中" not in page
    # The transcript is above the reply box, and the new line is its last line.
    assert page.index("还有人吗") < page.index('class="reply"')
    assert (await _audit(redis))[0]["action"] == "take"
    await client.post(f"/staff/conv/{conv}/hand-back", data={"_csrf": token})
    back = await (await client.get(f"/staff/conv/{conv}")).text()
    assert 'class="status s-bot">机器人对话中' in back


async def test_reply_goes_through_the_channel_and_into_the_transcript(
        aiohttp_client: Any, redis: Any, make_settings: Callable[..., Settings]) -> None:
    client, token = await _staff(aiohttp_client, make_settings())
    sender = RecordingSender()
    client.app[appkeys.SENDERS]["web"] = sender
    conv = await seed_handoff(client)
    resp = await client.post(f"/staff/conv/{conv}/reply",
                             data={"_csrf": token, "text": "您好，我是信访局小李。"})
    assert "回复已发送给群众" in await resp.text()
    [(meta, message)] = sender.sent
    assert meta["sender"] == "citizen-1" and message.text == "您好，我是信访局小李。"
    doc = await load_doc(client, conv)
    assert doc["meta"]["owner"] == "li"  # replying takes the conversation over
    assert doc["transcript"][-1]["role"] == "staff"
    assert doc["transcript"][-1]["text"] == "您好，我是信访局小李。"
    audit = await _audit(redis)
    assert audit[0]["action"] == "reply" and "小李" not in orjson.dumps(audit).decode()
    assert await redis.keys("*:seen:*") == []  # staff changes leave no retry markers behind


async def test_reply_where_the_platform_refuses_or_cannot(
        aiohttp_client: Any, make_settings: Callable[..., Settings]) -> None:
    client, token = await _staff(aiohttp_client, make_settings())
    conv = await seed_handoff(client)
    del client.app[appkeys.SENDERS]["web"]  # as for a channel that cannot push at all
    page = await (await client.get(f"/staff/conv/{conv}")).text()
    assert "该渠道不支持工作人员主动发送消息" in page
    resp = await client.post(f"/staff/conv/{conv}/reply", data={"_csrf": token, "text": "在吗"})
    assert "该渠道不支持工作人员主动回复" in await resp.text()
    client.app[appkeys.SENDERS]["web"] = RecordingSender(allow=False)
    resp = await client.post(f"/staff/conv/{conv}/reply", data={"_csrf": token, "text": "在吗"})
    assert "该平台当前不允许主动发送消息" in await resp.text()
    doc = await load_doc(client, conv)
    assert [e["role"] for e in doc["transcript"]] == ["citizen"]  # nothing pretends it was sent
    empty = await client.post(f"/staff/conv/{conv}/reply", data={"_csrf": token, "text": " "})
    assert empty.status == 400


async def test_hand_back_to_the_dialog(aiohttp_client: Any, redis: Any,
                                       make_settings: Callable[..., Settings]) -> None:
    settings = make_settings()
    client, token = await _staff(aiohttp_client, settings, dialog=load_dialog(settings))
    sender = RecordingSender()
    client.app[appkeys.SENDERS]["web"] = sender
    conv = await seed_handoff(client, data={"description": "路灯坏了"}, owner="li")
    doc = await load_doc(client, conv)
    doc["consent_at"] = datetime.now(TZ).isoformat()
    await redis.set(keys.conversation_doc(conv), orjson.dumps(doc), ex=3600)
    resp = await client.post(f"/staff/conv/{conv}/hand-back", data={"_csrf": token})
    assert "已交还机器人" in await resp.text()
    doc = await load_doc(client, conv)
    assert doc["meta"]["owner"] is None and doc["state"] == "ask_town"
    assert doc["meta"]["sender"] == "citizen-1"
    [(_, said)] = sender.sent  # the dialog picks up where it stopped
    assert "哪个镇" in said.text
    assert (await _audit(redis))[0]["action"] == "hand_back"


async def test_a_colleague_cannot_take_an_owned_conversation_but_an_admin_can_release_it(
        aiohttp_client: Any, make_settings: Callable[..., Settings]) -> None:
    client, token = await _staff(aiohttp_client, make_settings())
    conv = await seed_handoff(client, owner="zhao")
    page = await (await client.get(f"/staff/conv/{conv}")).text()
    assert "由 zhao 接管" in page and "由您" not in page
    for action in ("take", "hand-back"):
        resp = await client.post(f"/staff/conv/{conv}/{action}", data={"_csrf": token})
        assert "该对话由 zhao 接管中" in await resp.text()
    client.app[appkeys.SENDERS]["web"] = RecordingSender()
    resp = await client.post(f"/staff/conv/{conv}/reply", data={"_csrf": token, "text": "hi"})
    assert "该对话由 zhao 接管中" in await resp.text()
    assert (await load_doc(client, conv))["meta"]["owner"] == "zhao"
    await add_user(client, "boss", "admin")
    admin_token = await login(client, "boss")
    await client.post(f"/staff/conv/{conv}/hand-back", data={"_csrf": admin_token})
    assert (await load_doc(client, conv))["meta"]["owner"] is None


async def test_close_a_handoff_without_a_case(aiohttp_client: Any, redis: Any,
                                              make_settings: Callable[..., Settings]) -> None:
    client, token = await _staff(aiohttp_client, make_settings())
    conv = await seed_handoff(client, owner="li")
    resp = await client.post(f"/staff/conv/{conv}/close", data={"_csrf": token})
    assert "已结束该人工对话事项" in await resp.text()
    assert not await redis.hexists(keys.STAFF_QUEUE, f"conv:{conv}")
    assert (await load_doc(client, conv))["meta"]["owner"] is None
    assert await redis.zcard(keys.STAFF_HANDOFF_LOG) == 1


async def test_busy_conversation_is_not_changed(aiohttp_client: Any, redis: Any,
                                                make_settings: Callable[..., Settings]) -> None:
    settings = make_settings(PETITION_DIALOG_LOCK_TIMEOUT_MS="50")
    client, token = await _staff(aiohttp_client, settings)
    conv = await seed_handoff(client)
    await redis.set(keys.conversation_lock(conv), "a citizen's turn", px=5000)
    resp = await client.post(f"/staff/conv/{conv}/take", data={"_csrf": token})
    assert "对话正忙" in await resp.text()
    assert (await load_doc(client, conv))["meta"]["owner"] is None


# --- dead letters --------------------------------------------------------------------------

class Receiver:
    """The county case system on loopback: answers `status`, records what it received."""

    def __init__(self, accept: Callable[[dict[str, Any]], bool] = lambda body: True) -> None:
        self.status = 400
        self.accept = accept
        self.bodies: list[dict[str, Any]] = []

    async def handle(self, request: web.Request) -> web.Response:
        body = await request.json()
        if self.status < 300 and self.accept(body):
            self.bodies.append(body)
            return web.json_response({"case_number": "KS-1"}, status=self.status)
        return web.json_response({"error": "missing field"},
                                 status=self.status if self.status >= 300 else 400)


async def test_dead_letter_shows_its_reason_and_is_resent(
        aiohttp_client: Any, aiohttp_server: Any, redis: Any,
        make_settings: Callable[..., Settings]) -> None:
    receiver = Receiver()
    app = web.Application()
    app.router.add_post("/intake", receiver.handle)
    server = await aiohttp_server(app)
    settings = make_settings(PETITION_CASE_WEBHOOK_URL=str(server.make_url("/intake")),
                             PETITION_CASE_WEBHOOK_SECRET="s3cret")
    client, token = await _staff(aiohttp_client, settings, role="admin")
    case_id = "e" * 32
    await client.app[appkeys.CASES].submit(case_body(case_id), conversation_key="web:" + "0" * 24,
                                           needs_review=False, submitted_at=datetime.now(TZ))
    for _ in range(800):  # the worker posts, gets a 400, and dead-letters it
        dead = await outbox.list_dead_letters(redis)
        if dead:
            break
        await asyncio.sleep(0.025)
    [item] = dead
    queue = await (await client.get("/staff/")).text()
    assert "投递失败" in queue and f"/staff/case/{case_id}" in queue
    page = await (await client.get("/staff/dead")).text()
    assert "JH-" in page and "400" in page and "重新投递" in page
    receiver.status = 200  # the case system was fixed
    resp = await client.post(f"/staff/dead/{item['id']}/resend", data={"_csrf": token})
    assert "已重新放入投递队列" in await resp.text()
    for _ in range(800):
        if receiver.bodies:
            break
        await asyncio.sleep(0.025)
    assert [b["case_id"] for b in receiver.bodies] == [case_id]
    assert await outbox.list_dead_letters(redis) == []
    assert (await _audit(redis))[0]["action"] == "resend"
    again = await client.post(f"/staff/dead/{item['id']}/resend", data={"_csrf": token})
    assert "重新投递失败" in await again.text()


async def _dead_case(aiohttp_client: Any, aiohttp_server: Any, redis: Any, settings_for: Any,
                     receiver: Receiver, role: str) -> tuple[Any, str, str]:
    app = web.Application()
    app.router.add_post("/intake", receiver.handle)
    server = await aiohttp_server(app)
    settings = settings_for(PETITION_CASE_WEBHOOK_URL=str(server.make_url("/intake")),
                            PETITION_CASE_WEBHOOK_SECRET="s3cret")
    client, token = await _staff(aiohttp_client, settings, role=role)
    case_id = "e" * 32
    await client.app[appkeys.CASES].submit(case_body(case_id, address=""),
                                           conversation_key="web:" + "0" * 24,
                                           needs_review=False, submitted_at=datetime.now(TZ))
    for _ in range(800):
        if await outbox.list_dead_letters(redis):
            return client, token, case_id
        await asyncio.sleep(0.025)
    raise AssertionError("not dead-lettered")


async def test_admin_fixes_a_refused_case_and_resends_it(
        aiohttp_client: Any, aiohttp_server: Any, redis: Any,
        make_settings: Callable[..., Settings]) -> None:
    receiver = Receiver(accept=lambda body: bool(body.get("address")))
    receiver.status = 200  # it answers 400 for a case without an address
    client, token, case_id = await _dead_case(aiohttp_client, aiohttp_server, redis,
                                              make_settings, receiver, "admin")
    page = await (await client.get(f"/staff/case/{case_id}")).text()
    assert "案件系统未接收此案件" in page and "400" in page and "投递失败" in page
    assert f"/staff/case/{case_id}/resend" in page
    bad = await client.post(f"/staff/case/{case_id}/resend",
                            data=_form(token, category="other", nature="求决", phone="x"))
    assert bad.status == 400
    resp = await client.post(f"/staff/case/{case_id}/resend",
                             data=_form(token, category="other", nature="求决",
                                        address="幸福路2号"))
    assert "已重新放入投递队列" in await resp.text()
    for _ in range(800):
        if receiver.bodies:
            break
        await asyncio.sleep(0.025)
    [body] = receiver.bodies
    assert body["case_id"] == case_id and body["address"] == "幸福路2号"
    assert body["category"]["source"] == "model"  # only a field was corrected
    assert (await _audit(redis))[0]["action"] == "fix_resend"
    again = await client.post(f"/staff/case/{case_id}/resend", data=_form(token))
    assert "无需重复操作" in await again.text()


async def test_reviewer_sees_why_a_case_was_refused_but_cannot_resend(
        aiohttp_client: Any, aiohttp_server: Any, redis: Any,
        make_settings: Callable[..., Settings]) -> None:
    client, token, case_id = await _dead_case(aiohttp_client, aiohttp_server, redis,
                                              make_settings, Receiver(), "reviewer")
    page = await (await client.get(f"/staff/case/{case_id}")).text()
    assert "案件系统未接收此案件" in page and "请管理员修正后重新投递" in page
    assert f"/staff/case/{case_id}/resend" not in page
    resp = await client.post(f"/staff/case/{case_id}/resend", data=_form(token))
    assert resp.status == 403
    assert len(await outbox.list_dead_letters(redis)) == 1


async def test_dead_letter_page_is_for_admins(aiohttp_client: Any,
                                              make_settings: Callable[..., Settings]) -> None:
    client, _ = await _staff(aiohttp_client, make_settings(), role="admin")
    resp = await client.get("/staff/dead")
    assert resp.status == 200 and "投递失败" in await resp.text()


def test_time_left_is_counted_from_now() -> None:
    from bot.console.queue import Row

    now = time.time()
    row = Row("x", "review", "", "web", "", "", None, "", now - 100, now + 10, "/")
    assert row.urgency(now, 0.25) == "near"
    assert row.urgency(now + 11, 0.25) == "overdue"
    assert row.urgency(now - 95, 0.25) == "ok"
    assert Row("y", "review", "", "", "", "", None, "", now, None, "/").urgency(now, .25) == \
        "nodue"
