"""Benchmark: the dashboard's pages with 100,000 messages in the store (a script, not a test).

Fills a fresh database with ``--messages`` messages (default 100,000) in one transaction,
starts ``smsim serve`` on it, and times each page: median and max of ``--runs`` loads, side
by side with ``/_sim/health`` (the same server stack doing almost nothing) as the baseline.
Traffic goes to 127.0.0.1 only.

    python bench/bench_ui.py [--messages 100000] [--runs 7]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from bench_create import HOST, free_port, loopback_session, start_server

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from smsim.engine import world  # noqa: E402
from smsim.store import Store  # noqa: E402
from smsim.web import settings  # noqa: E402

STATUSES = ("delivered", "delivered", "delivered", "undelivered", "sent", "received")


def fill(db: Path, count: int) -> tuple[str, int]:
    """``count`` messages straight into the store; returns one SID and a middle seq."""
    config = settings.load({"db": str(db), "clock": "manual"}, environ={})
    store = Store(str(db))
    account = world.boot(store, config)
    now = store.now() - count
    with store.write() as database:
        rows = []
        for i in range(count):
            status = STATUSES[i % len(STATUSES)]
            rows.append((f"SM{i:032x}", account["sid"], "outbound-api", "+15017122661",
                         f"+1555{i % 10000:07d}", f"message {i}", status, 1, 0,
                         30003 if status == "undelivered" else None, now + i, now + i))
        database.conn.executemany(
            "INSERT INTO messages (sid, account_sid, direction, from_addr, to_addr, body, "
            "status, num_segments, num_media, error_code, date_created, date_updated) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
    return f"SM{count // 2:032x}", count // 2


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=100_000, choices=range(1, 1_000_001),
                        metavar="1-1000000")
    parser.add_argument("--runs", type=int, default=7, choices=range(1, 51), metavar="1-50")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.db"
        started = time.perf_counter()
        sid, middle = fill(db, args.messages)
        fill_seconds = time.perf_counter() - started
        port = free_port()
        servers: list = []
        server = start_server("smsim", [sys.executable, "-m", "smsim", "serve",
                                        "--host", HOST, "--port", str(port), "--db", str(db),
                                        "--clock", "manual"],
                              port, "/_sim/health", Path(tmp), time.monotonic() + 60, servers)
        pages = [
            ("baseline: /_sim/health", "/_sim/health"),
            ("log, newest page", "/"),
            ("log, live fragment", "/ui/fragment/log"),
            ("log, a page in the middle", f"/?before={middle}"),
            ("log, filtered by status", "/?status=undelivered"),
            ("log, filtered by number", "/?number=%2B15550001234"),
            ("log, filtered by symptom", "/?symptom=handset-unreachable"),
            ("message page", f"/messages/{sid}"),
            ("numbers page", "/numbers"),
            ("handsets page", "/handsets"),
        ]
        results = {}
        session = loopback_session()
        try:
            for label, path in pages:
                times = []
                for _ in range(args.runs):
                    began = time.perf_counter()
                    response = session.get(server.url + path, timeout=60)
                    times.append((time.perf_counter() - began) * 1000)
                    if response.status_code != 200:
                        raise SystemExit(f"{path}: HTTP {response.status_code}")
                results[label] = times
        finally:
            server.stop()
    print(f"smsim dashboard benchmark, {time.strftime('%Y-%m-%d')}: {args.messages:,} "
          f"messages (filled in {fill_seconds:.1f} s), median of {args.runs} loads")
    print(f"{'page':<32} {'median ms':>10} {'max ms':>8}")
    for label, times in results.items():
        print(f"{label:<32} {statistics.median(times):>10.1f} {max(times):>8.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
