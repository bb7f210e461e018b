"""`petition-bot staff add USERNAME [--role reviewer|admin]`: create a staff account.

The password is read from standard input (one line; without echo when it is a terminal), never
from the command line, where it would show in `ps` and the shell history.
"""

from __future__ import annotations

import argparse
import asyncio
import getpass
import sys

from bot.console.auth import ROLES, USERNAME_RE, AccountExists, Accounts
from bot.console.text import ConsoleText
from bot.redisconn import open_redis
from bot.settings import Settings, SettingsError, load_settings


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = subparsers.add_parser("staff", help="manage staff console accounts")
    staff = p.add_subparsers(dest="staff_command", required=True, metavar="ACTION")
    add = staff.add_parser(
        "add", help="create an account; the password is read from stdin",
        description="Create a staff console account. The password is read from stdin (one "
                    "line, at least 10 characters), never from the command line.")
    add.add_argument("username")
    add.add_argument("--role", choices=ROLES, default="reviewer",
                     help="reviewer (default) or admin (also sees dead letters and the audit log)")
    add.set_defaults(func=cmd_staff_add)


def _read_password(text: ConsoleText) -> str:
    if sys.stdin.isatty():
        return getpass.getpass(text("cli.password_prompt"))
    return sys.stdin.readline().rstrip("\r\n")


def cmd_staff_add(args: argparse.Namespace) -> int:
    try:
        settings = load_settings()
    except SettingsError as exc:
        print(f"petition-bot: {exc}", file=sys.stderr)
        return 2
    text = ConsoleText.load(settings.config_dir)
    if not USERNAME_RE.match(args.username):
        print(text("cli.username_bad"), file=sys.stderr)
        return 2
    password = _read_password(text)
    minimum = int(text.number("limits.password_min", 10))
    if len(password) < minimum:
        print(text("cli.password_short", n=minimum), file=sys.stderr)
        return 2
    try:
        asyncio.run(add_account(settings, args.username, password, args.role))
    except AccountExists:
        print(text("cli.exists", user=args.username), file=sys.stderr)
        return 1
    print(text("cli.created", user=args.username, role=text(f"roles.{args.role}")))
    return 0


async def add_account(settings: Settings, username: str, password: str, role: str) -> None:
    async with open_redis(settings) as (redis, _embedded):
        await Accounts(redis, settings.staff).add(username, password, role)
