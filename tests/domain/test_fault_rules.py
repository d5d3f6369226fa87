"""Fault rules: parsing and validation, matching criteria and counters.

First-match-wins and the seeded probability draw happen in ``engine/fault_rules.py`` (they
need the store's counts and seed); here are the pure parts they are built from."""

from __future__ import annotations

import pytest
from smsim.domain.fault_rules import (
    RuleError,
    as_json,
    counters_allow,
    criteria_hold,
    parse_rule,
)

AT_2025 = 1735689600.0  # 2025-01-01T00:00:00Z


@pytest.mark.parametrize("data, point, effects", [
    ({"effect": {"type": "api_error", "code": 21610}}, "api",
     ({"type": "api_error", "code": 21610},)),
    ({"effect": {"type": "api_error", "code": 20003, "status": 403}}, "api",
     ({"type": "api_error", "code": 20003, "status": 403},)),
    ({"effect": {"type": "latency", "seconds": 2}}, "api", ({"type": "latency", "seconds": 2.0},)),
    # fail: status undelivered by default, at delivered; failed defaults to dequeued.
    ({"effect": {"type": "fail", "code": 30007}}, "plan",
     ({"type": "fail", "status": "undelivered", "code": 30007, "at": "delivered"},)),
    ({"effect": {"type": "fail", "status": "failed", "code": 30001}}, "plan",
     ({"type": "fail", "status": "failed", "code": 30001, "at": "dequeued"},)),
    ({"effect": {"type": "duplicate"}}, "plan",
     ({"type": "duplicate", "copies": 1, "spacing": 4.0},)),
    ({"effect": {"type": "callback", "action": "delay"}}, "status_callback",
     ({"type": "callback", "action": "delay", "seconds": 10.0},)),
    ({"effect": {"type": "inbound_webhook", "action": "drop"}}, "incoming_message",
     ({"type": "inbound_webhook", "action": "drop"},)),
    ({"effects": [{"type": "drop_receipt"}, {"type": "hide_from_handset"}]}, "plan",
     ({"type": "drop_receipt"}, {"type": "hide_from_handset"})),
])
def test_valid_rules(data, point, effects):
    rule = parse_rule({"name": "r", **data})
    assert (rule.name, rule.point, rule.effects, rule.match) == ("r", point, effects, {})


@pytest.mark.parametrize("match, parsed", [
    ({"from": "+1 (501) 712-2661"}, {"from": "+15017122661"}),  # normalised
    ({"from": "MyShop", "to": "55555"}, {"from": "MyShop", "to": "55555"}),
    ({"pair": {"from": "+15017122661", "to": "+15558675310"}},
     {"from": "+15017122661", "to": "+15558675310"}),
    ({"account": "AC1", "messaging_service": "MG1", "direction": "inbound"},
     {"account": "AC1", "messaging_service": "MG1", "direction": "inbound"}),
    ({"body": "^code \\d+", "nth": 3}, {"body": "^code \\d+", "nth": 3}),
    ({"first": 2, "probability": 1}, {"first": 2, "probability": 1.0}),
    # A time without a zone is UTC.
    ({"window": {"start": "2025-01-01T00:00:00", "end": "2025-01-01T01:00:00Z"}},
     {"window": {"start": AT_2025, "end": AT_2025 + 3600}}),
])
def test_valid_matches(match, parsed):
    rule = parse_rule({"match": match, "effect": {"type": "drop_receipt"}})
    assert rule.match == parsed


@pytest.mark.parametrize("data, words", [
    ([], "must be a JSON object"),
    ({"effect": {"type": "drop_receipt"}, "extra": 1}, "unknown field(s) extra"),
    ({"name": 3, "effect": {"type": "drop_receipt"}}, "name must be a string"),
    ({}, "exactly one of effect or effects"),
    ({"effect": {"type": "drop_receipt"}, "effects": []}, "exactly one of effect or effects"),
    ({"effects": []}, "non-empty list"),
    ({"effects": [{"type": "latency", "seconds": 1}, {"type": "drop_receipt"}]},
     "one point"),
    ({"effect": {"type": "explode"}}, "effect.type must be one of"),
    ({"effect": "drop"}, "effect must be an object"),
    ({"effects": [{"type": "drop_receipt"}, {"type": "fail"}]}, "effects[1].code"),
    ({"effect": {"type": "api_error", "code": 12345}}, "code of the error catalogue"),
    ({"effect": {"type": "api_error", "code": 21610, "status": 200}}, "from 400 to 599"),
    ({"effect": {"type": "latency", "seconds": 11}}, "from 0 to 10"),
    ({"effect": {"type": "latency", "seconds": True}}, "number of seconds"),
    ({"effect": {"type": "fail", "code": 21610}}, "30xxx code"),
    ({"effect": {"type": "fail", "code": 30007, "status": "sent"}}, "failed or undelivered"),
    ({"effect": {"type": "fail", "code": 30007, "at": "sending"}}, "at must be one of"),
    ({"effect": {"type": "fail", "code": 30007, "at": "queued"}}, "only once handed"),
    ({"effect": {"type": "fail", "status": "failed", "code": 30001, "at": "delivered"}},
     "cannot fail"),
    ({"effect": {"type": "duplicate", "copies": 11}}, "from 1 to 10"),
    ({"effect": {"type": "callback", "action": "explode"}}, "action must be one of"),
    ({"effect": {"type": "drop_receipt", "seconds": 1}}, "unknown field(s) seconds"),
    ({"match": [], "effect": {"type": "drop_receipt"}}, "match must be an object"),
    ({"match": {"colour": "red"}}, "unknown field(s) colour"),
    ({"match": {"from": "not a number!"}}, "match.from"),
    ({"match": {"to": 15558675310}}, "match.to must be a string"),
    ({"match": {"to": "MyShop"}}, "match.to"),  # a sender ID is a From only
    ({"match": {"pair": {"from": "+15017122661"}}}, "match.pair"),
    ({"match": {"account": "MG1"}}, "account SID"),
    ({"match": {"messaging_service": "AC1"}}, "Messaging Service SID"),
    ({"match": {"body": "("}}, "not a regular expression"),
    ({"match": {"direction": "sideways"}}, "match.direction"),
    ({"match": {"window": {}}}, "match.window"),
    ({"match": {"window": {"start": "yesterday"}}}, "not an ISO 8601 time"),
    ({"match": {"nth": 1, "first": 1}}, "cannot be combined"),
    ({"match": {"nth": 0}}, "match.nth must be an integer"),
    ({"match": {"probability": 1.5}}, "from 0 to 1"),
    ({"match": {"probability": True}}, "from 0 to 1"),
    ({"match": {"request": "read"}, "effect": {"type": "api_error", "code": 21211}},
     "match.request must be one of create"),
    ({"match": {"request": "create"}}, "match.request applies to api effects only"),
])
def test_invalid_rules_name_the_field(data, words):
    if isinstance(data, dict) and "match" in data and "effect" not in data:
        data = {**data, "effect": {"type": "drop_receipt"}}
    with pytest.raises(RuleError) as error:
        parse_rule(data)
    assert words in str(error.value)


FACTS = {"account": "AC1", "from": "+15017122661", "to": "+15558675310",
         "messaging_service": None, "direction": "outbound-api", "body": "Your code is 1234"}


@pytest.mark.parametrize("match, facts, now, holds", [
    ({}, FACTS, AT_2025, True),
    ({"from": "+15017122661"}, FACTS, AT_2025, True),
    ({"from": "+15017122662"}, FACTS, AT_2025, False),
    ({"from": "+15017122661", "to": "+15558675311"}, FACTS, AT_2025, False),  # all must hold
    ({"account": "AC2"}, FACTS, AT_2025, False),
    ({"messaging_service": "MG1"}, FACTS, AT_2025, False),
    ({"direction": "inbound"}, FACTS, AT_2025, False),
    ({"body": "code is \\d{4}"}, FACTS, AT_2025, True),  # searched, not matched whole
    ({"body": "^code"}, FACTS, AT_2025, False),
    ({"body": "x"}, {**FACTS, "body": None}, AT_2025, False),
    # The window includes its start and excludes its end.
    ({"window": {"start": AT_2025, "end": AT_2025 + 60}}, FACTS, AT_2025, True),
    ({"window": {"start": AT_2025, "end": AT_2025 + 60}}, FACTS, AT_2025 + 60, False),
    ({"window": {"start": AT_2025}}, FACTS, AT_2025 - 1, False),
    ({"window": {"end": AT_2025}}, FACTS, AT_2025 - 1, True),
    # match.request: a create only (a read's facts name no request).
    ({"request": "create"}, {**FACTS, "request": "create"}, AT_2025, True),
    ({"request": "create"}, {"account": "AC1"}, AT_2025, False),
    # Counters and probability are not criteria.
    ({"nth": 5, "probability": 0.0}, FACTS, AT_2025, True),
])
def test_criteria_hold(match, facts, now, holds):
    assert criteria_hold(match, facts, now) is holds


@pytest.mark.parametrize("match, seen, allowed", [
    ({}, 1, True), ({}, 1000, True),
    ({"nth": 3}, 2, False), ({"nth": 3}, 3, True), ({"nth": 3}, 4, False),
    ({"first": 2}, 1, True), ({"first": 2}, 2, True), ({"first": 2}, 3, False),
])
def test_counters_allow(match, seen, allowed):
    assert counters_allow(match, seen) is allowed


def test_as_json_shows_windows_as_iso_times():
    rule = parse_rule({"name": "w", "match": {"window": {"start": "2025-01-01T00:00:00Z"},
                                              "first": 1},
                       "effect": {"type": "queue_delay", "seconds": 5}})
    assert as_json(rule) == {
        "name": "w", "point": "plan",
        "match": {"window": {"start": "2025-01-01T00:00:00.000Z"}, "first": 1},
        "effects": [{"type": "queue_delay", "seconds": 5.0}]}
    assert rule.match["window"] == {"start": AT_2025}  # the rule itself is unchanged
