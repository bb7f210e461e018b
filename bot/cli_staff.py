"""`petition-bot staff add USERNAME [--role reviewer|admin]`: create a staff account; also
`staff passwd USERNAME` (new password, lifts a lockout) and `staff remove USERNAME`.

Passwords are read from standard input (one line; without echo when it is a terminal), never
from the command line, where they would show in `ps` and the shell history.
"""

from __future__ import annotations

import argparse
import asyncio
import getpass
import sys
from collections.abc import Awaitable, Callable
from typing import Any

from bot.console.auth import ROLES, USERNAME_RE, AccountExists, Accounts
from bot.console.text import ConsoleText
from bot.redisconn import open_redis
from bot.settings import Settings, settings_or_exit

USERNAME_HELP = "account name: letters, digits, '.', '_' or '-', 2 to 32 characters"


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = subparsers.add_parser("staff", help="manage staff console accounts")
    staff = p.add_subparsers(dest="staff_command", required=True, metavar="ACTION")
    add = staff.add_parser(
        "add", help="create an account; the password is read from stdin",
        description="Create a staff console account. The password is read from stdin (one "
                    "line, at least 10 characters), never from the command line.")
    add.add_argument("username", help=USERNAME_HELP)
    add.add_argument("--role", choices=ROLES, default="reviewer",
                     help="reviewer (default) or admin (also sees dead letters and the audit log)")
    add.set_defaults(func=cmd_staff_add)
    passwd = staff.add_parser(
        "passwd", help="set a new password (read from stdin); also lifts a lockout",
        description="Set a staff account's password, read from stdin (one line).")
    passwd.add_argument("username", help=USERNAME_HELP)
    passwd.set_defaults(func=cmd_staff_passwd)
    remove = staff.add_parser("remove", help="delete an account; its sessions end at once")
    remove.add_argument("username", help=USERNAME_HELP)
    remove.set_defaults(func=cmd_staff_remove)


def _read_password(text: ConsoleText) -> str:
    if sys.stdin.isatty():
        return getpass.getpass(text("cli.password_prompt"))
    return sys.stdin.readline().rstrip("\r\n")


def _prepare(username: str) -> tuple[Settings, ConsoleText] | int:
    settings = settings_or_exit()
    text = ConsoleText.load(settings.config_dir)
    if not USERNAME_RE.match(username):
        print(text("cli.username_bad"), file=sys.stderr)
        return 2
    return settings, text


def _prepare_with_password(username: str) -> tuple[Settings, ConsoleText, str] | int:
    prepared = _prepare(username)
    if isinstance(prepared, int):
        return prepared
    settings, text = prepared
    password = _password(text)
    if password is None:
        return 2
    return settings, text, password


def _password(text: ConsoleText) -> str | None:
    password = _read_password(text)
    minimum = int(text.number("limits.password_min", 10))
    if len(password) < minimum:
        print(text("cli.password_short", n=minimum), file=sys.stderr)
        return None
    return password


def _with_accounts(settings: Settings, work: Callable[[Accounts], Awaitable[Any]]) -> Any:
    async def run() -> Any:
        async with open_redis(settings) as (redis, _embedded):
            return await work(Accounts(redis, settings.staff))

    return asyncio.run(run())


def cmd_staff_add(args: argparse.Namespace) -> int:
    prepared = _prepare_with_password(args.username)
    if isinstance(prepared, int):
        return prepared
    settings, text, password = prepared
    try:
        _with_accounts(settings, lambda a: a.add(args.username, password, args.role))
    except AccountExists:
        print(text("cli.exists", user=args.username), file=sys.stderr)
        return 1
    print(text("cli.created", user=args.username, role=text(f"roles.{args.role}")))
    return 0


def cmd_staff_passwd(args: argparse.Namespace) -> int:
    prepared = _prepare_with_password(args.username)
    if isinstance(prepared, int):
        return prepared
    settings, text, password = prepared
    if not _with_accounts(settings, lambda a: a.set_password(args.username, password)):
        print(text("cli.unknown", user=args.username), file=sys.stderr)
        return 1
    print(text("cli.password_set", user=args.username))
    return 0


def cmd_staff_remove(args: argparse.Namespace) -> int:
    prepared = _prepare(args.username)
    if isinstance(prepared, int):
        return prepared
    settings, text = prepared
    if not _with_accounts(settings, lambda a: a.remove(args.username)):
        print(text("cli.unknown", user=args.username), file=sys.stderr)
        return 1
    print(text("cli.removed", user=args.username))
    return 0
