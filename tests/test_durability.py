"""What the API acknowledged survives kill -9 of every server process: a create's one
transaction is committed before its 201 (WAL, synchronous=NORMAL: durable against a crash of
the process, which is what a CI runner's timeout or an OOM kill is)."""

from __future__ import annotations

import os
import signal
import subprocess
from concurrent.futures import ThreadPoolExecutor

from tests.server import DEFAULT_SID, DEFAULT_TOKEN, start_simulator


def kill_dash_nine(pid: int) -> None:
    """SIGKILL the gunicorn master and its workers: no handler, no flush, no goodbye."""
    children = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True,
                              text=True).stdout.split()
    for victim in [pid, *map(int, children)]:
        try:
            os.kill(victim, signal.SIGKILL)
        except ProcessLookupError:
            pass


def test_acknowledged_creates_survive_kill_9_of_two_workers(tmp_path):
    server = start_simulator(tmp_path / "first", workers=2)
    client = server.client(DEFAULT_SID, DEFAULT_TOKEN)

    def create(i: int) -> str:
        return client.messages.create(to=f"+1555867{i:04d}", from_="+15017122661",
                                      body=f"kept {i}").sid
    with ThreadPoolExecutor(max_workers=8) as pool:
        acknowledged = list(pool.map(create, range(60)))
    kill_dash_nine(server.process.pid)
    server.process.wait(timeout=10)

    again = start_simulator(tmp_path / "first", workers=1)
    try:
        kept = {m.sid for m in again.client(DEFAULT_SID, DEFAULT_TOKEN).messages.list(
            limit=1000)}
        assert set(acknowledged) <= kept
        logged = again.control("GET", "/requests", params={"limit": 1000}).json()["requests"]
        assert set(acknowledged) <= {r["sid"] for r in logged}
    finally:
        again.stop()
