"""A quiz's hidden failure, set up in a world: the world set-up and the traffic of scenario
files of the pack, played in process through this server's own Twilio API and control plane
(Flask's test client, as the dashboard's diagnosis reads them). So every request is what a
client's would be: the sends are in the request log under the world's account, fault rules
meet them, the clock moves as an advance moves it, and the diagnosis reads the result as
``smsim diagnose`` would.

It plays what ``smsim scenario run`` plays (clients/scenarios/runner.py), without the run's
reset, seed and fixed start: the world is a fresh one, its clock is set back by the steps'
total advance and put back into the server's mode afterwards, so the traffic ends "now".
The scenario's stand-in application is this server's ``/quiz/app/…``, which answers every
webhook 200 with empty TwiML (a scenario's own app answers are not replayed).
"""

from __future__ import annotations

import contextvars
from collections.abc import Callable

from flask import Flask
from smsim.domain.clock import iso8601
from smsim.domain.diagnosis import evidence
from smsim.domain.diagnosis.run import diagnose
from smsim.domain.durations import parse_duration
from smsim.domain.quiz import advance_seconds, plain_findings
from smsim.domain.scenarios import Scenario, send_forms
from smsim.web import settings, world_context
from smsim.web.ui.diagnosis import InProcessSource

API = "/2010-04-01/Accounts"
STAND_IN = "/quiz/app"


class SetupError(Exception):
    """A scenario that could not be played in the world; the message names the request."""


def camel(name: str) -> str:
    """A scenario's snake_case field as the API's parameter: sms_url -> SmsUrl."""
    return "".join(part[:1].upper() + part[1:] for part in name.split("_"))


class Player:
    def __init__(self, app: Flask, config, account: dict):
        self.http = app.test_client()
        self.config = config
        self.account = account
        self.sid = account["sid"]
        self.header = {world_context.HEADER: self.sid}
        self.live = (account["sid"], account["auth_token"])
        self.services: dict[str, str] = {}
        self.stand_in = settings.local_url(config) + STAND_IN

    # --- requests ------------------------------------------------------------------------
    def control(self, method: str, path: str, body: dict | None = None) -> dict:
        answer = self.http.open(f"/_sim{path}", method=method, json=body if body is not None
                                else ({} if method != "GET" else None), headers=self.header)
        data = answer.get_json(silent=True) or {}
        if answer.status_code >= 400:
            raise SetupError(f"{method} /_sim{path}: {data.get('error', answer.status_code)}")
        return data

    def api(self, method: str, path: str, data: dict | None = None,
            auth: tuple[str, str] | None = None, query: dict | None = None):
        return self.http.open(path, method=method, data=data, query_string=query,
                              auth=auth or self.live)

    def api_ok(self, method: str, path: str, data: dict | None = None,
               query: dict | None = None) -> dict:
        answer = self.api(method, path, data, query=query)
        body = answer.get_json(silent=True) or {}
        if answer.status_code >= 400:
            raise SetupError(f"{method} {path}: {body.get('code')} {body.get('message')}")
        return body

    def url(self, value):
        """"app:/sms" -> the stand-in application's URL; anything else unchanged."""
        if isinstance(value, str) and value.startswith("app:"):
            return self.stand_in + value[4:]
        return value

    # --- the world -----------------------------------------------------------------------
    def world(self, spec: dict) -> None:
        """As the runner's apply_world, in the same order; ``app`` answers are the
        stand-in's."""
        if "blocked_countries" in spec:
            self.control("PUT", "/inbound", {"blocked_countries": spec["blocked_countries"]})
        for number in spec.get("numbers", []):
            self.number(dict(number))
        for carrier in spec.get("carriers", []):
            carrier = dict(carrier)
            self.control("PUT", f"/carriers/{carrier.pop('name')}", carrier)
        for handset in spec.get("handsets", []):
            handset = dict(handset)
            self.control("PUT", f"/handsets/{handset.pop('number')}", handset)
        for service in spec.get("services", []):
            self.service(service)
        for template in spec.get("whatsapp_templates", []):
            template = dict(template)
            self.control("PUT", f"/whatsapp/templates/{template.pop('sid')}", template)
        for opt_out in spec.get("opt_outs", []):
            self.control("POST", "/opt-outs", opt_out)
        for rule in spec.get("faults", []):
            self.control("POST", "/faults", rule)
        for preset in spec.get("presets", []):
            self.control("POST", f"/faults/presets/{preset['name']}",
                         {"match": preset["match"]} if "match" in preset else {})

    def _number_sid(self, phone: str) -> str | None:
        found = self.api_ok("GET", f"{API}/{self.sid}/IncomingPhoneNumbers.json",
                            query={"PhoneNumber": phone})["incoming_phone_numbers"]
        return found[0]["sid"] if found else None

    def number(self, spec: dict) -> None:
        phone = spec.pop("phone_number")
        caps = spec.pop("capabilities", None)
        send_rate = spec.pop("send_rate", None)
        whatsapp = spec.pop("whatsapp", None)
        spec.pop("account", None)
        sid = self._number_sid(phone) or self.api_ok(
            "POST", f"{API}/{self.sid}/IncomingPhoneNumbers.json", {"PhoneNumber": phone})["sid"]
        if spec:
            self.api_ok("POST", f"{API}/{self.sid}/IncomingPhoneNumbers/{sid}.json",
                        {camel(k): self.url(v) for k, v in spec.items()})
        if caps or send_rate or whatsapp is not None:
            self.control("PUT", f"/numbers/{phone}", {
                k: v for k, v in (("capabilities", caps), ("send_rate", send_rate),
                                  ("whatsapp", whatsapp)) if v is not None})

    def service(self, spec: dict) -> None:
        fields = {camel(k): self.url(v) for k, v in spec.items() if k != "numbers"}
        service = self.api_ok("POST", "/v1/Services", fields)
        self.services[spec["friendly_name"]] = service["sid"]
        for phone in spec.get("numbers", []):
            self.api_ok("POST", f"/v1/Services/{service['sid']}/PhoneNumbers",
                        {"PhoneNumberSid": self._number_sid(phone)})

    # --- the traffic ---------------------------------------------------------------------
    def step(self, step: dict) -> None:
        kind, body = next(iter(step.items()))
        if kind == "advance":
            self.control("POST", "/clock/advance", {"seconds": parse_duration(str(body))})
        elif kind == "text":
            self.control("POST", f"/handsets/{body['from']}/messages",
                         {"to": body["to"], "body": body.get("body", ""),
                          "media_urls": body.get("media", []),
                          "channel": body.get("channel", "sms")})
        elif kind == "send":
            self.send(body)
        # "app" steps change the scenario app's answers: the stand-in has only one.

    def send(self, body: dict) -> None:
        """As an application's SDK would send it; a refusal is part of the story (the
        request log keeps it), as in a scenario run."""
        credentials = body.get("credentials", "live")
        sid, auth = self.sid, self.live
        if credentials == "test":
            sid = self.account["test_sid"]
            auth = (sid, self.account["test_token"])
        elif credentials == "wrong":
            auth = (self.sid, "0" * 32)
        for form in send_forms(body, self.url, lambda name: self.services.get(name, name)):
            self.api("POST", f"{API}/{sid}/Messages.json", form, auth=auth)

    def play(self, scenarios: list[Scenario]) -> None:
        """Every scenario's world then its steps, one scenario after the other, on a manual
        clock set back so that the traffic ends about now; then the server's clock mode."""
        total = sum(advance_seconds(s) for s in scenarios)
        epoch = self.control("GET", "/clock")["epoch"]
        self.control("POST", "/clock", {"mode": "manual", "now": iso8601(epoch - total)})
        for scenario in scenarios:
            try:
                self.world(scenario.world)
                for step in scenario.steps:
                    self.step(step)
            except SetupError as exc:
                raise SetupError(f"{scenario.path.name}: {exc}") from None
        self.control("POST", "/clock", {"mode": self.config.clock, "speed": self.config.speed})


def _isolated(work: Callable[[], object]):
    """Run ``work`` in a context of its own: each request the test client dispatches gets its
    own app context (its own ``g``), as it would arriving over HTTP, not the caller's."""
    return contextvars.Context().run(work)


def set_up(app: Flask, config, account: dict, scenarios: list[Scenario]) -> None:
    _isolated(lambda: Player(app, config, account).play(scenarios))


def diagnose_world(app: Flask, config, account: dict) -> list[dict]:
    """``smsim diagnose`` over all of the world's traffic, as its account: the findings
    without their language (id, message SIDs, evidence)."""
    source = InProcessSource(app, config.public_url, account["sid"], account["auth_token"],
                             account["sid"])
    return plain_findings(_isolated(lambda: diagnose(source, evidence.Scope(), "en")))
