"""Run a scenario for the dashboard: ``smsim scenario run NAME --url <this server> --json``
in a subprocess, from a background thread, so the web layer needs none of the clients' code.
The run resets the world and drives this server over HTTP, as from the command line."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

PREFIX = "smsim scenario run: "


def command(name: str, directory: Path, url: str) -> list[str]:
    return [sys.executable, "-m", "smsim", "scenario", "run", name, "--url", url, "--json",
            "--dir", str(directory)]


def outcome(name: str, done: subprocess.CompletedProcess) -> dict:
    """The run's result (as ``smsim scenario run --json`` gives it), or why there is none."""
    if done.stdout.strip():
        return json.loads(done.stdout)["results"][0]
    error = done.stderr.strip().removeprefix(PREFIX)
    return {"scenario": name, "error": error or f"exit status {done.returncode}"}


def start(name: str, directory: Path, url: str, report: Callable[[dict], None]) -> None:
    """Start the run; ``report`` receives its result when it ends."""

    def play():
        try:
            result = outcome(name, subprocess.run(command(name, directory, url),
                                                  capture_output=True, text=True))
        except Exception as exc:  # reported to the page, not lost in a thread
            result = {"scenario": name, "error": str(exc)}
        report(result)

    threading.Thread(target=play, name=f"scenario-{name}", daemon=True).start()
