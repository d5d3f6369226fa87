"""`smsim handset` drives a running simulator's handsets from the command line."""

from __future__ import annotations

import json
import subprocess
import sys


def smsim(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "simulator.cli", *args], capture_output=True,
                          text=True, timeout=60)


def test_send_then_read_outbox_and_inbox(sim, client, us_number, handset):
    phone = handset()
    sent = smsim("handset", "--url", sim.url, "send", phone, "--to", us_number, "--body", "HELP")
    assert sent.returncode == 0, sent.stderr
    assert f"{phone} -> {us_number}: in_transit" in sent.stdout
    sim.advance(30)
    outbox = json.loads(smsim("handset", "--url", sim.url, "outbox", phone).stdout)
    assert outbox["messages"][0]["outcome"] == "delivered"
    inbox = json.loads(smsim("handset", "--url", sim.url, "inbox", phone).stdout)
    assert inbox["messages"][0]["body"].startswith("Reply STOP to unsubscribe")
    state = json.loads(smsim("handset", "--url", sim.url, "show", phone).stdout)
    assert state["power"] == "on"


def test_errors_are_clear(sim):
    bad = smsim("handset", "--url", sim.url, "send", "+15550000004", "--to", "nope",
                "--body", "x")
    assert bad.returncode == 1 and "to: 'nope' is not an E.164 number" in bad.stderr
    down = smsim("handset", "--url", "http://127.0.0.1:9", "inbox", "+15550000004")
    assert down.returncode == 1 and "cannot reach the simulator" in down.stderr
