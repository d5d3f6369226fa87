"""Benchmark: advance, diagnose and the lists with many messages in flight (a script, not a
test; nothing checks its timings).

Starts ``smsim serve --clock manual`` on a throw-away database, buys ``--senders`` numbers
through the API in the default account, and creates ``--messages`` messages through the API
(raw form POSTs, one ``requests.Session`` per client thread, ``--clients`` threads). With
``--messages`` above ``--api-messages`` (say 1,000,000), the first ``--api-messages`` go
through the API and the rest are seeded straight into the store (same rows, same planned
steps, copied from the API-made ones) before the server starts again on the file. Then it
times:

- the Messages list: the newest page, and filtered by To, From and DateSent (p50 of runs);
- the dashboard log filtered by status and by number (p50 of runs);
- ``POST /_sim/clock/advance`` by 1 h (every message in flight delivered);
- ``smsim diagnose --since 2h`` (wall time of the CLI process);
- the RSS of the server's processes, and the database's bytes per message.

    python bench/bench_scale.py                       # 20,000 messages
    python bench/bench_scale.py --messages 1000000    # 50,000 through the API, the rest seeded
    python bench/bench_scale.py --python /tmp/venv-base/bin/python   # another install's smsim

``--python`` runs the server and the CLI with another interpreter (another checkout's
install): how the "before" figures of bench/README.md were measured.
"""

from __future__ import annotations

import argparse
import os
import platform
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import requests

HOST = "127.0.0.1"


def free_port() -> int:
    import socket
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def session() -> requests.Session:
    s = requests.Session()
    s.trust_env = False
    return s


class Server:
    def __init__(self, python: str, db: Path, workers: int, tmp: Path):
        self.port = free_port()
        self.url = f"http://{HOST}:{self.port}"
        env = {k: v for k, v in os.environ.items() if k not in ("TWILIO_EDGE", "TWILIO_REGION")}
        self.log = open(tmp / f"server-{self.port}.log", "w")  # noqa: SIM115
        self.process = subprocess.Popen(
            [python, "-m", "smsim", "serve", "--host", HOST, "--port", str(self.port),
             "--db", str(db), "--clock", "manual", "--workers", str(workers), "--seed", "bench"],
            stdout=self.log, stderr=subprocess.STDOUT, env=env, cwd=tmp)
        deadline = time.monotonic() + 120
        with session() as s:
            while time.monotonic() < deadline:
                if self.process.poll() is not None:
                    raise SystemExit(f"smsim exited:\n{Path(self.log.name).read_text()}")
                try:
                    if s.get(self.url + "/_sim/health", timeout=2).status_code == 200:
                        return
                except requests.RequestException:
                    pass
                time.sleep(0.1)
        raise SystemExit("smsim did not start within 120 s")

    def rss_mb(self) -> float:
        """The resident memory of the server's processes (gunicorn's arbiter and workers)."""
        pids = [self.process.pid]
        for status in Path("/proc").glob("[0-9]*/status"):
            try:
                text = status.read_text()
            except OSError:
                continue
            fields = dict(line.split(":", 1) for line in text.splitlines() if ":" in line)
            if fields.get("PPid", "").strip() == str(self.process.pid):
                pids.append(int(status.parent.name))
        total = 0
        for pid in pids:
            try:
                for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
            except OSError:
                pass
        return total / 1024

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()


def create_through_api(server: Server, account: dict, senders: list[str], count: int,
                       clients: int) -> float:
    """``count`` creates from ``clients`` threads; returns the wall seconds."""
    url = f"{server.url}/2010-04-01/Accounts/{account['account_sid']}/Messages.json"
    auth = (account["account_sid"], account["auth_token"])
    errors: list[str] = []
    counter = iter(range(count))
    lock = threading.Lock()

    def client() -> None:
        with session() as s:
            while True:
                with lock:
                    i = next(counter, None)
                if i is None:
                    return
                answer = s.post(url, auth=auth, data={
                    "To": f"+1202555{i % 5000:04d}", "From": senders[i % len(senders)],
                    "Body": f"bench message {i}"}, timeout=60)
                if answer.status_code != 201:
                    errors.append(f"{answer.status_code} {answer.text[:200]}")
                    return

    started = time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        raise SystemExit(f"create failed: {errors[0]}")
    return time.perf_counter() - started


def seed_directly(python: str, db: Path, count: int) -> float:
    """Copy the API-made messages (and their steps) until the table holds ``count``: done by
    the interpreter under test, over its own store module (a script of plain SQL here)."""
    script = f"""
import sqlite3, time
conn = sqlite3.connect({str(db)!r}, isolation_level=None)
conn.execute("PRAGMA journal_mode=WAL")
have = conn.execute("SELECT COUNT(*) FROM messages").fetchone()[0]
columns = [r[1] for r in conn.execute("PRAGMA table_info(messages)") if r[1] not in ("seq",)]
step_cols = [r[1] for r in conn.execute("PRAGMA table_info(steps)") if r[1] != "id"]
template = conn.execute(f"SELECT {{', '.join(columns)}} FROM messages ORDER BY seq").fetchall()
steps = {{}}
for row in conn.execute(f"SELECT {{', '.join(step_cols)}} FROM steps ORDER BY id"):
    steps.setdefault(row[step_cols.index('message_sid')], []).append(row)
sid_at = columns.index("sid"); msid_at = step_cols.index("message_sid")
shift_cols = [columns.index(c) for c in ("date_created", "date_updated")]
i = 0
conn.execute("BEGIN")
while have < {count}:
    source = template[i % len(template)]
    row = list(source)
    row[sid_at] = "SM" + f"{{0xb0000000 + have:032x}}"
    conn.execute(f"INSERT INTO messages ({{', '.join(columns)}}) VALUES "
                 f"({{', '.join('?' * len(columns))}})", row)
    for step in steps.get(source[sid_at], ()):
        step = list(step); step[msid_at] = row[sid_at]
        conn.execute(f"INSERT INTO steps ({{', '.join(step_cols)}}) VALUES "
                     f"({{', '.join('?' * len(step_cols))}})", step)
    have += 1; i += 1
    if have % 100000 == 0:
        conn.execute("COMMIT"); conn.execute("BEGIN")
conn.execute("COMMIT")
"""
    started = time.perf_counter()
    subprocess.run([python, "-c", script], check=True)
    return time.perf_counter() - started


def p50(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        fn()
        times.append((time.perf_counter() - began) * 1000)
    return statistics.median(times)


def get_ok(s: requests.Session, url: str, **kw) -> requests.Response:
    answer = s.get(url, timeout=120, **kw)
    if answer.status_code != 200:
        raise SystemExit(f"GET {url}: HTTP {answer.status_code} {answer.text[:200]}")
    return answer


def run(args) -> list[tuple[str, str]]:
    rows: list[tuple[str, str]] = []
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        db = tmp / "bench.db"
        if args.load_db:
            source = sqlite3.connect(args.load_db)
            target = sqlite3.connect(db)
            source.backup(target)
            source.close()
            target.close()
        server = Server(args.python, db, args.workers, tmp)
        try:
            s = session()
            account = next(a for a in get_ok(s, server.url + "/_sim/accounts").json()["accounts"]
                           if a["default"])
            auth = (account["account_sid"], account["auth_token"])
            base = f"{server.url}/2010-04-01/Accounts/{account['account_sid']}"
            senders = []
            if args.load_db:
                numbers = get_ok(s, f"{base}/IncomingPhoneNumbers.json", auth=auth,
                                 params={"PageSize": 1000}).json()["incoming_phone_numbers"]
                senders = sorted(n["phone_number"] for n in numbers)
                args.senders = 0
                rows.append(("loaded from", args.load_db))
            for _ in range(args.senders):
                answer = s.post(f"{base}/IncomingPhoneNumbers.json", auth=auth,
                                data={"AreaCode": "415"}, timeout=30)
                if answer.status_code != 201:
                    raise SystemExit(f"buying a number: {answer.status_code} {answer.text}")
                senders.append(answer.json()["phone_number"])
            through_api = 0 if args.load_db else min(args.messages, args.api_messages)
            if through_api:
                wall = create_through_api(server, account, senders, through_api, args.clients)
                rows.append(("created through the API", f"{through_api:,} in {wall:.1f} s "
                             f"({through_api / wall:.0f}/s)"))
            if args.save_db:
                target = sqlite3.connect(args.save_db)
                source = sqlite3.connect(db)
                source.backup(target)
                source.close()
                target.close()
            with sqlite3.connect(db) as conn:
                have = conn.execute("SELECT COUNT(*) FROM messages").fetchone()[0]
            if args.messages > have:
                through_api = have
                server.stop()
                seconds = seed_directly(args.python, db, args.messages)
                rows.append(("seeded straight into the file",
                             f"{args.messages - through_api:,} in {seconds:.1f} s"))
                server = Server(args.python, db, args.workers, tmp)
                base = f"{server.url}/2010-04-01/Accounts/{account['account_sid']}"
            s = session()
            sender, recipient = senders[3], "+12025550042"
            day = time.strftime("%Y-%m-%d", time.gmtime(time.time()))
            lists = [
                ("list, newest page (PageSize 50)", f"{base}/Messages.json", {"PageSize": 50}),
                ("list, To=", f"{base}/Messages.json", {"To": recipient}),
                ("list, From=", f"{base}/Messages.json", {"From": sender, "PageSize": 50}),
                ("list, DateSent>= (today)", f"{base}/Messages.json",
                 {"DateSent>": day, "PageSize": 50}),
                ("list, page 2 (PageToken)", None, None),
            ]
            for label, url, params in lists:
                if url is None:
                    first = get_ok(s, f"{base}/Messages.json", auth=auth,
                                   params={"PageSize": 50}).json()
                    token_url = server.url + first["next_page_uri"]
                    ms = p50(lambda u=token_url: get_ok(s, u, auth=auth), args.runs)
                else:
                    ms = p50(lambda u=url, p=params: get_ok(s, u, auth=auth, params=p),
                             args.runs)
                rows.append((f"{label} p50 ms", f"{ms:.1f}"))
            for label, path in (("dashboard log, status=queued", "/?status=queued"),
                                ("dashboard log, number=", f"/?number={recipient}")):
                ms = p50(lambda p=path: get_ok(s, server.url + p), args.runs)
                rows.append((f"{label} p50 ms", f"{ms:.1f}"))
            began = time.perf_counter()
            answer = s.post(server.url + "/_sim/clock/advance", json={"seconds": 3600},
                            timeout=3600)
            advance = time.perf_counter() - began
            if answer.status_code != 200:
                raise SystemExit(f"advance: {answer.status_code} {answer.text[:300]}")
            rows.append(("advance 1 h, s", f"{advance:.2f} ({answer.json().get('steps_fired')} "
                         "steps)"))
            for label, path in (("list, status filter after advance: log status=delivered",
                                 "/?status=delivered"),):
                ms = p50(lambda p=path: get_ok(s, server.url + p), args.runs)
                rows.append((f"{label} p50 ms", f"{ms:.1f}"))
            began = time.perf_counter()
            done = subprocess.run(
                [args.python, "-m", "smsim", "diagnose", "--url", server.url, "--since", "2h",
                 "--account-sid", account["account_sid"], "--json"],
                capture_output=True, text=True, cwd=tmp, timeout=3600,
                env={k: v for k, v in os.environ.items()
                     if k not in ("TWILIO_EDGE", "TWILIO_REGION")})
            diagnose = time.perf_counter() - began
            if done.returncode not in (0, 1):
                raise SystemExit(f"diagnose exit {done.returncode}: {done.stderr[-500:]}")
            rows.append(("smsim diagnose --since 2h, s", f"{diagnose:.2f} (exit "
                         f"{done.returncode})"))
            rows.append(("server RSS, MB (all processes)", f"{server.rss_mb():.0f}"))
            size = sum(p.stat().st_size for p in tmp.glob("bench.db*") if p.is_file())
            with sqlite3.connect(db) as conn:
                stored = conn.execute("SELECT COUNT(*) FROM messages").fetchone()[0]
            rows.append(("database bytes per message", f"{size / stored:.0f} ({stored:,} "
                         "messages)"))
        finally:
            server.stop()
    return rows


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=20_000)
    parser.add_argument("--api-messages", type=int, default=50_000,
                        help="at most this many through the API; the rest seeded")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--senders", type=int, default=20)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--save-db", help="keep a copy of the database made (a development "
                        "aid: --load-db runs the reads and the advance on a copy of it)")
    parser.add_argument("--load-db", help="start from a copy of this database instead of "
                        "creating the messages (the row for creates is then left out)")
    parser.add_argument("--python", default=sys.executable,
                        help="the interpreter whose smsim runs the server and the CLI")
    args = parser.parse_args(argv)
    rows = run(args)
    print(f"smsim scale benchmark, {time.strftime('%Y-%m-%d')}: {args.messages:,} messages, "
          f"{args.clients} clients, {args.senders} senders, workers {args.workers}; "
          f"{os.cpu_count()} cores, Python {platform.python_version()}; server {args.python}")
    width = max(len(label) for label, _ in rows)
    for label, value in rows:
        print(f"{label:<{width}}  {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
