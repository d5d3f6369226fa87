"""Lookup v2 on lookups.twilio.com (OAI twilio_lookups_v2.json), served by the same simulator:
point the SDK's ``client.lookups.base_url`` at it. The path ``/v2/`` is shared with Verify;
this module owns ``/v2/PhoneNumbers``.
"""

from __future__ import annotations

from flask import Blueprint, request
from smsim.domain.errors import TwilioError
from smsim.domain.lookup import FieldsError
from smsim.engine import lookup
from smsim.web import world_context

bp = Blueprint("lookup", __name__)
BASE = "/v2/PhoneNumbers"


@bp.route(f"{BASE}/<phone_number>", methods=["GET"], endpoint="phone_number")
def phone_number(phone_number):
    base = request.host_url.rstrip("/")
    try:
        return lookup.fetch(world_context.current_store(), phone_number,
                            request.args.get("Fields"), request.args.get("CountryCode"),
                            url_of=lambda number: f"{base}{BASE}/{number}")
    except FieldsError as exc:
        raise TwilioError(60618, field="Fields", detail=str(exc)) from exc
