"""The official twilio Node SDK (npm ``twilio`` v6) against the real simulator.

The JavaScript side is ``tests/node/*.test.js`` (messages, Lookup, Verify, WhatsApp and its
support conversation with the Content API; node's built-in
test runner runs every file); this test
installs its locked dependencies if needed, gives it a fresh account and checks that every
Node test passed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

NODE_DIR = Path(__file__).parent / "node"
NPM_TIMEOUT = 300
NODE_TIMEOUT = 120


def _output(result: subprocess.CompletedProcess | subprocess.TimeoutExpired) -> str:
    def text(data) -> str:
        if data is None:
            return ""
        return data.decode(errors="replace") if isinstance(data, bytes) else data
    return f"--- stdout ---\n{text(result.stdout)}\n--- stderr ---\n{text(result.stderr)}"


def _run(args: list[str], timeout: int, env: dict | None = None) -> subprocess.CompletedProcess:
    try:
        return subprocess.run(args, cwd=NODE_DIR, env=env, capture_output=True, text=True,
                              timeout=timeout, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired as exc:
        pytest.fail(f"`{' '.join(args)}` did not finish in {timeout} s\n{_output(exc)}")


@pytest.fixture(scope="module")
def node_sdk() -> None:
    missing = [tool for tool in ("node", "npm") if shutil.which(tool) is None]
    if missing:
        pytest.skip(f"{' and '.join(missing)} not on PATH: the Node SDK test needs node and npm")
    if not (NODE_DIR / "node_modules").is_dir():
        result = _run(["npm", "ci", "--no-audit", "--no-fund"], NPM_TIMEOUT)
        if result.returncode != 0:
            pytest.fail(f"npm ci in {NODE_DIR} failed (exit {result.returncode})\n"
                        f"{_output(result)}")


def test_node_sdk(node_sdk, sim):
    account = sim.new_account()
    sender = next(n["phone_number"] for n in account["numbers"] if n["capabilities"]["sms"])
    env = {**os.environ,
           "SMSIM_URL": sim.url,
           "SMSIM_ACCOUNT_SID": account["account_sid"],
           "SMSIM_AUTH_TOKEN": account["auth_token"],
           "SMSIM_FROM": sender}
    # The SDK would rewrite the host for an edge or region; the simulator has neither.
    for name in ("TWILIO_EDGE", "TWILIO_REGION"):
        env.pop(name, None)
    result = _run(["node", "--test"], NODE_TIMEOUT, env=env)
    assert result.returncode == 0, f"node --test failed (exit {result.returncode})\n" \
                                   f"{_output(result)}"
