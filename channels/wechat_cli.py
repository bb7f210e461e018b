"""`petition-bot wechat menu`: create the official account's custom menu from config/wechat.toml.

The access token is the one shared through Redis (the same Redis `serve` uses), so running this
next to a live server does not invalidate the server's token.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys

import httpx

from bot.settings import Settings, settings_or_exit


async def create_menu(settings: Settings, *, transport: httpx.AsyncBaseTransport | None = None
                      ) -> None:
    from bot.redisconn import open_redis
    from channels.wechat_api import WechatApi
    from channels.wechat_config import load_wechat_config

    config = load_wechat_config(settings.config_dir)
    async with open_redis(settings) as (redis, _), \
            httpx.AsyncClient(transport=transport, timeout=10.0) as http:
        api = WechatApi(http, redis, appid=settings.wechat.appid, secret=settings.wechat.secret,
                        api_base=settings.wechat.api_base)
        await api.create_menu(config.menu)


def cmd_menu(args: argparse.Namespace) -> int:
    from channels.wechat_api import WechatApiError
    from channels.wechat_config import WechatConfigError, load_wechat_config

    settings = settings_or_exit()
    try:
        config = load_wechat_config(settings.config_dir)
    except WechatConfigError as exc:
        print(f"petition-bot: {exc}", file=sys.stderr)
        return 2
    if args.dry_run:
        print(json.dumps(config.menu, ensure_ascii=False, indent=2))
        return 0
    missing = [name for name, value in (("PETITION_WECHAT_APPID", settings.wechat.appid),
                                        ("PETITION_WECHAT_SECRET", settings.wechat.secret))
               if not value]
    if missing:
        print(f"petition-bot: {', '.join(missing)} must be set to create the menu",
              file=sys.stderr)
        return 2
    try:
        asyncio.run(create_menu(settings))
    except WechatApiError as exc:
        print(f"petition-bot: WeChat refused the menu: errcode {exc.errcode} {exc.errmsg}",
              file=sys.stderr)
        return 1
    except httpx.HTTPError as exc:
        print(f"petition-bot: could not reach the WeChat API: {type(exc).__name__}",
              file=sys.stderr)
        return 1
    buttons = ", ".join(b["name"] for b in config.menu["button"])
    print(f"menu created: {buttons}")
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = subparsers.add_parser("wechat", help="WeChat official account administration")
    sub = p.add_subparsers(dest="wechat_command", required=True, metavar="ACTION")
    m = sub.add_parser("menu", help="create the custom menu from config/wechat.toml")
    m.add_argument("--dry-run", action="store_true",
                   help="print the menu JSON that would be sent, and do nothing else")
    m.set_defaults(func=cmd_menu)
