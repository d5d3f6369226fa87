"""Starting a real simulator for a test: `smsim serve` (gunicorn) on a free loopback port,
and the official SDK pointed at it."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import requests
from twilio.rest import Client

# The scenario pack as the checkout has it (the source of truth the wheel carries).
SCENARIO_DIR = Path(__file__).resolve().parent.parent / "scenarios"

DEFAULT_SID = "AC" + "0123456789abcdef" * 2
DEFAULT_TOKEN = "f" * 32


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def outward_address() -> str | None:
    """An address of this machine that is not loopback (connecting to it from here comes
    from it: a non-loopback client without a second machine)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))  # TEST-NET-1: no packet is sent for UDP connect
            address = probe.getsockname()[0]
        except OSError:
            return None
    return None if address.startswith("127.") else address


@dataclass
class Simulator:
    url: str
    process: subprocess.Popen
    db: Path
    log: Path
    banner: str = ""
    session: requests.Session = field(default_factory=requests.Session)
    # The world control requests name (X-Smsim-Account): the test's account's, set by the
    # `account` fixture; None is the default world.
    world: str | None = None

    def control(self, method: str, path: str, **kwargs) -> requests.Response:
        headers = kwargs.pop("headers", None) or {}
        if self.world and "X-Smsim-Account" not in headers:
            headers["X-Smsim-Account"] = self.world
        return self.session.request(method, f"{self.url}/_sim{path}", timeout=10,
                                    headers=headers, **kwargs)

    def advance(self, seconds: float) -> dict:
        response = self.control("POST", "/clock/advance", json={"seconds": seconds})
        assert response.status_code == 200, response.text
        return response.json()

    def new_account(self, name: str | None = None) -> dict:
        response = self.control("POST", "/accounts", json={"friendly_name": name} if name
                                else None)
        assert response.status_code == 201, response.text
        return response.json()

    def client(self, username: str, password: str, account_sid: str | None = None) -> Client:
        return sdk_client(self.url, username, password, account_sid)

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


def sdk_client(url: str, username: str, password: str, account_sid: str | None = None) -> Client:
    """The official SDK pointed at the simulator, as the README tells users to do."""
    client = Client(username, password, account_sid=account_sid)
    client.edge = None
    client.region = None
    client.api.base_url = url
    return client


def start_simulator(tmp: Path, workers: int = 1, extra_args: tuple = (),
                    env: dict | None = None, clock: str = "manual") -> Simulator:
    """A real server; the clock is manual unless asked otherwise, so tests decide when
    simulated time moves."""
    port = free_port()
    tmp.mkdir(parents=True, exist_ok=True)
    db = tmp / "smsim.db"
    log = tmp / "server.log"
    environment = {**os.environ, "SMSIM_ACCOUNT_SID": DEFAULT_SID,
                   "SMSIM_AUTH_TOKEN": DEFAULT_TOKEN, **(env or {})}
    for name in ("TWILIO_EDGE", "TWILIO_REGION"):
        environment.pop(name, None)
    with open(log, "w") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "smsim", "serve", "--port", str(port), "--db",
             str(db), "--workers", str(workers), "--clock", clock, "--seed", "smsim-tests",
             *extra_args],
            stdout=out, stderr=subprocess.STDOUT, env=environment, cwd=tmp)
    sim = Simulator(f"http://127.0.0.1:{port}", process, db, log)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"smsim serve exited: {log.read_text()}")
        try:
            if sim.control("GET", "/health").status_code == 200:
                sim.banner = log.read_text()
                return sim
        except requests.ConnectionError:
            time.sleep(0.1)
    sim.stop()
    raise RuntimeError(f"smsim serve did not answer in 30 s: {log.read_text()}")
