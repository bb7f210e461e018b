"""One adapter per platform. A channel turns platform requests into `InboundMessage`s and renders
`Reply`s back; it is handed a callback (`bot.messages.Handler`) and never imports `dialogs`."""
