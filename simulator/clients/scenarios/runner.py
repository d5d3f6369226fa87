"""Run a scenario against a simulator over HTTP, then diagnose what it produced.

The world the control client names (its ``account_sid``; the default world without one) is
reset with the scenario's seed and a fixed start time, so a run is the same every time: give
it a world made for the run (``smsim scenario run --new-world``, the dashboard's Run) to keep
every other world as it is. Sends go through the official SDK as an application's would;
handsets text and the clock moves through the control plane.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from smsim.clients import diagnosis
from smsim.clients.scenarios.app import App
from smsim.clients.sdk import client_for
from smsim.clients.sim_client import ClientError, SimClient
from smsim.domain.diagnosis import evidence
from smsim.domain.durations import parse_duration
from smsim.domain.scenarios import Scenario, ScenarioError, send_forms

START = "2030-01-01T00:00:00Z"

# The Messages create parameters (domain/scenarios.py send_forms) as the Python SDK's
# messages.create names them.
SDK_NAMES = {"To": "to", "From": "from_", "Body": "body", "MediaUrl": "media_url",
             "ContentSid": "content_sid", "ContentVariables": "content_variables",
             "StatusCallback": "status_callback",
             "MessagingServiceSid": "messaging_service_sid"}


@dataclass
class Result:
    name: str
    expected: list[str]
    detected: list[str]
    simulated_seconds: float
    wall_seconds: float
    notes: list[str] = field(default_factory=list)
    findings: list[dict] = field(default_factory=list)
    world: str | None = None  # the world it played in (its account SID); None: the default

    @property
    def passed(self) -> bool:
        return set(self.expected) - {"healthy"} == set(self.detected)

    def as_json(self) -> dict:
        return {"scenario": self.name, "expected": self.expected, "detected": self.detected,
                "verdict": "pass" if self.passed else "fail",
                "simulated_seconds": round(self.simulated_seconds, 3),
                "wall_seconds": round(self.wall_seconds, 3), "notes": self.notes,
                "findings": self.findings, "world": self.world}


class Run:
    def __init__(self, control: SimClient, scenario: Scenario, app: App):
        self.control, self.scenario, self.app = control, scenario, app
        self.notes: list[str] = []
        self.services: dict[str, str] = {}
        self.verify_services: dict[tuple[str, str], str] = {}  # (account, name) -> VA…
        self.last_sid: str | None = None
        self.worlds: list[str] = []  # worlds this run made (world.accounts)

    def where(self, place: str) -> str:
        return f"{self.scenario.path.name}: {place}"

    def prepare(self) -> None:
        s = self.scenario
        self.control.post("/seed", {"seed": s.seed})
        self.control.post("/clock", {"mode": s.clock, "speed": s.speed, "now": START})
        # The world the control client names (its account), else the default world's.
        account = self.control.account(self.control.account_sid)
        self.account = account
        self.accounts = {"default": account}
        self.client = client_for(self.control.url, account["account_sid"], account["auth_token"])
        self.start = self.control.get("/clock")["epoch"]
        self.apply_world(s.world)

    def sdk_for(self, name: str | None):
        """The SDK as the named world account (the default one when ``name`` is None)."""
        if not name or name == "default":
            return self.client
        if name not in self.accounts:
            raise ScenarioError(self.where(f"no world account named {name!r}"))
        a = self.accounts[name]
        return client_for(self.control.url, a["account_sid"], a["auth_token"])

    def apply_world(self, world: dict) -> None:
        for spec in world.get("accounts", []):
            # More accounts, each in a sealed world of its own with its starter numbers;
            # deleted when the run ends.
            self.accounts[spec["name"]] = self.control.post(
                "/accounts", {"friendly_name": spec.get("friendly_name", spec["name"])})
            self.worlds.append(self.accounts[spec["name"]]["account_sid"])
        for spec in world.get("app", []):
            self.app.configure(spec)
        if "blocked_countries" in world:
            self.control.put("/inbound", {"blocked_countries": world["blocked_countries"]})
        for i, spec in enumerate(world.get("numbers", [])):
            self._number(f"world.numbers[{i}]", spec)
        for spec in world.get("carriers", []):
            spec = dict(spec)
            self.control.put(f"/carriers/{spec.pop('name')}", spec)
        for spec in world.get("handsets", []):
            spec = dict(spec)
            self.control.put(f"/handsets/{spec.pop('number')}", spec)
        for spec in world.get("services", []):
            service = self.client.messaging.v1.services.create(
                friendly_name=spec["friendly_name"],
                **{k: self.app.url(v) for k, v in spec.items()
                   if k not in ("friendly_name", "numbers")})
            self.services[spec["friendly_name"]] = service.sid
            for number in spec.get("numbers", []):
                sid = self.client.incoming_phone_numbers.list(phone_number=number)[0].sid
                self.client.messaging.v1.services(service.sid).phone_numbers.create(
                    phone_number_sid=sid)
        for spec in world.get("whatsapp_templates", []):
            spec = dict(spec)
            self.control.put(f"/whatsapp/templates/{spec.pop('sid')}", spec)
        for spec in world.get("opt_outs", []):
            self.control.post("/opt-outs", spec)
        for rule in world.get("faults", []):
            self.control.post("/faults", rule)
        for preset in world.get("presets", []):
            self.control.post(f"/faults/presets/{preset['name']}",
                              {"match": preset["match"]} if "match" in preset else {})

    def _number(self, place: str, spec: dict) -> None:
        spec = dict(spec)
        client = self.sdk_for(spec.pop("account", None))
        phone = spec.pop("phone_number", None)
        if not phone:
            raise ScenarioError(self.where(f"{place}: phone_number is required"))
        caps = spec.pop("capabilities", None)
        send_rate = spec.pop("send_rate", None)
        whatsapp = spec.pop("whatsapp", None)
        owned = client.incoming_phone_numbers.list(phone_number=phone)
        number = owned[0] if owned else client.incoming_phone_numbers.create(
            phone_number=phone)
        if spec:
            client.incoming_phone_numbers(number.sid).update(
                **{k: self.app.url(v) for k, v in spec.items()})
        if caps or send_rate or whatsapp is not None:
            self.control.put(f"/numbers/{phone}", {
                k: v for k, v in (("capabilities", caps), ("send_rate", send_rate),
                                  ("whatsapp", whatsapp)) if v is not None})

    def step(self, index: int, step: dict) -> None:
        from twilio.base.exceptions import TwilioRestException

        kind, body = next(iter(step.items()))
        if kind == "advance":
            seconds = parse_duration(str(body))
            if self.scenario.clock == "manual":
                self.control.post("/clock/advance", {"seconds": seconds})
            else:
                time.sleep(seconds / self.scenario.speed)
        elif kind == "app":
            self.app.configure(body)
        elif kind == "verify":
            self._verify(index, body)
        elif kind == "text":
            self.control.post(f"/handsets/{body['from']}/messages",
                              {"to": body["to"], "body": body.get("body", ""),
                               "media_urls": body.get("media", []),
                               "channel": body.get("channel", "sms")})
        else:
            client = self._client_for(body.get("credentials", "live"), body.get("account"))
            for form in send_forms(body, self.app.url,
                                   lambda name: self.services.get(name, name)):
                try:
                    self.last_sid = client.messages.create(
                        **{SDK_NAMES[name]: value for name, value in form.items()}).sid
                except TwilioRestException as exc:
                    # What an application would log; the diagnosis has to find it.
                    self.notes.append(f"steps[{index}]: send answered {exc.status} / "
                                      f"{exc.code}")

    def _verify(self, index: int, body: dict) -> None:
        """Start a Verify verification through the SDK's client.verify, in a service named
        ``service`` (made on first use); the code's SMS becomes the run's last message."""
        from twilio.base.exceptions import TwilioRestException

        client = self.sdk_for(body.get("account"))
        name = body.get("service", "smsim")
        key = (body.get("account") or "default", name)
        try:
            if key not in self.verify_services:
                self.verify_services[key] = client.verify.v2.services.create(
                    friendly_name=name).sid
            client.verify.v2.services(self.verify_services[key]).verifications.create(
                to=body["to"], channel="sms")
        except TwilioRestException as exc:
            self.notes.append(f"steps[{index}]: verify answered {exc.status} / {exc.code}")
            return
        account = self.accounts[body.get("account") or "default"]["account_sid"]
        control = self.control if account == self.account["account_sid"] else \
            self.control.in_world(account)
        found = control.get("/verifications", to=body["to"], limit=1)["verifications"]
        if found and found[0]["message_sids"]:
            self.last_sid = found[0]["message_sids"][-1]

    def _client_for(self, credentials: str, account: str | None = None):
        self.sdk_for(account)  # names an existing account
        a = self.accounts[account or "default"]
        if credentials == "test":
            return client_for(self.control.url, a["test_account_sid"], a["test_auth_token"])
        if credentials == "wrong":
            return client_for(self.control.url, a["account_sid"], "0" * 32)
        return self.sdk_for(account)

    def diagnose(self) -> list[dict]:
        d = self.scenario.diagnose
        end = self.control.get("/clock")["epoch"]
        message = self.last_sid if d.get("message") == "last" else d.get("message")
        scope = evidence.Scope(message, d.get("to"), d.get("from"),
                               None if (d.get("to") or d.get("from") or message)
                               else end - self.start + 1)
        account = d.get("account")
        # The evidence of a named account is in its own world.
        control = self.control if not account or account == "default" else \
            self.control.in_world(self.accounts[account]["account_sid"])
        return diagnosis.diagnose(self.sdk_for(account), control, scope)["symptoms"]

    def clean_up(self) -> None:
        for sid in self.worlds:
            try:
                self.control.delete(f"/accounts/{sid}")
            except ClientError:
                pass  # already gone: nothing to clean


def run(control: SimClient, scenario: Scenario) -> Result:
    from twilio.base.exceptions import TwilioException

    started = time.monotonic()
    app = App()
    job = None
    try:
        job = Run(control, scenario, app)
        job.prepare()
        for i, step in enumerate(scenario.steps):
            try:
                job.step(i, step)
            except (ClientError, TwilioException) as exc:
                raise ScenarioError(job.where(f"steps[{i}]: {exc}")) from None
        findings = job.diagnose()
        end = control.get("/clock")["epoch"]
    finally:
        app.stop()
        if job is not None:
            job.clean_up()
    return Result(scenario.name, scenario.symptoms, sorted(f["id"] for f in findings),
                  end - job.start, time.monotonic() - started, job.notes, findings,
                  control.account_sid)
