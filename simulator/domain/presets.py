"""Named fault-rule sets, one per symptom of the guide that a rule can produce.

Each preset names the symptom id of ``shared/guide/symptoms.md`` it produces and the guide's
section. Loading one may narrow it with a ``match`` (e.g. one From number), merged into every
rule of the set.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Preset:
    name: str
    symptom: str
    section: str
    description: str
    rules: tuple[dict, ...]


PRESETS = {p.name: p for p in [
    Preset("carrier-congestion", "delayed-carrier", "5",
           "Downstream carrier congestion: 45 s more between hand-off and delivery.",
           ({"name": "carrier congestion",
             "effect": {"type": "carrier_delay", "seconds": 45}},)),
    Preset("queue-backlog", "delayed-queue", "5",
           "Messages wait 2 minutes in Twilio's queue before they are sent.",
           ({"name": "queue backlog", "effect": {"type": "queue_delay", "seconds": 120}},)),
    Preset("carrier-duplicates", "carrier-duplicate", "4",
           "The carrier delivers every message twice, 4 s apart (a safeguard in outages).",
           ({"name": "carrier duplicates",
             "effect": {"type": "duplicate", "copies": 1, "spacing": 4}},)),
    Preset("filtered-long-code", "carrier-filtered-sender", "5",
           "The carrier filters the sender: undelivered 30007 (narrow it with match.from).",
           ({"name": "filtered long code", "effect": {"type": "fail", "status": "undelivered",
                                                      "code": 30007, "at": "delivered"}},)),
    Preset("unreachable-handset", "handset-unreachable", "5",
           "Handsets cannot be reached: undelivered 30003.",
           ({"name": "unreachable handset", "effect": {"type": "fail", "status": "undelivered",
                                                       "code": 30003, "at": "delivered"}},)),
    Preset("unknown-handset", "handset-unreachable", "5",
           "The destination number is not in service: undelivered 30005.",
           ({"name": "unknown handset", "effect": {"type": "fail", "status": "undelivered",
                                                   "code": 30005, "at": "delivered"}},)),
    Preset("carrier-unknown-error", "delivery-failed", "1",
           "The carrier answers an unknown error: undelivered 30008.",
           ({"name": "unknown error", "effect": {"type": "fail", "status": "undelivered",
                                                 "code": 30008, "at": "delivered"}},)),
    Preset("landline-or-unreachable-carrier", "delivery-failed", "1",
           "Landline or unreachable carrier: undelivered 30006.",
           ({"name": "unreachable carrier", "effect": {"type": "fail", "status": "undelivered",
                                                       "code": 30006, "at": "delivered"}},)),
    Preset("queue-overflow", "delivery-failed", "1",
           "The sender's queue overflows: failed 30001 before sending.",
           ({"name": "queue overflow", "effect": {"type": "fail", "status": "failed",
                                                  "code": 30001, "at": "dequeued"}},)),
    Preset("sent-not-received", "sent-not-received", "1",
           "Carrier says sent but the handset shows nothing (no receipt, not in the inbox).",
           ({"name": "sent, not received",
             "effects": [{"type": "drop_receipt"}, {"type": "hide_from_handset"}]},)),
    Preset("blacklisted-pair", "opted-out", "3",
           "Sends answer 400 / 21610 as if the recipient had texted STOP (narrow with match).",
           ({"name": "blacklist", "effect": {"type": "api_error", "code": 21610}},)),
    Preset("invalid-to", "api-rejected", "1",
           "Creates answer 400 / 21211 (invalid 'To').",
           ({"name": "invalid to", "effect": {"type": "api_error", "code": 21211}},)),
    Preset("rate-limited", "api-rejected", "1",
           "A fifth of API requests answer 429 / 20429.",
           ({"name": "rate limited", "match": {"probability": 0.2},
             "effect": {"type": "api_error", "code": 20429}},)),
    Preset("wrong-credentials", "wrong-credentials", "1",
           "Every API request answers 401 / 20003.",
           ({"name": "wrong credentials", "effect": {"type": "api_error", "code": 20003}},)),
    Preset("flaky-callbacks", "delivery-failed", "1",
           "A third of status callbacks never arrive; the rest arrive out of order.",
           ({"name": "dropped callbacks", "match": {"probability": 0.33},
             "effect": {"type": "callback", "action": "drop"}},
            {"name": "reordered callbacks",
             "effect": {"type": "callback", "action": "out_of_order", "seconds": 5}})),
    Preset("forged-webhooks", "inbound-no-webhook", "2",
           "Webhooks arrive with a signature that does not validate.",
           ({"name": "bad callback signature",
             "effect": {"type": "callback", "action": "bad_signature"}},
            {"name": "bad inbound signature",
             "effect": {"type": "inbound_webhook", "action": "bad_signature"}})),
]}


def rules_for(name: str, narrow: dict | None) -> list[dict]:
    """The preset's rules, each ``match`` merged with ``narrow``."""
    preset = PRESETS[name]
    rules = []
    for rule in preset.rules:
        rule = {**rule, "name": f"{name}: {rule['name']}"}
        if narrow:
            rule["match"] = {**rule.get("match", {}), **narrow}
        rules.append(rule)
    return rules
