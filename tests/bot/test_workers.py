"""`serve --workers N`: N processes on one port sharing Redis; the lock holds across them."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import orjson
import psutil
import redis
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.parser import text_string_to_metric_families

from tests.bot.test_embedded_redis import _free_port


def _serve_two_workers(tmp_path: Path) -> tuple[subprocess.Popen[bytes], str]:
    """`petition-bot serve --workers 2` on a free port with the embedded Redis in tmp_path."""
    env = {**os.environ, "PETITION_DATA_DIR": str(tmp_path / "data"),
           "PETITION_LIMITS_CITIZEN_PER_MINUTE": "1000"}
    env.pop("PETITION_REDIS_URL", None)
    port = _free_port()
    exe = Path(sys.executable).parent / "petition-bot"
    proc = subprocess.Popen([str(exe), "serve", "--port", str(port), "--workers", "2"], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return proc, f"http://127.0.0.1:{port}"


def _wait_for_both_workers(proc: subprocess.Popen[bytes], base: str) -> None:
    deadline = time.monotonic() + 90
    pids: set[int] = set()
    while len(pids) < 2:
        assert time.monotonic() < deadline, f"saw workers {pids}"
        assert proc.poll() is None
        try:
            with httpx.Client() as c:  # a new connection each time
                r = c.get(base + "/healthz", timeout=2)
            if r.status_code == 200:
                pids.add(r.json()["worker"])
        except httpx.HTTPError:
            time.sleep(0.2)


def test_two_workers_share_port_redis_and_conversations(tmp_path: Path) -> None:
    proc, base = _serve_two_workers(tmp_path)
    try:
        _wait_for_both_workers(proc, base)
        token = httpx.post(base + "/web/session").json()["token"]
        h = {"Authorization": f"Bearer {token}"}

        def send(i: int) -> dict:
            with httpx.Client() as c:  # separate connections land on both workers
                r = c.post(base + "/web/messages", json={"text": f"第{i}句", "message_id": f"m{i}"},
                           headers=h, timeout=30)
                assert r.status_code == 200
                return r.json()

        with ThreadPoolExecutor(8) as pool:
            results = list(pool.map(send, range(16)))
        assert len(results) == 16
        # No lost update across the two processes: every message is in the one transcript.
        sock = tmp_path / "data" / "redis" / "redis.sock"
        client = redis.Redis(unix_socket_path=str(sock))
        try:
            (doc_key,) = client.keys("pb:{web:*}:doc")
            transcript = orjson.loads(client.get(doc_key))["transcript"]
        finally:
            client.close()
        said = sorted(e["text"] for e in transcript if e["role"] == "citizen")
        assert said == sorted(f"第{i}句" for i in range(16))
        redis_children = [c for c in psutil.Process(proc.pid).children(recursive=True)
                          if "redis-server" in c.name()]
        assert len(redis_children) == 1  # one shared embedded Redis
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=60)
    assert not any(p.info["name"] == "redis-server" and str(tmp_path) in " ".join(
        p.info["cmdline"] or []) for p in psutil.process_iter(["name", "cmdline"]))


def _samples(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    return {(s.name, tuple(sorted(s.labels.items()))): s.value
            for family in text_string_to_metric_families(text) for s in family.samples}


def test_every_scrape_reports_the_turns_of_all_workers(tmp_path: Path) -> None:
    """The workers share the port, so a scrape reaches either of them; each must report the
    service's totals (prometheus_client multiprocess mode), not its own share."""
    proc, base = _serve_two_workers(tmp_path)
    turns = 24
    try:
        _wait_for_both_workers(proc, base)
        tokens = [httpx.post(base + "/web/session").json()["token"] for _ in range(4)]

        def talk(token: str) -> int:
            ok = 0
            for i in range(turns // len(tokens)):
                with httpx.Client() as c:  # a new connection: either worker may answer
                    r = c.post(base + "/web/messages", json={"text": f"第{i}句"},
                               headers={"Authorization": f"Bearer {token}"}, timeout=30)
                ok += r.status_code == 200
            return ok

        with ThreadPoolExecutor(len(tokens)) as pool:
            assert sum(pool.map(talk, tokens)) == turns
        # Both workers handled turns (each worker writes its own file): so neither worker's own
        # count is the total, and the equal scrapes below are sums.
        per_worker = []
        for db in (tmp_path / "data" / "prometheus").glob("counter_*.db"):
            per_worker.append(sum(
                s.value for family in MultiProcessCollector.merge([str(db)])
                for s in family.samples if s.name == "petition_turns_total"
                and s.labels == {"channel": "web", "outcome": "ok"}))
        assert len([n for n in per_worker if n > 0]) == 2 and sum(per_worker) == turns
        totals = set()
        for _ in range(12):
            with httpx.Client() as c:
                samples = _samples(c.get(base + "/metrics", timeout=5).text)
            ok = samples[("petition_turns_total", (("channel", "web"), ("outcome", "ok")))]
            timed = samples[("petition_turn_seconds_count", (("channel", "web"),))]
            totals.add((ok, timed))
        assert totals == {(turns, turns)}
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=60)


def test_a_killed_worker_loses_nothing_and_is_replaced(tmp_path: Path) -> None:
    proc, base = _serve_two_workers(tmp_path)

    def workers() -> set[int]:
        found = set()
        for c in psutil.Process(proc.pid).children():
            try:
                if "spawn_main" in " ".join(c.cmdline()) and c.status() != psutil.STATUS_ZOMBIE:
                    found.add(c.pid)
            except psutil.Error:
                pass
        return found

    try:
        deadline = time.monotonic() + 90
        while True:
            assert time.monotonic() < deadline and proc.poll() is None
            try:
                if httpx.get(base + "/healthz", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        tokens = [httpx.post(base + "/web/session").json()["token"] for _ in range(6)]
        acknowledged: dict[str, list[str]] = {t: [] for t in tokens}

        def talk(token: str) -> None:
            for i in range(8):
                text = f"{token[:6]}-{i}"
                try:
                    with httpx.Client() as c:
                        r = c.post(base + "/web/messages", json={"text": text},
                                   headers={"Authorization": f"Bearer {token}"}, timeout=30)
                except httpx.HTTPError:
                    continue  # not acknowledged: the citizen sees an error and sends again
                if r.status_code == 200 and r.json()["replies"] and \
                        "系统" not in r.json()["replies"][0]["text"]:
                    acknowledged[token].append(text)

        victim = min(workers())
        with ThreadPoolExecutor(6) as pool:
            futures = [pool.submit(talk, t) for t in tokens]
            time.sleep(0.3)
            os.kill(victim, signal.SIGKILL)
            for f in futures:
                f.result()
        deadline = time.monotonic() + 60
        while len(workers()) < 2 or victim in workers():
            assert time.monotonic() < deadline, "the killed worker was not replaced"
            time.sleep(0.2)
        sock = tmp_path / "data" / "redis" / "redis.sock"
        client = redis.Redis(unix_socket_path=str(sock))
        try:
            said = set()
            for key in client.keys("pb:{web:*}:doc"):
                doc = orjson.loads(client.get(key))
                said |= {e["text"] for e in doc.get("transcript", []) if e["role"] == "citizen"}
        finally:
            client.close()
        for texts in acknowledged.values():
            assert set(texts) <= said, "an acknowledged message was lost"
        assert sum(len(t) for t in acknowledged.values()) > 0
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=60)
