"""Every scope of `smsim diagnose` keeps to itself (issue 15): a finding outside the scope is
never reported, and the scope's own symptom still is.

Each case builds, in a world of its own, a healthy message inside the quiet scope and real
findings outside it (the same findings a loud scope then names, so they are not imaginary):
a text to the account's +81 number (no SMS capability), a handset switched off, a create
with a wrong auth token, a refused create. The CLI is run as a subprocess; the message scope
is also asked of the dashboard's Diagnose endpoint over HTTP.
"""

from __future__ import annotations

import itertools
import json
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from twilio.base.exceptions import TwilioRestException

_handsets = itertools.count(1)


class World:
    """A sealed world of the shared simulator (its own account, numbers and clock)."""

    def __init__(self, sim):
        self.sim = sim
        self.account = sim.new_account("diagnose scopes")
        self.sid = self.account["account_sid"]
        self.token = self.account["auth_token"]
        self.us = next(n["phone_number"] for n in self.account["numbers"]
                       if n["capabilities"]["sms"])
        self.jp = next(n["phone_number"] for n in self.account["numbers"]
                       if n["phone_number"].startswith("+81"))
        self.client = sim.client(self.sid, self.token)

    def control(self, method: str, path: str, body: dict | None = None) -> dict:
        response = self.sim.control(method, path, json=body,
                                    headers={"X-Smsim-Account": self.sid})
        assert response.status_code < 300, response.text
        return response.json() if response.content else {}

    def handset(self, **state) -> str:
        number = f"+1555077{next(_handsets):04d}"
        self.control("PUT", f"/handsets/{number}", state or {"power": "on"})
        return number

    def send(self, to: str, from_: str | None = None) -> str:
        return self.client.messages.create(to=to, from_=from_ or self.us, body="hello").sid

    def text_jp(self, handset: str) -> None:
        """The trap: a handset texts our Japanese number, which cannot receive SMS."""
        self.control("POST", f"/handsets/{handset}/messages", {"to": self.jp, "body": "hi?"})

    def wrong_token_create(self, to: str) -> None:
        stale = self.sim.client(self.sid, "0" * 32)
        with pytest.raises(TwilioRestException) as refused:
            stale.messages.create(to=to, from_=self.us, body="stale token")
        assert refused.value.status == 401

    def refused_create(self, **kwargs) -> None:
        with pytest.raises(TwilioRestException):
            self.client.messages.create(body="refused", **kwargs)

    def advance(self, seconds: float) -> None:
        self.control("POST", "/clock/advance", {"seconds": seconds})

    def diagnose(self, *scope: str) -> set[str]:
        result = subprocess.run(
            [sys.executable, "-m", "smsim", "diagnose", "--url", self.sim.url, "--account-sid",
             self.sid, "--auth-token", self.token, *scope, "--json"],
            capture_output=True, text=True, timeout=60)
        assert result.returncode in (0, 1), result.stdout + result.stderr
        report = json.loads(result.stdout)
        assert result.returncode == (1 if report["symptoms"] else 0)
        return {s["id"] for s in report["symptoms"]}

    def dashboard_diagnose(self, sid: str) -> set[str]:
        response = self.sim.session.get(f"{self.sim.url}/ui/api/diagnose/{sid}",
                                         params={"world": self.sid}, timeout=60)
        assert response.status_code == 200, response.text
        return {s["id"] for s in response.json()["symptoms"]}


@dataclass
class Plan:
    quiet: list[str]  # a scope holding only the healthy message
    loud: list[str]  # a scope holding the outside findings
    loud_finds: set[str]
    healthy_sid: str | None = None
    loud_sid: str | None = None


def message_scope(w: World) -> Plan:
    off = w.handset(power="off")
    w.text_jp(w.handset())
    w.wrong_token_create(off)
    off_sid = w.send(off)
    healthy = w.send(w.handset())
    w.advance(120)
    return Plan(["--message", healthy], ["--message", off_sid], {"handset-unreachable"},
                healthy, off_sid)


def to_scope(w: World) -> Plan:
    mine = w.handset()
    off = w.handset(power="off")
    w.text_jp(mine)  # from the scope's number, to another: not "to" it
    w.send(off)
    w.wrong_token_create(off)
    w.refused_create(to="not a number", from_=w.us)
    w.send(mine)
    w.advance(120)
    return Plan(["--to", mine], ["--to", w.jp], {"number-not-sms-capable"})


def from_scope(w: World) -> Plan:
    stranger = w.handset()
    w.text_jp(stranger)
    w.refused_create(to=w.handset(), from_=w.jp)  # 21606: the +81 number cannot send
    w.send(w.handset())
    w.advance(120)
    return Plan(["--from", w.us], ["--from", stranger], {"number-not-sms-capable"})


def pair_scope(w: World) -> Plan:
    mine = w.handset()
    off = w.handset(power="off")
    w.text_jp(mine)  # the other direction, to another number
    w.send(off)
    w.wrong_token_create(off)
    w.send(mine)
    w.advance(120)
    return Plan(["--to", mine, "--from", w.us], ["--to", off, "--from", w.us],
                {"handset-unreachable", "wrong-credentials"})


def since_scope(w: World) -> Plan:
    off = w.handset(power="off")
    w.text_jp(w.handset())
    w.send(off)
    w.wrong_token_create(off)
    w.refused_create(to="not a number", from_=w.us)
    w.advance(2 * 3600)  # all of that is two hours old
    w.send(w.handset())
    w.advance(120)
    return Plan(["--since", "10m"], ["--since", "3h"],
                {"number-not-sms-capable", "handset-unreachable", "wrong-credentials",
                 "api-rejected"})


CASES: dict[str, Callable[[World], Plan]] = {
    "message": message_scope, "to": to_scope, "from": from_scope, "to+from": pair_scope,
    "since": since_scope,
}


@pytest.fixture
def world(sim):
    made = World(sim)
    yield made
    sim.control("DELETE", f"/accounts/{made.sid}")


@pytest.mark.parametrize("case", list(CASES))
def test_a_scope_reports_nothing_from_outside_it(world, case):
    plan = CASES[case](world)
    assert world.diagnose(*plan.quiet) == set()
    assert world.diagnose(*plan.loud) == plan.loud_finds


def test_the_dashboards_diagnose_keeps_to_its_message(world):
    """The Diagnose button of a message page (in-process diagnosis, over HTTP here)."""
    plan = message_scope(world)
    assert world.dashboard_diagnose(plan.healthy_sid) == set()
    assert world.dashboard_diagnose(plan.loud_sid) == {"handset-unreachable"}


def test_an_inbound_message_is_diagnosed_with_its_own_text(world):
    """A message scope still sees the handset text that became the message (it arrived 40 s
    late from a roaming sender), and not another handset's text to the +81 number."""
    world.control("PUT", "/carriers/SlowRoam", {"latency_min": 40, "latency_max": 40,
                                                "roaming_delay": 0,
                                                "roaming_loss_probability": 0})
    roaming = world.handset(roaming=True, carrier="SlowRoam")
    world.control("POST", f"/handsets/{roaming}/messages", {"to": world.us, "body": "late"})
    world.text_jp(world.handset())
    world.advance(600)
    [inbound] = world.client.messages.list(from_=roaming)
    assert world.diagnose("--message", inbound.sid) == {"inbound-roaming-sender",
                                                         "inbound-no-webhook"}
