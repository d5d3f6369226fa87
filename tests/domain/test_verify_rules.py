"""Verify's pure rules: codes from the seed, parameter limits, lifetime and send limit."""

from __future__ import annotations

import pytest
from smsim.domain import verify


def test_codes_come_from_the_seed_with_the_service_length():
    codes = [verify.new_code("seed", n, 6) for n in range(1, 50)]
    assert all(len(c) == 6 and c.isdigit() for c in codes)
    assert codes == [verify.new_code("seed", n, 6) for n in range(1, 50)]
    assert codes != [verify.new_code("other", n, 6) for n in range(1, 50)]
    assert len(verify.new_code("seed", 1, 10)) == 10


@pytest.mark.parametrize("raw", ["3", "11", "six", "-5"])
def test_code_length_outside_4_to_10_is_refused(raw):
    with pytest.raises(verify.VerifyParamError, match="CodeLength"):
        verify.code_length(raw)


def test_code_length_default_and_bounds():
    assert verify.code_length(None) == 6
    assert (verify.code_length("4"), verify.code_length("10")) == (4, 10)


@pytest.mark.parametrize("raw", ["123", "12345678901", "12a4", "１２３４"])
def test_custom_code_must_be_4_to_10_ascii_digits(raw):
    with pytest.raises(verify.VerifyParamError, match="CustomCode"):
        verify.custom_code(raw)


def test_channels_other_than_sms_are_known_but_not_simulated():
    assert verify.channel("sms") == "sms"
    with pytest.raises(verify.VerifyParamError, match="not simulated"):
        verify.channel("call")
    with pytest.raises(verify.VerifyParamError, match="must be one of"):
        verify.channel("fax")


def test_friendly_name_at_most_30_characters():
    assert verify.friendly_name("x" * 30) == "x" * 30
    with pytest.raises(verify.VerifyParamError, match="30"):
        verify.friendly_name("x" * 31)


def test_lifetime_and_send_limit():
    assert not verify.expired(1000.0, 1599.0)
    assert verify.expired(1000.0, 1600.0)
    assert verify.sends_allowed(4) and not verify.sends_allowed(5)
