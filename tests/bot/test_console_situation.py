"""形势网上判: aggregates over real case records in Redis, the SVG charts, the CSV export; and the
`petition-bot staff add` command run as a real process."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import datetime
from typing import Any

import orjson
import pytest

from bot import appkeys, keys, situation_counts
from bot.console.situation import gather
from bot.settings import Settings
from tests.bot.test_console_helpers import (
    PASSWORD,
    TZ,
    add_user,
    case_body,
    console_client,
    login,
    seed_handoff,
)


async def _record(redis: Any, case_id: str, created: float, status: str = "delivered",
                  delivered_after: float | None = None, rating: int | None = None,
                  **body: Any) -> None:
    """A case record as the pipeline and the outbox leave it."""
    first = created - 600
    fields: dict[str, Any] = {
        "body": orjson.dumps(case_body(case_id, first_message_at=datetime.fromtimestamp(
            first, TZ).isoformat(), **body)),
        "number": f"JH-1-{case_id[:4]}", "status": status, "conv": "web:" + "0" * 24,
        "created": created}
    if delivered_after is not None:
        fields["delivered_at"] = first + delivered_after
    if rating is not None:
        fields["rating"] = rating
    await redis.hset(keys.case_record(case_id), mapping=fields)
    await situation_counts.recount(redis, case_id, TZ)


def _cat(code: str, name: str, source: str = "model") -> dict[str, Any]:
    return {"code": code, "name": name, "departments": [], "confidence": 0.9, "source": source}


async def _seed(redis: Any) -> float:
    now = time.time()
    day = 86400
    await _record(redis, "1" * 32, now - 1 * day, delivered_after=600, rating=5, channel="wechat",
                  category=_cat("labour_security", "劳动保障"), town="金南镇", color="yellow")
    await _record(redis, "2" * 32, now - 2 * day, delivered_after=1800, rating=3, channel="web",
                  category=_cat("labour_security", "劳动保障", "staff"), town="金南镇",
                  color="red", via_handoff=True)
    await _record(redis, "3" * 32, now - 2 * day, delivered_after=3600, channel="sms",
                  category=_cat("environment", "生态环境"), town="前锋镇", color="blue")
    await _record(redis, "4" * 32, now - 3 * day, status="review", channel="web",
                  category=_cat("other", "其他"), town="塔集镇", color="yellow")
    await _record(redis, "5" * 32, now - 3 * day, status="not_petition")
    await _record(redis, "6" * 32, now - 40 * day, delivered_after=60, rating=1)  # outside 30 d
    await redis.zadd(keys.STAFF_HANDOFF_LOG, {"web:x@1": now - 2 * day, "web:y@1": now - 50 * day})
    return now


async def test_gather_counts_the_period(redis: Any, aiohttp_client: Any,
                                        make_settings: Callable[..., Settings]) -> None:
    client = await console_client(aiohttp_client, make_settings())
    now = await _seed(redis)
    await seed_handoff(client, "c-open")  # an open hand-over counts too
    sit = await gather(client.app[appkeys.STAFF], 30, now)
    assert sit.total == 4 and sit.closed == 1
    assert sit.by_channel == {"wechat": 1, "web": 2, "sms": 1}
    assert sit.by_category == {"劳动保障": 2, "生态环境": 1, "其他": 1}
    assert sit.by_town == {"金南镇": 2, "前锋镇": 1, "塔集镇": 1}
    assert sit.by_color == {"yellow": 2, "red": 1, "blue": 1}
    assert sum(sit.by_day.values()) == 4 and len(sit.by_day) == 31
    # sent on: 3 (one in review); by the model alone: 2
    assert sit.sent == 3 and sit.auto_rate == 2 / 3
    # hand-overs: one logged in the period + one open = 2; bot's own cases: 3
    assert sit.handoffs == 2 and sit.handoff_rate == 2 / 5
    assert sit.median_delivery == pytest.approx(1800, abs=1)
    assert sit.ratings == {5: 1, 3: 1} and sit.rating_mean == 4.0
    # every open case with a due date is watched (在办), whatever the period, including the
    # one awaiting review
    assert sorted(w.case_id[0] for w in sit.watched) == ["1", "2", "3", "4", "6"]
    longer = await gather(client.app[appkeys.STAFF], 90, now)
    assert longer.total == 5 and longer.ratings[1] == 1 and longer.handoffs == 3


async def test_situation_page_draws_svg_charts(redis: Any, aiohttp_client: Any,
                                               make_settings: Callable[..., Settings]) -> None:
    client = await console_client(aiohttp_client, make_settings())
    await add_user(client, "li")
    await login(client, "li")
    now = await _seed(redis)
    overdue = datetime.fromtimestamp(now - 7200, TZ).isoformat()
    await _record(redis, "7" * 32, now - 20 * 86400, status="in_progress", due_at=overdue,
                  category=_cat("transport", "交通运输"), color="orange")
    html = await (await client.get("/staff/situation?days=30")).text()
    assert "在办 6 件，其中已超期 1 件" in html  # the case awaiting review counts
    watch = html.split('class="watch"')[1]
    assert watch.index("交通运输") < watch.index("劳动保障")  # overdue first
    assert "已超期 2小时" in watch and f"/staff/case/{'7' * 32}" in watch
    assert html.count("<svg") == 6
    for words in ("每日案件数", "按渠道", "按内容分类", "按镇（街道）", "按预警颜色", "满意度评分分布",
                  "75.0%", "20.0%", "30分钟", "4.00 分（2 人评价）"):
        assert words in html, words
    assert "<title>劳动保障: 2</title>" in html and "<title>微信公众号: 1</title>" in html
    assert 'fill="#d23131"' in html  # the red bar in the colour chart
    assert "张三" not in html and "13800000000" not in html
    empty = await (await client.get("/staff/situation?days=7&x=<b>")).text()
    assert "<b>" not in empty
    assert (await client.get("/staff/situation?days=abc")).status == 200


async def test_csv_export_has_aggregates_only(redis: Any, aiohttp_client: Any,
                                              make_settings: Callable[..., Settings]) -> None:
    client = await console_client(aiohttp_client, make_settings())
    await add_user(client, "li")
    await login(client, "li")
    await _seed(redis)
    resp = await client.get("/staff/situation.csv?days=30")
    assert resp.status == 200 and resp.content_type == "text/csv"
    assert "attachment" in resp.headers["Content-Disposition"]
    raw = await resp.read()
    assert raw.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0] == ["维度", "项目", "数值"]
    table = {(r[0], r[1]): r[2] for r in rows[1:]}
    assert table[("指标", "案件总数")] == "4"
    assert table[("按内容分类", "劳动保障")] == "2"
    assert table[("按渠道", "短信")] == "1"
    assert table[("满意度评分分布", "5分")] == "1"
    assert table[("指标", "自动分类率")] == "66.7%"
    assert "13800000000" not in raw.decode() and "张三" not in raw.decode()
    audit = [orjson.loads(e) for e in await redis.lrange(keys.STAFF_AUDIT, 0, -1)]
    assert audit[0]["action"] == "export"


# --- petition-bot staff add ----------------------------------------------------------------

def _cli(args: list[str], stdin: str, env: dict[str, str],
         action: str = "add") -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "bot.cli", "staff", action, *args], input=stdin,
                          check=False, capture_output=True, text=True, timeout=60,
                          env={**os.environ, **env})


async def test_staff_add_reads_the_password_from_stdin(
        redis: Any, redis_url: str, aiohttp_client: Any, tmp_path: Any,
        make_settings: Callable[..., Settings]) -> None:
    env = {"PETITION_REDIS_URL": redis_url, "PETITION_DATA_DIR": str(tmp_path)}
    done = _cli(["zhou", "--role", "admin"], PASSWORD + "\nnext line ignored\n", env)
    assert done.returncode == 0, done.stderr
    assert "已创建工作人员账号 zhou（管理员）" in done.stdout and PASSWORD not in done.stdout
    record = orjson.loads(await redis.hget(keys.STAFF_USERS, "zhou"))
    assert record["role"] == "admin" and record["hash"].startswith("$argon2id$")
    client = await console_client(aiohttp_client, make_settings())
    await login(client, "zhou")  # the password works in the console
    assert (await client.get("/staff/audit")).status == 200

    again = _cli(["zhou"], PASSWORD + "\n", env)
    assert again.returncode == 1 and "已存在" in again.stderr
    short = _cli(["wu"], "short\n", env)
    assert short.returncode == 2 and "至少需要 10 个字符" in short.stderr
    bad = _cli(["wu wei"], PASSWORD + "\n", env)
    assert bad.returncode == 2 and "用户名只能包含" in bad.stderr
    assert await redis.hkeys(keys.STAFF_USERS) == [b"zhou"]


async def test_staff_passwd_and_remove(redis: Any, redis_url: str, aiohttp_client: Any,
                                       tmp_path: Any, make_settings: Callable[..., Settings]) -> None:
    env = {"PETITION_REDIS_URL": redis_url, "PETITION_DATA_DIR": str(tmp_path)}
    assert _cli(["qian"], "first password 1\n", env).returncode == 0
    await redis.set(keys.staff_login_failures("qian"), 99)  # locked out
    done = _cli(["qian"], "second password 2\n", env, action="passwd")
    assert done.returncode == 0 and "已为 qian 设置新密码" in done.stdout
    assert not await redis.exists(keys.staff_login_failures("qian"))
    client = await console_client(aiohttp_client, make_settings())
    await login(client, "qian", "second password 2")
    removed = _cli(["qian"], "", env, action="remove")
    assert removed.returncode == 0 and "已删除工作人员账号 qian" in removed.stdout
    assert (await client.get("/staff/", allow_redirects=False)).status == 303  # session ended
    for action in ("remove", "passwd"):
        missing = _cli(["qian"], "third password 3\n", env, action=action)
        assert missing.returncode == 1 and "没有名为 qian" in missing.stderr


def test_staff_add_has_help() -> None:
    done = subprocess.run([sys.executable, "-m", "bot.cli", "staff", "add", "--help"],
                          check=False, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and "--role" in done.stdout and "stdin" in done.stdout
