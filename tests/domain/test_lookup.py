"""Lookup v2's pure parts: Fields, libphonenumber's verdicts in Twilio's words, line types."""

from __future__ import annotations

import pytest
from phonenumbers import PhoneNumberType
from smsim.domain.handsets import Handset
from smsim.domain.lookup import (
    FieldsError,
    answer,
    line_type,
    number_facts,
    requested_packages,
)


def test_fields_are_a_comma_list_of_known_packages():
    assert requested_packages(None) == ()
    assert requested_packages(" validation, ,line_type_intelligence,validation") == (
        "validation", "line_type_intelligence")
    with pytest.raises(FieldsError, match="unknown package.*carrier"):
        requested_packages("validation,carrier")


@pytest.mark.parametrize("raw, error", [
    ("+1415", "TOO_SHORT"),
    ("+37412345", "TOO_SHORT"),  # dialable only locally: digits are missing
    ("+141599299600", "TOO_LONG"),
    ("+722222222222", "INVALID_LENGTH"),
    ("+999123456", "INVALID_COUNTRY_CODE"),
    ("hello", "NOT_A_NUMBER"),
    ("+6112345", "INVALID_BUT_POSSIBLE"),
])
def test_validation_errors(raw, error):
    facts = number_facts(raw)
    assert not facts.valid and facts.validation_errors == (error,)
    assert facts.possible is (error == "INVALID_BUT_POSSIBLE")


def test_a_valid_number_and_national_formats():
    facts = number_facts("+819012345678")
    assert (facts.phone_number, facts.country_code, facts.calling_country_code,
            facts.national_format, facts.valid) == (
        "+819012345678", "JP", "81", "090-1234-5678", True)
    assert number_facts("090-1234-5678", "jp").phone_number == "+819012345678"
    assert number_facts("4155552671").phone_number == "+14155552671"  # US by default
    assert number_facts("4155552671", "XX").validation_errors == ("INVALID_COUNTRY_CODE",)


MOBILE = Handset(number="+14155552671", carrier="US-mobile")


@pytest.mark.parametrize("handset, registered, number_type, expected", [
    (MOBILE, False, PhoneNumberType.FIXED_LINE_OR_MOBILE, "mobile"),
    (MOBILE, False, PhoneNumberType.UNKNOWN, "mobile"),
    (MOBILE, False, PhoneNumberType.TOLL_FREE, "tollFree"),
    (MOBILE, False, PhoneNumberType.VOIP, "nonFixedVoip"),
    (MOBILE, False, PhoneNumberType.PREMIUM_RATE, "premium"),
    # Only the handset says landline, as only the handset makes a create fail with 21614.
    (MOBILE, False, PhoneNumberType.FIXED_LINE, "mobile"),
    (Handset(number="+1", line_type="landline"), False, PhoneNumberType.MOBILE, "landline"),
    (Handset(number="+1", line_type="landline"), True, PhoneNumberType.MOBILE, "landline"),
    # A handset someone set up says what it is, whatever libphonenumber thinks.
    (MOBILE, True, PhoneNumberType.TOLL_FREE, "mobile"),
    (Handset(number="+1", line_type="voip"), True, PhoneNumberType.MOBILE, "nonFixedVoip"),
])
def test_line_type(handset, registered, number_type, expected):
    assert line_type(handset, registered, number_type) == expected


def test_answer_has_every_package_key_null_unless_given():
    body = answer(number_facts("+14155552671"), {"line_type_intelligence": {"type": "mobile"}},
                  "http://x/v2/PhoneNumbers/+14155552671")
    assert list(body)[:6] == ["calling_country_code", "country_code", "phone_number",
                              "national_format", "valid", "validation_errors"]
    assert list(body)[-1] == "url"
    assert body["validation_errors"] is None
    assert body["line_type_intelligence"] == {"type": "mobile"}
    assert body["caller_name"] is None and body["pre_fill"] is None
