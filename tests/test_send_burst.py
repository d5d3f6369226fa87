"""`smsim send --count N [--interval S]`: a burst of creates through the official SDK, one
request each, as the queue-delay lesson needs (issue 15: it took a 40-message curl loop).
The CLI runs as a subprocess against a real server with a manual clock."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest


def smsim(sim, account, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "smsim", *args, "--url", sim.url, "--account-sid",
         account["account_sid"], "--auth-token", account["auth_token"]],
        capture_output=True, text=True, timeout=120)


def test_forty_messages_from_one_long_code_queue_up(sim, account, us_number, handset):
    to = handset()
    sent = smsim(sim, account, "send", "--to", to, "--count", "40", "--advance", "2m",
                 "--json")
    assert sent.returncode == 0, sent.stderr
    rows = json.loads(sent.stdout)
    assert [r["n"] for r in rows] == list(range(1, 41))
    assert all(r["sid"].startswith("SM") and r["status"] == "queued" for r in rows)
    assert len({r["sid"] for r in rows}) == 40
    # One request each, as an app's loop makes them.
    creates = [r for r in sim.control("GET", "/requests").json()["requests"]
               if r["method"] == "POST" and r["path"].endswith("/Messages.json")]
    assert len(creates) == 40 and {c["params"]["From"] for c in creates} == {us_number}

    first = json.loads(smsim(sim, account, "steps", rows[0]["sid"], "--json").stdout)
    last = json.loads(smsim(sim, account, "steps", rows[-1]["sid"], "--json").stdout)
    assert first["delayed"] is False and first["queue_wait_seconds"] <= 1
    # A US long code sends one segment a second: the 40th waits behind 39 others.
    assert last["status"] == "delivered" and last["delayed"] is True
    assert last["queue_wait_seconds"] >= 38
    shown = smsim(sim, account, "steps", rows[-1]["sid"])
    assert shown.returncode == 0 and "DELAYED (over 30 s)" in shown.stdout
    diagnosed = smsim(sim, account, "diagnose", "--message", rows[-1]["sid"], "--json")
    assert [s["id"] for s in json.loads(diagnosed.stdout)["symptoms"]] == ["delayed-queue"]


def test_a_burst_is_a_table_and_numbers_its_bodies(sim, account, handset):
    to = handset()
    sent = smsim(sim, account, "send", "--to", to, "--count", "3")
    assert sent.returncode == 0, sent.stderr
    lines = sent.stdout.splitlines()
    assert lines[0].split() == ["N", "SID", "STATUS", "ERROR"]
    assert [line.split()[0] for line in lines[1:4]] == ["1", "2", "3"]
    assert lines[-1] == "3 created, 0 refused"
    bodies = sorted(r["params"]["Body"] for r in
                    sim.control("GET", "/requests").json()["requests"] if r["method"] == "POST")
    assert bodies == [f"smsim test message {n} of 3" for n in (1, 2, 3)]


def test_interval_moves_a_manual_clock_between_sends(sim, account, handset):
    to = handset()
    before = sim.control("GET", "/clock").json()["epoch"]
    sent = smsim(sim, account, "send", "--to", to, "--count", "3", "--interval", "10",
                 "--body", "reminder {n}", "--json")
    assert sent.returncode == 0, sent.stderr
    creates = [r for r in sim.control("GET", "/requests").json()["requests"]
               if r["method"] == "POST"]
    assert [round(c["time"] - before) for c in creates] == [0, 10, 20]
    assert [c["params"]["Body"] for c in creates] == ["reminder 1", "reminder 2",
                                                       "reminder 3"]


def test_interval_waits_for_a_realtime_clock(sim, account, handset):
    """At speed 1000, 10 simulated seconds are a hundredth of a wall second: the sends are
    at least that far apart on the simulated clock (the wait can only make it longer)."""
    to = handset()
    assert sim.control("POST", "/clock", json={"mode": "realtime", "speed": 1000}) \
        .status_code == 200
    sent = smsim(sim, account, "send", "--to", to, "--count", "2", "--interval", "10")
    assert sent.returncode == 0, sent.stderr
    first, second = [r["time"] for r in sim.control("GET", "/requests").json()["requests"]
                     if r["method"] == "POST"]
    assert second - first >= 10


def test_a_refused_create_fails_the_burst_but_not_the_others(sim, account, handset):
    to = handset()
    rule = sim.control("POST", "/faults", json={"match": {"request": "create", "nth": 2},
                                                "effect": {"type": "api_error", "code": 21211}})
    assert rule.status_code == 201, rule.text
    sent = smsim(sim, account, "send", "--to", to, "--count", "3", "--json")
    assert sent.returncode == 1
    rows = json.loads(sent.stdout)
    assert [(r["n"], r["sid"] is not None, r["error_code"]) for r in rows] == [
        (1, True, None), (2, False, 21211), (3, True, None)]
    text = smsim(sim, account, "send", "--to", to, "--count", "2")
    assert text.returncode == 0 and text.stdout.splitlines()[-1] == "2 created, 0 refused"


@pytest.mark.parametrize("args, named", [
    (("--count", "0"), "--count must be from 1 to 1000, got 0"),
    (("--count", "1001"), "--count must be from 1 to 1000, got 1001"),
    (("--count", "2", "--interval", "-1"), "--interval must be from 0"),
])
def test_out_of_bounds_is_refused_naming_the_option(sim, account, args, named):
    refused = smsim(sim, account, "send", "--to", "+15550199001", *args)
    assert refused.returncode == 1 and named in refused.stderr
    assert sim.control("GET", "/requests").json()["requests"] == []
