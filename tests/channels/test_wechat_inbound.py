"""WeChat request checks and message mapping, with the platform's own vectors.

Vectors:
- URL signature: wechatpy tests/test_utils.py::test_check_signature_should_ok
  (token "test", timestamp "1410685589", nonce "test" -> f21891de399b4e33a1a93c9a7b8a8fffb5a443ff).
- 安全模式: Tencent's WXBizMsgCrypt Python sample (Sample.py by jonyqin, 2014, shipped with the
  official 消息加解密 SDK): token "spamtest", EncodingAESKey
  "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG", AppID "wx2c2769f8efd9abc2", timestamp
  "1409735669", nonce "1320562132", msg_signature 5d197aaffba7e9b25a30732f161a50dee96bd5fa.
- Payloads: tests/channels/fixtures/wechat/messages.toml (each entry names its source).
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from wechatpy.crypto import WeChatCrypto
from wechatpy.replies import TextReply

from bot.messages import Attachment, InboundMessage, Location, Reply
from bot.settings import CONFIG_DIR
from channels.wechat import cdata_safe, chunks, text_reply_xml
from channels.wechat_config import WechatConfigError, load_wechat_config
from channels.wechat_inbound import (
    Ignored,
    Rejected,
    Unsupported,
    check_query,
    parse_xml,
    read_inbound,
    signature_ok,
)


def read(body: bytes, query: Any, **secrets: str) -> Any:
    """A request body through the request path, with the test menu keys."""
    return read_inbound(body, query, click_keys=KEYS, **secrets)


def plain_inbound(xml: bytes, **kw: Any) -> Any:
    """A plaintext message (no encrypt_type) through the request path."""
    return read_inbound(xml, {}, token="", aes_key="", appid="", **kw)


FIXTURES = Path(__file__).parent / "fixtures" / "wechat"
CASES = tomllib.loads((FIXTURES / "messages.toml").read_text(encoding="utf-8"))["case"]

# Tencent WXBizMsgCrypt sample (see the module docstring).
SAMPLE_TOKEN = "spamtest"
SAMPLE_AES_KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"
SAMPLE_APPID = "wx2c2769f8efd9abc2"
SAMPLE_TIMESTAMP = "1409735669"
SAMPLE_NONCE = "1320562132"
SAMPLE_MSG_SIGNATURE = "5d197aaffba7e9b25a30732f161a50dee96bd5fa"
SAMPLE_ENCRYPT = (
    "hyzAe4OzmOMbd6TvGdIOO6uBmdJoD0Fk53REIHvxYtJlE2B655HuD0m8KUePWB3+LrPXo87wzQ1QLvbeUgmBM4x6F8PGH"
    "QHFVAFmOD2LdJF9FrXpbUAh0B5GIItb52sn896wVsMSHGuPE328HnRGBcrS7C41IzDWyWNlZkyyXwon8T332jisa+h6tE"
    "DYsVticbSnyU8dKOIbgU6ux5VTjg3yt+WGzjlpKn6NPhRjpA912xMezR4kw6KWwMrCVKSVCZciVGCgavjIQ6X8tCOp3yZ"
    "bGpy0VxpAe+77TszTfRd5RJSVO/HTnifJpXgCSUdUue1v6h0EIBYYI1BD1DlD+C0CR8e6OewpusjZ4uBl9FyJvnhvQl+q"
    "5rv1ixrcpCumEPo5MJSgM9ehVsNPfUM669WuMyVWQLCzpu9GhglF2PE=")
# The sample's request body is 兼容模式: the plaintext fields and Encrypt side by side.
SAMPLE_BODY = (
    "<xml><ToUserName><![CDATA[gh_10f6c3c3ac5a]]></ToUserName><FromUserName><![CDATA["
    "oyORnuP8q7ou2gfYjqLzSIWZf0rs]]></FromUserName><CreateTime>1409735668</CreateTime><MsgType>"
    "<![CDATA[text]]></MsgType><Content><![CDATA[abcdteT]]></Content><MsgId>6054768590064713728"
    f"</MsgId><Encrypt><![CDATA[{SAMPLE_ENCRYPT}]]></Encrypt></xml>").encode()
SAMPLE_QUERY = {"encrypt_type": "aes", "msg_signature": SAMPLE_MSG_SIGNATURE,
                "timestamp": SAMPLE_TIMESTAMP, "nonce": SAMPLE_NONCE}

KEYS = frozenset({"start", "progress", "help"})


def test_url_signature_vector_from_wechatpy() -> None:
    assert signature_ok("test", "f21891de399b4e33a1a93c9a7b8a8fffb5a443ff", "1410685589", "test")
    assert not signature_ok("test", "f21891de399b4e33a1a93c9a7b8a8fffb5a443fe", "1410685589",
                            "test")
    assert not signature_ok("test", "", "1410685589", "test")
    query = {"signature": "f21891de399b4e33a1a93c9a7b8a8fffb5a443ff", "timestamp": "1410685589",
             "nonce": "test"}
    check_query(query, "test", replay_window=0)
    with pytest.raises(Rejected) as exc:
        check_query(query, "other-token", replay_window=0)
    assert exc.value.status == 403


def test_replay_window_refuses_old_and_future_timestamps() -> None:
    query = {"signature": "f21891de399b4e33a1a93c9a7b8a8fffb5a443ff", "timestamp": "1410685589",
             "nonce": "test"}
    check_query(query, "test", replay_window=300, now=1410685589 + 300)
    for now in (1410685589 + 301, 1410685589 - 301):
        with pytest.raises(Rejected) as exc:
            check_query(query, "test", replay_window=300, now=now)
        assert exc.value.status == 403 and "replay" in exc.value.reason
    for bad in ({**query, "timestamp": "14106x5589"}, {**query, "signature": ""}):
        with pytest.raises(Rejected):
            check_query(bad, "test", replay_window=0)


def test_tencent_sample_decrypts_and_maps_to_a_text_message() -> None:
    message = read_inbound(SAMPLE_BODY, SAMPLE_QUERY, token=SAMPLE_TOKEN, aes_key=SAMPLE_AES_KEY,
                           appid=SAMPLE_APPID, click_keys=KEYS, received_at=1409735669.0)
    assert message == InboundMessage(
        channel="wechat", sender="oyORnuP8q7ou2gfYjqLzSIWZf0rs",
        message_id="msg:6054768590064713728", text="abcdteT", kind="text",
        received_at=1409735669.0, reply_context={"account": "gh_10f6c3c3ac5a"})


@pytest.mark.parametrize("change,status", [
    ({"msg_signature": SAMPLE_MSG_SIGNATURE[:-1] + "0"}, 403),  # signature over another body
    ({"nonce": "1320562133"}, 403),  # the nonce is part of msg_signature
])
def test_tencent_sample_with_a_bad_msg_signature_is_refused(change: dict[str, str],
                                                           status: int) -> None:
    with pytest.raises(Rejected) as exc:
        read(SAMPLE_BODY, {**SAMPLE_QUERY, **change}, token=SAMPLE_TOKEN,
                     aes_key=SAMPLE_AES_KEY, appid=SAMPLE_APPID)
    assert exc.value.status == status


def test_tencent_sample_for_another_appid_is_refused() -> None:
    with pytest.raises(Rejected) as exc:
        read(SAMPLE_BODY, SAMPLE_QUERY, token=SAMPLE_TOKEN, aes_key=SAMPLE_AES_KEY,
                     appid="wx0000000000000000")
    assert exc.value.status == 403


def test_encrypted_without_a_configured_key_is_refused() -> None:
    with pytest.raises(Rejected) as exc:
        read(SAMPLE_BODY, SAMPLE_QUERY, token=SAMPLE_TOKEN, aes_key="",
                     appid=SAMPLE_APPID)
    assert exc.value.status == 400


def test_reply_encrypted_by_us_decrypts_with_wechatpy() -> None:
    crypto = WeChatCrypto(SAMPLE_TOKEN, SAMPLE_AES_KEY, SAMPLE_APPID)
    reply = TextReply(source="gh_10f6c3c3ac5a", target="oyORnuP8q7ou2gfYjqLzSIWZf0rs",
                      content="收到").render()
    sealed = crypto.encrypt_message(reply, SAMPLE_NONCE, SAMPLE_TIMESTAMP)
    root = parse_xml(sealed.encode())
    plain = crypto.decrypt_message(sealed, root["MsgSignature"], SAMPLE_TIMESTAMP,
                                   SAMPLE_NONCE)
    assert "<Content><![CDATA[收到]]></Content>" in plain


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<xml><ToUserName>a</ToUserName><FromUserName>b</FromUserName><CreateTime>1</CreateTime>
<MsgType>text</MsgType><Content>&lol3;</Content><MsgId>1</MsgId></xml>"""
EXTERNAL = b"""<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>
<xml><Content>&e;</Content></xml>"""


@pytest.mark.parametrize("body,reason", [
    (BILLION_LAUGHS, "DOCTYPE"),
    (EXTERNAL, "DOCTYPE"),
    (b"<!DOCTYPE xml><xml><MsgType>text</MsgType></xml>", "DOCTYPE"),
    (b"<xml><MsgType>text</MsgType>", "malformed"),
    (b"", "malformed"),
    (b"\xff\xfe<xml/>", "malformed"),
    (b"<html></html>", "root"),
])
def test_unsafe_or_malformed_xml_is_refused_before_parsing(body: bytes, reason: str) -> None:
    with pytest.raises(Rejected) as exc:
        read(body, {}, token="t", aes_key="", appid="")
    assert exc.value.status == 400 and reason in exc.value.reason


def test_encrypted_payload_with_a_doctype_inside_is_refused() -> None:
    crypto = WeChatCrypto(SAMPLE_TOKEN, SAMPLE_AES_KEY, SAMPLE_APPID)
    sealed = parse_xml(crypto.encrypt_message(BILLION_LAUGHS.decode(), "n", "1").encode())
    encrypt = sealed["Encrypt"]
    body = f"<xml><Encrypt><![CDATA[{encrypt}]]></Encrypt></xml>".encode()
    query = {"encrypt_type": "aes", "timestamp": "1", "nonce": "n",
             "msg_signature": sealed["MsgSignature"]}
    with pytest.raises(Rejected) as exc:
        read(body, query, token=SAMPLE_TOKEN, aes_key=SAMPLE_AES_KEY,
                     appid=SAMPLE_APPID)
    assert exc.value.status == 400 and "DOCTYPE" in exc.value.reason


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_fixture_payloads_map_as_tagged(case: dict[str, Any]) -> None:
    result = plain_inbound(case["xml"].encode(), click_keys=KEYS, received_at=1.0)
    if "ignored" in case:
        assert result == Ignored(case["ignored"])
        return
    if "unsupported" in case:
        assert isinstance(result, Unsupported) and result.what == case["unsupported"]
        return
    assert isinstance(result, InboundMessage)
    expect = case["expect"]
    assert result.channel == "wechat" and result.sender and result.received_at == 1.0
    assert result.kind == expect["kind"]
    assert result.text == expect.get("text", result.text)
    assert result.event == expect.get("event", "")
    if "message_id" in expect:
        assert result.message_id == expect["message_id"]
    assert result.attachments == tuple(Attachment(k, r, name=n)
                                       for k, r, n in expect.get("attachments", []))
    if "location" in expect:
        assert result.location == Location(*expect["location"])
    else:
        assert result.location is None


HEAD = b"<xml><FromUserName>u</FromUserName><CreateTime>1</CreateTime>"


@pytest.mark.parametrize("xml", [
    b"<xml><MsgType>text</MsgType><Content>x</Content></xml>",  # no FromUserName
    b"<xml><FromUserName>u</FromUserName><Content>x</Content></xml>",  # no MsgType
    HEAD + b"<MsgType>location</MsgType><Location_X>north</Location_X><Location_Y>1</Location_Y>"
    + b"</xml>",
    HEAD + b"<MsgType>location</MsgType><Location_X>123</Location_X><Location_Y>1</Location_Y>"
    + b"</xml>",  # latitude out of range
    HEAD + b"<MsgType>image</MsgType></xml>",  # no MediaId
    b"<xml><FromUserName>u</FromUserName><CreateTime>yesterday</CreateTime>"
    + b"<MsgType>text</MsgType></xml>",
    HEAD + b"<MsgType>text</MsgType><MsgId>" + b"9" * 33 + b"</MsgId></xml>",
])
def test_incomplete_messages_are_refused(xml: bytes) -> None:
    with pytest.raises(Rejected) as exc:
        plain_inbound(xml, click_keys=KEYS)
    assert exc.value.status == 400


def test_same_msgid_gives_same_message_id_and_events_use_sender_and_time() -> None:
    text = CASES[0]["xml"].encode()
    assert plain_inbound(text, click_keys=KEYS).message_id == \
        plain_inbound(text, click_keys=KEYS).message_id
    sub = next(c for c in CASES if c["name"] == "subscribe")["xml"]
    first = plain_inbound(sub.encode(), click_keys=KEYS)
    later = plain_inbound(sub.replace("123456789", "123456790").encode(), click_keys=KEYS)
    assert isinstance(first, InboundMessage) and isinstance(later, InboundMessage)
    assert first.message_id != later.message_id


def test_config_renders_choices_as_tappable_options() -> None:
    config = load_wechat_config(CONFIG_DIR)
    assert config.click_keys == KEYS
    text = config.render(Reply("您同意吗？", choices=("同意", "不<同意>")))
    assert text.startswith("您同意吗？\n")
    assert "msgmenucontent=同意&msgmenuid=1\">同意</a>" in text
    assert "不&lt;同意&gt;" in text and "<同意>" not in text
    assert config.render(Reply("没有选项")) == "没有选项"


def test_bad_menu_config_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "wechat.toml").write_text(
        '[[menu.button]]\ntype = "click"\nname = "这是一个太长太长的菜单名字"\nkey = "start"\n'
        '[[menu.button]]\ntype = "click"\nname = "重复"\nkey = "start"\n'
        '[[menu.button]]\ntype = "view"\nname = "网页"\n'
        '[sentences]\nunsupported = ""\n[choices]\nitem = "{nope}"\n', encoding="utf-8")
    with pytest.raises(WechatConfigError) as exc:
        load_wechat_config(tmp_path)
    text = str(exc.value)
    for expected in ("menu.button[0].name", "menu.button[1].key", "menu.button[2].url",
                     "[sentences] unsupported", "[choices] item"):
        assert expected in text


def test_chunks_respect_the_byte_limit_and_keep_every_character() -> None:
    text = "第一行\n" + "长" * 1500 + "\n结尾"
    pieces = chunks(text, 2048)
    assert all(len(p.encode()) <= 2048 for p in pieces) and len(pieces) == 3
    assert "".join(pieces).replace("\n", "") == text.replace("\n", "")
    assert chunks("短", 2048) == ["短"]


def test_cdata_terminator_typed_by_a_citizen_cannot_break_the_reply() -> None:
    xml = text_reply_xml("gh", "u", "a]]><b>", 1700000000)
    assert parse_xml(xml.encode())["Content"] == "a]]><b>"


@given(text=st.text(), created=st.integers(0, 2**31))
def test_passive_reply_is_what_wechatpy_renders(text: str, created: int) -> None:
    expected = TextReply(source="gh_10f6c3c3ac5a", target="oyORnuP8q7ou2gfYjqLzSIWZf0rs",
                         content=cdata_safe(text), time=created).render()
    assert text_reply_xml("gh_10f6c3c3ac5a", "oyORnuP8q7ou2gfYjqLzSIWZf0rs", text,
                          created) == expected
