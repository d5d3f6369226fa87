"""Number parsing and segmentation (unit level: pure functions)."""

from __future__ import annotations

import pytest
from smsim.domain import phone
from smsim.domain.clock import ClockState, rfc2822


@pytest.mark.parametrize("raw, kind, value, country, line_type", [
    ("+15558675310", "e164", "+15558675310", "US", "mobile"),
    ("+1 (501) 712-2661", "e164", "+15017122661", "US", "mobile"),
    ("+81312345678", "e164", "+81312345678", "JP", "landline"),
    ("+815031234567", "e164", "+815031234567", "JP", "voip"),
    ("+447700900123", "e164", "+447700900123", "GB", "mobile"),
    ("55555", "short_code", "55555", None, "short_code"),
])
def test_recipients(raw, kind, value, country, line_type):
    address = phone.parse_recipient(raw)
    assert (address.kind, address.value, address.country, address.line_type) == \
        (kind, value, country, line_type)


@pytest.mark.parametrize("raw", ["", "abc", "+1", "+1234", "5558675310", "+1555867531099999",
                                 "whatsapp:+15558675310", "+1-555-CALL-NOW"])
def test_not_recipients(raw):
    assert phone.parse_recipient(raw) is None


def test_alphanumeric_senders():
    assert phone.parse_sender("MyShop").kind == "alphanumeric"
    assert phone.parse_sender("Shop 24").kind == "alphanumeric"
    assert phone.parse_sender("123456789012") is None
    assert phone.parse_sender("TwelveLetter") is None


@pytest.mark.parametrize("body, encoding, segments", [
    ("", "GSM-7", 0), ("hi", "GSM-7", 1), ("€" * 80, "GSM-7", 1), ("€" * 81, "GSM-7", 2),
    ("a" * 306, "GSM-7", 2), ("a" * 307, "GSM-7", 3), ("😀" * 35, "UCS-2", 1),
    ("😀" * 36, "UCS-2", 2), ("ç", "UCS-2", 1), ("Ç", "GSM-7", 1),
])
def test_segments(body, encoding, segments):
    assert phone.encoding(body) == encoding
    assert phone.segment_count(body) == segments


def test_rfc2822_is_english_with_plus_zero():
    assert rfc2822(1438287151) == "Thu, 30 Jul 2015 20:12:31 +0000"
    assert rfc2822(None) is None


def test_manual_clock_stands_still_and_realtime_runs_at_speed():
    manual = ClockState("manual", 1.0, 100.0, 5000.0)
    assert manual.now(wall=999.0) == 5000.0
    fast = ClockState("realtime", 10.0, 100.0, 5000.0)
    assert fast.now(wall=101.0) == 5010.0
    assert fast.reanchored(wall=101.0, mode="manual").now(wall=500.0) == 5010.0


def test_times_are_floored_never_rounded_up():
    from datetime import datetime

    from smsim.domain.clock import iso8601

    for epoch in (1438287151.9999997, 1438287151.1069999999, 1438287151.0, 1438287151.9995):
        text = iso8601(epoch)
        assert datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp() <= epoch
        assert text.startswith("2015-07-30T20:12:31.")
    assert rfc2822(1438287151.9999997) == "Thu, 30 Jul 2015 20:12:31 +0000"
