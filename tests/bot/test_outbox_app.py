"""The outbox as `serve` runs it: wired by create_app, fed by the pipeline, across restarts."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson
import pytest
from redis.asyncio import Redis

from bot import appkeys, keys
from bot.app import create_app
from bot.messages import InboundMessage
from bot.settings import Settings
from tests.bot.casesystem import SECRET, CaseSystem, RecordingSender, fast_config
from tests.bot.test_outbox import wait_for
from tests.fakes import CountingDialog, FakeClassifier


async def _say(app: Any, text: str, i: int) -> Any:
    return await app[appkeys.PIPELINE](InboundMessage(
        channel="web", sender="citizen-1", message_id=f"m{i}", text=text,
        received_at=time.time()))


async def _case_ids(redis: Redis) -> list[str]:
    return [k.decode().rsplit(":", 1)[1] for k in await redis.keys(keys.case_record("*"))]


async def test_submitted_while_the_case_system_is_down_delivered_after_restart(
        aiohttp_client: Any, aiohttp_server: Any, make_settings: Callable[..., Settings],
        tmp_path: Path, redis: Redis) -> None:
    config = str(fast_config(tmp_path / "config"))
    down = make_settings(PETITION_CONFIG_DIR=config, PETITION_CASE_WEBHOOK_SECRET=SECRET,
                         PETITION_CASE_WEBHOOK_URL="http://127.0.0.1:9/intake")
    client = await aiohttp_client(create_app(down, dialog=CountingDialog(),
                                             classifier=FakeClassifier()))
    app = client.server.app
    result = await _say(app, "submit", 1)
    assert result.replies[0].text.startswith("已受理，编号JH-")
    [cid] = await _case_ids(redis)

    async def retrying() -> bool:
        return await redis.hget(keys.case_record(cid), "delivery") == b"retrying"

    await wait_for(retrying)
    await client.close()  # the bot stops with the case undelivered

    system = CaseSystem()
    server = await aiohttp_server(system.app(), host="127.0.0.1")
    up = make_settings(PETITION_CONFIG_DIR=config, PETITION_CASE_WEBHOOK_SECRET=SECRET,
                       PETITION_CASE_WEBHOOK_URL=str(server.make_url("/intake")))
    app2 = create_app(up, dialog=CountingDialog(), classifier=FakeClassifier())
    web = RecordingSender()
    app2[appkeys.SENDERS]["web"] = web
    client2 = await aiohttp_client(app2)

    async def delivered() -> bool:
        return await redis.hget(keys.case_record(cid), "status") == b"delivered"

    await wait_for(delivered)
    assert system.keys() == [cid] and system.received[0].signature_ok
    body = system.received[0].json
    assert body["case_id"] == cid and body["channel"] == "web"
    assert body["reference"] == result.replies[0].text.removeprefix("已受理，编号")
    number = body["reference"]
    await wait_for(lambda: _told(web))
    assert number in web.texts()[0]
    metrics_text = await (await client2.get("/metrics")).text()
    assert 'petition_outbox_delivered_total{kind="case"}' in metrics_text
    assert "petition_outbox_delivery_seconds_count" in metrics_text


async def _told(sender: RecordingSender) -> bool:
    return bool(sender.sent)


async def test_without_a_webhook_url_cases_and_ratings_go_to_files(
        aiohttp_client: Any, make_settings: Callable[..., Settings], tmp_path: Path,
        redis: Redis) -> None:
    settings = make_settings(PETITION_CONFIG_DIR=str(fast_config(tmp_path / "config")))
    client = await aiohttp_client(create_app(settings, dialog=CountingDialog(),
                                             classifier=FakeClassifier()))
    app = client.server.app
    await _say(app, "submit", 1)
    [cid] = await _case_ids(redis)
    cases_file = settings.data_dir / "cases.jsonl"

    async def written() -> bool:
        return cases_file.exists() and await redis.hget(
            keys.case_record(cid), "status") == b"delivered"

    await wait_for(written)
    [line] = cases_file.read_bytes().splitlines()
    case = orjson.loads(line)
    assert case["case_id"] == cid and case["petitioner"]["phone"] == "13800000000"
    await app[appkeys.PIPELINE].ratings.send_rating({"case_id": cid, "rating": 3,
                                                     "comment": ""})
    ratings_file = settings.data_dir / "ratings.jsonl"

    async def rated() -> bool:
        return ratings_file.exists() and bool(ratings_file.read_bytes())

    await wait_for(rated)
    assert orjson.loads(ratings_file.read_bytes())["rating"] == 3
    assert len(cases_file.read_bytes().splitlines()) == 1


def test_petition_bot_outbox_lists_and_resends_dead_letters(
        tmp_path: Path, redis_url: str, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    import redis as sync_redis

    from bot.cli import main

    r = sync_redis.Redis.from_url(redis_url)
    cid = "c" * 32
    r.hset(keys.case_record(cid), mapping={"number": "JH-20261124-0001", "status": "queued",
                                            "body": "{}", "conv": "web:x", "created": "1"})
    r.hset(keys.OUTBOX_DEAD, f"case:{cid}", orjson.dumps({
        "case_id": cid, "kind": "case", "reason": "HTTP 422: bad town", "attempts": 1,
        "failed_at": time.time(), "number": "JH-20261124-0001"}))
    monkeypatch.setenv("PETITION_REDIS_URL", redis_url)
    monkeypatch.setenv("PETITION_DATA_DIR", str(tmp_path / "data"))

    def run(*args: str) -> tuple[int, str, str]:
        code = main(["outbox", *args])
        out = capsys.readouterr()
        return code, out.out, out.err

    code, out, _ = run("list")
    assert code == 0 and f"case:{cid}" in out and "HTTP 422: bad town" in out
    code, out, _ = run("list", "--json")
    assert [d["id"] for d in orjson.loads(out)["dead_letters"]] == [f"case:{cid}"]
    code, _, err = run("resend", "case:nothing")
    assert code == 1 and "no dead letter case:nothing" in err
    code, out, _ = run("resend", f"case:{cid}")
    assert code == 0 and f"re-queued case:{cid}" in out
    assert r.hlen(keys.OUTBOX_DEAD) == 0
    [(_, fields)] = r.xrange(keys.OUTBOX_STREAM)
    assert fields[b"case_id"] == cid.encode() and fields[b"kind"] == b"case"
    code, out, _ = run()
    assert code == 0 and "dead letters: 0" in out and "waiting in stream: 1" in out
    assert run("resend")[0] == 2  # nothing named: a usage error, nothing done
    r.close()


def test_a_broken_webhook_or_notification_config_stops_the_start_naming_the_file(
        make_settings: Callable[..., Settings], tmp_path: Path) -> None:
    from bot.settings import SettingsError

    config = fast_config(tmp_path / "config")
    webhook = config / "webhook.toml"
    webhook.write_text(webhook.read_text(encoding="utf-8").replace(
        "[case]\nrename = {}", "[case]\nrename = { \"a..b\" = \"c\" }"), encoding="utf-8")
    settings = make_settings(PETITION_CONFIG_DIR=str(config))
    with pytest.raises(SettingsError, match="webhook.toml"):
        create_app(settings, dialog=CountingDialog(), classifier=FakeClassifier())
    fast_config(tmp_path / "config2")
    (tmp_path / "config2" / "notifications.toml").write_text("[delivered\n", encoding="utf-8")
    settings = make_settings(PETITION_CONFIG_DIR=str(tmp_path / "config2"))
    with pytest.raises(SettingsError, match="notifications.toml"):
        create_app(settings, dialog=CountingDialog(), classifier=FakeClassifier())
