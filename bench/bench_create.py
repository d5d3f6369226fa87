"""Message-create throughput and latency under raw HTTP load: smsim, a bare Flask baseline on
the identical gunicorn stack, and Prism (Stoplight's OpenAPI mock server), in one run.

The load generator is ``wrk`` (C, event loop: it leaves the CPUs to the servers, where a Python
client or the SDK would eat the same cores), posting form-encoded creates with HTTP Basic
auth from a Lua script, ``--wrk-threads`` threads over ``--connections`` kept-alive
connections, for ``--duration`` seconds per load. Servers, each on a free 127.0.0.1 port:

* ``smsim serve --workers W --threads T`` with a throw-away database (realtime clock: every
  create also plans the message's future, and the workers' tickers deliver it);
* a baseline: a bare Flask app whose one POST endpoint parses the form and returns a fixed 201
  JSON body of about the size of a real message resource (no auth, no database), served by
  the simulator's own ``SimulatorServer`` gunicorn configuration (gthread, same W and T);
* Prism: ``prism mock -h 127.0.0.1 -p PORT twilio_api_v2010.json`` (it checks the Basic auth
  scheme and the form against the spec and answers the spec's example). Found on PATH, with
  ``--prism``, or installed with ``npm install @stoplight/prism-cli`` into a cache folder
  under the temp dir; the row is skipped, with a note, when neither npm nor the spec is there.

Each of ``--runs`` rounds loads the three servers in turn (interleaved, so drift on the
machine touches them alike) and prints its table; the last table is the median over rounds of
each figure: requests/s, p50 and p99 latency (wrk's, client side), and the ratio of requests/s
to the bare Flask baseline. Every figure counts 2xx answers only; non-2xx and socket errors
are shown. All traffic stays on 127.0.0.1; ``--max-seconds`` bounds the whole run.

    python bench/bench_create.py [--workers 2] [--threads 4] [--wrk-threads 2]
        [--connections 32] [--duration 10] [--runs 3] [--spec PATH] [--prism PATH]

Not a test: timings depend on the machine, so nothing here asserts on them. The target for
the create hot path is printed under the median table.
"""

from __future__ import annotations

import argparse
import base64
import datetime
import importlib.metadata
import json
import os
import platform
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

import requests

HOST = "127.0.0.1"
API = "/2010-04-01"
TO = "+14155552671"
BODY = "smsim bench: hello"
REQUEST_TIMEOUT = 10.0
REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SPEC = REPO_ROOT.parent / "shared" / "twilio-oai" / "twilio_api_v2010.json"
PRISM_PACKAGE = "@stoplight/prism-cli"
# The target for the create hot path (issue 13): against bare Flask, at the default load.
TARGET_VS_FLASK = 0.5
TARGET_P99_MS = 25.0
TARGET_VS_PRISM = 1.5

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

# wrk: one form POST per request, Basic auth; done() prints the figures as one JSON line.
WRK_SCRIPT = """\
wrk.method = "POST"
wrk.body = os.getenv("BENCH_BODY")
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Authorization"] = os.getenv("BENCH_AUTH")

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "BENCH {\\"requests\\":%d,\\"duration_us\\":%d,\\"p50_us\\":%d,\\"p99_us\\":%d," ..
    "\\"max_us\\":%d,\\"connect\\":%d,\\"read\\":%d,\\"write\\":%d,\\"status\\":%d," ..
    "\\"timeout\\":%d}\\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    latency.max, e.connect, e.read, e.write, e.status, e.timeout))
end
"""


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


def start_server(name: str, command: list[str], port: int, health: str | None, tmp: Path,
                 deadline: float, servers: list[Server]) -> Server | None:
    """Start and wait until ``health`` answers 200 (any answer when None); None when the
    overall deadline passes first."""
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
                response = session.get(server.url + (health or "/"), timeout=2)
                if health is None or response.status_code == 200:
                    return server
            except requests.RequestException:
                pass
            time.sleep(0.2)
    return None


def find_prism(args, tmp_root: Path, deadline: float) -> tuple[list[str] | None, str]:
    """The command that runs Prism, and what was used (or why the row is skipped)."""
    if not args.spec.is_file():
        return None, f"skipped: no OpenAPI spec at {args.spec} (--spec)"
    if args.prism:
        return [args.prism], args.prism
    on_path = shutil.which("prism")
    if on_path:
        return [on_path], on_path
    cache = tmp_root / "smsim-bench-prism"
    installed = cache / "node_modules" / ".bin" / "prism"
    if not installed.exists():
        npm = shutil.which("npm")
        if npm is None:
            return None, "skipped: npm not found (or pass --prism PATH)"
        cache.mkdir(parents=True, exist_ok=True)
        try:
            subprocess.run([npm, "install", "--silent", "--no-audit", "--no-fund",
                            "--prefix", str(cache), PRISM_PACKAGE], check=True,
                           capture_output=True, timeout=max(10.0, deadline - time.monotonic()))
        except (subprocess.SubprocessError, OSError) as exc:
            return None, f"skipped: npm install {PRISM_PACKAGE} failed ({exc})"
    return [str(installed)], f"{installed} (npm install {PRISM_PACKAGE})"


def version_of(command: list[str]) -> str:
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=30)
    except (subprocess.SubprocessError, OSError):
        return "?"
    text = (done.stdout or done.stderr).strip().splitlines()
    return text[0].split(" [")[0].split(" Copyright")[0] if text else "?"


# --- the load ---

@dataclass
class Target:
    name: str
    url: str  # the Messages.json URL
    auth: tuple[str, str]
    form: dict


def run_wrk(args, target: Target, script: Path, duration: float) -> dict | None:
    """One wrk load; its figures, or None when wrk printed none."""
    token = base64.b64encode(f"{target.auth[0]}:{target.auth[1]}".encode()).decode()
    environment = {**os.environ, "BENCH_BODY": urllib.parse.urlencode(target.form),
                   "BENCH_AUTH": f"Basic {token}"}
    command = ["wrk", f"-t{args.wrk_threads}", f"-c{args.connections}",
               f"-d{max(1, round(duration))}s", "--timeout", "10s", "-s", str(script),
               target.url]
    done = subprocess.run(command, capture_output=True, text=True, env=environment,
                          timeout=duration + 60)
    for line in done.stdout.splitlines():
        if line.startswith("BENCH "):
            figures = json.loads(line[len("BENCH "):])
            ok = figures["requests"] - figures["status"]
            seconds = figures["duration_us"] / 1e6
            return {"rate": ok / seconds if seconds > 0 else 0.0,
                    "p50": figures["p50_us"] / 1000, "p99": figures["p99_us"] / 1000,
                    "non2xx": figures["status"],
                    "socket_errors": sum(figures[k] for k in
                                         ("connect", "read", "write", "timeout"))}
    print(f"bench_create: wrk printed no figures for {target.name}:\n{done.stdout}"
          f"{done.stderr}", file=sys.stderr)
    return None


def print_table(title: str, rows: dict[str, dict | None], notes: dict[str, str]) -> None:
    print(title)
    header = (f"{'server':<24} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'x flask':>8}"
              f" {'non-2xx':>8} {'sock err':>8}")
    print(header)
    print("-" * len(header))
    flask = rows.get("flask")
    for name, label in (("smsim", "smsim"), ("flask", "bare Flask (baseline)"),
                        ("prism", "Prism")):
        row = rows.get(name)
        if row is None:
            print(f"{label:<24} {'-':>8}  {notes.get(name, 'no figures')}")
            continue
        ratio = f"{row['rate'] / flask['rate']:.2f}" if flask and flask["rate"] else "-"
        print(f"{label:<24} {row['rate']:>8.0f} {row['p50']:>8.2f} {row['p99']:>8.2f}"
              f" {ratio:>8} {row['non2xx']:>8} {row['socket_errors']:>8}")
    print()


def median_rows(rounds: list[dict[str, dict | None]]) -> dict[str, dict | None]:
    merged = {}
    for name in ("smsim", "flask", "prism"):
        rows = [r[name] for r in rounds if r.get(name)]
        if not rows:
            merged[name] = None
            continue
        merged[name] = {key: statistics.median(row[key] for row in rows)
                        for key in ("rate", "p50", "p99")}
        merged[name].update(non2xx=sum(row["non2xx"] for row in rows),
                            socket_errors=sum(row["socket_errors"] for row in rows),
                            runs=len(rows))
    return merged


def print_target(median: dict[str, dict | None], args) -> None:
    sim, flask, prism = median["smsim"], median["flask"], median["prism"]
    if not sim:
        return
    checks = []
    if flask:
        checks.append((f"creates >= {TARGET_VS_FLASK}x bare Flask",
                       f"{sim['rate'] / flask['rate']:.2f}x",
                       sim["rate"] >= TARGET_VS_FLASK * flask["rate"]))
    checks.append((f"p99 <= {TARGET_P99_MS:g} ms at {args.connections} connections",
                   f"{sim['p99']:.1f} ms", sim["p99"] <= TARGET_P99_MS))
    if prism:
        checks.append((f"creates >= {TARGET_VS_PRISM}x Prism",
                       f"{sim['rate'] / prism['rate']:.2f}x",
                       sim["rate"] >= TARGET_VS_PRISM * prism["rate"]))
    print("target (issue 13):")
    for label, value, met in checks:
        print(f"  {label:<36} {value:>10}  {'met' if met else 'NOT met'}")
    print()


def machine(args, threads: int, prism_used: str, prism_version: str) -> None:
    model = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    affinity = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else "?"
    try:
        gunicorn_version = importlib.metadata.version("gunicorn")
        flask_version = importlib.metadata.version("flask")
    except importlib.metadata.PackageNotFoundError:
        gunicorn_version = flask_version = "?"
    print(f"smsim message-create benchmark, {datetime.date.today().isoformat()}")
    print(f"machine   {platform.system()} {platform.machine()}, {os.cpu_count()} cpus"
          f" ({affinity} usable), {model}")
    print(f"python    {platform.python_implementation()} {platform.python_version()},"
          f" gunicorn {gunicorn_version} (gthread), Flask {flask_version}")
    print(f"servers   smsim and bare Flask: workers={args.workers}, threads={threads};"
          f" Prism: {prism_version} ({prism_used})")
    print(f"load      {version_of(['wrk', '-v'])}: -t{args.wrk_threads} -c{args.connections}"
          f" -d{args.duration}s per load, {args.runs} rounds, form POST with Basic auth")
    print()


# --- the benchmark ---

def setup_account(sim: Server) -> tuple[tuple[str, str], dict]:
    with loopback_session() as session:
        response = session.post(f"{sim.url}/_sim/accounts", json={"friendly_name": "bench"},
                                timeout=REQUEST_TIMEOUT)
        response.raise_for_status()
    account = response.json()
    from_ = next(n["phone_number"] for n in account["numbers"]
                 if n["capabilities"]["sms"] and n["phone_number"].startswith("+1"))
    return (account["account_sid"], account["auth_token"]), {"To": TO, "From": from_,
                                                             "Body": BODY}


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    from smsim.web import settings

    # Same thread count for both gunicorn servers; smsim's default unless given.
    threads = args.threads or settings.load({}).threads
    if args.baseline_server is not None:
        return serve_baseline(args.baseline_server, args.workers, threads)
    if shutil.which("wrk") is None:
        print("bench_create: wrk not found (Debian: apt-get install -y wrk)", file=sys.stderr)
        return 1

    began = time.monotonic()
    deadline = began + args.max_seconds
    servers: list[Server] = []
    rounds: list[dict[str, dict | None]] = []
    notes: dict[str, str] = {}
    note = None
    with tempfile.TemporaryDirectory(prefix="smsim-bench-") as tmp_name:
        tmp = Path(tmp_name)
        script = tmp / "create.lua"
        script.write_text(WRK_SCRIPT)
        try:
            prism_command, prism_used = find_prism(args, Path(tempfile.gettempdir()), deadline)
            prism_version = version_of([*prism_command, "--version"]) if prism_command else "-"
            if prism_command is None:
                notes["prism"] = prism_used
            machine(args, threads, prism_used if prism_command else "not run", prism_version)
            common = ["--workers", str(args.workers), "--threads", str(threads)]
            ports = {name: free_port() for name in ("smsim", "flask", "prism")}
            sim = start_server(
                "smsim", [sys.executable, "-m", "smsim", "serve", "--host", HOST,
                          "--port", str(ports["smsim"]), "--db", str(tmp / "bench.db"),
                          "--clock", args.clock, *common],
                ports["smsim"], "/_sim/health", tmp, deadline, servers)
            flask = start_server(
                "flask", [sys.executable, str(Path(__file__).resolve()),
                          "--baseline-server", str(ports["flask"]), *common],
                ports["flask"], "/health", tmp, deadline, servers)
            prism = None
            if prism_command:
                prism = start_server(
                    "prism", [*prism_command, "mock", "-h", HOST, "-p", str(ports["prism"]),
                              str(args.spec)],
                    ports["prism"], None, tmp, deadline, servers)
                if prism is None:
                    notes["prism"] = "skipped: Prism did not start in time"
            if sim is None or flask is None:
                raise TimeoutError("time limit reached while starting the servers")
            auth, form = setup_account(sim)
            path = f"{API}/Accounts/{auth[0]}/Messages.json"
            targets = [Target("smsim", sim.url + path, auth, form),
                       Target("flask", flask.url + path, auth, form)]
            if prism:
                targets.append(Target("prism", prism.url + path, auth, form))
            # Warm-up, not counted: lazy setup in the workers, Prism's first responses.
            for target in targets:
                run_wrk(args, target, script, 2)
            for number in range(1, args.runs + 1):
                needed = len(targets) * (args.duration + 2)
                if time.monotonic() + needed > deadline:
                    note = f"time limit reached after {number - 1} rounds"
                    break
                row = {t.name: run_wrk(args, t, script, args.duration) for t in targets}
                rounds.append(row)
                print_table(f"round {number} of {args.runs}", row, notes)
        except KeyboardInterrupt:
            note = "interrupted"
        except TimeoutError as exc:
            note = str(exc)
        except (RuntimeError, requests.RequestException, subprocess.SubprocessError) as exc:
            print(f"bench_create: {exc}", file=sys.stderr)
            return 1
        finally:
            for server in servers:
                server.stop()
    if rounds:
        median = median_rows(rounds)
        print_table(f"median of {len(rounds)} rounds", median, notes)
        print_target(median, args)
    notes_text = [
        "req/s = 2xx answers / load duration; p50 and p99 are wrk's latencies (client side,"
        " over all answers); x flask = req/s over the bare Flask baseline's.",
        f"bare Flask: one POST endpoint that parses the form and returns a fixed 201 JSON body"
        f" ({len(BASELINE_BODY)} bytes): no auth, no database; same gunicorn configuration"
        " (smsim.web.server.SimulatorServer).",
        "Prism: one Node.js process, default options (info logging, to a file), answering the"
        " spec's example after checking the auth scheme and the form.",
        "wrk and the servers share the machine's CPUs; smsim writes every create (and its"
        " request log) to SQLite (WAL) and its tickers deliver what falls due.",
        f"time limit {args.max_seconds:g} s; this run took {time.monotonic() - began:.0f} s"
        + (f"; {note}." if note else "."),
    ]
    print("notes:")
    for text in notes_text:
        print(textwrap.fill(text, width=98, initial_indent="- ", subsequent_indent="  "))
    return 0


def bounded(low: int, high: int):
    def parse(text: str) -> int:
        value = int(text)
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"must be between {low} and {high}")
        return value
    return parse


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workers", type=bounded(1, 16), default=2,
                        help="gunicorn worker processes, smsim and baseline (default 2)")
    parser.add_argument("--threads", type=bounded(1, 64), default=None,
                        help="threads per worker (default: smsim's own setting)")
    parser.add_argument("--wrk-threads", type=bounded(1, 64), default=2,
                        help="wrk threads (default 2)")
    parser.add_argument("--connections", type=bounded(1, 1000), default=32,
                        help="wrk connections, kept alive (default 32)")
    parser.add_argument("--duration", type=bounded(1, 600), default=10,
                        help="seconds per load (default 10)")
    parser.add_argument("--clock", choices=("realtime", "manual"), default="realtime",
                        help="smsim's clock (default realtime: messages move on while the "
                        "load runs, as a user's server does; manual: creates only)")
    parser.add_argument("--runs", type=bounded(1, 50), default=3,
                        help="rounds; the median is reported (default 3)")
    parser.add_argument("--spec", type=Path, default=DEFAULT_SPEC,
                        help="Twilio's twilio_api_v2010.json for Prism "
                        "(default ../shared/twilio-oai/ beside the repository)")
    parser.add_argument("--prism", help="the prism executable (default: PATH, else npm "
                        "install into the temp dir)")
    parser.add_argument("--max-seconds", type=bounded(10, 3600), default=300,
                        help="overall time limit; stops and reports what it has (default 300)")
    parser.add_argument("--baseline-server", type=bounded(1, 65535), metavar="PORT",
                        help="internal: run only the baseline server on 127.0.0.1:PORT")
    return parser.parse_args(argv)


if __name__ == "__main__":
    sys.exit(main())
