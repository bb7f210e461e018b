"""bot.webhook: signature, verification, payload mapping, configuration, outcome of a POST."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest

from bot.settings import CONFIG_DIR
from bot.webhook import (
    HttpTarget,
    MappingError,
    PayloadMapping,
    SignatureError,
    WebhookConfig,
    sign,
    verify,
)
from tests.bot.casesystem import SECRET, CaseSystem

BODY = '{"case_id":"abc","description":"路灯坏了"}'.encode()


def test_signature_matches_an_independent_implementation() -> None:
    # printf '1764140000.{"case_id":"abc","description":"路灯坏了"}' \
    #   | openssl dgst -sha256 -hmac 'test-secret-不要外传'
    expected = "sha256=5adaa5c966895a1c0f9f6ef5008248598338129fcc8297571d60a5398d15b6ce"
    assert sign(SECRET, "1764140000", BODY) == expected


@pytest.mark.parametrize("timestamp,signature,now,status", [
    (None, "sha256=00", 1764140000, 401),
    ("1764140000", None, 1764140000, 401),
    ("soon", "sha256=00", 1764140000, 401),
    ("1764140000", "sha256=" + "0" * 64, 1764140000, 403),
    ("1764140000", None, 1764140000 + 301, 401),
    ("1764140000", "GOOD", 1764140000 + 301, 403),  # stale
    ("1764140000", "GOOD", 1764140000 - 301, 403),  # from the future
])
def test_verify_refuses(timestamp: str | None, signature: str | None, now: float,
                        status: int) -> None:
    if signature == "GOOD":
        signature = sign(SECRET, "1764140000", BODY)
    with pytest.raises(SignatureError) as info:
        verify(SECRET, timestamp, signature, BODY, window_seconds=300, now=now)
    assert info.value.status == status


def test_verify_accepts_within_the_window_and_window_zero_turns_the_check_off() -> None:
    sig = sign(SECRET, "1764140000", BODY)
    verify(SECRET, "1764140000", sig, BODY, window_seconds=300, now=1764140000 + 299)
    verify(SECRET, "1764140000", sig, BODY, window_seconds=0, now=1764140000 + 10**6)
    with pytest.raises(SignatureError):
        verify("", "1764140000", sign("", "1764140000", BODY), BODY, window_seconds=300,
               now=1764140000)


CASE: dict[str, Any] = {"case_id": "abc", "description": "d",
                        "petitioner": {"name": None, "phone": "138", "anonymous": False},
                        "category": {"code": "urban", "name": "城乡建设"}, "transcript": [1]}


def test_mapping_renames_nests_flattens_drops_and_adds() -> None:
    m = PayloadMapping.from_table({
        "rename": {"petitioner.phone": "contact.mobile", "category.code": "category_code",
                   "description": "content", "not.there": "x"},
        "drop": ["transcript", "petitioner.anonymous", "no.such.field"],
        "constants": {"meta.source": "jinhu-bot"}}, "case")
    out = m.apply(CASE)
    assert out == {"case_id": "abc", "content": "d", "petitioner": {"name": None},
                   "contact": {"mobile": "138"}, "category": {"name": "城乡建设"},
                   "category_code": "urban", "meta": {"source": "jinhu-bot"}}
    assert CASE["petitioner"]["phone"] == "138" and "transcript" in CASE  # input untouched
    assert PayloadMapping().apply(CASE) == CASE


def test_mapping_into_a_non_object_is_an_error() -> None:
    m = PayloadMapping.from_table({"rename": {"case_id": "description.id"}}, "case")
    with pytest.raises(MappingError):
        m.apply(CASE)


@pytest.mark.parametrize("table", [
    {"renam": {}},
    {"rename": {"a..b": "c"}},
    {"rename": {"a": ""}},
    {"drop": "transcript"},
    {"drop": [3]},
    {"constants": ["x"]},
])
def test_bad_mappings_are_refused(table: dict[str, Any]) -> None:
    with pytest.raises(MappingError):
        PayloadMapping.from_table(table, "case")


def test_the_shipped_configuration_is_the_spec_shape_with_sane_retries() -> None:
    config = WebhookConfig.load(CONFIG_DIR / "webhook.toml", max_retry_hours=24)
    assert config.case.apply(CASE) == CASE and config.rating.apply(CASE) == CASE
    assert config.retry.max_retry_seconds == 86400 and config.retry.base_ms == 2000
    assert config.worker.claim_idle_seconds == 0


@pytest.mark.parametrize("text", [
    "[retry]\nbase_ms = 'fast'\n", "[retry]\nbase_ms = 0\n", "[worker]\nbatch = -1\n",
    "[case]\ndrop = 'x'\n", "[case\n",
])
def test_bad_webhook_configuration_is_refused(tmp_path: Path, text: str) -> None:
    path = tmp_path / "webhook.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(MappingError):
        WebhookConfig.load(path)


@pytest.mark.parametrize("status,kind", [
    (200, "delivered"), (201, "delivered"), (204, "delivered"),
    (408, "retry"), (429, "retry"), (500, "retry"), (502, "retry"), (503, "retry"),
    (400, "permanent"), (401, "permanent"), (404, "permanent"), (409, "permanent"),
    (422, "permanent"), (301, "permanent"),
])
async def test_outcome_of_each_answer(aiohttp_server: Any, status: int, kind: str) -> None:
    system = CaseSystem(plan=[status])
    server = await aiohttp_server(system.app(), host="127.0.0.1")
    async with httpx.AsyncClient() as http:
        target = HttpTarget(http, str(server.make_url("/intake")), SECRET, 2.0)
        outcome = await target.deliver(BODY, "abc")
    assert outcome.kind == kind
    assert system.received[0].signature_ok and system.received[0].key == "abc"
    if status == 200:
        assert outcome.case_number.startswith("JHXF-")
    if kind != "delivered":
        assert outcome.reason.startswith(f"HTTP {status}")


async def test_retry_after_is_read_and_a_timeout_is_retried(aiohttp_server: Any) -> None:
    system = CaseSystem(plan=[429], retry_after="120")
    server = await aiohttp_server(system.app(), host="127.0.0.1")
    async with httpx.AsyncClient() as http:
        target = HttpTarget(http, str(server.make_url("/intake")), SECRET, 0.2)
        outcome = await target.deliver(BODY, "abc")
        assert (outcome.kind, outcome.retry_after) == ("retry", 120.0)
        system.delay = 1.0
        slow = await target.deliver(BODY, "abc")
    assert slow.kind == "retry" and slow.reason.startswith("timeout")


async def test_file_target_survives_cancelled_deliveries(tmp_path: Path, redis: Any) -> None:
    """A delivery cancelled mid-write (shutdown) must not leave the file locked for the next."""
    import asyncio as _asyncio

    from bot.webhook import FileTarget

    target = FileTarget(tmp_path / "cases.jsonl", redis, "pb:{cases}:test-offsets")
    tasks = [_asyncio.create_task(target.deliver(b'{"n": %d}' % i, f"k{i}")) for i in range(20)]
    await _asyncio.sleep(0)
    for t in tasks[::2]:
        t.cancel()
    await _asyncio.gather(*tasks, return_exceptions=True)
    outcome = await _asyncio.wait_for(target.deliver(b'{"n": 99}', "k99"), timeout=5)
    assert outcome.kind == "delivered"
    lines = (tmp_path / "cases.jsonl").read_bytes().splitlines()
    assert b'{"n": 99}' in lines and len(lines) == len(set(lines))
