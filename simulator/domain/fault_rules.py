"""Fault rules: validated data that says which traffic to break and how.

A rule is ``{"name": ..., "match": {...}, "effect": {...}}`` (or ``"effects": [...]``, all of
one decision point). Rules are tried in order at each decision point; the first whose match
holds fires (mailpit's chaos rules, moto's first-match). Pure: parsing, validation and
matching; counting, random draws and logging live in ``engine/fault_rules.py``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from smsim.domain.clock import parse_iso8601
from smsim.domain.errors import CATALOGUE
from smsim.domain.phone import parse_recipient, parse_sender

DIRECTIONS = ("outbound-api", "outbound-reply", "inbound")
WEBHOOK_ACTIONS = ("drop", "delay", "duplicate", "out_of_order", "bad_signature")
FAIL_STEPS = ("queued", "dequeued", "handed_to_carrier", "delivered")
MAX_LATENCY = 10.0  # seconds of wall time an injected API latency may take
MAX_SECONDS = 86_400 * 30

# Effect type -> decision point.
POINTS = {
    "api_error": "api", "latency": "api",
    "fail": "plan", "queue_delay": "plan", "carrier_delay": "plan", "duplicate": "plan",
    "drop_receipt": "plan", "hide_from_handset": "plan",
    "callback": "status_callback", "inbound_webhook": "incoming_message",
}
MATCH_KEYS = {"account", "from", "to", "pair", "messaging_service", "body", "direction",
              "request", "channel", "window", "nth", "first", "probability"}
# Plan effects standing for an SMS carrier's faults, which a WhatsApp message never meets
# (it crosses no carrier): refused on a rule for WhatsApp; a rule for every channel leaves
# a WhatsApp message's copies alone (docs/faults.md).
SMS_ONLY_EFFECTS = {"duplicate", "hide_from_handset"}
# match.channel: the message's channel, read from its To (docs/whatsapp.md); a request that
# creates no message has none, so a channel rule leaves it alone.
CHANNELS = ("sms", "whatsapp")
# match.request at the api point: "create" holds for a message create (POST Messages.json)
# only, so a rule standing for a bad send leaves every read (and other resources) alone;
# "verify" for starting a Verify verification (POST /v2/Services/VA…/Verifications).
REQUESTS = ("create", "verify")


class RuleError(ValueError):
    """An invalid rule; the message names the field."""


@dataclass(frozen=True)
class Rule:
    name: str
    match: dict
    effects: tuple[dict, ...]
    point: str


def _number(field: str, value) -> str:
    if not isinstance(value, str):
        raise RuleError(f"{field} must be a string")
    address = parse_sender(value) if field.endswith("from") else parse_recipient(value)
    if address is None:
        raise RuleError(f"{field}: {value!r} is not a phone number, short code or sender ID")
    return address.value


def _seconds(field: str, value, low: float = 0, high: float = MAX_SECONDS) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not low <= value <= high:
        raise RuleError(f"{field} must be a number of seconds from {low:g} to {high:g}")
    return float(value)


def _count(field: str, value, low: int = 1, high: int = 10**9) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise RuleError(f"{field} must be an integer from {low} to {high}")
    return value


def _time(field: str, value) -> float:
    try:
        return parse_iso8601(str(value))
    except ValueError:
        raise RuleError(f"{field}: {value!r} is not an ISO 8601 time") from None


def _match(data) -> dict:
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise RuleError("match must be an object")
    unknown = set(data) - MATCH_KEYS
    if unknown:
        raise RuleError(f"match: unknown field(s) {', '.join(sorted(unknown))}")
    match = {}
    if "account" in data:
        if not isinstance(data["account"], str) or not data["account"].startswith("AC"):
            raise RuleError("match.account must be an account SID (AC...)")
        match["account"] = data["account"]
    for key in ("from", "to"):
        if key in data:
            match[key] = _number(f"match.{key}", data[key])
    if "pair" in data:
        pair = data["pair"]
        if not isinstance(pair, dict) or set(pair) != {"from", "to"}:
            raise RuleError("match.pair must be {\"from\": ..., \"to\": ...}")
        match["from"] = _number("match.pair.from", pair["from"])
        match["to"] = _number("match.pair.to", pair["to"])
    if "messaging_service" in data:
        value = data["messaging_service"]
        if not isinstance(value, str) or not value.startswith("MG"):
            raise RuleError("match.messaging_service must be a Messaging Service SID (MG...)")
        match["messaging_service"] = value
    if "body" in data:
        try:
            re.compile(data["body"])
        except (re.error, TypeError) as exc:
            raise RuleError(f"match.body is not a regular expression: {exc}") from None
        match["body"] = data["body"]
    if "direction" in data:
        if data["direction"] not in DIRECTIONS:
            raise RuleError(f"match.direction must be one of {', '.join(DIRECTIONS)}")
        match["direction"] = data["direction"]
    if "request" in data:
        if data["request"] not in REQUESTS:
            raise RuleError(f"match.request must be one of {', '.join(REQUESTS)}")
        match["request"] = data["request"]
    if "channel" in data:
        if data["channel"] not in CHANNELS:
            raise RuleError(f"match.channel must be one of {', '.join(CHANNELS)}")
        match["channel"] = data["channel"]
    if "window" in data:
        window = data["window"]
        if not isinstance(window, dict) or not window or set(window) - {"start", "end"}:
            raise RuleError("match.window must be {\"start\": ISO time, \"end\": ISO time}")
        match["window"] = {k: _time(f"match.window.{k}", v) for k, v in window.items()}
    if "nth" in data and "first" in data:
        raise RuleError("match.nth and match.first cannot be combined")
    for key in ("nth", "first"):
        if key in data:
            match[key] = _count(f"match.{key}", data[key])
    if "probability" in data:
        p = data["probability"]
        if isinstance(p, bool) or not isinstance(p, int | float) or not 0 <= p <= 1:
            raise RuleError("match.probability must be a number from 0 to 1")
        match["probability"] = float(p)
    return match


def _effect(data, index: str) -> dict:
    where = f"effect{index}"
    if not isinstance(data, dict):
        raise RuleError(f"{where} must be an object")
    kind = data.get("type")
    if kind not in POINTS:
        raise RuleError(f"{where}.type must be one of {', '.join(POINTS)}")
    allowed = {"type"}
    effect = {"type": kind}
    if kind == "api_error":
        allowed |= {"code", "status"}
        code = data.get("code")
        if code not in CATALOGUE:
            raise RuleError(f"{where}.code must be a code of the error catalogue")
        effect["code"] = code
        if "status" in data:
            effect["status"] = _count(f"{where}.status", data["status"], 400, 599)
    elif kind == "latency":
        allowed |= {"seconds"}
        effect["seconds"] = _seconds(f"{where}.seconds", data.get("seconds"), 0, MAX_LATENCY)
    elif kind == "fail":
        allowed |= {"status", "code", "at"}
        status = data.get("status", "undelivered")
        if status not in ("failed", "undelivered"):
            raise RuleError(f"{where}.status must be failed or undelivered")
        code = data.get("code")
        if not isinstance(code, int) or not 30000 <= code < 31000 or code not in CATALOGUE:
            raise RuleError(f"{where}.code must be a 30xxx code of the catalogue")
        at = data.get("at", "delivered" if status == "undelivered" else "dequeued")
        if at not in FAIL_STEPS:
            raise RuleError(f"{where}.at must be one of {', '.join(FAIL_STEPS)}")
        if status == "undelivered" and at in ("queued", "dequeued"):
            raise RuleError(f"{where}.at: a message is undelivered only once handed to the "
                            "carrier (handed_to_carrier or delivered)")
        if status == "failed" and at == "delivered":
            raise RuleError(f"{where}.at: a sent message cannot fail; use undelivered")
        effect.update(status=status, code=code, at=at)
    elif kind in ("queue_delay", "carrier_delay"):
        allowed |= {"seconds"}
        effect["seconds"] = _seconds(f"{where}.seconds", data.get("seconds"))
    elif kind == "duplicate":
        allowed |= {"copies", "spacing"}
        effect["copies"] = _count(f"{where}.copies", data.get("copies", 1), 1, 10)
        effect["spacing"] = _seconds(f"{where}.spacing", data.get("spacing", 4.0), 0, 3600)
    elif kind in ("callback", "inbound_webhook"):
        allowed |= {"action", "seconds"}
        action = data.get("action")
        if action not in WEBHOOK_ACTIONS:
            raise RuleError(f"{where}.action must be one of {', '.join(WEBHOOK_ACTIONS)}")
        effect["action"] = action
        if action in ("delay", "out_of_order"):
            effect["seconds"] = _seconds(f"{where}.seconds", data.get("seconds", 10.0))
    unknown = set(data) - allowed
    if unknown:
        raise RuleError(f"{where}: unknown field(s) {', '.join(sorted(unknown))}")
    return effect


def parse_rule(data) -> Rule:
    if not isinstance(data, dict):
        raise RuleError("a rule must be a JSON object")
    unknown = set(data) - {"name", "match", "effect", "effects"}
    if unknown:
        raise RuleError(f"unknown field(s) {', '.join(sorted(unknown))}")
    name = data.get("name", "")
    if not isinstance(name, str):
        raise RuleError("name must be a string")
    if ("effect" in data) == ("effects" in data):
        raise RuleError("give exactly one of effect or effects")
    if "effect" in data:
        effects = (_effect(data["effect"], ""),)
    else:
        if not isinstance(data["effects"], list) or not data["effects"]:
            raise RuleError("effects must be a non-empty list")
        effects = tuple(_effect(e, f"s[{i}]") for i, e in enumerate(data["effects"]))
    points = {POINTS[e["type"]] for e in effects}
    if len(points) > 1:
        raise RuleError("effects must all act at one point (api, plan, status_callback or "
                        "incoming_message); use several rules")
    point = points.pop()
    match = _match(data.get("match"))
    if "request" in match and point != "api":
        raise RuleError("match.request applies to api effects only (api_error, latency): "
                        "the other points are about messages already created")
    if match.get("channel") == "whatsapp":
        sms_only = sorted({e["type"] for e in effects} & SMS_ONLY_EFFECTS)
        if sms_only:
            raise RuleError(f"effect type {', '.join(sms_only)} does not apply to WhatsApp "
                            "messages (match.channel is whatsapp): it stands for an SMS "
                            "carrier's fault, and WhatsApp messages cross no carrier")
    return Rule(name, match, effects, point)


def criteria_hold(match: dict, facts: dict, now: float) -> bool:
    """Everything but the counters and the probability."""
    for key in ("account", "from", "to", "messaging_service", "direction", "request",
                "channel"):
        if key in match and facts.get(key) != match[key]:
            return False
    if "body" in match and (facts.get("body") is None
                            or not re.search(match["body"], facts["body"])):
        return False
    window = match.get("window")
    if window and not (window.get("start", float("-inf")) <= now
                       < window.get("end", float("inf"))):
        return False
    return True


def counters_allow(match: dict, seen: int) -> bool:
    if "nth" in match and seen != match["nth"]:
        return False
    return not ("first" in match and seen > match["first"])


def as_json(rule: Rule) -> dict:
    data = {"name": rule.name, "match": dict(rule.match), "point": rule.point}
    if "window" in rule.match:
        from smsim.domain.clock import iso8601

        data["match"]["window"] = {k: iso8601(v) for k, v in rule.match["window"].items()}
    data["effects"] = list(rule.effects)
    return data
