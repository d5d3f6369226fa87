"""Message-create throughput and latency of smsim, side by side with a bare Flask baseline.

Starts two servers on free 127.0.0.1 ports, both on the same gunicorn stack (the simulator's
own ``SimulatorServer`` configuration: gthread workers, same worker and thread counts):

* ``smsim serve`` with a throw-away database, and
* a baseline: a bare Flask app whose one POST endpoint returns a fixed 201 JSON body of about
  the size of a real message resource (no auth, no database) -- the floor that Flask plus
  gunicorn plus the HTTP client cost on this machine.

Then, ``--runs`` times, it measures:

(a)  sequential creates with the official twilio-python SDK (``client.messages.create``);
     the SDK cannot target the baseline, so the baseline's (a) is a sequential
     ``requests.Session`` POST of the same form body, and it is labelled so;
(a') the same sequential ``requests.Session`` POSTs against smsim (SDK overhead vs server);
(b)  ``--concurrency`` threads, each with its own ``requests.Session``, posting
     form-encoded creates, ``--count`` in total.

It prints the median over runs of messages/s, p50 and p95 latency (ms). All traffic goes to
127.0.0.1; ``--max-seconds`` bounds the whole thing, after which it prints what it has.

    python bench/bench_create.py [--workers 2] [--count 300] [--runs 5] [--concurrency 8]

Not a test: timings depend on the machine, so nothing here asserts on them.
"""

from __future__ import annotations

import argparse
import datetime
import importlib.metadata
import json
import math
import os
import platform
import socket
import statistics
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import requests

HOST = "127.0.0.1"
API = "/2010-04-01"
TO = "+14155552671"
BODY = "smsim bench: hello"
WARMUP = 20
REQUEST_TIMEOUT = 10.0

# A message resource as smsim returns it, so both servers send bodies of about the same size.
BASELINE_BODY = json.dumps({
    "account_sid": "AC" + "0" * 32, "api_version": "2010-04-01", "body": BODY,
    "date_created": "Mon, 30 Nov 2026 00:00:00 +0000", "date_sent": None,
    "date_updated": "Mon, 30 Nov 2026 00:00:00 +0000", "direction": "outbound-api",
    "error_code": None, "error_message": None, "from": "+15017122661",
    "messaging_service_sid": None, "num_media": "0", "num_segments": "1", "price": None,
    "price_unit": None, "sid": "SM" + "0" * 32, "status": "queued",
    "subresource_uris": {
        "media": f"{API}/Accounts/AC{'0' * 32}/Messages/SM{'0' * 32}/Media.json",
        "feedback": f"{API}/Accounts/AC{'0' * 32}/Messages/SM{'0' * 32}/Feedback.json"},
    "to": TO, "uri": f"{API}/Accounts/AC{'0' * 32}/Messages/SM{'0' * 32}.json",
}, separators=(",", ":"))


# --- the baseline server (runs in its own process: bench_create.py --baseline-server PORT) ---

def serve_baseline(port: int, workers: int, threads: int) -> int:
    from flask import Flask, Response, request
    from smsim.web import settings
    from smsim.web.server import SimulatorServer

    app = Flask("smsim_bench_baseline")

    @app.post(f"{API}/Accounts/<account_sid>/Messages.json")
    def create_message(account_sid):
        request.form  # noqa: B018 - parse the form body, as any real endpoint would
        return Response(BASELINE_BODY, status=201, mimetype="application/json")

    @app.get("/health")
    def health():
        return {"ok": True}

    class BaselineServer(SimulatorServer):
        """The simulator's gunicorn configuration, serving the bare app instead."""

        def load(self):
            return app

    config = settings.load({"host": HOST, "port": port, "workers": workers,
                            "threads": threads, "db": os.devnull})
    BaselineServer(config).run()
    return 0


# --- servers under test ---

def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def loopback_session() -> requests.Session:
    session = requests.Session()
    session.trust_env = False  # no proxy from the environment: traffic stays on 127.0.0.1
    return session


@dataclass
class Server:
    name: str
    url: str
    process: subprocess.Popen
    log: Path

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def start_server(name: str, command: list[str], port: int, health: str, tmp: Path,
                 deadline: float, servers: list[Server]) -> Server | None:
    """Start and wait for health; None when the overall deadline passes first."""
    log = tmp / f"{name}.log"
    environment = dict(os.environ)
    for variable in ("TWILIO_EDGE", "TWILIO_REGION"):
        environment.pop(variable, None)
    with open(log, "w") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT,
                                   env=environment, cwd=tmp)
    server = Server(name, f"http://{HOST}:{port}", process, log)
    servers.append(server)
    with loopback_session() as session:
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise RuntimeError(f"{name} exited during start:\n{log.read_text()}")
            try:
                if session.get(server.url + health, timeout=2).status_code == 200:
                    return server
            except requests.RequestException:
                pass
            time.sleep(0.1)
    return None


# --- loads ---

@dataclass
class Sample:
    latencies: list[float] = field(default_factory=list)  # seconds, successful creates only
    errors: int = 0
    wall: float = 0.0
    partial: bool = False

    @property
    def rate(self) -> float:
        return len(self.latencies) / self.wall if self.wall > 0 else 0.0


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100)."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q / 100 * len(ordered)) - 1)]


def timeout_until(deadline: float) -> float:
    return max(0.1, min(REQUEST_TIMEOUT, deadline - time.monotonic()))


@dataclass
class Target:
    url: str  # the Messages.json URL
    auth: tuple[str, str]
    form: dict


def sequential_sdk(client, http_client, from_: str, count: int, deadline: float) -> Sample:
    from twilio.base.exceptions import TwilioException

    sample = Sample()
    start = time.perf_counter()
    for _ in range(count):
        if time.monotonic() >= deadline:
            sample.partial = True
            break
        http_client.timeout = timeout_until(deadline)
        began = time.perf_counter()
        try:
            client.messages.create(to=TO, from_=from_, body=BODY)
        except (TwilioException, requests.RequestException):
            sample.errors += 1
            continue
        sample.latencies.append(time.perf_counter() - began)
    sample.wall = time.perf_counter() - start
    return sample


def post_once(session: requests.Session, target: Target, deadline: float,
              sample: Sample) -> None:
    """One form POST; its latency when answered 201, else one more error."""
    began = time.perf_counter()
    try:
        ok = session.post(target.url, data=target.form,
                          timeout=timeout_until(deadline)).status_code == 201
    except requests.RequestException:
        ok = False
    if ok:
        sample.latencies.append(time.perf_counter() - began)
    else:
        sample.errors += 1


def sequential_requests(target: Target, count: int, deadline: float) -> Sample:
    sample = Sample()
    with loopback_session() as session:
        session.auth = target.auth
        start = time.perf_counter()
        for _ in range(count):
            if time.monotonic() >= deadline:
                sample.partial = True
                break
            post_once(session, target, deadline, sample)
        sample.wall = time.perf_counter() - start
    return sample


def concurrent_requests(target: Target, count: int, threads: int, deadline: float) -> Sample:
    lock = threading.Lock()
    remaining = [count]
    parts = [Sample() for _ in range(threads)]
    gate = threading.Barrier(threads + 1)

    def take() -> bool:
        with lock:
            if remaining[0] <= 0:
                return False
            remaining[0] -= 1
            return True

    def worker(part: Sample) -> None:
        with loopback_session() as session:
            session.auth = target.auth
            gate.wait()
            while take():
                if time.monotonic() >= deadline:
                    part.partial = True
                    break
                post_once(session, target, deadline, part)

    pool = [threading.Thread(target=worker, args=(part,), daemon=True) for part in parts]
    for thread in pool:
        thread.start()
    gate.wait()
    start = time.perf_counter()
    for thread in pool:
        thread.join()
    sample = Sample(wall=time.perf_counter() - start)
    for part in parts:
        sample.latencies += part.latencies
        sample.errors += part.errors
        sample.partial = sample.partial or part.partial
    return sample


# --- the benchmark ---

ROWS = (
    ("sdk", "(a)  sequential, twilio SDK", "smsim"),
    ("seq-base", "(a)  sequential, requests [no SDK]", "baseline"),
    ("seq", "(a') sequential, requests", "smsim"),
    ("conc", "(b)  {c} threads, requests", "smsim"),
    ("conc-base", "(b)  {c} threads, requests", "baseline"),
)


def sdk_client(base_url: str, username: str, password: str):
    """The official SDK pointed at the simulator, as the README tells users to do."""
    from twilio.http.http_client import TwilioHttpClient
    from twilio.rest import Client

    http_client = TwilioHttpClient(timeout=REQUEST_TIMEOUT)
    http_client.session.trust_env = False
    client = Client(username, password, http_client=http_client)
    client.edge = None
    client.region = None
    client.api.base_url = base_url
    return client, http_client


def measure(args, sim: Server, base: Server, deadline: float,
            results: dict[str, list[Sample]]) -> str | None:
    """Fill results (row key -> one Sample per run); a note when the time limit hit."""
    with loopback_session() as session:
        response = session.post(f"{sim.url}/_sim/accounts", json={"friendly_name": "bench"},
                                timeout=REQUEST_TIMEOUT)
        response.raise_for_status()
    account = response.json()
    sid, token = account["account_sid"], account["auth_token"]
    from_ = next(n["phone_number"] for n in account["numbers"]
                 if n["capabilities"]["sms"] and n["phone_number"].startswith("+1"))
    form = {"To": TO, "From": from_, "Body": BODY}
    sim_target = Target(f"{sim.url}{API}/Accounts/{sid}/Messages.json", (sid, token), form)
    base_target = Target(f"{base.url}{API}/Accounts/{sid}/Messages.json", (sid, token), form)

    loads = {
        "sdk": lambda n: sequential_sdk(*sdk_client(sim.url, sid, token), from_, n, deadline),
        "seq-base": lambda n: sequential_requests(base_target, n, deadline),
        "seq": lambda n: sequential_requests(sim_target, n, deadline),
        "conc": lambda n: concurrent_requests(sim_target, n, args.concurrency, deadline),
        "conc-base": lambda n: concurrent_requests(base_target, n, args.concurrency, deadline),
    }
    # Warm-up, not counted: first-call imports in the SDK, lazy setup in the workers.
    for load in loads.values():
        load(min(WARMUP, args.count))
    for _ in range(args.runs):
        # Interleaved, so drift on the machine touches smsim and the baseline alike.
        for key, load in loads.items():
            if time.monotonic() >= deadline:
                return "time limit reached"
            sample = load(args.count)
            results[key].append(sample)
            if sample.partial:
                return "time limit reached during a load"
    return None


def summarize(samples: list[Sample]) -> dict | None:
    complete = [s for s in samples if not s.partial and s.latencies]
    used = complete or [s for s in samples if s.latencies]
    if not used:
        return None
    return {
        "rate": statistics.median(s.rate for s in used),
        "rate_min": min(s.rate for s in used),
        "rate_max": max(s.rate for s in used),
        "p50": statistics.median(percentile(s.latencies, 50) for s in used) * 1000,
        "p95": statistics.median(percentile(s.latencies, 95) for s in used) * 1000,
        "errors": sum(s.errors for s in samples),
        "runs": f"{len(complete)}" + (f"+{len(samples) - len(complete)} partial"
                                      if len(samples) > len(complete) else ""),
    }


def report(args, threads: int, results: dict[str, list[Sample]], note: str | None,
           elapsed: float) -> None:
    try:
        gunicorn_version = importlib.metadata.version("gunicorn")
        twilio_version = importlib.metadata.version("twilio")
    except importlib.metadata.PackageNotFoundError:
        gunicorn_version = twilio_version = "?"
    affinity = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else "?"
    print(f"smsim message-create benchmark, {datetime.date.today().isoformat()}")
    print(f"python    {platform.python_implementation()} {platform.python_version()}"
          f" on {platform.system()} {platform.machine()}")
    print(f"cpus      {os.cpu_count()} (usable by this process: {affinity})")
    print(f"servers   gunicorn {gunicorn_version}, worker class gthread, workers={args.workers},"
          f" threads={threads} (smsim and baseline alike)")
    print(f"load      count={args.count} per load, runs={args.runs},"
          f" concurrency={args.concurrency}, twilio-python {twilio_version}")
    print()
    header = (f"{'load':<36} {'server':<9} {'msg/s':>8} {'(min-max)':>13} {'p50 ms':>7}"
              f" {'p95 ms':>7} {'errors':>6}  runs")
    print(header)
    print("-" * len(header))
    summaries = {}
    for key, label, server in ROWS:
        summary = summaries[key] = summarize(results[key])
        label = label.format(c=args.concurrency)
        if summary is None:
            print(f"{label:<36} {server:<9} {'-':>8}")
            continue
        spread = f"({summary['rate_min']:.0f}-{summary['rate_max']:.0f})"
        print(f"{label:<36} {server:<9} {summary['rate']:>8.1f} {spread:>13}"
              f" {summary['p50']:>7.2f} {summary['p95']:>7.2f} {summary['errors']:>6}"
              f"  {summary['runs']}")
    print()
    for label, key, base_key in (("sequential (a) SDK", "sdk", "seq-base"),
                                 ("sequential (a') requests", "seq", "seq-base"),
                                 (f"{args.concurrency} threads (b)", "conc", "conc-base")):
        if summaries[key] and summaries[base_key]:
            ratio = summaries[key]["rate"] / summaries[base_key]["rate"]
            print(f"smsim / baseline throughput, {label}: {ratio:.2f}")
    print()
    notes = [
        f"medians over runs of each figure; msg/s = 201 responses / wall time of the load;"
        f" latency is client-side, per successful create; {WARMUP} warm-up requests per load"
        " are not counted.",
        f"baseline: bare Flask app, one POST endpoint, fixed 201 JSON body"
        f" ({len(BASELINE_BODY)} bytes), no auth, no database, same gunicorn configuration"
        " (smsim.web.server.SimulatorServer).",
        "the SDK cannot target the baseline: its (a) row is a sequential requests.Session POST"
        " of the same form body. Compare smsim (a') with it for the server's cost, and (a) with"
        " (a') for the SDK's own overhead.",
        "client and servers share the machine's CPUs, so the load generator competes with the"
        " servers; smsim writes every create (and its request log) to SQLite (WAL).",
        f"time limit {args.max_seconds:g} s; this run took {elapsed:.1f} s"
        + (f"; {note}, figures are from what completed." if note else "."),
    ]
    print("notes:")
    for text in notes:
        print(textwrap.fill(text, width=98, initial_indent="- ", subsequent_indent="  "))


def bounded(low: int, high: int):
    def parse(text: str) -> int:
        value = int(text)
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"must be between {low} and {high}")
        return value
    return parse


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workers", type=bounded(1, 16), default=1,
                        help="gunicorn worker processes, for both servers (default 1)")
    parser.add_argument("--threads", type=bounded(1, 64), default=None,
                        help="threads per worker (default: smsim's own setting)")
    parser.add_argument("--count", type=bounded(1, 20_000), default=300,
                        help="messages per load (default 300)")
    parser.add_argument("--runs", type=bounded(1, 50), default=5,
                        help="repetitions; the median is reported (default 5)")
    parser.add_argument("--concurrency", type=bounded(1, 64), default=8,
                        help="client threads of load (b) (default 8)")
    parser.add_argument("--max-seconds", type=bounded(5, 3600), default=120,
                        help="overall time limit; stops and reports what it has (default 120)")
    parser.add_argument("--baseline-server", type=bounded(1, 65535), metavar="PORT",
                        help="internal: run only the baseline server on 127.0.0.1:PORT")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    from smsim.web import settings

    # Same thread count for both servers; smsim's default (or SMSIM_THREADS) unless given.
    threads = args.threads or settings.load({}).threads
    if args.baseline_server is not None:
        return serve_baseline(args.baseline_server, args.workers, threads)

    began = time.monotonic()
    deadline = began + args.max_seconds
    results: dict[str, list[Sample]] = {key: [] for key, _, _ in ROWS}
    note = None
    servers: list[Server] = []
    with tempfile.TemporaryDirectory(prefix="smsim-bench-") as tmp_name:
        tmp = Path(tmp_name)
        try:
            sim_port, base_port = free_port(), free_port()
            common = ["--workers", str(args.workers), "--threads", str(threads)]
            sim = start_server(
                "smsim", [sys.executable, "-m", "smsim", "serve", "--host", HOST,
                          "--port", str(sim_port), "--db", str(tmp / "bench.db"), *common],
                sim_port, "/_sim/health", tmp, deadline, servers)
            base = start_server(
                "baseline", [sys.executable, str(Path(__file__).resolve()),
                             "--baseline-server", str(base_port), *common],
                base_port, "/health", tmp, deadline, servers)
            if sim is None or base is None:
                note = "time limit reached while starting the servers"
            else:
                note = measure(args, sim, base, deadline, results)
        except KeyboardInterrupt:
            note = "interrupted"
        except (RuntimeError, requests.RequestException) as exc:
            print(f"bench_create: {exc}", file=sys.stderr)
            return 1
        finally:
            for server in servers:
                server.stop()
    report(args, threads, results, note, time.monotonic() - began)
    return 0


if __name__ == "__main__":
    sys.exit(main())
