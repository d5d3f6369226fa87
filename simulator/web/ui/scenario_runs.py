"""Run a scenario for the dashboard: ``smsim scenario run NAME --url <this server>
--account-sid AC… --json`` in a subprocess, from a background thread, so the web layer needs
none of the clients' code. The account names the world made for the run (never the one the
page shows): the run resets and drives that world over HTTP, as from the command line."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

PREFIX = "smsim scenario run: "


def note_key(name: str) -> str:
    """The meta key under which the page's world notes the last run of scenario ``name``
    (its run world, then its result)."""
    return f"scenario_run:{name}"


def command(name: str, directory: Path, url: str, account_sid: str | None) -> list[str]:
    world = ["--account-sid", account_sid] if account_sid else []
    return [sys.executable, "-m", "smsim", "scenario", "run", name, "--url", url, *world,
            "--json", "--dir", str(directory)]


def outcome(name: str, done: subprocess.CompletedProcess) -> dict:
    """The run's result (as ``smsim scenario run --json`` gives it), or why there is none."""
    if done.stdout.strip():
        return json.loads(done.stdout)["results"][0]
    error = done.stderr.strip().removeprefix(PREFIX)
    return {"scenario": name, "error": error or f"exit status {done.returncode}"}


def start(name: str, directory: Path, url: str, account_sid: str | None,
          report: Callable[[dict], None], credentials: tuple[str, str] | None = None) -> None:
    """Start the run in the world of ``account_sid`` (made for it); ``report`` receives its
    result when it ends. The server's own $SMSIM_ACCOUNT_SID never picks the world: the page
    does (the run is always given --account-sid). ``credentials``: the default account's, for
    the control plane of a server started with --control-remote (the CLI reads them from the
    environment when no --auth-token is given)."""
    environment = {k: v for k, v in os.environ.items()
                   if k not in ("SMSIM_ACCOUNT_SID", "SMSIM_AUTH_TOKEN")}
    if credentials and account_sid:
        environment.update(SMSIM_ACCOUNT_SID=credentials[0], SMSIM_AUTH_TOKEN=credentials[1])

    def play():
        try:
            result = outcome(name, subprocess.run(
                command(name, directory, url, account_sid), capture_output=True, text=True,
                env=environment))
        except Exception as exc:  # reported to the page, not lost in a thread
            result = {"scenario": name, "error": str(exc)}
        report(result)

    threading.Thread(target=play, name=f"scenario-{name}", daemon=True).start()
