"""The legal path before filing, end to end: the real dialog and the real classifier behind the
web channel, a held-out court matter (not in config/nlp/examples), the console after it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import orjson
import pytest
from aiohttp.test_utils import TestClient

from bot import appkeys, keys
from bot.app import create_app
from bot.settings import Settings
from tests.bot.test_console_helpers import add_user, login

COURT = ["你好", "同意",
         "我和邻居因为宅基地打官司，法院判决生效一年了，他就是拒不履行，执行法官也找不到人",
         "塔集镇", "塔集街12号", "王红", "13700001111", "希望尽快执行判决"]


@pytest.fixture(scope="module")
def real_classifier() -> Any:
    from bot.settings import CONFIG_DIR
    from nlp.classifier import Classifier

    return Classifier.load(CONFIG_DIR)


@pytest.fixture
async def client(aiohttp_client: Any, make_settings: Callable[..., Settings],
                 real_classifier: Any) -> TestClient:
    return await aiohttp_client(create_app(make_settings(), classifier=real_classifier))


async def _talk(client: TestClient, texts: list[str]) -> tuple[dict[str, str], list[str]]:
    token = (await (await client.post("/web/session")).json())["token"]
    h = {"Authorization": f"Bearer {token}"}
    said = []
    for text in texts:
        resp = await client.post("/web/messages", json={"text": text}, headers=h)
        assert resp.status == 200
        said.append("\n".join(r["text"] for r in (await resp.json())["replies"]))
    return h, said


async def test_court_matter_is_told_its_path_before_the_summary(client: TestClient,
                                                                redis: Any) -> None:
    h, said = await _talk(client, COURT)
    before = said[-1]
    assert "执行" in before and "金湖县人民法院" in before and "律师调解室" in before
    assert before.index("律师调解室") < before.index("请核对")  # the path, then the summary
    resp = await client.post("/web/messages", json={"text": "确认提交"}, headers=h)
    assert "已提交" in (await resp.json())["replies"][0]["text"]
    # The one case, by the number index written at submission (the outbox stream entry may
    # already be delivered and deleted by the worker running in the app).
    [case_id] = (await redis.hgetall(keys.CASE_NUMBER_INDEX)).values()
    record = await redis.hgetall(keys.case_record(case_id.decode()))
    body = orjson.loads(record[b"body"])
    assert body["color"] == "orange" and body["nature"] == "涉法涉诉"
    assert body["legal_path"]["path"] == "执行" and body["legal_choice"] == "register"


async def test_lawyer_room_request_becomes_a_case_for_staff(client: TestClient,
                                                            redis: Any) -> None:
    h, _ = await _talk(client, COURT)
    resp = await client.post("/web/messages", json={"text": "预约律师"}, headers=h)
    told = (await resp.json())["replies"][0]["text"]
    assert "已为您预约律师调解室" in told and "JH-" in told
    [raw] = (await redis.hgetall(keys.STAFF_QUEUE)).values()
    item = orjson.loads(raw)
    assert item["reason"] == "lawyer_appointment"
    rec = await client.app[appkeys.CASES].get(item["case_id"])
    assert rec is not None and rec.status == "review" and rec.body["legal_choice"] == "lawyer"
    await add_user(client, "li")
    await login(client, "li")
    queue = await (await client.get("/staff/")).text()
    assert "预约律师调解室" in queue and rec.number in queue
    page = await (await client.get(f"/staff/case/{rec.case_id}")).text()
    assert "预约律师调解室，请联系群众约定时间" in page
