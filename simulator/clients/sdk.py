"""The official twilio SDK pointed at a simulator, and a simulator to point it at.

One place for both, used by the CLI, the scenario runner, the dashboard and the pytest
plugin: the way the README tells users to point their own clients.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from smsim.clients.sim_client import ClientError, SimClient


def client_for(url: str, account_sid: str, auth_token: str):
    """``twilio.rest.Client`` for api.twilio.com, messaging.twilio.com, verify.twilio.com and
    content.twilio.com at ``url``."""
    from twilio.rest import Client

    client = Client(account_sid, auth_token)
    client.edge = client.region = None  # TWILIO_EDGE/REGION would rewrite the host
    client.api.base_url = url
    client.messaging.base_url = url
    client.verify.base_url = url
    client.content.base_url = url  # content.twilio.com/v1 (docs/whatsapp.md)
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
                stdout=log, stderr=subprocess.STDOUT, env=env, cwd=self.tmp.name,
                # Its own process group: a Ctrl-C at the terminal reaches pytest (which then
                # stops it in the session's teardown), not the server in mid-test.
                process_group=0 if hasattr(os, "killpg") else None)
        self.url = f"http://127.0.0.1:{port}"
        control = SimClient(self.url, timeout=5)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and self.process.poll() is None:
            try:
                control.get("/health")
                control.session.close()
                return
            except ClientError:
                time.sleep(0.1)
        control.session.close()
        output = self.log_path.read_text()
        self.stop()
        raise ClientError(f"the embedded simulator did not start:\n{output}")

    def stop(self) -> None:
        """End the simulator and its workers, and delete its database.

        What cost the time: gunicorn's SIGTERM is a graceful stop that keeps each worker up
        to 2 s for its kept-alive connections (every requests.Session of a test holds one);
        SIGQUIT, its quick stop, still spends about 0.5 s in sleeps (the worker's 0.1 s
        before it exits, the arbiter's 0.1 s reaping loop) and interpreter exits. The
        database is thrown away, so here the arbiter gets SIGQUIT (stop listening, stop
        spawning) and its workers SIGKILL at once; once the arbiter has reaped them (no
        zombie left to an init that may not reap), it gets SIGKILL too and we reap it: about
        0.1 s in all. If anything is left after 5 s, SIGKILL its group."""
        if getattr(self, "stopped", False):
            return
        self.stopped = True
        if self.process.poll() is None:
            if hasattr(signal, "SIGQUIT"):
                self.process.send_signal(signal.SIGQUIT)
                workers = _children(self.process.pid)
                for pid in workers:
                    try:
                        os.kill(pid, signal.SIGKILL)
                    except ProcessLookupError:
                        pass
                # Once the arbiter has reaped them, the rest of its exit is sleeps and an
                # interpreter's teardown: SIGKILL skips those.
                deadline = time.monotonic() + 2
                while workers and _children(self.process.pid) and time.monotonic() < deadline:
                    time.sleep(0.01)
                if workers and not _children(self.process.pid):
                    self.process.kill()
            else:
                self.process.terminate()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                if hasattr(os, "killpg"):
                    os.killpg(self.process.pid, signal.SIGKILL)
                else:
                    self.process.kill()
                self.process.wait()
        self.tmp.cleanup()

    def __enter__(self) -> EmbeddedSimulator:
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


def _children(pid: int) -> list[int]:
    """The processes whose parent is ``pid`` (Linux: /proc; elsewhere none are found and the
    arbiter's own SIGQUIT handling stops them, a little slower)."""
    found = []
    proc = Path("/proc")
    if not proc.is_dir():
        return found
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[-1].split()
        if len(fields) > 1 and fields[1] == str(pid):
            found.append(int(entry.name))
    return found
