"""Gather what a developer would look at: the Messages API, and the simulator's evidence
endpoints where they exist, read through an injected ``Source``. A missing endpoint (real
Twilio, or a simulator with ``--evidence-off``) is recorded as a skipped check, never a crash.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Protocol

from smsim.domain.clock import parse_iso8601

# The most messages a diagnosis reads (ApiSource.messages lists at most this many).
MESSAGE_LIMIT = 5000
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
                    "test-credentials", "whatsapp-template-rejected"],
    "test-credentials": ["test-credentials"],
    "delivery-steps": ["delayed-queue", "delayed-carrier", "whatsapp-unread"],
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
    return parse_iso8601(str(value))


def clock_text(seconds: float) -> str:
    return datetime.fromtimestamp(seconds, UTC).strftime("%H:%M:%S")


@dataclass
class Scope:
    """What a diagnosis looks at; every part given must hold (they combine with AND).
    Nothing outside it is reported: not another message, not another pair's request, not a
    text to another number, not what happened before the window."""
    message_sid: str | None = None
    to: str | None = None
    from_: str | None = None
    since_seconds: float | None = None

    def pair_holds(self, to: str | None, from_: str | None) -> bool:
        """Whether a To/From pair (a request's parameters, a text's ends) is in scope."""
        return (not self.to or to == self.to) and (not self.from_ or from_ == self.from_)


class Unavailable(Exception):
    """A check's evidence cannot be read from this source; the message is the reason
    (listed in checks_skipped), ``status`` the HTTP status the read got (None: there is no
    simulator control plane to ask, as on real Twilio)."""

    def __init__(self, message: str, status: int | None = None):
        super().__init__(message)
        self.status = status


class Source(Protocol):
    """Where the evidence comes from (over HTTP for clients, in-process for the dashboard).

    Messages are dicts: sid, status, direction, from, to, body, error_code, created (epoch
    seconds), messaging_service_sid; numbers: sid, phone_number, sms_url, capabilities.
    ``read`` is a control-plane GET: the JSON answer, None when the thing asked about does
    not exist (the endpoint is there), or ``Unavailable`` when the endpoint is not."""

    account_sid: str

    def now(self) -> float: ...

    def message(self, sid: str) -> dict: ...

    def messages(self, to: str | None, from_: str | None) -> list[dict]: ...

    def numbers(self) -> list[dict]: ...

    def read(self, path: str, **params) -> dict | None: ...


def refused(status: int | None, message: str) -> None:
    """What a refused control-plane read means: None when the thing asked about does not
    exist (the endpoint is there), else the check is unavailable."""
    if status == 404 and "does not exist" in message:
        return None
    raise Unavailable(f"unavailable: {message}", status)


@dataclass
class Evidence:
    account_sid: str
    now: float
    scope: Scope
    messages: list[dict]
    numbers: list[dict]
    source: Source
    skipped: dict = field(default_factory=dict)  # check -> the Unavailable it met
    _cache: dict = field(default_factory=dict)
    _bulk: dict = field(default_factory=dict)  # SID -> its steps, inbox copies and webhooks

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
        try:
            data = self.source.read(path, **params)
        except Unavailable as exc:
            self.skipped[check] = exc
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

    def prefetch(self) -> None:
        """Read every message's steps, inbox copies and webhooks in one go (the simulator's
        /messages/evidence), instead of one read or more per message; a message it does not
        cover (one made meanwhile, or a simulator without it) is read on its own."""
        if self.scope.message_sid or len(self.messages) < 2:
            return
        params = {"account": self.account_sid, "limit": MESSAGE_LIMIT}
        for name, value in (("since", self.since), ("to", self.scope.to),
                            ("from", self.scope.from_)):
            if value is not None:
                params[name] = value
        try:
            data = self.source.read("/messages/evidence", **params)
        except Unavailable:
            return
        if data is not None:
            self._bulk = data["messages"]

    def steps(self, sid: str) -> dict | None:
        if "delivery-steps" not in self.skipped and sid in self._bulk:
            return self._bulk[sid]["steps"]
        return self.get("delivery-steps", f"/messages/{sid}/steps")

    def inbox(self, number: str) -> list[dict] | None:
        data = self.get("handset-inbox", f"/handsets/{number}/inbox", all="true")
        return None if data is None else data["messages"]

    def copies(self, sid: str, number: str) -> list[dict] | None:
        """The copies of message ``sid`` in ``number``'s inbox (shown or not), oldest
        first; None if inboxes cannot be read."""
        if "handset-inbox" not in self.skipped and sid in self._bulk:
            return [c for c in self._bulk[sid]["inbox"] if c["number"] == number]
        inbox = self.inbox(number)
        return None if inbox is None else [row for row in inbox if row["message_sid"] == sid]

    def verification(self, message_sid: str) -> dict | None:
        """The Verify verification whose code message ``message_sid`` carried ({"sid": VE…,
        "status": …}), or None: not a Verify SMS, or no simulator to ask (real Twilio
        keeps no such link a client can read; then nothing is said about it). From the bulk
        read when it covered the message, else one read of /verifications?message=SID."""
        if message_sid in self._bulk and "verification" in self._bulk[message_sid]:
            return self._bulk[message_sid]["verification"]
        key = ("/verifications", message_sid)
        if key not in self._cache:
            try:
                data = self.source.read("/verifications", message=message_sid, limit=1)
            except Unavailable:
                data = None
            found = (data or {}).get("verifications") or []
            self._cache[key] = ({"sid": found[0]["sid"], "status": found[0]["status"]}
                                if found else None)
        return self._cache[key]

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
        if "webhook-attempts" not in self.skipped and message_sid in self._bulk:
            return self._bulk[message_sid]["webhooks"]
        data = self.get("webhook-attempts", "/webhooks", message=message_sid)
        return None if data is None else data["webhooks"]


def gather(source: Source, scope: Scope) -> Evidence:
    """Read the messages and the numbers now; the rest is read lazily."""
    now = source.now()
    account_sid = source.account_sid
    if scope.message_sid:
        messages = [source.message(scope.message_sid)]
    else:
        messages = source.messages(scope.to, scope.from_)
        if scope.since_seconds is not None:
            messages = [m for m in messages if m["created"] >= now - scope.since_seconds]
    numbers = source.numbers()
    ev = Evidence(account_sid, now, scope, sorted(messages, key=lambda m: m["created"]),
                  numbers, source)
    ev.probe()
    ev.prefetch()
    return ev
