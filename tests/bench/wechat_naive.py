"""A second baseline of the load benchmark: a naive stateful WeChat handler.

What a first version of such a bot typically does, and nothing more: verify the signature,
parse with wechatpy, read the citizen's state from Redis with redis-py, count the message, write
the state back with a TTL, reply. No lock, no retry dedupe, no dialog, no NLP, no case hand-off.
Run: python tests/bench/wechat_naive.py PORT TOKEN REDIS_URL
"""

from __future__ import annotations

import json
import sys

from aiohttp import web
from redis.asyncio import Redis
from wechatpy import parse_message
from wechatpy.exceptions import InvalidSignatureException
from wechatpy.replies import create_reply
from wechatpy.utils import check_signature


def make_app(token: str, redis_url: str) -> web.Application:
    async def redis_ctx(app: web.Application) -> object:
        app["redis"] = Redis.from_url(redis_url)
        yield
        await app["redis"].aclose()

    async def handle(request: web.Request) -> web.Response:
        q = request.query
        try:
            check_signature(token, q.get("signature", ""), q.get("timestamp", ""),
                            q.get("nonce", ""))
        except InvalidSignatureException:
            return web.Response(status=403)
        msg = parse_message(await request.read())
        key = f"naive:{msg.source}"
        raw = await app["redis"].get(key)
        state = json.loads(raw) if raw else {"n": 0}
        state["n"] += 1
        await app["redis"].set(key, json.dumps(state), ex=86400)
        xml = create_reply(f"第{state['n']}条：" + getattr(msg, "content", ""), msg).render()
        return web.Response(text=xml, content_type="application/xml")

    app = web.Application()
    app.cleanup_ctx.append(redis_ctx)  # type: ignore[arg-type]
    app.router.add_post("/wechat", handle)
    return app


if __name__ == "__main__":
    import uvloop

    web.run_app(make_app(sys.argv[2], sys.argv[3]), host="127.0.0.1", port=int(sys.argv[1]),
                print=None, access_log=None, loop=uvloop.new_event_loop())
