"""The `petition-bot` command: serve, chat, and the subcommands each area registers."""

from __future__ import annotations

import argparse
import asyncio
import importlib
from collections.abc import Sequence

from bot.settings import settings_or_exit as _settings

# Areas that add their own subcommands: each module has `register(subparsers)`. Named, not
# imported, so that bot/ does not import channels/ (a channel's own commands live with it).
SUBCOMMAND_MODULES = ("bot.cli_nlp", "bot.cli_staff", "bot.cli_outbox",
                      "channels.wechat_cli", "bot.cli_purge")


def cmd_serve(args: argparse.Namespace) -> int:
    from bot.serve import serve

    settings = _settings()
    return serve(settings, host=args.host or settings.server.host,
                 port=args.port or settings.server.port,
                 workers=args.workers or settings.server.workers)


def cmd_chat(args: argparse.Namespace) -> int:
    from bot.chat import chat

    return asyncio.run(chat(_settings(), user=args.user))


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="petition-bot", description="金湖县网上信访 intake bot")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("serve", help="run the HTTP server (channels, console, outbox worker)")
    p.add_argument("--host", help="listen address (default from settings: 127.0.0.1)")
    p.add_argument("--port", type=int, help="listen port (default from settings: 8080)")
    p.add_argument("--workers", type=int, help="processes sharing the port (default 1)")
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("chat", help="talk to the intake dialog in this terminal")
    p.add_argument("--user", default="", help="conversation id (default: this terminal user)")
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
