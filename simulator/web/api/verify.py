"""Verify v2 on verify.twilio.com/v2 (OAI twilio_verify_v2.json), served by the same
simulator: point the SDK's ``client.verify.base_url`` at it. Dates are ISO 8601 and lists
page with the v1-style ``meta`` envelope, as the spec has them."""

from __future__ import annotations

from flask import Blueprint, g, request
from smsim.domain import ids
from smsim.domain.clock import twilio_iso8601
from smsim.domain.errors import TwilioError
from smsim.engine import verify
from smsim.web import world_context
from smsim.web.api import paging
from smsim.web.api.services import v1_page

bp = Blueprint("verify", __name__)
BASE = "/v2/Services"
SERVICE_LINKS = (
    ("verification_checks", "VerificationCheck"), ("verifications", "Verifications"),
    ("rate_limits", "RateLimits"), ("messaging_configurations", "MessagingConfigurations"),
    ("entities", "Entities"), ("webhooks", "Webhooks"), ("access_tokens", "AccessTokens"))


def _store():
    return world_context.current_store()


def _url(path: str) -> str:
    return request.host_url.rstrip("/") + path


def service_json(row: dict) -> dict:
    url = _url(f"{BASE}/{row['sid']}")
    return {
        "sid": row["sid"], "account_sid": row["account_sid"],
        "friendly_name": row["friendly_name"], "code_length": row["code_length"],
        **{key: row[key] for key, _, _ in verify.SETTINGS.values()},
        # Sub-settings of channels we do not simulate: Twilio's defaults, echoed.
        "push": {"include_date": False, "apn_credential_sid": None, "fcm_credential_sid": None},
        "totp": {"issuer": row["friendly_name"], "time_step": 30, "code_length": 6, "skew": 1},
        "whatsapp": {"msg_service_sid": None, "from": None},
        "passkeys": {"relying_party": {"id": None, "name": None, "origins": []},
                     "authenticator_attachment": "platform",
                     "discoverable_credentials": None, "user_verification": "preferred"},
        "date_created": twilio_iso8601(row["date_created"]),
        "date_updated": twilio_iso8601(row["date_updated"]),
        "url": url, "links": {name: f"{url}/{path}" for name, path in SERVICE_LINKS}}


def verification_json(row: dict) -> dict:
    store = _store()
    return {
        "sid": row["sid"], "service_sid": row["service_sid"],
        "account_sid": row["account_sid"], "to": row["to_addr"], "channel": row["channel"],
        "status": row["status"], "valid": row["status"] == "approved",
        "lookup": {}, "amount": None, "payee": None,
        "send_code_attempts": [{"attempt_sid": a["sid"], "channel": a["channel"],
                                "time": twilio_iso8601(a["at"])}
                               for a in verify.attempts(store, row["sid"])],
        "date_created": twilio_iso8601(row["date_created"]),
        "date_updated": twilio_iso8601(row["date_updated"]),
        "sna": None,
        "url": _url(f"{BASE}/{row['service_sid']}/Verifications/{row['sid']}")}


def check_json(row: dict) -> dict:
    return {
        "sid": row["sid"], "service_sid": row["service_sid"],
        "account_sid": row["account_sid"], "to": row["to_addr"], "channel": row["channel"],
        "status": row["status"], "valid": row["status"] == "approved",
        "amount": None, "payee": None,
        "date_created": twilio_iso8601(row["date_created"]),
        "date_updated": twilio_iso8601(row["date_updated"]),
        "sna_attempts_error_codes": []}


def _service(sid: str) -> dict:
    service = verify.get_service(_store(), sid) if ids.is_sid(sid, "VA") else None
    if service is None or service["account_sid"] != g.caller.account_sid:
        raise TwilioError(20404, path=request.path)
    return service


@bp.route(BASE, methods=["GET", "POST"], endpoint="services")
def services_collection():
    store = _store()
    if request.method == "POST":
        row = verify.create_service(store, g.caller.account_sid, request.form)
        g.created_sid = row["sid"]
        return service_json(row), 201
    asked = paging.window(request.args)
    page = paging.envelope(verify.service_page(store, g.caller.account_sid, asked), asked,
                           path=request.path, filters=[], list_key="services",
                           serialize=lambda r: service_json(verify.get_service(store,
                                                                               r["sid"])))
    return v1_page(page, "services")


@bp.route(f"{BASE}/<sid>", methods=["GET", "POST", "DELETE"], endpoint="service")
def service_instance(sid):
    store = _store()
    service = _service(sid)
    if request.method == "DELETE":
        verify.delete_service(store, sid)
        return "", 204
    if request.method == "POST":
        service = verify.update_service(store, service, request.form)
    return service_json(service)


@bp.post(f"{BASE}/<sid>/Verifications", endpoint="verifications")
def verifications_collection(sid):
    row = verify.start(_store(), _service(sid), request.form)
    g.created_sid = row["sid"]
    return verification_json(row), 201


@bp.route(f"{BASE}/<sid>/Verifications/<verification_sid>", methods=["GET", "POST"],
          endpoint="verification")
def verification_instance(sid, verification_sid):
    store = _store()
    row = verify.live(store, _service(sid), verification_sid)
    if row is None:
        raise TwilioError(20404, path=request.path)
    if request.method == "POST":
        row = verify.set_status(store, row, request.form.get("Status"))
    return verification_json(row)


@bp.post(f"{BASE}/<sid>/VerificationCheck", endpoint="verification_check")
def verification_check(sid):
    return check_json(verify.check(_store(), _service(sid), request.form))
