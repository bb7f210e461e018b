"""Hostile input with VALID signatures on /weibo: whatever the body (random bytes, random JSON,
documented pushes with random field values), the answer is a reply or a clear 4xx, never a 500;
and the settings and config/weibo.toml are checked at start, naming what is wrong."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from aiohttp.test_utils import TestClient
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from bot.app import create_app
from bot.settings import CONFIG_DIR, Settings, SettingsError, load_settings
from tests.channels.test_weibo import SECRET, signed_query
from tests.channels.test_weibo_inbound import fixture
from tests.fakes import CountingDialog, FakeClassifier

FUZZ = hsettings(max_examples=40, deadline=None,
                 suppress_health_check=[HealthCheck.function_scoped_fixture])
text = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=40)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | text,
    lambda c: st.lists(c, max_size=3) | st.dictionaries(text, c, max_size=4), max_leaves=10)
DOCUMENTED = ["text.json", "position.json", "voice.json", "image.json", "follow.json",
              "unfollow.json", "click.json", "subscribe.json", "scan_follow.json"]


@pytest.fixture
async def client(aiohttp_client: Any, make_settings: Callable[..., Settings]) -> TestClient:
    settings = make_settings(PETITION_WEIBO_APP_SECRET=SECRET,
                             PETITION_LIMITS_CITIZEN_PER_MINUTE="100000")
    return await aiohttp_client(create_app(settings, dialog=CountingDialog(),
                                           classifier=FakeClassifier()))


async def _post(client: TestClient, body: bytes) -> int:
    resp = await client.post("/weibo", params=signed_query(), data=body,
                             headers={"Content-Type": "application/json"})
    await resp.read()
    return resp.status


@FUZZ
@given(body=st.binary(max_size=300))
async def test_random_bytes(client: TestClient, body: bytes) -> None:
    assert await _post(client, body) in (200, 400, 413, 415)


@FUZZ
@given(value=json_values)
async def test_random_json(client: TestClient, value: Any) -> None:
    assert await _post(client, json.dumps(value).encode()) in (200, 400)


@FUZZ
@given(name=st.sampled_from(DOCUMENTED),
       field=st.sampled_from(["type", "sender_id", "receiver_id", "created_at", "text", "data"]),
       value=json_values)
async def test_documented_pushes_with_one_field_replaced(client: TestClient, name: str,
                                                         field: str, value: Any) -> None:
    push = fixture(name) | {field: value}
    assert await _post(client, json.dumps(push).encode()) in (200, 400)


@FUZZ
@given(name=st.sampled_from(DOCUMENTED), data=st.dictionaries(
    st.sampled_from(["subtype", "key", "latitude", "longitude", "vfid", "tovfid", "ticket"]),
    json_values, max_size=4))
async def test_documented_pushes_with_random_data(client: TestClient, name: str,
                                                  data: dict[str, Any]) -> None:
    push = fixture(name) | {"data": data}
    assert await _post(client, json.dumps(push).encode()) in (200, 400)


@pytest.mark.parametrize(("env", "variable"), [
    ({"PETITION_WEIBO_REPLAY_WINDOW": "-1"}, "PETITION_WEIBO_REPLAY_WINDOW"),
    ({"PETITION_WEIBO_REPLAY_WINDOW": "five"}, "PETITION_WEIBO_REPLAY_WINDOW"),
    ({"PETITION_WEIBO_API_BASE": "m.api.weibo.com"}, "PETITION_WEIBO_API_BASE"),
    ({"PETITION_WEIBO_REPLY_BUDGET_MS": "4s"}, "PETITION_WEIBO_REPLY_BUDGET_MS"),
])
def test_malformed_settings_name_the_variable(env: dict[str, str], variable: str,
                                              tmp_path: Path) -> None:
    with pytest.raises(SettingsError) as caught:
        load_settings({"PETITION_WEIBO_APP_SECRET": "s", "PETITION_DATA_DIR": str(tmp_path),
                       **env})
    assert any(p.startswith(variable) for p in caught.value.problems)


def test_secrets_are_refused_in_the_settings_file(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_text('[weibo]\napp_secret = "in-file"\n', encoding="utf-8")
    with pytest.raises(SettingsError, match="PETITION_WEIBO_APP_SECRET"):
        load_settings({}, config_file=path)


def test_a_broken_weibo_toml_stops_the_start_naming_the_file(
        make_settings: Callable[..., Settings], tmp_path: Path) -> None:
    config = tmp_path / "config"
    shutil.copytree(CONFIG_DIR, config)
    toml = config / "weibo.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace('item = "{n}. {label}"',
                                                             'item = "{label}"'),
                    encoding="utf-8")
    settings = make_settings(PETITION_CONFIG_DIR=str(config), PETITION_WEIBO_APP_SECRET="s")
    with pytest.raises(SettingsError, match="weibo.toml"):
        create_app(settings, dialog=CountingDialog(), classifier=FakeClassifier())
    # The same file does not matter while the channel is disabled.
    create_app(make_settings(PETITION_CONFIG_DIR=str(config)), dialog=CountingDialog(),
               classifier=FakeClassifier())


async def test_deep_nesting_and_lone_surrogates_are_400(client: TestClient) -> None:
    """A documented push with a deeply nested extra field (orjson reads 1024 levels but writes
    only 254: the message id digest re-encodes the push) or a lone surrogate: 400, never 500."""
    push = json.dumps(fixture("text.json")).encode()
    deep = push[:-1] + b', "extra": ' + b"[" * 300 + b"]" * 300 + b"}"
    assert await _post(client, deep) == 400
    assert await _post(client, b"[" * 100_000 + b"]" * 100_000) in (400, 413)
    assert await _post(client, push.replace(b'"text": "', b'"text": "\\ud800', 1)) == 400
