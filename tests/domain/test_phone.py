"""Number parsing and segmentation (unit level: pure functions)."""

from __future__ import annotations

import pytest
from smsim.domain import phone


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
                                 "whatsapp:nobody", "+1-555-CALL-NOW"])
def test_not_recipients(raw):
    assert phone.parse_recipient(raw) is None


@pytest.mark.parametrize("raw, kind", [
    ("MyShop", "alphanumeric"), ("Shop 24", "alphanumeric"), ("A", "alphanumeric"),
    ("ElevenChars", "alphanumeric"), (" MyShop ", "alphanumeric"),
    ("+15017122661", "e164"), ("55555", "short_code"),
    ("123456789012", None),  # digits only and too long for a short code
    ("TwelveLetter", None),  # over 11 characters
    ("My-Shop", None), ("Shop!", None), ("", None),
])
def test_senders(raw, kind):
    address = phone.parse_sender(raw)
    assert (address.kind if address else None) == kind


@pytest.mark.parametrize("e164, text", [
    ("+15017122661", "(501) 712-2661"),
    ("+81312345678", "03-1234-5678"),
    ("not a number", "not a number"),
])
def test_national_format(e164, text):
    assert phone.national_format(e164) == text


@pytest.mark.parametrize("body, encoding, segments", [
    ("", "GSM-7", 0), ("hi", "GSM-7", 1), ("€" * 80, "GSM-7", 1), ("€" * 81, "GSM-7", 2),
    ("a" * 306, "GSM-7", 2), ("a" * 307, "GSM-7", 3), ("😀" * 35, "UCS-2", 1),
    ("😀" * 36, "UCS-2", 2), ("ç", "UCS-2", 1), ("Ç", "GSM-7", 1),
])
def test_segments(body, encoding, segments):
    assert phone.encoding(body) == encoding
    assert phone.segment_count(body) == segments
