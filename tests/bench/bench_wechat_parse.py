"""Inbound WeChat request cost: the path before and after "one parse per plaintext", same run.

    .venv/bin/python tests/bench/bench_wechat_parse.py [--number N] [--repeat R]

For a typical text message (明文模式) and the same message in 安全模式 (encrypt_type=aes), times
what `POST /wechat` does between reading the body and having the InboundMessage:
- old: check_query with a WeChatSigner per signature, then read_message as it was (defusedxml
  parse of the body; in 安全模式 msg_signature, decrypt, defusedxml parse of the plaintext), then
  to_inbound as it was (wechatpy's parse_message, xmltodict, parsing the plaintext again);
- new: check_query with hashlib, then read_inbound (one parse_xml per plaintext).
The mapping from the parsed dict to the InboundMessage is the same code in both
(map_message). CPU time (process_time), best of R runs of N messages, old and new interleaved;
both paths are checked to give the same InboundMessage first.
"""

from __future__ import annotations

import argparse
import base64
import hmac
import sys
import time
import timeit
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import ParseError

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

import defusedxml
import defusedxml.ElementTree as SafeET
from wechatpy import parse_message
from wechatpy.crypto import PrpCrypto, WeChatCrypto
from wechatpy.utils import WeChatSigner

from channels.wechat_inbound import (
    Rejected,
    check_query,
    map_message,
    parse_xml,
    read_inbound,
    sign,
)

# Tencent's WXBizMsgCrypt sample credentials (see tests/channels/test_wechat_inbound.py).
TOKEN = "spamtest"
AES_KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"
APPID = "wx2c2769f8efd9abc2"
KEYS = frozenset({"start", "progress", "help"})
TEXT = "我家门口的路灯坏了三个星期了，晚上很黑，老人出门不方便，请尽快派人修理。"  # like bench_load
PLAIN = ("<xml><ToUserName><![CDATA[gh_jinhu]]></ToUserName><FromUserName><![CDATA["
         "oJinhu0000000000000000000042]]></FromUserName><CreateTime>1764140000</CreateTime>"
         f"<MsgType><![CDATA[text]]></MsgType><Content><![CDATA[{TEXT}]]></Content>"
         "<MsgId>24123456789012345</MsgId></xml>").encode()


def _requests(now: int) -> dict[str, tuple[bytes, dict[str, str]]]:
    ts, nonce = str(now), "1320562132"
    query = {"signature": sign(TOKEN, ts, nonce), "timestamp": ts, "nonce": nonce,
             "openid": "oJinhu0000000000000000000042"}
    sealed = WeChatCrypto(TOKEN, AES_KEY, APPID).encrypt_message(PLAIN.decode(), nonce, ts)
    encrypt = parse_xml(sealed.encode())["Encrypt"]
    body = (f"<xml><ToUserName><![CDATA[gh_jinhu]]></ToUserName><Encrypt><![CDATA[{encrypt}]]>"
            "</Encrypt></xml>").encode()
    aes = {**query, "encrypt_type": "aes", "msg_signature": sign(TOKEN, ts, nonce, encrypt)}
    return {"text, raw": (PLAIN, query), "text, encrypted (aes)": (body, aes)}


# --- the old path, as channels/wechat_inbound.py had it -----------------------------------

def old_sign(*parts: str) -> str:
    signer = WeChatSigner()
    signer.add_data(*parts)
    return str(signer.signature)


def old_signature_ok(token: str, signature: str, timestamp: str, nonce: str,
                     extra: str | None = None) -> bool:
    parts = [token, timestamp, nonce] + ([extra] if extra is not None else [])
    return bool(signature) and hmac.compare_digest(old_sign(*parts).encode(),
                                                   signature.encode())


def old_check_query(query: Any, token: str, replay_window: int) -> None:
    signature, timestamp, nonce = (query.get(k, "") for k in ("signature", "timestamp", "nonce"))
    if not (signature and timestamp and nonce):
        raise Rejected(403, "missing signature, timestamp or nonce")
    if len(timestamp) > 12 or not timestamp.isdigit():
        raise Rejected(403, "malformed timestamp")
    if replay_window > 0 and abs(time.time() - int(timestamp)) > replay_window:
        raise Rejected(403, "timestamp outside the replay window")
    if not old_signature_ok(token, signature, timestamp, nonce):
        raise Rejected(403, "bad signature")


def safe_root(body: bytes) -> Any:
    """The old safety parse: defusedxml, refusing DOCTYPE/entities and malformed XML."""
    try:
        root = SafeET.fromstring(body, forbid_dtd=True, forbid_entities=True,
                                 forbid_external=True)
    except defusedxml.DefusedXmlException:
        raise Rejected(400, "XML with DOCTYPE or entities refused") from None
    except (ParseError, ValueError):
        raise Rejected(400, "malformed XML") from None
    if root.tag != "xml":
        raise Rejected(400, "root element is not <xml>")
    return root


def old_read_message(body: bytes, query: Any) -> bytes:
    root = safe_root(body)
    if query.get("encrypt_type", "raw").lower() == "aes":
        encrypt = (root.findtext("Encrypt") or "").strip()
        if not old_signature_ok(TOKEN, query.get("msg_signature", ""), query["timestamp"],
                                query["nonce"], encrypt):
            raise Rejected(403, "bad msg_signature")
        plain = PrpCrypto(base64.b64decode(AES_KEY + "=")).decrypt(encrypt, APPID)
        plain = plain if isinstance(plain, bytes) else str(plain).encode("utf-8")
        safe_root(plain)
        return plain
    return body


def old_path(body: bytes, query: Any) -> Any:
    old_check_query(query, TOKEN, 300)
    xml = old_read_message(body, query)
    msg = parse_message(xml.decode("utf-8"))  # the second parse of the plaintext
    return map_message(msg._data, click_keys=KEYS, received_at=1.0)


def new_path(body: bytes, query: Any) -> Any:
    check_query(query, TOKEN, 300)
    return read_inbound(body, query, token=TOKEN, aes_key=AES_KEY, appid=APPID,
                        click_keys=KEYS, received_at=1.0)


def old_parse(xml: bytes) -> Any:
    safe_root(xml)
    return parse_message(xml.decode("utf-8"))._data


def best_us(func: Any, args: tuple[Any, ...], number: int) -> float:
    return min(timeit.repeat(lambda: func(*args), timer=time.process_time, number=number,
                             repeat=1)) / number * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--number", type=int, default=2000, help="messages per run")
    parser.add_argument("--repeat", type=int, default=7, help="runs; the best counts")
    args = parser.parse_args()
    rows: list[tuple[str, Any, Any, tuple[Any, ...]]] = []
    for name, (body, query) in _requests(int(time.time())).items():
        assert old_path(body, query) == new_path(body, query)
        rows.append((f"{name}: signature, read, map", old_path, new_path, (body, query)))
    assert old_parse(PLAIN) == parse_xml(PLAIN)
    rows.append(("parse of the plaintext only", old_parse, parse_xml, (PLAIN,)))

    print(f"CPU µs per message, best of {args.repeat} runs of {args.number}")
    print(f"{'':44} {'old':>8} {'new':>8} {'old/new':>8}")
    for label, old, new, call in rows:
        old_best = new_best = float("inf")
        for _ in range(args.repeat):  # interleaved, so both see the same neighbours
            old_best = min(old_best, best_us(old, call, args.number))
            new_best = min(new_best, best_us(new, call, args.number))
        print(f"{label:44} {old_best:8.1f} {new_best:8.1f} {old_best / new_best:7.1f}x")


if __name__ == "__main__":
    main()
