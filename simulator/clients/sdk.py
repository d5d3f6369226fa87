"""The official twilio SDK pointed at a simulator, and a simulator to point it at.

One place for both, used by the CLI, the scenario runner, the dashboard and the pytest
plugin: the way the README tells users to point their own clients.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from smsim.clients.sim_client import ClientError, SimClient


def client_for(url: str, account_sid: str, auth_token: str):
    """``twilio.rest.Client`` for api.twilio.com and messaging.twilio.com at ``url``."""
    from twilio.rest import Client

    client = Client(account_sid, auth_token)
    client.edge = client.region = None  # TWILIO_EDGE/REGION would rewrite the host
    client.api.base_url = url
    client.messaging.base_url = url
    return client


class EmbeddedSimulator:
    """``smsim serve`` in a subprocess on a free loopback port, with a manual clock and a
    throw-away database."""

    def __init__(self, extra_args: tuple[str, ...] = ()):
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        self.tmp = tempfile.TemporaryDirectory(prefix="smsim-")
        self.log_path = Path(self.tmp.name) / "server.log"
        env = {k: v for k, v in os.environ.items() if k not in ("TWILIO_EDGE", "TWILIO_REGION")}
        with open(self.log_path, "w") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "smsim", "serve", "--port", str(port), "--db",
                 str(Path(self.tmp.name) / "smsim.db"), "--clock", "manual", *extra_args],
                stdout=log, stderr=subprocess.STDOUT, env=env, cwd=self.tmp.name)
        self.url = f"http://127.0.0.1:{port}"
        control = SimClient(self.url, timeout=5)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and self.process.poll() is None:
            try:
                control.get("/health")
                return
            except ClientError:
                time.sleep(0.1)
        output = self.log_path.read_text()
        self.stop()
        raise ClientError(f"the embedded simulator did not start:\n{output}")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
        self.tmp.cleanup()
