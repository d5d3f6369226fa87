"""Authenticate every Twilio-surface request and gate what test credentials may do.

HTTP Basic with AccountSid:AuthToken or ApiKeySid:Secret (OAI securityScheme
``accountSid_authToken``). Test credentials may only create Messages and IncomingPhoneNumbers;
anything else is 403 / 20008 (docs iam/test-credentials: "Requests to any other resource with
test credentials will receive a 403 Forbidden response").
"""

from __future__ import annotations

from flask import g, request
from smsim.domain.errors import TwilioError
from smsim.engine import accounts
from smsim.web import world_context

TEST_CREDENTIAL_ENDPOINTS = {("POST", "messages.messages"), ("POST", "numbers.numbers")}


def _basic() -> tuple[str | None, str | None]:
    auth = request.authorization
    if auth is None or auth.type != "basic":
        return None, None
    return auth.username, auth.password


def authenticate_request() -> None:
    path_account = (request.view_args or {}).get("account_sid")
    g.path_account_sid = path_account
    if path_account is None:
        return
    username, password = _basic()
    g.credential = username
    caller = accounts.authenticate(world_context.current_store(), username, password,
                                   path_account)
    if caller.mode == "test" and (request.method, request.endpoint) \
            not in TEST_CREDENTIAL_ENDPOINTS:
        raise TwilioError(20008)
    g.caller = caller


FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def require_form_body() -> None:
    """Twilio reads POST parameters from a form body; anything else is refused clearly."""
    if request.method != "POST" or not request.content_length:
        return
    if request.mimetype not in FORM_TYPES:
        raise TwilioError(20001, message=(
            "The request body must be application/x-www-form-urlencoded "
            f"(got {request.mimetype or 'no Content-Type'})."))


def authenticate_v1() -> None:
    """messaging.twilio.com/v1 and lookups.twilio.com/v2 have no account in their paths: the
    credentials name it. Test credentials cannot use them (403 / 20008)."""
    username, password = _basic()
    g.credential = username
    store = world_context.current_store()
    account_sid = accounts.account_of_credential(store, username) or ""
    g.path_account_sid = account_sid or None
    caller = accounts.authenticate(store, username, password, account_sid)
    if caller.mode == "test":
        raise TwilioError(20008)
    g.caller = caller
