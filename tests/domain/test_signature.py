"""Our X-Twilio-Signature against the SDK's RequestValidator and its published vectors."""

from __future__ import annotations

import pytest
from smsim.domain.signature import sign, signing_string
from twilio.request_validator import RequestValidator
from werkzeug.datastructures import MultiDict

PARAMS = {"CallSid": "CA1234567890ABCDE", "Digits": "1234", "From": "+14158675309",
          "To": "+18005551212", "Caller": "+14158675309"}


@pytest.mark.parametrize("url, signature", [
    # tests/unit/test_request_validator.py in twilio-python (reference section 5).
    ("https://mycompany.com/myapp.php?foo=1&bar=2", "RSOYDt4T1cUTdK1PDd93/VVr8B8="),
    ("https://mycompany.com:443/myapp.php?foo=1&bar=2", "kvajT1Ptam85bY51eRf/AJRuM3w="),
])
def test_twilio_python_test_vectors(url, signature):
    assert sign("12345", url, PARAMS) == signature


@pytest.mark.parametrize("params, string", [
    ({}, "U"),
    ({"b": "2", "a": "1"}, "Ua1b2"),  # names sorted
    ({"a": ["2", "1", "10"]}, "Ua1a10a2"),  # each name's values sorted, as strings
    ({"a": ["1", "1"]}, "Ua1"),  # a repeated identical value counts once
    ({"B": "x", "a": "y"}, "UBxay"),  # byte order: capitals first
])
def test_signing_string(params, string):
    assert signing_string("U", params) == string


@pytest.mark.parametrize("url, params", [
    ("http://127.0.0.1:9999/sms?x=1", {"MediaUrl": ["https://b.example/2",
                                                    "https://a.example/1"],
                                       "Body": "héllo 👍"}),
    ("https://example.com/hook", {"Body": "", "From": "+15558675310"}),
    ("https://example.com/hook", {}),
])
def test_our_signature_validates_with_the_sdk(url, params):
    signature = sign("secret-token", url, params)
    # The SDK reads repeated values through getlist/getall, as a web framework gives them.
    form = MultiDict([(name, value) for name, values in params.items()
                      for value in ([values] if isinstance(values, str) else values)])
    assert RequestValidator("secret-token").validate(url, form, signature)
    assert not RequestValidator("other-token").validate(url, form, signature)
