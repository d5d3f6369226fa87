"""The Twilio error catalogue: one body shape, one status per code."""

from __future__ import annotations

import pytest
from smsim.domain.errors import CATALOGUE, TwilioError, title


@pytest.mark.parametrize("code, fields, status, message", [
    (20003, {}, 401, "Authenticate"),
    (20404, {"path": "/x"}, 404, "The requested resource /x was not found"),
    (21211, {"to": "+1"}, 400, "The 'To' number +1 is not a valid phone number."),
    (21212, {"from_": "bad"}, 400, "The 'From' number bad is not a valid phone number, "
     "shortcode, or alphanumeric sender ID."),
    (21610, {}, 400, "The message From/To pair violates a blacklist rule."),
    (20429, {}, 429, "Too Many Requests"),
    (30409, {"state": "sent"}, 400, "This message cannot be canceled: its status is sent."),
])
def test_catalogue_errors(code, fields, status, message):
    error = TwilioError(code, **fields)
    assert (error.code, error.status, error.message) == (code, status, message)
    assert str(error) == f"{code}: {message}"


def test_body_has_twilios_keys_in_order():
    body = TwilioError(21602).body()
    assert list(body) == ["code", "message", "more_info", "status"]
    assert body == {"code": 21602, "message": "Message body is required.",
                    "more_info": "https://www.twilio.com/docs/errors/21602", "status": 400}


def test_status_and_message_can_be_overridden():
    error = TwilioError(20003, status=403, message="custom")
    assert (error.status, error.message) == (403, "custom")
    # A code outside the catalogue needs both.
    assert TwilioError(99999, 418, "teapot").body()["status"] == 418


@pytest.mark.parametrize("kwargs", [{}, {"status": 400}, {"message": "x"}])
def test_unknown_codes_without_status_and_message_are_refused(kwargs):
    with pytest.raises(ValueError, match="not in the catalogue"):
        TwilioError(99999, **kwargs)


@pytest.mark.parametrize("code, text", [
    (30003, "Unreachable destination handset"),
    (30007, "Message filtered (Carrier violation)"),
    (20003, "Permission Denied"),
    (21602, "Message body is required."),  # no title: the template
    (12345, "Unknown error"),
])
def test_title(code, text):
    assert title(code) == text


def test_every_code_has_a_plausible_status():
    for code, spec in CATALOGUE.items():
        assert spec.code == code and 400 <= spec.status <= 599
