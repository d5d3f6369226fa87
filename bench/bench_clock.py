"""Benchmark: how long simulated time takes in manual mode (a script, not a test).

Scenario "30 minutes": one message a minute for 30 simulated minutes from one long code to a
handset, the clock advanced 60 s after each (30 creates + 30 advances, 90 status callbacks'
worth of steps), then every message fetched. Scenario "burst": 200 messages queued behind one
long code, then one 30-minute advance (200 s of queue, every step in time order).
Baseline, in the same run: the same number of requests that move no time (``advance 0``
with nothing due), so the difference is what planning and revealing the story costs.
Prints medians of ``--runs`` runs. Traffic goes to 127.0.0.1 only.

    python bench/bench_clock.py [--runs 5]
"""

from __future__ import annotations

import argparse
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

from bench_create import HOST, free_port, loopback_session, sdk_client, start_server

SID = "AC" + "b" * 32
TOKEN = "c" * 32
FROM = "+15017122661"


def start(tmp: Path):
    port = free_port()
    command = [sys.executable, "-m", "smsim", "serve", "--host", HOST, "--port",
               str(port), "--db", str(tmp / "bench.db"), "--clock", "manual",
               "--account-sid", SID, "--auth-token", TOKEN, "--seed", "bench"]
    servers: list = []
    server = start_server("smsim", command, port, "/_sim/health", tmp,
                          time.monotonic() + 60, servers)
    if server is None:
        raise SystemExit("smsim did not start within 60 s")
    return server


def thirty_minutes(control, client) -> float:
    began = time.perf_counter()
    sids = []
    for minute in range(30):
        sids.append(client.messages.create(to="+15557654321", from_=FROM,
                                           body=f"minute {minute}").sid)
        control("/clock/advance", {"seconds": 60})
    statuses = {client.messages(sid).fetch().status for sid in sids}
    assert statuses == {"delivered"}, statuses
    return time.perf_counter() - began


def thirty_minutes_baseline(control, client) -> float:
    began = time.perf_counter()
    for _ in range(30):
        client.api.v2010.accounts(SID).fetch()
        control("/clock/advance", {"seconds": 0})
    for _ in range(30):
        client.api.v2010.accounts(SID).fetch()
    return time.perf_counter() - began


def burst_advance(control, client, count: int) -> float:
    for i in range(count):
        client.messages.create(to="+15557654322", from_=FROM, body=f"burst {i}")
    began = time.perf_counter()
    control("/clock/advance", {"seconds": 1800})
    return time.perf_counter() - began


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, choices=range(1, 21), metavar="1-20")
    parser.add_argument("--burst", type=int, default=200, choices=range(1, 2001),
                        metavar="1-2000")
    args = parser.parse_args(argv)
    results: dict[str, list[float]] = {"30 minutes": [], "baseline": [], "burst": []}
    with tempfile.TemporaryDirectory() as tmp:
        server = start(Path(tmp))
        session = loopback_session()
        client, _ = sdk_client(server.url, SID, TOKEN)

        def control(path, body):
            response = session.post(server.url + "/_sim" + path, json=body, timeout=60)
            response.raise_for_status()
            return response.json()

        try:
            for _ in range(args.runs):
                control("/reset", {})
                results["30 minutes"].append(thirty_minutes(control, client))
                results["baseline"].append(thirty_minutes_baseline(control, client))
                control("/reset", {})
                results["burst"].append(burst_advance(control, client, args.burst))
        finally:
            server.stop()
    print(f"smsim manual-clock benchmark, {time.strftime('%Y-%m-%d')}, "
          f"Python {platform.python_version()}, median of {args.runs} runs")
    print(f"{'scenario':<58} {'wall ms':>9} {'min-max':>15}")
    rows = [
        ("30 simulated minutes: 30 creates + 30 advances + 30 fetches", "30 minutes"),
        ("baseline: the same 90 requests moving no time", "baseline"),
        (f"one 1800 s advance revealing {args.burst} queued messages", "burst"),
    ]
    for label, key in rows:
        values = [v * 1000 for v in results[key]]
        print(f"{label:<58} {statistics.median(values):>9.1f} "
              f"{min(values):>7.1f}-{max(values):<7.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
