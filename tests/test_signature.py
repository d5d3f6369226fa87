"""Our X-Twilio-Signature against the SDK's RequestValidator and its published vectors."""

from __future__ import annotations

from smsim.domain.signature import sign
from twilio.request_validator import RequestValidator
from werkzeug.datastructures import MultiDict

PARAMS = {"CallSid": "CA1234567890ABCDE", "Digits": "1234", "From": "+14158675309",
          "To": "+18005551212", "Caller": "+14158675309"}


def test_twilio_python_test_vectors():
    # tests/unit/test_request_validator.py in twilio-python (reference section 5).
    assert sign("12345", "https://mycompany.com/myapp.php?foo=1&bar=2", PARAMS) == \
        "RSOYDt4T1cUTdK1PDd93/VVr8B8="
    assert sign("12345", "https://mycompany.com:443/myapp.php?foo=1&bar=2", PARAMS) == \
        "kvajT1Ptam85bY51eRf/AJRuM3w="


def test_repeated_values_and_unicode_validate_with_the_sdk():
    params = {"MediaUrl": ["https://b.example/2", "https://a.example/1"], "Body": "héllo 👍"}
    url = "http://127.0.0.1:9999/sms?x=1"
    signature = sign("secret-token", url, params)
    # The SDK reads repeated values through getlist/getall, as a web framework gives them.
    form = MultiDict([("MediaUrl", "https://b.example/2"), ("MediaUrl", "https://a.example/1"),
                      ("Body", "héllo 👍")])
    assert RequestValidator("secret-token").validate(url, form, signature)
    assert not RequestValidator("other-token").validate(url, form, signature)
