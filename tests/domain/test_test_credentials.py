"""Twilio's magic numbers for test credentials."""

from __future__ import annotations

import pytest
from smsim.domain.test_credentials import PASSING_FROM, from_error, to_error


@pytest.mark.parametrize("from_value, code", [
    ("+15005550006", None),  # the only From that passes
    ("+15005550001", 21212),
    ("+15005550007", 21606),
    ("+15005550008", 21611),
    ("+15017122661", 21606),  # any other From, even a valid number
    ("+15005550002", 21606),
    ("", 21606),
])
def test_from_error(from_value, code):
    assert from_error(from_value) == code


@pytest.mark.parametrize("to_value, code", [
    ("+15005550001", 21211),
    ("+15005550002", 21612),
    ("+15005550003", 21408),
    ("+15005550004", 21610),
    ("+15005550009", 21614),
    ("+15005550006", None),  # validated normally
    ("+15558675310", None),
])
def test_to_error(to_value, code):
    assert to_error(to_value) == code


def test_passing_from():
    assert PASSING_FROM == "+15005550006"
