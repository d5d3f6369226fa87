"""Handsets and carriers: defaults, reachability and validated changes."""

from __future__ import annotations

import pytest
from smsim.domain.handsets import (
    Carrier,
    Handset,
    SettingsError,
    default_carrier_name,
    updated_carrier,
    updated_handset,
)

PHONE = Handset("+15558675310")
NET = Carrier("Net")


@pytest.mark.parametrize("changes, reachable", [
    ({}, True),
    ({"signal": "poor"}, True),
    ({"roaming": True}, True),
    ({"power": "off"}, False),
    ({"signal": "none"}, False),
    ({"active": False}, True),  # inactive is a carrier answer, not reachability
])
def test_reachable(changes, reachable):
    assert updated_handset(PHONE, changes).reachable is reachable


@pytest.mark.parametrize("changes, expected", [
    ({"power": "off", "name": "Ada"}, {"power": "off", "name": "Ada"}),
    ({"blocked_senders": ["+15017122661"]}, {"blocked_senders": ("+15017122661",)}),
    ({"country": "jp"}, {"country": "JP"}),
    ({"carrier": "Other", "line_type": "landline"}, {"carrier": "Other",
                                                     "line_type": "landline"}),
])
def test_updated_handset(changes, expected):
    handset = updated_handset(PHONE, changes)
    for name, value in expected.items():
        assert getattr(handset, name) == value
    assert handset.number == PHONE.number


@pytest.mark.parametrize("changes, words", [
    ({"number": "+1"}, "unknown handset field(s): number"),
    ({"colour": "red", "age": 3}, "unknown handset field(s): age, colour"),
    ({"power": "standby"}, "power must be one of on, off"),
    ({"signal": "great"}, "signal must be one of"),
    ({"line_type": "toll_free"}, "line_type must be one of"),
    ({"roaming": "yes"}, "roaming must be true or false"),
    ({"active": 1}, "active must be true or false"),
    ({"carrier": "  "}, "carrier must be a non-empty string"),
    ({"name": 5}, "name must be a string"),
    ({"country": "USA"}, "two-letter"),
    ({"country": "U1"}, "two-letter"),
    ({"blocked_senders": "+15017122661"}, "blocked_senders must be a list"),
    ({"blocked_senders": [1]}, "blocked_senders must be a list"),
])
def test_handset_changes_are_validated(changes, words):
    with pytest.raises(SettingsError) as error:
        updated_handset(PHONE, changes)
    assert words in str(error.value)


def test_handset_as_json():
    data = updated_handset(PHONE, {"blocked_senders": ["A"]}).as_json()
    assert data["blocked_senders"] == ["A"] and data["number"] == PHONE.number
    assert (data["power"], data["signal"], data["line_type"]) == ("on", "good", "mobile")


@pytest.mark.parametrize("country, name", [("US", "US-mobile"), ("JP", "JP-mobile"),
                                           (None, "XX-mobile")])
def test_default_carrier_name(country, name):
    assert default_carrier_name(country) == name


def test_carrier_defaults_are_the_guides_normal_latency():
    assert (NET.latency_min, NET.latency_max, NET.give_up_after) == (5.0, 10.0, 120.0)
    assert not (NET.unreachable or NET.drop_receipts) and NET.reaches_twilio


@pytest.mark.parametrize("changes", [
    {"latency_min": 0, "latency_max": 0},
    {"duplicate_copies": 10, "duplicate_spacing": 0.5},
    {"filter_after": None},
    {"filter_after": 0},
    {"roaming_duplicate_probability": 1, "roaming_loss_probability": 0.0},
    {"unreachable": True, "drop_receipts": True, "reaches_twilio": False},
])
def test_valid_carrier_changes(changes):
    carrier = updated_carrier(NET, changes)
    assert {name: getattr(carrier, name) for name in changes} == changes


@pytest.mark.parametrize("changes, words", [
    ({"name": "x"}, "unknown carrier field(s): name"),
    ({"unreachable": "no"}, "unreachable must be true or false"),
    ({"duplicate_copies": 1.5}, "duplicate_copies must be an integer"),
    ({"duplicate_copies": 11}, "between 0 and 10"),
    ({"filter_after": True}, "filter_after must be an integer"),
    ({"latency_min": "5"}, "latency_min must be a number"),
    ({"latency_max": -1}, "between 0 and 86400"),
    ({"roaming_loss_probability": 1.1}, "between 0 and 1"),
    ({"latency_min": 11}, "latency_min must not exceed latency_max"),
])
def test_carrier_changes_are_validated(changes, words):
    with pytest.raises(SettingsError) as error:
        updated_carrier(NET, changes)
    assert words in str(error.value)
