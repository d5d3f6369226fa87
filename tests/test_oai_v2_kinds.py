"""The Verify v2 and Lookup v2 kinds of tests/oai_conformance.py: the specs' own examples
conform, and the checker still catches wrong answers (examples from twilio-oai, MIT; see
tests/oai/LICENSE)."""

from __future__ import annotations

import pytest

from tests.oai_conformance import assert_conforms, conformance_errors

LOOKUP_INVALID = {  # twilio_lookups_v2.json, example fetchInvalid
    "calling_country_code": None, "country_code": None, "phone_number": "+141599299600",
    "national_format": None, "valid": False, "validation_errors": ["TOO_LONG"],
    "caller_name": None, "sim_swap": None, "call_forwarding": None, "line_status": None,
    "line_type_intelligence": None, "identity_match": None, "reassigned_number": None,
    "sms_pumping_risk": None, "phone_number_quality_score": None, "pre_fill": None,
    "url": "https://lookups.twilio.com/v2/PhoneNumbers/+141599299600",
}
LOOKUP_LINE_TYPE = {  # example fetchLineTypeIntelligence
    **LOOKUP_INVALID, "calling_country_code": "1", "country_code": "US",
    "phone_number": "+14159929960", "national_format": "(415) 992-9960", "valid": True,
    "validation_errors": None,
    "line_type_intelligence": {"error_code": None, "mobile_country_code": "240",
                               "mobile_network_code": "38",
                               "carrier_name": "Twilio - SMS/MMS-SVR", "type": "nonFixedVoip"},
    "url": "https://lookups.twilio.com/v2/PhoneNumbers/+14159929960",
}
VERIFICATION = {  # twilio_verify_v2.json, example createVerification (fields as listed)
    "sid": "VEaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
    "service_sid": "VAaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
    "account_sid": "ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "to": "+15017122661",
    "channel": "sms", "status": "pending", "valid": False,
    "date_created": "2015-07-30T20:00:00Z", "date_updated": "2015-07-30T20:00:00Z",
    "lookup": {}, "amount": None, "payee": None,
    "send_code_attempts": [{"time": "2015-07-30T20:00:00Z", "channel": "SMS",
                            "attempt_sid": "VLaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"}],
    "sna": None,
    "url": "https://verify.twilio.com/v2/Services/VAaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/"
           "Verifications/VEaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
}


def test_lookup_spec_examples_conform():
    assert_conforms("lookup_phone_number", LOOKUP_INVALID)
    assert_conforms("lookup_phone_number", LOOKUP_LINE_TYPE)


@pytest.mark.parametrize("changes, fragment", [
    ({"valid": None}, "$.valid: None is not of type 'boolean'"),
    ({"validation_errors": ["WRONG"]}, "$.validation_errors"),
    ({"calling_country_code": 1}, "$.calling_country_code"),
    ({"line_type_intelligence": {"type": 5}}, "$.line_type_intelligence"),
    ({"line_type_intelligence": {"type": "mobile", "mcc": "1"}}, "$.line_type_intelligence"),
    ({"carrier": None}, "Additional properties are not allowed ('carrier'"),
])
def test_lookup_wrong_answers_are_caught(changes, fragment):
    errors = conformance_errors("lookup_phone_number", {**LOOKUP_LINE_TYPE, **changes})
    assert any(fragment in error for error in errors), errors


def test_verify_verification_example_conforms_and_dates_are_iso():
    assert_conforms("verify_verification", VERIFICATION)
    errors = conformance_errors("verify_verification", {
        **VERIFICATION, "date_created": "Thu, 30 Jul 2015 20:00:00 +0000"})
    assert errors == ["$.date_created: 'Thu, 30 Jul 2015 20:00:00 +0000' is not a 'date-time'"]
    assert conformance_errors("verify_verification", {**VERIFICATION, "channel": "pigeon"})
