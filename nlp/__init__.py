"""Pure text analysis for petitions: keywords, category, nature, colour, legal path, entities.

No aiohttp, no redis. See `nlp.types` for the result types shared with the dialog and the bot.
"""
