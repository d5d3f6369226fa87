"""Gather what a developer would look at: the Messages API through the official SDK, and the
simulator's evidence endpoints where they exist. A missing endpoint (real Twilio, or a
simulator with ``--evidence-off``) is recorded as a skipped check, never a crash."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import UTC, datetime

from smsim.clients.sim_client import ClientError, SimClient

# A cheap read per check, to learn up front which evidence this simulator offers.
PROBES = {
    "request-log": ("/requests", {"limit": 1}),
    "test-credentials": ("/accounts", {}),
    "delivery-steps": ("/messages/SM00000000000000000000000000000000/steps", {}),
    "handset-inbox": ("/handsets/+15005550000/inbox", {}),
    "handset-state": ("/handsets/+15005550000", {}),
    "handset-outbox": ("/outbox", {"limit": 1}),
    "opt-outs": ("/opt-outs", {}),
    "webhook-attempts": ("/webhooks", {"limit": 1}),
}
# Check name -> the symptom ids it can reveal (listed in checks_skipped when unavailable).
CHECKS = {
    "request-log": ["api-rejected", "wrong-credentials", "opted-out", "app-error-before-api",
                    "test-credentials"],
    "test-credentials": ["test-credentials"],
    "delivery-steps": ["delayed-queue", "delayed-carrier"],
    "handset-inbox": ["sent-not-received", "carrier-duplicate", "handset-blocked-sender"],
    "handset-state": ["handset-blocked-sender"],
    "handset-outbox": ["inbound-international-sender", "inbound-roaming-sender",
                       "inbound-short-code-sender", "number-not-sms-capable"],
    "opt-outs": ["opted-out"],
    "webhook-attempts": ["inbound-no-webhook"],
}


def epoch(value) -> float | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.timestamp()
    return datetime.fromisoformat(str(value).replace("Z", "+00:00")).timestamp()


def clock_text(seconds: float) -> str:
    return datetime.fromtimestamp(seconds, UTC).strftime("%H:%M:%S")


def message_dict(m) -> dict:
    return {"sid": m.sid, "status": m.status, "direction": m.direction, "from": m.from_,
            "to": m.to, "body": m.body or "", "error_code": m.error_code,
            "created": epoch(m.date_created),
            "messaging_service_sid": m.messaging_service_sid}


@dataclass
class Scope:
    message_sid: str | None = None
    to: str | None = None
    from_: str | None = None
    since_seconds: float | None = None


@dataclass
class Evidence:
    account_sid: str
    now: float
    scope: Scope
    messages: list[dict]
    numbers: list[dict]
    control: SimClient | None
    skipped: dict = field(default_factory=dict)  # check -> reason
    _cache: dict = field(default_factory=dict)

    def probe(self) -> None:
        """Mark every check whose evidence is not offered (real Twilio: all of them)."""
        for check, (path, params) in PROBES.items():
            self.get(check, path, **params)
        self._cache.clear()

    @property
    def since(self) -> float | None:
        if self.scope.since_seconds is None:
            return None
        return self.now - self.scope.since_seconds

    def get(self, check: str, path: str, **params) -> dict | None:
        """A control-plane read for ``check``; None (and the check skipped) if unavailable."""
        if check in self.skipped:
            return None
        key = (path, tuple(sorted(params.items())))
        if key in self._cache:
            return self._cache[key]
        if self.control is None:
            self.skipped[check] = "no simulator control plane (real Twilio)"
            return None
        try:
            data = self.control.get(path, **params)
        except ClientError as exc:
            if exc.status == 404 and "does not exist" in str(exc):
                data = None  # the thing is missing, the endpoint is there
            else:
                self.skipped[check] = f"unavailable: {exc}"
                return None
        self._cache[key] = data
        return data

    # --- the evidence, by source -----------------------------------------------------------
    def requests(self) -> list[dict] | None:
        params = {"limit": 100000}
        if self.since is not None:
            params["since"] = self.since
        data = self.get("request-log", "/requests", **params)
        return None if data is None else data["requests"]

    def test_account_sid(self) -> str | None:
        data = self.get("test-credentials", "/accounts")
        if data is None:
            return None
        return next((a["test_account_sid"] for a in data["accounts"]
                     if a["account_sid"] == self.account_sid), None)

    def steps(self, sid: str) -> dict | None:
        return self.get("delivery-steps", f"/messages/{sid}/steps")

    def inbox(self, number: str) -> list[dict] | None:
        data = self.get("handset-inbox", f"/handsets/{number}/inbox", all="true")
        return None if data is None else data["messages"]

    def handset(self, number: str) -> dict | None:
        return self.get("handset-state", f"/handsets/{number}")

    def texts_to(self, number: str) -> list[dict] | None:
        params = {"to": number}
        if self.since is not None:
            params["since"] = self.since
        data = self.get("handset-outbox", "/outbox", **params)
        return None if data is None else data["messages"]

    def opt_outs(self) -> list[dict] | None:
        data = self.get("opt-outs", "/opt-outs", account=self.account_sid)
        return None if data is None else data["opt_outs"]

    def webhooks(self, message_sid: str) -> list[dict] | None:
        data = self.get("webhook-attempts", "/webhooks", message=message_sid)
        return None if data is None else data["webhooks"]


def gather(client, control: SimClient | None, scope: Scope) -> Evidence:
    """Read the Messages API and the numbers through the SDK; the rest is read lazily."""
    now = time.time()
    if control is not None:
        try:
            now = control.get("/clock")["epoch"]
        except ClientError:
            control = None  # no simulator there: real Twilio
    account_sid = client.account_sid
    if scope.message_sid:
        messages = [message_dict(client.messages(scope.message_sid).fetch())]
    else:
        filters = {k: v for k, v in (("to", scope.to), ("from_", scope.from_)) if v}
        messages = [message_dict(m) for m in client.messages.list(limit=5000, **filters)]
        if scope.since_seconds is not None:
            messages = [m for m in messages if m["created"] >= now - scope.since_seconds]
    numbers = [{"sid": n.sid, "phone_number": n.phone_number, "sms_url": n.sms_url or "",
                "capabilities": n.capabilities or {}}
               for n in client.incoming_phone_numbers.list()]
    ev = Evidence(account_sid, now, scope, sorted(messages, key=lambda m: m["created"]),
                  numbers, control)
    ev.probe()
    return ev
