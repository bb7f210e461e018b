"""One adapter per platform. A channel turns platform requests into `InboundMessage`s and renders
`Reply`s back; it is handed a callback (`bot.messages.Handler`) and never imports `dialogs`.

Adding a channel: a module here with one `setup(app, settings, handler)` (routes, and a cleanup
context for whatever must start and stop with the server), named in
bot/channel_registry.py:CHANNEL_MODULES, which `create_app` loads by name (bot/ never imports
channels/). Its own CLI commands live here too, named in bot/cli.py:SUBCOMMAND_MODULES
(e.g. channels/wechat_cli.py)."""
