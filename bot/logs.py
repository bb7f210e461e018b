"""Structured logging: one JSON line per event. Never log personal data: log conversation keys
(already hashed), case ids and outcomes, not names, phone numbers or petition text.

Libraries log what they see: httpx writes every request URL at INFO (WeChat's token URL carries
the AppSecret, its media and 客服消息 URLs the access token, QQ's the citizen's openid in the
path), aiohttp's access log the request line (a Tencent callback's token, WeChat's openid in the
query). `install_redaction` rewrites every record of those libraries when it is created, at any
level and for any handler: query strings become "?…" and identifier-like path segments "…".
"""

from __future__ import annotations

import logging
import re
import sys
import time
from typing import Any

import orjson


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "ts": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created))
            + f".{int(record.msecs):03d}Z",
            "level": record.levelname.lower(),
            "logger": record.name,
            "msg": record.getMessage(),
        }
        if record.exc_info:
            # The type and where, not the message: exception texts can quote citizen input.
            exc_type = record.exc_info[0]
            entry["exc"] = exc_type.__name__ if exc_type else "Exception"
            tb = record.exc_info[2]
            while tb is not None and tb.tb_next is not None:
                tb = tb.tb_next
            if tb is not None:
                entry["at"] = f"{tb.tb_frame.f_code.co_filename}:{tb.tb_lineno}"
        return orjson.dumps(entry).decode()


def setup_logging(level: str = "INFO") -> None:
    install_redaction()
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    # Quiet by default as well as redacted: one line per request is noise at INFO.
    for name in ("aiohttp.access", "httpx", "httpcore", "twilio", "jieba"):
        logging.getLogger(name).setLevel(logging.WARNING)


# Loggers of the libraries that see URLs, headers or bodies (a name or its children).
LIBRARIES = ("httpx", "httpcore", "h11", "h2", "hpack", "aiohttp", "twilio", "urllib3",
             "redis", "wechatpy", "asyncio", "multipart")
_QUERY = re.compile(r"""(/[^\s"'<>?#]*)\?[^\s"'<>#]*""")
# A path segment that looks like an identifier (openids, media ids, tokens, account ids): long,
# with a digit in it; the words of API paths (users, messages, cgi-bin) are kept.
_ID_SEGMENT = re.compile(r"""(?<![:/])/(?=[^/:\s"'<>?#]*[0-9])[^/:\s"'<>?#]{12,}""")
_SECRET_FIELD = re.compile(r"""((?:secret|token|password|signature|openid|mobile|phone)"""
                           r"""[\w-]*['"]?\s*[:=]\s*['"]?)[^\s'",&)}]+""", re.IGNORECASE)


def redact(text: str) -> str:
    """`text` without query strings, identifier-like path segments and `secret=…`-like
    values."""
    text = _QUERY.sub(r"\1?…", text)
    text = _ID_SEGMENT.sub("/…", text)
    return _SECRET_FIELD.sub(r"\1…", text)


def _is_library(name: str) -> bool:
    return name.split(".", 1)[0] in LIBRARIES


_installed: dict[str, Any] = {}


def install_redaction() -> None:
    """Wrap the log record factory once per process: records of LIBRARIES are created already
    redacted (message rendered with its arguments, then cleaned), before any handler, filter or
    level of anyone's configuration sees them."""
    if _installed:
        return
    previous = logging.getLogRecordFactory()

    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = previous(*args, **kwargs)
        if _is_library(record.name):
            try:
                message = record.getMessage()
            except Exception:  # noqa: BLE001 - a library's formatting bug: keep its template
                message = str(record.msg)
            record.msg, record.args = redact(message), ()
        return record

    logging.setLogRecordFactory(factory)
    _installed["factory"] = factory
