"""Weibo push parsing without HTTP: the access guide's signature vector, each documented payload
(tests/channels/fixtures/weibo/, see its README for the pages) mapped to the normalized message,
and refusals of malformed pushes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from bot.messages import Attachment
from channels.weibo_inbound import (
    Ignored,
    Rejected,
    Unsupported,
    check_query,
    map_push,
    parse_body,
    read_push,
    sign,
)

FIXTURES = Path(__file__).parent / "fixtures" / "weibo"
MENU = frozenset({"start", "progress", "help"})
# open.weibo.com/wiki/Messages_api_start (第二步:验证URL有效性): the guide's own example.
DOC_SECRET, DOC_TIMESTAMP, DOC_NONCE = "xyz123xyz", "1397022061823", "57155157"
DOC_SIGNATURE = "90e4c22c90a58f26526c2dd5b6c56c8822edeaa1"
DOC_SENDER, DOC_ACCOUNT = "2489518277", "1902538057"


def fixture(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((FIXTURES / name).read_text(encoding="utf-8"))
    return data


def test_signature_vector_of_the_access_guide() -> None:
    # The guide: the sorted strings concatenate to 139702206182357155157xyz123xyz.
    assert sign(DOC_SECRET, DOC_TIMESTAMP, DOC_NONCE) == DOC_SIGNATURE
    query = {"signature": DOC_SIGNATURE, "timestamp": DOC_TIMESTAMP, "nonce": DOC_NONCE}
    check_query(query, DOC_SECRET, 0)
    # 2014-04-09 in milliseconds: inside a 300 s window only when "now" is then.
    check_query(query, DOC_SECRET, 300, now=1397022061.823 + 299)


@pytest.mark.parametrize("change", [
    {"signature": DOC_SIGNATURE[:-1] + "0"},
    {"signature": DOC_SIGNATURE.upper()},
    {"nonce": "57155158"},
    {"timestamp": "1397022061824"},
    {"signature": ""},
    {"timestamp": "1397022061.823"},
    {"timestamp": "１３９７０２２０６１８２３"},  # full-width digits are digits to str.isdigit
    {"signature": "签名" * 20},
])
def test_forged_or_malformed_queries_are_403(change: dict[str, str]) -> None:
    query = {"signature": DOC_SIGNATURE, "timestamp": DOC_TIMESTAMP, "nonce": DOC_NONCE, **change}
    with pytest.raises(Rejected) as caught:
        check_query(query, DOC_SECRET, 0)
    assert caught.value.status == 403


def test_the_window_counts_milliseconds() -> None:
    query = {"signature": DOC_SIGNATURE, "timestamp": DOC_TIMESTAMP, "nonce": DOC_NONCE}
    then = 1397022061.823
    check_query(query, DOC_SECRET, 300, now=then - 300)
    for now in (then + 301, then - 301, then * 1000):  # a seconds/milliseconds mix-up is refused
        with pytest.raises(Rejected, match="replay window"):
            check_query(query, DOC_SECRET, 300, now=now)


def test_text_message() -> None:
    m = map_push(fixture("text.json"), menu_keys=MENU)
    assert not isinstance(m, (Ignored, Unsupported))
    assert (m.channel, m.sender, m.kind, m.text) == ("weibo", DOC_SENDER, "text",
                                                     "the content of a general message")
    assert m.reply_context == {"account": DOC_ACCOUNT}
    assert m.message_id.startswith(f"{DOC_SENDER}:Mon Jul 16 18:09:20 +0800 2012:text:")


def test_position_message_becomes_a_location() -> None:
    m = map_push(fixture("position.json"), menu_keys=MENU)
    assert not isinstance(m, (Ignored, Unsupported))
    assert m.kind == "location" and m.location is not None
    assert (m.location.lat, m.location.lon) == (39.982525, 116.308586)
    assert m.location.label == "我在这里: http://t.cn/zQgLLYO"


@pytest.mark.parametrize(("name", "kind"), [("voice.json", "voice"), ("image.json", "media")])
def test_voice_and_image_carry_the_receivers_file_id(name: str, kind: str) -> None:
    m = map_push(fixture(name), menu_keys=MENU)
    assert not isinstance(m, (Ignored, Unsupported))
    assert m.kind == kind and m.text == ""
    assert m.attachments == (Attachment(name.split(".")[0], "821804469"),)


@pytest.mark.parametrize(("name", "event"), [
    ("follow.json", "subscribe"), ("subscribe.json", "subscribe"),
    ("scan_follow.json", "subscribe"), ("unfollow.json", "unsubscribe"),
    ("click.json", "menu:progress")])
def test_events(name: str, event: str) -> None:
    m = map_push(fixture(name), menu_keys=MENU)
    assert not isinstance(m, (Ignored, Unsupported))
    assert (m.kind, m.event) == ("event", event)


def test_unknown_menu_keys_and_other_events_are_ignored() -> None:
    click = fixture("click.json")
    click["data"]["key"] = "not-a-dialog-key"
    assert map_push(click, menu_keys=MENU) == Ignored("click:unknown-key")
    mention = fixture("follow.json")
    mention["data"] = {"subtype": "mention"}
    assert map_push(mention, menu_keys=MENU) == Ignored("mention")


def test_unknown_message_types_are_unsupported_not_refused() -> None:
    # The docs: "需要对接收到的消息体type或subtype做兼容,当出现未知类型时可忽略此消息"
    push = fixture("text.json") | {"type": "mixed"}
    assert map_push(push, menu_keys=MENU) == Unsupported("mixed", DOC_SENDER, DOC_ACCOUNT)


def test_a_retry_keeps_its_id_and_another_message_in_the_same_second_does_not() -> None:
    push = fixture("text.json")
    retry = dict(reversed(list(push.items())))  # another key order, the same push
    other = push | {"text": "another message, same second"}
    ids = [map_push(p, menu_keys=MENU).message_id  # type: ignore[union-attr]
           for p in (push, retry, other)]
    assert ids[0] == ids[1] != ids[2]


@pytest.mark.parametrize(("body", "status"), [
    (b"<xml><ToUserName>gh</ToUserName></xml>", 415),
    (b"not json", 400),
    (b"[1, 2]", 400),
    (b"[" * 100_000 + b"]" * 100_000, 400),
    (b'{"type": "text", "text": "\\ud800"}', 400),
    (b"\xff\xfe{}", 400),
])
def test_bodies_that_are_not_one_json_object(body: bytes, status: int) -> None:
    with pytest.raises(Rejected) as caught:
        parse_body(body)
    assert caught.value.status == status


@pytest.mark.parametrize("change", [
    {"type": None}, {"sender_id": None}, {"sender_id": "abc"}, {"sender_id": True},
    {"sender_id": "1" * 21}, {"receiver_id": None}, {"created_at": None}, {"data": [1]},
    {"text": 5}, {"text": "长" * 10_001},
    {"type": "position", "data": {"latitude": "91", "longitude": "0"}},
    {"type": "position", "data": {"latitude": "nan", "longitude": "0"}},
    {"type": "position", "data": {}},
    {"type": "image", "data": {}}, {"type": "voice", "data": {"tovfid": True}},
    {"type": "event", "data": {}}, {"type": "event", "data": {"subtype": 3}},
])
def test_malformed_pushes_are_400(change: dict[str, Any]) -> None:
    push = fixture("text.json") | change
    with pytest.raises(Rejected) as caught:
        map_push(push, menu_keys=MENU)
    assert caught.value.status == 400


def test_sender_ids_as_strings_are_accepted() -> None:
    body = json.dumps(fixture("text.json") | {"sender_id": DOC_SENDER}).encode()
    m = read_push(body, menu_keys=MENU)
    assert not isinstance(m, (Ignored, Unsupported)) and m.sender == DOC_SENDER
