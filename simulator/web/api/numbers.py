"""IncomingPhoneNumbers (OAI /Accounts/{AccountSid}/IncomingPhoneNumbers...)."""

from __future__ import annotations

from flask import Blueprint, g, request
from smsim.domain.errors import TwilioError
from smsim.engine import numbers, records, test_credentials
from smsim.web import world_context
from smsim.web.api import instance, paging, serialize

bp = Blueprint("numbers", __name__)
BASE = "/Accounts/<account_sid>/IncomingPhoneNumbers"


def _store():
    return world_context.current_store()


@bp.route(f"{BASE}.json", methods=["GET", "POST"], endpoint="numbers")
def numbers_collection(account_sid):
    store = _store()
    if request.method == "POST":
        raw = request.form.get("PhoneNumber")
        area_code = request.form.get("AreaCode")
        if not raw and not area_code:
            raise TwilioError(21421, message="A 'PhoneNumber' or 'AreaCode' is required.")
        if g.caller.mode == "test":
            return serialize.number(test_credentials.purchase(store, g.caller.account_sid,
                                                              raw or "")), 201
        if raw:
            row = numbers.provision(store, g.caller.account_sid, raw, fields=request.form)
        else:
            row = numbers.provision_in_area(store, g.caller.account_sid, area_code,
                                            fields=request.form)
        g.created_sid = row["sid"]
        return serialize.number(row), 201
    filters = [(name, request.args[name]) for name in ("PhoneNumber", "FriendlyName")
               if request.args.get(name)]
    phone_filter = request.args.get("PhoneNumber")
    asked = paging.window(request.args)
    found = numbers.page(store, account_sid, phone_filter.strip() if phone_filter else None,
                         request.args.get("FriendlyName"), asked)
    return paging.envelope(found, asked, path=request.path, filters=filters,
                           list_key="incoming_phone_numbers", serialize=serialize.number)


@bp.route(f"{BASE}/<sid>.json", methods=["GET", "POST", "DELETE"], endpoint="number")
def number_instance(account_sid, sid):
    store = _store()
    row = records.owned(store, "numbers", sid, "PN", account_sid, request.path)
    return instance.answer(row, delete=lambda: numbers.release(store, sid),
                           update=lambda row: numbers.update(store, row, request.form),
                           serialize=serialize.number)


