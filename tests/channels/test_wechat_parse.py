"""The inbound WeChat path's own pieces: `sign` against the platform's vectors and wechatpy;
`parse_xml`, the one safe parse per message, against hostile XML and, on generated documents,
against the path it replaced (defusedxml, then wechatpy's parse_message with xmltodict)."""

from __future__ import annotations

import pyexpat
from typing import Any
from xml.etree.ElementTree import ParseError
from xml.sax.saxutils import escape as xml_escape

import defusedxml
import defusedxml.ElementTree as SafeET
import pytest
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st
from wechatpy import parse_message
from wechatpy.utils import WeChatSigner

from bot.messages import InboundMessage
from channels.wechat_inbound import (
    NAMESPACES_REFUSED,
    Rejected,
    _classify,
    _no_dtd,
    _Refused,
    parse_xml,
    read_inbound,
    sign,
)
from tests.channels.test_wechat_inbound import (
    CASES,
    KEYS,
    SAMPLE_AES_KEY,
    SAMPLE_APPID,
    SAMPLE_BODY,
    SAMPLE_ENCRYPT,
    SAMPLE_MSG_SIGNATURE,
    SAMPLE_NONCE,
    SAMPLE_QUERY,
    SAMPLE_TIMESTAMP,
    SAMPLE_TOKEN,
    plain_inbound,
    read,
)


def test_sign_matches_the_published_vectors() -> None:
    # wechatpy tests/test_utils.py::test_check_signature_should_ok (URL signature).
    assert sign("test", "1410685589", "test") == "f21891de399b4e33a1a93c9a7b8a8fffb5a443ff"
    # Tencent's WXBizMsgCrypt sample: msg_signature over token, timestamp, nonce and Encrypt.
    assert sign(SAMPLE_TOKEN, SAMPLE_TIMESTAMP, SAMPLE_NONCE, SAMPLE_ENCRYPT) == \
        SAMPLE_MSG_SIGNATURE
    # The order of the parts does not matter: they are sorted.
    assert sign(SAMPLE_ENCRYPT, SAMPLE_NONCE, SAMPLE_TOKEN, SAMPLE_TIMESTAMP) == \
        SAMPLE_MSG_SIGNATURE


@given(st.lists(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]),
                        max_size=12), min_size=1, max_size=5))
def test_sign_is_wechatpys_signer(parts: list[str]) -> None:
    signer = WeChatSigner()
    signer.add_data(*parts)
    assert sign(*parts) == signer.signature


# --- parse_xml: one safe parse that gives what wechatpy's parse_message gave --------------------

BILLION = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol0 "' + "lol" * 100 + '">'
           + "".join(f'<!ENTITY lol{i} "' + f"&lol{i - 1};" * 10 + '">' for i in range(1, 10))
           + "]><xml><FromUserName>u</FromUserName><CreateTime>1</CreateTime>"
           "<MsgType>text</MsgType><Content>&lol9;</Content></xml>").encode()
MESSAGE = ("<xml><ToUserName><![CDATA[gh_1]]></ToUserName><FromUserName><![CDATA[u]]>"
           "</FromUserName><CreateTime>1</CreateTime><MsgType><![CDATA[text]]></MsgType>"
           "<Content><![CDATA[{}]]></Content><MsgId>7</MsgId></xml>")


def _refusal(xml: bytes) -> str:
    with pytest.raises(Rejected) as exc:
        plain_inbound(xml, click_keys=KEYS)
    assert exc.value.status == 400
    return exc.value.reason


@pytest.mark.parametrize("xml", [
    BILLION,  # 10^9 "lol"s: refused at the DOCTYPE, nothing expanded
    b'<!DOCTYPE xml SYSTEM "http://127.0.0.1:9/dtd"><xml/>',
    b'<!DOCTYPE x [<!ENTITY % p SYSTEM "http://127.0.0.1:9/p">%p;]><xml/>',
    b'<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><xml><Content>&e;</Content></xml>',
    # a "CDATA section" inside a processing instruction does not hide the DOCTYPE after it
    b'<?p <![CDATA[?><!DOCTYPE x [<!ENTITY a "]]>">]><xml>&a;</xml>',
    b'\xef\xbb\xbf<!DOCTYPE xml><xml/>',  # behind a UTF-8 byte-order mark
])
def test_doctype_and_entities_are_refused_before_anything_is_expanded(xml: bytes) -> None:
    assert "DOCTYPE" in _refusal(xml)
    with pytest.raises(Rejected) as exc:
        read_inbound(xml, {}, token="t", aes_key="", appid="", click_keys=KEYS)
    assert exc.value.status == 400 and "DOCTYPE" in exc.value.reason


def test_billion_laughs_is_refused_at_the_doctype_without_reading_the_declarations() -> None:
    seen: list[str] = []
    parser = pyexpat.ParserCreate("utf-8")
    parser.StartDoctypeDeclHandler = _no_dtd
    parser.EntityDeclHandler = lambda name, *_: seen.append(name)
    with pytest.raises(_Refused):
        parser.Parse(BILLION, True)
    assert seen == []  # pyexpat stopped at the DOCTYPE: no entity was even declared


@pytest.mark.parametrize("xml", [
    MESSAGE.replace("<MsgId>", "<![CDATA[x]]><!DOCTYPE x><MsgId>"),  # DOCTYPE after a CDATA
    MESSAGE + "<!DOCTYPE x>",  # after the root element
    MESSAGE.replace("<MsgId>7", "<MsgId>&lol;"),  # an entity never declared
])
def test_a_doctype_out_of_place_or_an_undeclared_entity_is_malformed(xml: str) -> None:
    assert "malformed" in _refusal(xml.encode())


@pytest.mark.parametrize("text", [
    '<!DOCTYPE x [<!ENTITY a "b">]>&a;',
    "<!ENTITY lol \"lol\"> <!-- ]] > <![CDATA[",
    "]]",
])
def test_markup_inside_cdata_is_just_text(text: str) -> None:
    message = plain_inbound(MESSAGE.format(text).encode(), click_keys=KEYS)
    assert isinstance(message, InboundMessage) and message.text == text


def test_predefined_entities_and_character_references_are_text() -> None:
    xml = MESSAGE.replace("<![CDATA[{}]]>", "&lt;!DOCTYPE&gt; &amp; &#x4E2D;&#25991; &quot;")
    message = plain_inbound(xml.encode(), click_keys=KEYS)
    assert isinstance(message, InboundMessage) and message.text == '<!DOCTYPE> & 中文 "'


@pytest.mark.parametrize("xml", [
    b'<xml xmlns="urn:x"><MsgType>text</MsgType></xml>',
    b'<xml><w:MsgType xmlns:w="urn:x">text</w:MsgType></xml>',
    b'<xml><MsgType xml:lang="zh">text</MsgType></xml>',
    b"<xml><w:MsgType>text</w:MsgType></xml>",  # an unbound prefix
])
def test_xml_namespaces_are_refused(xml: bytes) -> None:
    assert _refusal(xml) == NAMESPACES_REFUSED


def test_only_utf8_is_read() -> None:
    text = MESSAGE.format("路灯坏了")
    for declaration in ('<?xml version="1.0"?>', '<?xml version="1.0" encoding="UTF-8"?>',
                        '\ufeff<?xml version="1.0" encoding="utf-8"?>', "\ufeff"):
        message = plain_inbound((declaration + text).encode(), click_keys=KEYS)
        assert isinstance(message, InboundMessage) and message.text == "路灯坏了"
    assert "UTF-8" in _refusal(('<?xml version="1.0" encoding="GBK"?>' + text).encode("gbk"))
    assert "UTF-8" in _refusal(b'<?xml version="1.0" encoding="ISO-8859-1"?><xml/>')
    assert "malformed" in _refusal(text.encode("gbk"))
    # Expat would read these as UTF-16 even when told UTF-8.
    for utf16 in ("utf-16", "utf-16-le", "utf-16-be"):
        assert "malformed" in _refusal(text.encode(utf16))
        assert "malformed" in _refusal((" " + text).encode(utf16))


@pytest.mark.parametrize("envelope", [
    "<xml><Encrypt><![CDATA[{0}]]></Encrypt><Encrypt><![CDATA[{0}]]></Encrypt></xml>",
    '<xml><Encrypt a="1"><![CDATA[{0}]]></Encrypt></xml>',
    "<xml><Encrypt><![CDATA[{0}]]><b/></Encrypt></xml>",
    "<xml><Encrypt/></xml>",
    "<xml/>",
])
def test_encrypt_must_be_one_element_of_text(envelope: str) -> None:
    body = envelope.format(SAMPLE_ENCRYPT).encode()
    with pytest.raises(Rejected) as exc:
        read(body, SAMPLE_QUERY, token=SAMPLE_TOKEN, aes_key=SAMPLE_AES_KEY,
                     appid=SAMPLE_APPID)
    assert exc.value.status == 400 and "Encrypt" in exc.value.reason


# --- the same dictionary as wechatpy's parse_message, on generated documents ------------------

def _old(xml: bytes) -> tuple[dict[str, Any], str] | str:
    """The path this replaced: defusedxml's parse, then wechatpy's parse_message (xmltodict)."""
    try:
        root = SafeET.fromstring(xml, forbid_dtd=True, forbid_entities=True,
                                 forbid_external=True)
    except (defusedxml.DefusedXmlException, ParseError, ValueError):
        return "refused"
    if root.tag != "xml":
        return "refused"
    try:
        msg = parse_message(xml.decode("utf-8"))
        msg._data["MsgType"].lower()  # what the mapping did next
    except (KeyError, TypeError, ValueError, AttributeError):
        return "not a message"
    return msg._data, str(getattr(msg, "event", ""))


def _new(xml: bytes) -> tuple[dict[str, Any], str] | str:
    try:
        root = parse_xml(xml)
    except Rejected:
        return "refused"
    try:
        return root, _classify(root)
    except Rejected:
        return "not a message"


NAMES = ["MsgType", "Event", "EventKey", "FromUserName", "CreateTime", "MsgId", "Content",
         "Location_X", "a"]
WORDS = ["text", "event", "EVENT", "device_text", "location", "subscribe", "SUBSCRIBE",
         "unsubscribe", "CLICK", "LOCATION", "VIEW", "shakearoundusershake", "wificonnected",
         "nosuchevent", "qrscene_123", "scanbarcode|x", "scanimage|y", "12", "", " ", "\n"]
words = st.sampled_from(WORDS) | st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"]), max_size=6)
leaf = st.one_of(
    words.map(xml_escape),
    words.map(lambda w: f"<![CDATA[{w.replace(']]>', '')}]]>"),
    st.sampled_from(["<!-- c -->", "<?pi data?>", "&amp;", "&#x4E2D;", "  ", "\n"]),
)
attributes = st.lists(st.tuples(st.sampled_from(["a", "b", "MsgType"]), words), max_size=2,
                      unique_by=lambda a: a[0]).map(
    lambda pairs: "".join(f' {k}="{xml_escape(v, {chr(34): "&quot;"})}"' for k, v in pairs))


def _element(content: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.builds(lambda name, attrs, body: f"<{name}{attrs}>{body}</{name}>"
                     if body or attrs else f"<{name}/>", st.sampled_from(NAMES), attributes,
                     content)


contents = st.recursive(st.lists(leaf, max_size=2).map("".join),
                        lambda inner: st.lists(leaf | _element(inner), max_size=6).map("".join),
                        max_leaves=16)
fields = st.builds(lambda name, pad, value, cdata: f"<{name}>{pad}{value}{pad}</{name}>"
                   if not cdata else f"<{name}>{pad}<![CDATA[{value}]]>{pad}</{name}>",
                   st.sampled_from(NAMES), st.sampled_from(["", " ", "\n "]),
                   st.sampled_from(WORDS), st.booleans())
def _optional(name: str, values: list[str]) -> st.SearchStrategy[str]:
    return st.sampled_from(values).map(lambda v: f"<{name}>{v}</{name}>") | st.just("")


documents = st.builds(
    lambda prolog, root, attrs, head, body: f"{prolog}<{root}{attrs}>{''.join(head)}"
                                            f"{''.join(body)}</{root}>",
    st.sampled_from(["", '<?xml version="1.0"?>', '<?xml version="1.0" encoding="utf-8"?>\n',
                     "<!-- hi -->", "<!DOCTYPE xml>"]),
    st.sampled_from(["xml"] * 6 + ["html"]), attributes,
    st.tuples(_optional("MsgType", ["text", "event", "EVENT", "device_text", "location"]),
              _optional("Event", WORDS), _optional("EventKey", WORDS),
              _optional("FromUserName", ["u", " u ", "<![CDATA[u]]>"])),
    st.lists(fields | _element(contents) | leaf, max_size=5))


@hsettings(max_examples=300, deadline=None)
@given(documents, st.booleans())
def test_generated_documents_parse_as_wechatpy_parsed_them(document: str, damage: bool) -> None:
    xml = document.encode()
    if damage:
        xml = xml[:len(xml) * 2 // 3]
    old, new = _old(xml), _new(xml)
    assert old == new
    if isinstance(new, tuple):
        data, _ = new
        assert (data.get("FromUserName") or "") == (parse_message(xml.decode()).source or "")


@hsettings(max_examples=200, deadline=None)
@given(st.binary(max_size=60) | st.sampled_from([c["xml"] for c in CASES]).flatmap(
    lambda x: st.tuples(st.integers(0, len(x)), st.binary(max_size=4)).map(
        lambda cut: (x.encode()[:cut[0]] + cut[1] + x.encode()[cut[0]:]))))
def test_damaged_bytes_are_refused_whenever_the_old_path_refused(xml: bytes) -> None:
    old, new = _old(xml), _new(xml)
    if old == "refused":
        assert new == "refused"
    elif new != "refused":
        assert old == new


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_fixture_payloads_parse_as_wechatpy_parsed_them(case: dict[str, Any]) -> None:
    assert _new(case["xml"].encode()) == _old(case["xml"].encode())


@pytest.mark.parametrize("fields", [
    "<MsgType>event</MsgType><Event>subscribe</Event><EventKey>qrscene_123</EventKey>",
    "<MsgType>event</MsgType><Event>SUBSCRIBE</Event><EventKey>scanbarcode|x</EventKey>",
    "<MsgType>event</MsgType><Event>subscribe</Event><EventKey>scanimage|y</EventKey>",
    "<MsgType>event</MsgType><Event>subscribe</Event><EventKey><a/></EventKey>",
    "<MsgType>event</MsgType><Event>subscribe</Event><EventKey>other</EventKey>",
    "<MsgType>event</MsgType><Event/>",
    "<MsgType>event</MsgType><Event>CLICK</Event><Event>VIEW</Event>",
    "<MsgType>event</MsgType><Event>shakearoundusershake</Event>",
    "<MsgType>device_event</MsgType><Event>bind</Event>",
    "<MsgType>device_text</MsgType>",
    "<MsgType>DEVICE_event</MsgType><Event>subscribe_status</Event>",
    "<MsgType a='1'>text</MsgType>",
    "<MsgType>text</MsgType><MsgType>event</MsgType>",
])
def test_wechatpys_event_naming_and_rewrites(fields: str) -> None:
    xml = f"<xml><FromUserName>u</FromUserName><CreateTime>1</CreateTime>{fields}</xml>"
    assert _new(xml.encode()) == _old(xml.encode())


@pytest.mark.parametrize("aes_key", ["short", "!" * 43, SAMPLE_AES_KEY[:-1] + "@"])
def test_a_broken_encoding_aes_key_is_refused_every_time(aes_key: str) -> None:
    for _ in range(2):  # the cipher is kept per key; a key that makes none keeps failing
        with pytest.raises(Rejected) as exc:
            read(SAMPLE_BODY, SAMPLE_QUERY, token=SAMPLE_TOKEN, aes_key=aes_key,
                         appid=SAMPLE_APPID)
        assert exc.value.status == 400
