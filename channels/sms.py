"""The SMS channel: one conversation logic behind a small provider interface.

Providers (each enabled by its credentials, see bot/settings.py):
- Twilio (`POST /sms/twilio`, `POST /sms/twilio/status`): TwiML replies, signed webhooks.
- Tencent Cloud SMS (`POST /sms/tencent?token=...`, `POST /sms/tencent/status?token=...`): the
  domestic provider; Twilio cannot receive messages from mainland Chinese phones.

Shared behaviour lives in channels/sms_core.py: STOP/START/HELP keywords and opt-outs, numbered
choices and fitting replies to SMS segments (channels/sms_text.py), and the outbound sender
`app[SENDERS]["sms"]`. A bare digit answering numbered choices is mapped by the dialog.
"""

from __future__ import annotations

from typing import Any

from aiohttp import web

from bot import appkeys
from bot.messages import Handler
from channels.sms_config import load_sms_config
from channels.sms_core import SmsConversation, SmsProvider, SmsSender, SmsState


def setup(app: web.Application, settings: Any, handler: Handler) -> None:
    """Register the routes of each configured provider and the outbound sender."""
    from channels import sms_tencent, sms_twilio

    config = load_sms_config(settings.config_dir)
    state = SmsState(lambda: app[appkeys.REDIS])
    conversation = SmsConversation(handler, config, state)
    providers: dict[str, SmsProvider] = {}

    def http() -> Any:
        return app[appkeys.HTTP]

    if settings.twilio.enabled:
        twilio = sms_twilio.TwilioProvider(settings, http)
        sms_twilio.add_routes(app, twilio, conversation, state)
        providers[twilio.name] = twilio
    if settings.tencent_sms.enabled:
        tencent = sms_tencent.TencentSmsProvider(settings, http)
        sms_tencent.add_routes(app, tencent, conversation, state)
        providers[tencent.name] = tencent
    if providers:
        app[appkeys.SENDERS]["sms"] = SmsSender(providers, config, state)
