"""Progress from anywhere: `查询 <case number> <phone>` on any channel, in any conversation.

Answered by the pipeline before the dialog, because it needs the case store: the number is
looked up in the index written at submission (keys.CASE_NUMBER_INDEX), and the case is described
only when the phone matches the one it was filed with (compared in constant time). Everything
else (no such number, somebody else's case, a wrong phone, an anonymous case with no phone) gets
one and the same answer. Lookups are counted per sender, and wrong phones per case number, in
Redis, so that neither numbers nor phones can be enumerated. Sentences: config/lookup.toml.
"""

from __future__ import annotations

import hmac
import logging
import re
import time
import tomllib
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from redis.asyncio import Redis

from bot import keys
from bot.cases import CaseStore
from bot.messages import Reply

log = logging.getLogger("petition.lookup")

# 查询 JH-20261207-0042 13800000000 — the command word, separators and punctuation optional,
# full-width characters allowed (NFKC first); a landline with its area code is a phone too.
_SEP = r"[\s\-_—–－·.,，。:：;；/、()（）\[\]【】#＃]*"
LOOKUP_RE = re.compile(
    r"^\s*(?:查询进度|查进度|查询|查一下|查|进度)?" + _SEP
    + r"(?:编号|案件号|事项编号)?" + _SEP
    + r"J" + _SEP + r"H" + _SEP + r"(\d{8})" + _SEP + r"(\d{4})" + _SEP
    + r"(?:(?:手机号?|电话|联系电话|号码)" + _SEP + r")?"
    + r"((?:\+?86)?" + _SEP + r"(?:1\d{2}" + _SEP + r"\d{4}" + _SEP + r"\d{4}|0\d{2,3}"
    + _SEP + r"\d{7,8}))" + _SEP + r"$",
    re.IGNORECASE)


def parse_lookup(text: str) -> tuple[str, str] | None:
    """(case number, phone digits) when the text is a lookup with a phone, else None."""
    if not text or len(text) > 80:
        return None
    m = LOOKUP_RE.match(unicodedata.normalize("NFKC", text))
    if m is None:
        return None
    return f"JH-{m.group(1)}-{m.group(2)}", phone_digits(m.group(3))


def phone_digits(phone: str) -> str:
    """Digits only, without China's country code: how two spellings of a phone compare."""
    digits = re.sub(r"\D", "", unicodedata.normalize("NFKC", phone or ""))
    if digits.startswith("86") and len(digits) == 13:
        digits = digits[2:]
    return digits


@dataclass(frozen=True, slots=True)
class LookupTexts:
    texts: dict[str, tuple[str, str]]
    status: dict[str, str]
    per_sender: int
    window_seconds: int
    failures_per_number: int

    REQUIRED = ("found", "due", "due_provisional", "message", "nothing", "rate_limited")

    @classmethod
    def load(cls, path: Path) -> LookupTexts:
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise ValueError(f"{path}: {exc}") from exc
        missing = [n for n in cls.REQUIRED if not (data.get(n) or {}).get("text")]
        if missing or "other" not in (data.get("status") or {}):
            raise ValueError(f"{path}: [{'], ['.join(missing or ['status'])}] missing")
        limits = data.get("limits") or {}
        try:
            per, window, fails = (int(limits.get(k, d)) for k, d in (
                ("per_sender", 5), ("window_seconds", 600), ("failures_per_number", 8)))
        except (TypeError, ValueError) as exc:
            raise ValueError(f"{path}: [limits] must be whole numbers") from exc
        if per < 1 or window < 1 or fails < 1:
            raise ValueError(f"{path}: [limits] must be positive")
        texts = {n: (str(t["text"]), str(t.get("short") or t["text"]))
                 for n, t in data.items() if n in cls.REQUIRED}
        return cls(texts, {k: str(v) for k, v in data["status"].items()}, per, window, fails)

    def reply(self, name: str, **values: str) -> Reply:
        text, short = self.texts[name]
        return Reply(text=text.format(**values).strip(), short=short.format(**values).strip())


class CaseLookup:
    def __init__(self, redis: Redis, cases: CaseStore, texts: LookupTexts, *,
                 timezone: str = "Asia/Shanghai",
                 due_label: Any = None):
        """`due_label(at, provisional) -> str`: how deadlines are written (bot.deadlines)."""
        self.redis = redis
        self.cases = cases
        self.t = texts
        self.tz = ZoneInfo(timezone)
        self.due_label = due_label or (lambda at, provisional: f"{at:%Y年%m月%d日 %H:%M}前")

    async def _allowed(self, conversation_key: str, number: str) -> bool:
        now = time.time()
        window = int(now // self.t.window_seconds)
        sender_key = keys.lookup_rate(conversation_key, window)
        pipe = self.redis.pipeline(transaction=False)
        pipe.incr(sender_key)
        pipe.expire(sender_key, self.t.window_seconds * 2)
        pipe.get(keys.lookup_failures(number, time.strftime("%Y%m%d", time.gmtime(now))))
        count, _, failures = await pipe.execute()
        return int(count) <= self.t.per_sender and int(failures or 0) < \
            self.t.failures_per_number

    async def _failed(self, number: str) -> None:
        key = keys.lookup_failures(number, time.strftime("%Y%m%d", time.gmtime()))
        pipe = self.redis.pipeline(transaction=False)
        pipe.incr(key)
        pipe.expire(key, 2 * 86400)
        await pipe.execute()

    async def answer(self, conversation_key: str, number: str, phone: str) -> Reply:
        if not await self._allowed(conversation_key, number):
            log.info("lookup refused (rate) conv=%s", conversation_key)
            return self.t.reply("rate_limited")
        case_id = await self.cases.by_number(number)
        record = await self.cases.get(case_id) if case_id else None
        filed = phone_digits(str(((record.body if record else {}).get("petitioner") or {})
                                 .get("phone") or ""))
        # Compared in constant time, and always compared, so that an unknown number and a
        # wrong phone take the same path.
        match = hmac.compare_digest(filed.encode() or b"\x00", phone.encode() or b"\x01")
        if record is None or not match:
            await self._failed(number)
            log.info("lookup without a match conv=%s", conversation_key)
            return self.t.reply("nothing")
        log.info("lookup answered case_id=%s conv=%s", record.case_id, conversation_key)
        return self._describe(record)

    def _describe(self, record: Any) -> Reply:
        body = record.body
        status = self.t.status.get(record.status, self.t.status["other"])
        due = ""
        if body.get("due_at") and record.status not in ("concluded", "rejected", "not_petition"):
            at = datetime.fromisoformat(str(body["due_at"])).astimezone(self.tz)
            provisional = bool(body.get("due_provisional"))
            due = self.t.reply("due_provisional" if provisional else "due",
                               due=self.due_label(at, False)).text
        message = self.t.reply("message", message=record.status_message).text \
            if record.status_message else ""
        submitted = datetime.fromtimestamp(record.created, self.tz)
        full = self.t.reply("found", number=record.number, status=status, due=due,
                            message=message, date=f"{submitted.month}月{submitted.day}日")
        return full
