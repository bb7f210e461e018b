"""Which module implements each channel, loaded by name so that bot/ never imports channels/.

Every channel is wired the same way: a module under channels/ with one function

    def setup(app: web.Application, settings: Settings, handler: bot.messages.Handler) -> None

that adds its routes to `app` and, for whatever it must start and stop with the server (HTTP
clients, token refreshers), appends a cleanup context to `app.cleanup_ctx`. It reaches the
rest of the bot only through `handler` (every inbound message goes through it) and the app
keys of bot/appkeys.py; it never imports bot.app. `create_app` calls `setup` for every channel
that `Settings.enabled_channels` names (a channel whose credentials are absent stays out).

A fifth channel: write channels/<name>.py with `setup`, add it to CHANNEL_MODULES below and to
`Settings.enabled_channels`; channels/__init__.py says the rest.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

CHANNEL_MODULES: dict[str, str] = {
    "web": "channels.web",
    "wechat": "channels.wechat",
    "sms": "channels.sms",
    "qq": "channels.qq",
    "weibo": "channels.weibo",
}

Setup = Callable[[Any, Any, Any], None]  # (app, settings, handler)


class ChannelError(RuntimeError):
    """A channel named in the settings has no module, or its module has no `setup`."""


def channel_setup(name: str) -> Setup:
    try:
        module = importlib.import_module(CHANNEL_MODULES[name])
    except KeyError:
        raise ChannelError(f"unknown channel {name!r} (known: {sorted(CHANNEL_MODULES)})") \
            from None
    setup = getattr(module, "setup", None)
    if not callable(setup):
        raise ChannelError(f"channel module {module.__name__} has no setup(app, settings, "
                           "handler)")
    return setup  # type: ignore[no-any-return]
