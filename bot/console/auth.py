"""Staff accounts, sessions, CSRF tokens, lockout and the audit log — all in Redis.

Passwords: argon2id (argon2-cffi's defaults, memory-hard), verified in a worker thread so a login
never stalls the event loop. Sessions: a random token in an HttpOnly cookie; Redis holds only its
SHA-256 with the user, role and the session's CSRF token, and expires it. Lockout: login attempts
are counted before the password is checked, per account (name hashed) and per client IP, for
`lockout_minutes`; at `lockout_failures` the account refuses every password, right or wrong,
until the window passes, and an IP with `login_ip_failures` failed attempts is refused for
every account. A successful login clears its account's count and does not count for its IP.
"""

from __future__ import annotations

import asyncio
import collections
import hashlib
import hmac
import re
import secrets
import time
from dataclasses import dataclass
from typing import Any

import orjson
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from redis.asyncio import Redis

from bot import keys
from bot.settings import StaffSettings

ROLES = ("reviewer", "admin")
USERNAME_RE = re.compile(r"^[A-Za-z0-9_.-]{2,32}$")
AUDIT_KEEP = 50_000

_hasher = PasswordHasher()  # argon2id
# Verified against when the account does not exist, so that a wrong name costs the same time
# as a wrong password and does not reveal which accounts exist.
_DUMMY_HASH = _hasher.hash(secrets.token_hex(16))


class AccountExists(Exception):
    pass


@dataclass(frozen=True, slots=True)
class Session:
    token_digest: str
    user: str
    role: str
    csrf: str
    created: float

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"


@dataclass(frozen=True, slots=True)
class LoginResult:
    session_token: str | None  # set on success
    locked: bool = False


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def tokens_equal(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode(), b.encode())


def hash_password(password: str) -> str:
    return _hasher.hash(password)


class Accounts:
    def __init__(self, redis: Redis, settings: StaffSettings):
        self.redis = redis
        self.settings = settings

    # --- accounts --------------------------------------------------------------------------

    async def add(self, username: str, password: str, role: str) -> None:
        if role not in ROLES or not USERNAME_RE.match(username):
            raise ValueError("bad username or role")
        loop = asyncio.get_running_loop()
        digest = await loop.run_in_executor(None, hash_password, password)
        record = orjson.dumps({"hash": digest, "role": role, "created": time.time()})
        if not await self.redis.hsetnx(keys.STAFF_USERS, username, record):
            raise AccountExists(username)

    async def remove(self, username: str) -> bool:
        """Delete the account; its open sessions end at their next request."""
        return bool(await self.redis.hdel(keys.STAFF_USERS, username))

    async def set_password(self, username: str, password: str) -> bool:
        record = await self.user(username)
        if record is None:
            return False
        loop = asyncio.get_running_loop()
        record["hash"] = await loop.run_in_executor(None, hash_password, password)
        await self.redis.hset(keys.STAFF_USERS, username, orjson.dumps(record))
        await self.redis.delete(keys.staff_login_failures(username))  # and lift a lockout
        return True

    async def user(self, username: str) -> dict[str, Any] | None:
        raw = await self.redis.hget(keys.STAFF_USERS, username)
        return orjson.loads(raw) if raw else None

    # --- login -----------------------------------------------------------------------------

    async def login(self, username: str, password: str, ip: str = "") -> LoginResult:
        """Counting comes first, atomically (INCR), and a password is checked only within the
        limits: a burst of concurrent guesses gets at most `lockout_failures` checks per
        account and `login_ip_failures` per client IP in each window, not one each. An unknown
        name costs no hash at all: the answer waits as long as a check takes, so the timing
        does not tell which accounts exist, but a flood of random names burns no CPU."""
        window = self.settings.lockout_minutes * 60
        ip_key = keys.staff_login_ip(_digest(ip)[:24]) if ip else None
        fail_key = keys.staff_login_failures(username)
        pipe = self.redis.pipeline(transaction=True)
        if ip_key:
            pipe.incr(ip_key)
            pipe.expire(ip_key, window)
        pipe.incr(fail_key)
        pipe.expire(fail_key, window)
        counts = await pipe.execute()
        ip_count = int(counts[0]) if ip_key else 0
        failures = int(counts[-2])
        limit = self.settings.lockout_failures
        if failures > limit or (ip_key and ip_count > self.settings.login_ip_failures):
            return LoginResult(None, locked=True)
        record = await self.user(username) if USERNAME_RE.match(username) else None
        loop = asyncio.get_running_loop()
        if record is None:
            await asyncio.sleep(await _verify_cost(loop))
            return LoginResult(None, locked=failures >= limit)
        started = time.perf_counter()
        ok = await loop.run_in_executor(None, _verify, record["hash"], password)
        _note_verify_cost(time.perf_counter() - started)
        if not ok:
            return LoginResult(None, locked=failures >= limit)
        pipe = self.redis.pipeline(transaction=True)
        pipe.delete(fail_key)
        if ip_key:
            pipe.decr(ip_key)  # the office's own logins never count against its IP
            pipe.expire(ip_key, window)  # (never a key without a lifetime)
        await pipe.execute()
        if _hasher.check_needs_rehash(record["hash"]):
            record["hash"] = await loop.run_in_executor(None, hash_password, password)
            await self.redis.hset(keys.STAFF_USERS, username, orjson.dumps(record))
        token = secrets.token_urlsafe(32)
        session = {"user": username, "role": record["role"], "csrf": secrets.token_urlsafe(32),
                   "created": time.time()}
        await self.redis.set(keys.staff_session(_digest(token)), orjson.dumps(session),
                             ex=self.session_seconds)
        return LoginResult(token)

    @property
    def session_seconds(self) -> int:
        return max(60, int(self.settings.session_hours * 3600))

    async def session(self, token: str | None) -> Session | None:
        """The live session of this cookie, with the account's current role (a removed account
        or a changed role takes effect at once)."""
        if not token or len(token) > 128:
            return None
        digest = _digest(token)
        raw = await self.redis.get(keys.staff_session(digest))
        if not raw:
            return None
        data = orjson.loads(raw)
        record = await self.user(data["user"])
        if record is None:
            await self.redis.delete(keys.staff_session(digest))
            return None
        return Session(digest, data["user"], record["role"], data["csrf"], data["created"])

    async def logout(self, session: Session) -> None:
        await self.redis.delete(keys.staff_session(session.token_digest))

    # --- audit -----------------------------------------------------------------------------

    async def audit(self, user: str, action: str, target: str = "", detail: str = "") -> None:
        """Who did what to which case/conversation, and when. Targets are case ids and hashed
        conversation keys; details are codes, never what a citizen wrote."""
        entry = orjson.dumps({"time": time.time(), "user": user, "action": action,
                              "target": target, "detail": detail})
        pipe = self.redis.pipeline(transaction=True)
        pipe.lpush(keys.STAFF_AUDIT, entry)
        pipe.ltrim(keys.STAFF_AUDIT, 0, AUDIT_KEEP - 1)
        await pipe.execute()

    async def audit_entries(self, limit: int = 500) -> list[dict[str, Any]]:
        rows = await self.redis.lrange(keys.STAFF_AUDIT, 0, limit - 1)
        return [orjson.loads(r) for r in rows]


_costs: collections.deque[float] = collections.deque(maxlen=16)  # recent password checks


def _note_verify_cost(seconds: float) -> None:
    _costs.append(seconds)


async def _verify_cost(loop: asyncio.AbstractEventLoop) -> float:
    """How long a password check takes here: the mean of the recent real checks (measured once
    on the dummy hash when there are none yet), with a little jitter, as real checks have."""
    if not _costs:
        started = time.perf_counter()
        await loop.run_in_executor(None, _verify, _DUMMY_HASH, secrets.token_hex(8))
        _note_verify_cost(time.perf_counter() - started)
    return sum(_costs) / len(_costs) * (0.9 + 0.2 * secrets.randbelow(1000) / 1000)


def _verify(stored: str, password: str) -> bool:
    try:
        return bool(_hasher.verify(stored, password))
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False
