"""Named fault-rule sets: every one valid, narrowed by a match on loading."""

from __future__ import annotations

import pytest
from smsim.domain.fault_rules import criteria_hold, parse_rule
from smsim.domain.presets import PRESETS, rules_for


@pytest.mark.parametrize("name", sorted(PRESETS))
def test_every_preset_rule_is_a_valid_rule(name):
    preset = PRESETS[name]
    assert preset.name == name and preset.symptom and preset.section and preset.description
    rules = [parse_rule(rule) for rule in rules_for(name, None)]
    assert rules and all(rule.name.startswith(f"{name}: ") for rule in rules)


@pytest.mark.parametrize("name, point, effect_types", [
    ("carrier-congestion", "plan", ["carrier_delay"]),
    ("queue-overflow", "plan", ["fail"]),
    ("sent-not-received", "plan", ["drop_receipt", "hide_from_handset"]),
    ("rate-limited", "api", ["api_error"]),
    ("wrong-credentials", "api", ["api_error"]),
    ("flaky-callbacks", "status_callback", ["callback"]),
])
def test_preset_effects(name, point, effect_types):
    [rule, *_] = [parse_rule(rule) for rule in rules_for(name, None)]
    assert rule.point == point
    assert [e["type"] for e in rule.effects] == effect_types


@pytest.mark.parametrize("name, narrow, matches", [
    ("carrier-congestion", None, [{}]),
    ("carrier-congestion", {"from": "+15017122661"}, [{"from": "+15017122661"}]),
    # The narrowing joins the preset's own match, and wins on the same key.
    ("rate-limited", {"to": "+15558675310"},
     [{"request": "create", "probability": 0.2, "to": "+15558675310"}]),
    ("rate-limited", {"probability": 1}, [{"request": "create", "probability": 1}]),
    ("flaky-callbacks", {"from": "+15017122661"},
     [{"probability": 0.33, "from": "+15017122661"}, {"from": "+15017122661"}]),
])
def test_rules_for_narrows_every_rule(name, narrow, matches):
    rules = rules_for(name, narrow)
    assert [rule.get("match", {}) for rule in rules] == matches


def test_loading_does_not_change_the_preset():
    rules_for("rate-limited", {"to": "+15558675310"})
    assert PRESETS["rate-limited"].rules[0]["match"] == {"request": "create",
                                                         "probability": 0.2}
    assert PRESETS["rate-limited"].rules[0]["name"] == "rate limited"


def test_unknown_preset():
    with pytest.raises(KeyError):
        rules_for("no-such-preset", None)


# What the api fault hook knows of a request (web/api/fault_hook.py): a create, and a read.
CREATE = {"account": "AC1", "to": "+15558675310", "from": "+15017122661", "body": "hi",
          "messaging_service": None, "direction": "outbound-api", "request": "create"}
READ = {"account": "AC1"}


@pytest.mark.parametrize("name", sorted(PRESETS))
def test_an_api_preset_loaded_unnarrowed_breaks_creates_only(name):
    """A preset standing for a bad send must not answer reads (issue 15: `invalid-to` made
    GET Messages.json answer 21211, so `smsim send` failed on its number lookup)."""
    for rule in (parse_rule(r) for r in rules_for(name, None)):
        if rule.point != "api":
            continue
        assert criteria_hold(rule.match, CREATE, 0.0), name
        assert not criteria_hold(rule.match, READ, 0.0), name
