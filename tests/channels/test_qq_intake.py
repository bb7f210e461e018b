"""A whole petition intake over QQ with the real dialog (dialogs/engine.py): every message is
acknowledged with op 12 and answered through the QQ API; the citizen is left with the case
number and the 查询 command, since QQ cannot push case updates."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from aiohttp.test_utils import TestServer

from bot import appkeys, keys
from bot.app import create_app, load_dialog
from bot.settings import Settings
from tests.channels.test_qq import (
    OPENID,
    QQPlatform,
    _message,
    _post,
    _settings,
    _settle,
    platform,  # noqa: F401  (fixture)
)
from tests.fakes import FakeClassifier

INTAKE = ["你好", "1", "我家门口的路灯坏了一个月了，晚上很黑，老人走路摔倒了", "金南镇",
          "金南镇建设村3组", "张三", "13812345678", "希望尽快修好路灯", "1"]


async def test_a_whole_intake_over_qq(aiohttp_client: Any,
                                      make_settings: Callable[..., Settings],
                                      platform: tuple[QQPlatform, TestServer]) -> None:  # noqa: F811
    qq, server = platform
    settings = _settings(make_settings, server)
    client = await aiohttp_client(create_app(settings, dialog=load_dialog(settings),
                                             classifier=FakeClassifier()))
    for i, text in enumerate(INTAKE):
        resp = await _post(client, _message(text, msg_id=f"intake-{i}"))
        assert await resp.json() == {"op": 12}
        await _settle(client)
        assert qq.sent and qq.sent[-1]["body"]["msg_id"] == f"intake-{i}", f"no answer to {text}"
    assert all(s["path"] == f"/v2/users/{OPENID}/messages" for s in qq.sent)
    assert "1. 同意\n2. 不同意" in qq.sent[0]["body"]["content"]
    redis = client.app[appkeys.REDIS]
    # The one case, by the number index written at submission (the outbox stream entry may
    # already be delivered and deleted by the worker running in the app).
    [(number_b, _)] = (await redis.hgetall(keys.CASE_NUMBER_INDEX)).items()
    number = number_b.decode()
    final = qq.sent[-1]["body"]["content"]
    assert number in final and "查询" in final
    assert qq.tokens_issued == 1
