"""The embedded redis-server: AOF durability, supervision, no orphan processes."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import psutil
from redis.asyncio import Redis

from bot.redis_embedded import EmbeddedRedis
from bot.store import ConversationStore


async def test_acknowledged_turn_survives_a_hard_kill_of_redis(tmp_path: Path) -> None:
    server = EmbeddedRedis(tmp_path)
    server.start()
    client = Redis.from_url(server.url)
    store = ConversationStore(client)
    turn = await store.begin("web:k", "m1")
    await store.commit(turn, {"data": {"description": "路灯坏了"}}, 3600, {"r": []})
    await client.aclose()
    assert server.proc is not None
    server.proc.send_signal(signal.SIGKILL)  # no chance to flush anything at exit
    server.proc.wait()
    server.start()
    client = Redis.from_url(server.url)
    try:
        store = ConversationStore(client)
        assert await store.load("web:k") == {"data": {"description": "路灯坏了"}}
        assert (await store.begin("web:k", "m1")).duplicate_of == {"r": []}
    finally:
        await client.aclose()
        server.stop()


def test_redis_dies_with_the_process_that_started_it(tmp_path: Path) -> None:
    code = (
        "import sys, time\n"
        "from pathlib import Path\n"
        "from bot.redis_embedded import EmbeddedRedis\n"
        f"s = EmbeddedRedis(Path({str(tmp_path)!r}))\n"
        "s.start()\n"
        "print(s.proc.pid, flush=True)\n"
        "time.sleep(60)\n"
    )
    parent = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True,
                              cwd=Path(__file__).resolve().parents[2])
    assert parent.stdout is not None
    child_pid = int(parent.stdout.readline())
    assert psutil.pid_exists(child_pid)
    parent.kill()  # SIGKILL: no cleanup code runs in the parent
    parent.wait()
    parent.stdout.close()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if not psutil.pid_exists(child_pid) or \
                psutil.Process(child_pid).status() == psutil.STATUS_ZOMBIE:
            break
        time.sleep(0.05)
    assert not psutil.pid_exists(child_pid) or \
        psutil.Process(child_pid).status() == psutil.STATUS_ZOMBIE


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_serve_stops_its_redis_on_sigterm_and_keeps_conversations(tmp_path: Path) -> None:
    import httpx

    env = {**os.environ, "PETITION_DATA_DIR": str(tmp_path / "data")}
    env.pop("PETITION_REDIS_URL", None)
    exe = Path(sys.executable).parent / "petition-bot"
    token = None
    for round_ in range(2):
        port = _free_port()
        proc = subprocess.Popen([str(exe), "serve", "--port", str(port)], env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            base = f"http://127.0.0.1:{port}"
            deadline = time.monotonic() + 60
            while True:
                try:
                    if httpx.get(base + "/healthz", timeout=1).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                assert time.monotonic() < deadline, "serve did not become healthy"
                assert proc.poll() is None, "serve exited"
                time.sleep(0.1)
            if token is None:
                token = httpx.post(base + "/web/session").json()["token"]
            h = {"Authorization": f"Bearer {token}"}
            text = "你好" if round_ == 0 else "同意"
            r = httpx.post(base + "/web/messages", json={"text": text}, headers=h, timeout=10)
            assert r.status_code == 200 and r.json()["replies"]
            assert r.json()["expecting"] == ("consent" if round_ == 0 else "description")
            children = psutil.Process(proc.pid).children(recursive=True)
            assert any("redis-server" in c.name() for c in children)
        finally:
            proc.send_signal(signal.SIGTERM)
            assert proc.wait(timeout=30) == 0
        # The children exit with the bot; multiprocessing's resource tracker (started by the
        # spawned training child of a first start) only sees its pipe close once the bot has
        # exited, so on a busy machine it may take a moment: wait for them, then none may run.
        _, alive = psutil.wait_procs(children, timeout=10)
        for c in alive:
            assert not c.is_running() or c.status() == psutil.STATUS_ZOMBIE
    # The second run knew the web session and the conversation of the first: the consent
    # given after the restart answered the privacy notice asked before it.
