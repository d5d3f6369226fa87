"""The smsim pytest plugin: a simulator for your test suite, no import needed.

Installed with smsim (entry point ``pytest11``). It starts ``smsim serve`` once per session
on a free loopback port with a manual clock (or uses ``--smsim-url``), resets the world
before each test, and gives you:

- ``smsim``: the controller (clock, handsets, faults, presets, scenarios, evidence, diagnose);
- ``twilio_client``: the official ``twilio.rest.Client`` already pointed at the simulator.

    def test_code_is_texted(smsim, twilio_client):
        twilio_client.messages.create(to="+15558675310", from_=smsim.from_number,
                                      body="Your code is 1234")
        smsim.handset("+15558675310").expect_sms(contains="1234")

It talks to the simulator over HTTP only, like any client of yours would.
"""

from __future__ import annotations

import os

import pytest
from smsim.clients import diagnosis
from smsim.clients.sdk import EmbeddedSimulator, client_for
from smsim.clients.sim_client import SimClient
from smsim.domain.durations import parse_duration

SETTLE_STEP = 5.0  # simulated seconds per look while waiting for an SMS


def pytest_addoption(parser):
    group = parser.getgroup("smsim", "smsim SMS simulator")
    group.addoption("--smsim-url", default=os.environ.get("SMSIM_URL"),
                    help="use the simulator at this URL (e.g. a container) instead of "
                         "starting one; its world is reset before each test")
    group.addoption("--smsim-isolation", choices=("reset", "account"), default="reset",
                    help="per test: reset the whole world (default) or use a fresh account "
                         "on a shared simulator")




class Handset:
    """A phone in the simulated world, for device-style assertions."""

    def __init__(self, smsim: Smsim, number: str):
        self.smsim, self.number = smsim, number

    def set(self, **state) -> dict:
        """power="off", signal="poor", roaming=True, active=False, blocked_senders=[...]."""
        return self.smsim.control.put(f"/handsets/{self.number}", state)

    @property
    def state(self) -> dict:
        return self.smsim.control.get(f"/handsets/{self.number}")

    @property
    def inbox(self) -> list[dict]:
        return self.smsim.control.get(f"/handsets/{self.number}/inbox")["messages"]

    @property
    def outbox(self) -> list[dict]:
        return self.smsim.control.get(f"/handsets/{self.number}/outbox")["messages"]

    def expect_sms(self, contains: str | None = None, from_: str | None = None,
                   within="60s") -> dict:
        """The first not-yet-expected SMS on this phone matching ``contains``/``from_``,
        moving the simulator's clock forward (up to ``within``) until it arrives."""
        limit = parse_duration(within)
        waited = 0.0
        while True:
            for sms in self.inbox:
                key = (sms["message_sid"], sms["copy"])
                if key in self.smsim.expected:
                    continue
                if contains is not None and contains not in sms["body"]:
                    continue
                if from_ is not None and sms["from"] != from_:
                    continue
                self.smsim.expected.add(key)
                return sms
            if waited >= limit:
                break
            step = min(SETTLE_STEP, limit - waited)
            self.smsim.advance(step)
            waited += step
        got = [f"{s['from']}: {s['body']!r}" for s in self.inbox]
        wanted = (f" containing {contains!r}" if contains else "") + (
            f" from {from_}" if from_ else "")
        raise AssertionError(f"{self.number} got no SMS{wanted} within {limit:g} s of "
                             f"simulated time; its inbox: {got or 'empty'}")

    def reply(self, body: str, to: str | None = None, media_urls=None) -> dict:
        """Text one of our numbers (default: the test account's SMS number)."""
        return self.smsim.control.post(f"/handsets/{self.number}/messages", {
            "to": to or self.smsim.from_number, "body": body, "media_urls": media_urls or []})


class Faults:
    def __init__(self, control: SimClient):
        self.control = control

    def add(self, rule: dict) -> dict:
        return self.control.post("/faults", rule)

    def preset(self, name: str, **match) -> list[dict]:
        """Switch a preset on, optionally narrowed: ``preset("filtered-long-code",
        **{"from": number})``."""
        return self.control.post(f"/faults/presets/{name}",
                                 {"match": match} if match else {})["faults"]

    def clear(self) -> None:
        self.control.request("DELETE", "/faults")

    def log(self, fired: bool | None = None) -> list[dict]:
        params = {} if fired is None else {"fired": "true" if fired else "false"}
        return self.control.get("/faults/log", **params)["log"]


class Smsim:
    """The ``smsim`` fixture: everything a test needs to drive and inspect the simulator."""

    def __init__(self, url: str, account: dict):
        self.url = url
        self.control = SimClient(url)
        self.account = account
        self.account_sid = account["account_sid"]
        self.auth_token = account["auth_token"]
        self.from_number = next(n["phone_number"] for n in account["numbers"]
                                if n["capabilities"]["sms"])
        self.faults = Faults(self.control)
        self.expected: set = set()
        self.started = self.control.get("/clock")["epoch"]

    def client(self):
        """The official SDK, as this test's account."""
        return client_for(self.url, self.account_sid, self.auth_token)

    def client_for(self, account_sid: str, auth_token: str):
        """The official SDK as any account (e.g. the test credentials)."""
        return client_for(self.url, account_sid, auth_token)

    def advance(self, duration) -> dict:
        """Move the clock forward: 30, "30s", "5m"; everything due happens first."""
        return self.control.post("/clock/advance", {"seconds": parse_duration(duration)})

    @property
    def now(self) -> float:
        return self.control.get("/clock")["epoch"]

    def handset(self, number: str) -> Handset:
        return Handset(self, number)

    def steps(self, sid: str) -> dict:
        return self.control.get(f"/messages/{sid}/steps")

    def requests(self) -> list[dict]:
        return self.control.get("/requests", account=self.account_sid)["requests"]

    def webhooks(self, message_sid: str | None = None) -> list[dict]:
        params = {"account": self.account_sid}
        if message_sid:
            params["message"] = message_sid
        return self.control.get("/webhooks", **params)["webhooks"]

    def scenario(self, name: str):
        """Run one of smsim's scenarios (it resets the world); returns its result."""
        from smsim.clients.scenarios import runner
        from smsim.domain import scenarios

        return runner.run(self.control,
                          scenarios.load(scenarios.discover(scenarios.default_dir())[name]))

    def diagnose(self, message: str | None = None, to: str | None = None,
                 from_: str | None = None) -> list[dict]:
        """``smsim diagnose`` over this test's traffic: the findings (empty: healthy)."""
        from smsim.domain.diagnosis import evidence

        since = None if (message or to or from_) else self.now - self.started + 1
        return diagnosis.diagnose(self.client(), self.control,
                                  evidence.Scope(message, to, from_, since))["symptoms"]

    def unexpected_sms(self) -> list[dict]:
        rows = self.control.get("/inbox", since=self.started)["messages"]
        return [r for r in rows if (r["message_sid"], r["copy"]) not in self.expected]

    def assert_no_unexpected_sms(self) -> None:
        """Every SMS a handset received during this test was claimed by expect_sms()."""
        extra = self.unexpected_sms()
        assert not extra, "unexpected SMS: " + "; ".join(
            f"{r['number']} got {r['body']!r} from {r['from']}" for r in extra)


@pytest.fixture(scope="session")
def smsim_url(request):
    """The simulator's base URL: --smsim-url, or one started for this session."""
    url = request.config.getoption("smsim_url")
    if url:
        yield url.rstrip("/")
        return
    server = EmbeddedSimulator()
    yield server.url
    server.stop()


@pytest.fixture
def smsim(smsim_url, request) -> Smsim:
    control = SimClient(smsim_url)
    if request.config.getoption("smsim_isolation") == "account":
        account = control.post("/accounts", {"friendly_name": request.node.name[:60]})
    else:
        account = control.post("/reset")["account"]
    return Smsim(smsim_url, account)


@pytest.fixture
def twilio_client(smsim):
    """The official ``twilio.rest.Client`` for this test's account, pointed at smsim."""
    return smsim.client()
