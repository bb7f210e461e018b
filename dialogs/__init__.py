"""The intake dialog: a pure state machine (no aiohttp, no redis). Entry point: `dialogs.api`."""
