"""Staff console access: accounts, login, sessions, lockout, CSRF, roles, logout, audit —
over real HTTP on the real app with a real Redis."""

from __future__ import annotations

import asyncio
import collections
import re
import secrets
import statistics
import time
from collections.abc import Callable
from typing import Any

import orjson
import pytest

from bot import appkeys, keys
from bot.console.auth import AccountExists, Accounts
from bot.settings import Settings
from tests.bot.test_console_helpers import (
    PASSWORD,
    add_user,
    console_client,
    csrf_of,
    login,
    seed_review_case,
)


async def test_password_is_stored_as_argon2id_hash(aiohttp_client: Any, redis: Any,
                                                   make_settings: Callable[..., Settings]) -> None:
    client = await console_client(aiohttp_client, make_settings())
    await add_user(client, "wang", "admin")
    record = orjson.loads(await redis.hget(keys.STAFF_USERS, "wang"))
    assert record["role"] == "admin"
    assert record["hash"].startswith("$argon2id$") and PASSWORD not in record["hash"]
    with pytest.raises(AccountExists):
        await add_user(client, "wang")


async def test_pages_need_login_and_redirect_back(aiohttp_client: Any,
                                                  make_settings: Callable[..., Settings]) -> None:
    client = await console_client(aiohttp_client, make_settings())
    for path in ("/staff/", "/staff/situation", "/staff/audit", "/staff/case/" + "a" * 32):
        resp = await client.get(path, allow_redirects=False)
        assert resp.status == 303
        assert resp.headers["Location"].startswith("/staff/login?next=")
    resp = await client.post("/staff/case/" + "a" * 32 + "/close", data={"reason": "test"})
    assert resp.status == 401


async def test_login_sets_a_strict_httponly_session_cookie(
        aiohttp_client: Any, make_settings: Callable[..., Settings], redis: Any) -> None:
    client = await console_client(aiohttp_client, make_settings())
    await add_user(client, "li")
    page = await client.get("/staff/login")
    resp = await client.post("/staff/login", data={
        "_csrf": csrf_of(await page.text()), "username": "li", "password": PASSWORD,
        "next": "/staff/situation"}, allow_redirects=False)
    assert resp.status == 303 and resp.headers["Location"] == "/staff/situation"
    cookie = resp.cookies["pb_staff"]
    assert cookie["httponly"] and cookie["samesite"] == "Strict" and not cookie["secure"]
    assert cookie["path"] == "/staff/"
    # The server keeps only a digest of the token, with an expiry.
    stored = await redis.keys(keys.STAFF_SESSIONS + "*")
    assert len(stored) == 1 and cookie.value not in stored[0].decode()
    assert 0 < await redis.ttl(stored[0]) <= 12 * 3600
    assert (await client.get("/staff/situation")).status == 200


async def test_cookie_is_secure_behind_https(aiohttp_client: Any,
                                             make_settings: Callable[..., Settings]) -> None:
    client = await console_client(
        aiohttp_client, make_settings(PETITION_PUBLIC_URL="https://xf.jinhu.gov.cn"))
    await add_user(client, "li")
    page = await client.get("/staff/login")
    assert page.cookies["pb_staff_login"]["secure"]
    # The test talks plain http, so the client keeps Secure cookies to itself: send it by hand.
    resp = await client.post("/staff/login", data={
        "_csrf": csrf_of(await page.text()), "username": "li", "password": PASSWORD},
        headers={"Cookie": f"pb_staff_login={page.cookies['pb_staff_login'].value}"},
        allow_redirects=False)
    assert resp.status == 303
    assert resp.cookies["pb_staff"]["secure"] and resp.cookies["pb_staff"]["httponly"]


async def test_open_redirect_is_refused(aiohttp_client: Any,
                                        make_settings: Callable[..., Settings]) -> None:
    client = await console_client(aiohttp_client, make_settings())
    await add_user(client, "li")
    for evil in ("https://evil.example/", "//evil.example/staff/", "/staff/\\evil"):
        page = await client.get("/staff/login")
        resp = await client.post("/staff/login", data={
            "_csrf": csrf_of(await page.text()), "username": "li", "password": PASSWORD,
            "next": evil}, allow_redirects=False)
        assert resp.headers["Location"] == "/staff/"


async def test_wrong_password_and_unknown_user_are_refused_alike(
        aiohttp_client: Any, make_settings: Callable[..., Settings]) -> None:
    client = await console_client(aiohttp_client, make_settings())
    await add_user(client, "li")
    texts = []
    for name, pw in (("li", "wrong password"), ("nobody", PASSWORD)):
        page = await client.get("/staff/login")
        resp = await client.post("/staff/login", data={
            "_csrf": csrf_of(await page.text()), "username": name, "password": pw})
        assert resp.status == 401 and "pb_staff" not in resp.cookies
        texts.append(await resp.text())
    assert "用户名或密码错误" in texts[0] and "用户名或密码错误" in texts[1]
    assert (await client.get("/staff/", allow_redirects=False)).status == 303


async def test_lockout_after_repeated_failures(aiohttp_client: Any, redis: Any,
                                               make_settings: Callable[..., Settings]) -> None:
    client = await console_client(aiohttp_client, make_settings(
        PETITION_STAFF_LOCKOUT_FAILURES="3", PETITION_STAFF_LOCKOUT_MINUTES="7"))
    await add_user(client, "li")

    async def attempt(pw: str) -> Any:
        page = await client.get("/staff/login")
        return await client.post("/staff/login", data={
            "_csrf": csrf_of(await page.text()), "username": "li", "password": pw},
            allow_redirects=False)

    assert (await attempt("bad-1")).status == 401
    assert (await attempt("bad-2")).status == 401
    third = await attempt("bad-3")
    assert third.status == 429 and "7 分钟" in await third.text()
    # Even the right password is refused while locked.
    right = await attempt(PASSWORD)
    assert right.status == 429 and "pb_staff" not in right.cookies
    ttl = await redis.ttl(keys.staff_login_failures("li"))
    assert 0 < ttl <= 7 * 60
    await redis.delete(keys.staff_login_failures("li"))  # the window passes
    assert (await attempt(PASSWORD)).status == 303
    actions = [orjson.loads(e)["action"] for e in await redis.lrange(keys.STAFF_AUDIT, 0, -1)]
    assert actions.count("login_failed") == 2 and actions.count("login_locked") == 2
    assert actions[0] == "login"


async def test_login_form_needs_its_csrf_token(aiohttp_client: Any,
                                               make_settings: Callable[..., Settings]) -> None:
    client = await console_client(aiohttp_client, make_settings())
    await add_user(client, "li")
    await client.get("/staff/login")
    resp = await client.post("/staff/login", data={"_csrf": "forged", "username": "li",
                                                   "password": PASSWORD}, allow_redirects=False)
    assert resp.status == 403 and "pb_staff" not in resp.cookies


async def test_every_post_needs_the_session_csrf_token(
        aiohttp_client: Any, redis: Any, make_settings: Callable[..., Settings]) -> None:
    client = await console_client(aiohttp_client, make_settings())
    await add_user(client, "li", "admin")
    token = await login(client, "li")
    case_id = await seed_review_case(client)
    before = await redis.hgetall(keys.case_record(case_id))
    conv = "web:" + "1" * 24
    posts = [f"/staff/case/{case_id}/close", f"/staff/case/{case_id}/send",
             f"/staff/conv/{conv}/take", f"/staff/conv/{conv}/reply",
             f"/staff/conv/{conv}/hand-back", f"/staff/conv/{conv}/create-case",
             f"/staff/conv/{conv}/close", "/staff/dead/x-1/resend", "/staff/logout"]
    for path in posts:
        for bad in ({}, {"_csrf": "wrong"}, {"_csrf": token[:-1]}):
            resp = await client.post(path, data={**bad, "reason": "test", "text": "hi"},
                                     allow_redirects=False)
            assert resp.status == 403, path
            assert "安全校验未通过" in await resp.text()
    assert await redis.hgetall(keys.case_record(case_id)) == before
    assert (await client.get("/staff/")).status == 200  # still logged in: logout was refused too


async def test_reviewer_cannot_open_admin_pages(aiohttp_client: Any, redis: Any,
                                                make_settings: Callable[..., Settings]) -> None:
    client = await console_client(aiohttp_client, make_settings())
    await add_user(client, "li", "reviewer")
    token = await login(client, "li")
    queue = await (await client.get("/staff/")).text()
    assert "/staff/audit" not in queue and "/staff/dead" not in queue
    for path in ("/staff/audit", "/staff/dead"):
        resp = await client.get(path)
        assert resp.status == 403 and "没有权限" in await resp.text()
    resp = await client.post("/staff/dead/x-1/resend", data={"_csrf": token},
                             allow_redirects=False)
    assert resp.status == 403
    assert not [e for e in await redis.lrange(keys.STAFF_AUDIT, 0, -1)
                if orjson.loads(e)["action"] == "resend"]


async def test_admin_sees_the_audit_log_without_personal_data(
        aiohttp_client: Any, make_settings: Callable[..., Settings]) -> None:
    client = await console_client(aiohttp_client, make_settings())
    await add_user(client, "boss", "admin")
    token = await login(client, "boss")
    case_id = await seed_review_case(client)
    resp = await client.post(f"/staff/case/{case_id}/close",
                             data={"_csrf": token, "reason": "duplicate", "note": "张三 13800000000"})
    assert resp.status == 200
    audit = await client.get("/staff/audit")
    assert audit.status == 200
    text = await audit.text()
    assert "关闭为非信访事项" in text and "boss" in text and "登录" in text
    number = (await client.app[appkeys.CASES].get(case_id)).number  # type: ignore[union-attr]
    assert number in text and "重复提交" in text  # JH numbers and Chinese labels (issue 16)
    assert "13800000000" not in text and "张三" not in text


async def test_role_change_and_removed_account_take_effect_at_once(
        aiohttp_client: Any, redis: Any, make_settings: Callable[..., Settings]) -> None:
    client = await console_client(aiohttp_client, make_settings())
    await add_user(client, "li", "admin")
    await login(client, "li")
    assert (await client.get("/staff/audit")).status == 200
    record = orjson.loads(await redis.hget(keys.STAFF_USERS, "li"))
    record["role"] = "reviewer"
    await redis.hset(keys.STAFF_USERS, "li", orjson.dumps(record))
    assert (await client.get("/staff/audit")).status == 403
    await redis.hdel(keys.STAFF_USERS, "li")
    assert (await client.get("/staff/", allow_redirects=False)).status == 303


async def test_logout_ends_the_session(aiohttp_client: Any, redis: Any,
                                       make_settings: Callable[..., Settings]) -> None:
    client = await console_client(aiohttp_client, make_settings())
    await add_user(client, "li")
    token = await login(client, "li")
    resp = await client.post("/staff/logout", data={"_csrf": token}, allow_redirects=False)
    assert resp.status == 303 and resp.headers["Location"] == "/staff/login?m=out"
    assert await redis.keys(keys.STAFF_SESSIONS + "*") == []
    assert (await client.get("/staff/", allow_redirects=False)).status == 303


async def test_session_expires_with_its_redis_key(aiohttp_client: Any, redis: Any,
                                                  make_settings: Callable[..., Settings]) -> None:
    client = await console_client(aiohttp_client, make_settings(PETITION_STAFF_SESSION_HOURS="1"))
    await add_user(client, "li")
    await login(client, "li")
    [key] = await redis.keys(keys.STAFF_SESSIONS + "*")
    assert 3500 < await redis.ttl(key) <= 3600
    await redis.delete(key)  # what expiry does
    assert (await client.get("/staff/", allow_redirects=False)).status == 303


async def test_pages_carry_security_headers_and_no_external_resources(
        aiohttp_client: Any, make_settings: Callable[..., Settings]) -> None:
    client = await console_client(aiohttp_client, make_settings())
    await add_user(client, "li")
    await login(client, "li")
    for path in ("/staff/login", "/staff/", "/staff/situation"):
        resp = await client.get(path)
        csp = resp.headers["Content-Security-Policy"]
        assert "default-src 'none'" in csp and "frame-ancestors 'none'" in csp
        assert resp.headers["X-Frame-Options"] == "DENY"
        html = await resp.text()
        assert '<html lang="zh-CN">' in html
        assert "http://" not in html.replace('xmlns="http://www.w3.org/2000/svg"', "")
        assert "https://" not in html
        # Only the console's own live-update script, no inline code (issue 16).
        scripts = re.findall(r"<script[^>]*>", html)
        assert scripts in ([], ['<script src="/staff/static/live.js" defer>'])
        assert "'unsafe-inline'" not in csp and "'unsafe-eval'" not in csp
        assert "script-src 'self'" in csp


async def test_accounts_refuse_bad_names_and_roles(
        redis: Any, make_settings: Callable[..., Settings]) -> None:
    accounts = Accounts(redis, make_settings().staff)
    for name, role in (("a", "reviewer"), ("li wei", "reviewer"), ("li", "root")):
        with pytest.raises(ValueError):
            await accounts.add(name, PASSWORD, role)
    assert await redis.hlen(keys.STAFF_USERS) == 0


# --- F2: counting before checking, per IP, and no hash for unknown names -----------------------

class CountingVerify:
    """Wraps the password check to count how many hashes were computed."""

    def __init__(self, real: Callable[[str, str], bool]):
        self.real, self.calls = real, 0

    def __call__(self, stored: str, password: str) -> bool:
        from bot.console import auth

        if stored != auth._DUMMY_HASH:  # (the one-time measurement of what a check costs)
            self.calls += 1
        return self.real(stored, password)


@pytest.fixture
def verify_calls(monkeypatch: pytest.MonkeyPatch) -> CountingVerify:
    from bot.console import auth

    counter = CountingVerify(auth._verify)
    monkeypatch.setattr(auth, "_verify", counter)
    monkeypatch.setattr(auth, "_costs", collections.deque(maxlen=16))
    return counter


async def test_f2_a_burst_of_guesses_gets_only_the_allowed_checks(
        aiohttp_client: Any, make_settings: Callable[..., Settings],
        verify_calls: CountingVerify) -> None:
    """40 concurrent logins for one account, 39 wrong and 1 right: every request passed the
    failure check before any failure was recorded (34 x 429, 5 x 401 and a session). Now each
    attempt is counted before its password is checked: at most 5 checks, whatever the timing."""
    client = await console_client(aiohttp_client, make_settings())
    await add_user(client, "li")
    page = await client.get("/staff/login")
    token = csrf_of(await page.text())
    passwords = [f"wrong-{i}" for i in range(39)]
    passwords.insert(20, PASSWORD)

    async def attempt(pw: str) -> int:
        resp = await client.post("/staff/login", data={"_csrf": token, "username": "li",
                                                       "password": pw}, allow_redirects=False)
        return resp.status

    statuses = await asyncio.gather(*(attempt(pw) for pw in passwords))
    assert verify_calls.calls <= 5
    assert statuses.count(429) >= 35 and statuses.count(401) + statuses.count(303) <= 5


async def test_f2_random_names_cost_no_hash_and_take_as_long(
        redis: Any, make_settings: Callable[..., Settings], verify_calls: CountingVerify) -> None:
    """A flood of random user names, from many IPs: not one password hash computed (measured
    by counting the checks), yet each answer takes as long as a real check, so the timing does
    not tell which names exist."""
    settings = make_settings()
    accounts = Accounts(redis, settings.staff)
    await accounts.add("wang", PASSWORD, "reviewer")
    loop = asyncio.get_running_loop()
    started = loop.time()
    await accounts.login("wang", "wrong password", ip="198.51.100.1")
    known = loop.time() - started
    assert verify_calls.calls == 1
    costs = []
    for i in range(30):
        started = loop.time()
        result = await accounts.login(f"nobody{i}_{secrets.token_hex(4)}", "x",
                                      ip=f"203.0.113.{i}")
        costs.append(loop.time() - started)
        assert result.session_token is None
    assert verify_calls.calls == 1  # still only the one real check
    assert min(costs) >= 0.8 * known and statistics.median(costs) <= 3 * known + 0.5


async def test_f2_one_ip_is_limited_across_accounts(
        aiohttp_client: Any, redis: Any, make_settings: Callable[..., Settings],
        verify_calls: CountingVerify) -> None:
    settings = make_settings(PETITION_STAFF_LOGIN_IP_FAILURES="3")
    assert make_settings().staff.login_ip_failures == 20
    accounts = Accounts(redis, settings.staff)
    for name in ("li", "wang", "zhao"):
        await accounts.add(name, PASSWORD, "reviewer")
    for name in ("li", "wang", "zhao"):  # one wrong guess on each account: no lockout of any
        assert (await accounts.login(name, "guess", ip="198.51.100.7")).locked is False
    before = verify_calls.calls
    refused = await accounts.login("li", PASSWORD, ip="198.51.100.7")
    assert refused.locked and refused.session_token is None
    assert verify_calls.calls == before  # refused before any hash
    assert (await accounts.login("li", PASSWORD, ip="198.51.100.8")).session_token
    # Successful logins do not use up the office's allowance.
    for _ in range(5):
        assert (await accounts.login("wang", PASSWORD, ip="198.51.100.9")).session_token
    # Over HTTP the client's address is the one counted.
    client = await console_client(aiohttp_client, settings)
    for i in range(3):
        page = await client.get("/staff/login")
        await client.post("/staff/login", data={"_csrf": csrf_of(await page.text()),
                                                "username": f"x{i}x", "password": "p"})
    page = await client.get("/staff/login")
    resp = await client.post("/staff/login", data={
        "_csrf": csrf_of(await page.text()), "username": "zhao", "password": PASSWORD},
        allow_redirects=False)
    assert resp.status == 429


async def test_opening_a_case_or_a_conversation_is_in_the_audit_log(
        aiohttp_client: Any, redis: Any, make_settings: Callable[..., Settings]) -> None:
    """Privacy duty: who saw whose case, and when — the case id and the citizen's hashed
    conversation key, never what the citizen wrote."""
    from tests.bot.test_console_helpers import seed_handoff

    client = await console_client(aiohttp_client, make_settings())
    await add_user(client, "li")
    await login(client, "li")
    case_id = await seed_review_case(client)
    conv = await seed_handoff(client)
    before = time.time()
    assert (await client.get(f"/staff/case/{case_id}")).status == 200
    assert (await client.get(f"/staff/conv/{conv}")).status == 200
    assert (await client.get(f"/staff/case/{'b' * 32}")).status == 404  # nothing seen
    entries = [orjson.loads(e) for e in await redis.lrange(keys.STAFF_AUDIT, 0, -1)]
    views = [e for e in entries if e["action"].startswith("view_")]
    assert [(e["user"], e["action"], e["target"]) for e in views] == [
        ("li", "view_conversation", conv), ("li", "view_case", case_id)]
    assert views[1]["detail"] == "web:" + "0" * 24  # whose case: the citizen, pseudonymous
    assert all(before - 1 <= e["time"] <= time.time() for e in views)
    assert "李四" not in str(entries) and "13900000000" not in str(entries)
    await add_user(client, "boss", "admin")
    await login(client, "boss")
    page = await (await client.get("/staff/audit")).text()
    assert "查看案件" in page and "查看对话" in page
