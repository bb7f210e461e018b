"""The baseline of the load benchmark: a stateless wechatpy echo server.

It does what every WeChat handler must do and nothing more: verify the signature, parse the
XML, render a passive text reply. Run: python tests/bench/wechat_echo.py PORT TOKEN
"""

from __future__ import annotations

import sys

from aiohttp import web
from wechatpy import parse_message
from wechatpy.exceptions import InvalidSignatureException
from wechatpy.replies import create_reply
from wechatpy.utils import check_signature


def make_app(token: str) -> web.Application:
    async def handle(request: web.Request) -> web.Response:
        q = request.query
        try:
            check_signature(token, q.get("signature", ""), q.get("timestamp", ""),
                            q.get("nonce", ""))
        except InvalidSignatureException:
            return web.Response(status=403)
        body = await request.read()
        msg = parse_message(body)
        xml = create_reply("收到：" + getattr(msg, "content", ""), msg).render()
        return web.Response(text=xml, content_type="application/xml")

    app = web.Application()
    app.router.add_post("/wechat", handle)
    return app


if __name__ == "__main__":
    import uvloop  # the same event loop as the bot, so the comparison is like for like

    web.run_app(make_app(sys.argv[2]), host="127.0.0.1", port=int(sys.argv[1]), print=None,
                access_log=None, loop=uvloop.new_event_loop())
