"""The `petition-bot` command: serve, chat, and the subcommands each area registers.

The command line speaks English (help, operator messages), like the code and the docs; Chinese
is for citizens (the dialog) and staff (the console pages). tests/bot/test_cli.py holds every
subcommand's help to that.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib
from collections.abc import Sequence

from bot.settings import settings_or_exit as _settings

# Areas that add their own subcommands: each module has `register(subparsers)`. Named, not
# imported, so that bot/ does not import channels/ (a channel's own commands live with it).
SUBCOMMAND_MODULES = (
    "bot.cli_nlp",
    "bot.cli_staff",
    "bot.cli_outbox",
    "channels.wechat_cli",
    "bot.cli_purge",
)

DESCRIPTION = "Online petition intake bot of the Jinhu county petition office."
EPILOG = ("First steps: `petition-bot serve`, then open http://127.0.0.1:8080/ (the web chat is "
          "at /web, the staff console at /staff/). Create the first staff account with "
          "`petition-bot staff add USERNAME --role admin` (the password is read from stdin). "
          "Try the dialog without a browser with `petition-bot chat`.")


def cmd_serve(args: argparse.Namespace) -> int:
    from bot.serve import serve

    settings = _settings()
    return serve(settings, host=args.host or settings.server.host,
                 port=args.port or settings.server.port,
                 workers=args.workers or settings.server.workers)


def cmd_chat(args: argparse.Namespace) -> int:
    from bot.chat import chat

    try:
        return asyncio.run(chat(_settings(), user=args.user, debug=args.debug))
    except KeyboardInterrupt:  # Ctrl-C: the conversation is kept; end without a traceback
        print()
        return 130


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="petition-bot", description=DESCRIPTION, epilog=EPILOG)
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    help_ = "run the HTTP server: every channel, the staff console, the outbox worker"
    p = sub.add_parser("serve", help=help_, description=help_ + ". At start it prints the URLs "
                       "to open and whether a staff account exists.")
    p.add_argument("--host", help="listen address (default: PETITION_SERVER_HOST or 127.0.0.1)")
    p.add_argument("--port", type=int,
                   help="listen port (default: PETITION_SERVER_PORT or 8080)")
    p.add_argument("--workers", type=int,
                   help="processes sharing the port (default: PETITION_SERVER_WORKERS or 1)")
    p.set_defaults(func=cmd_serve)

    help_ = "talk to the intake dialog in this terminal"
    p = sub.add_parser("chat", help=help_, description=help_ + ", through the same engine and "
                       "store as the web chat. Its cases carry the channel `cli` and are "
                       "delivered like any other: try it with a scratch PETITION_DATA_DIR and no "
                       "PETITION_CASE_WEBHOOK_URL on a production machine.")
    p.add_argument("--user", default="",
                   help="conversation id; the same id continues the same conversation "
                        "(default: $USER)")
    p.add_argument("--debug", action="store_true",
                   help="also print the dialog state and what it expects after each reply")
    p.set_defaults(func=cmd_chat)

    for name in SUBCOMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
            continue
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    code = args.func(args)
    return int(code or 0)


if __name__ == "__main__":
    raise SystemExit(main())
