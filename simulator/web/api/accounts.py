"""The Account resource and API Keys (OAI /Accounts/{Sid}.json, /Accounts/{AccountSid}/Keys)."""

from __future__ import annotations

from flask import Blueprint, current_app, g, request
from smsim.engine import accounts, records
from smsim.web.api import paging, serialize

bp = Blueprint("accounts", __name__)


def _store():
    return current_app.config["STORE"]


@bp.route("/Accounts/<account_sid>.json", methods=["GET", "POST"], endpoint="account")
def account_instance(account_sid):
    store = _store()
    row = store.get("accounts", sid=account_sid)
    if request.method == "POST" and request.form.get("FriendlyName"):
        store.update("accounts", account_sid, {"friendly_name": request.form["FriendlyName"],
                                               "date_updated": store.now()})
        row = store.get("accounts", sid=account_sid)
    return serialize.account(row, row["auth_token"])


@bp.route("/Accounts/<account_sid>/Keys.json", methods=["GET", "POST"], endpoint="keys")
def keys_collection(account_sid):
    store = _store()
    if request.method == "POST":
        row = accounts.create_key(store, g.caller.account_sid, request.form.get("FriendlyName"))
        g.created_sid = row["sid"]
        return serialize.api_key(row, with_secret=True), 201
    return paging.page(store, "api_keys", "account_sid = ?", [account_sid], path=request.path,
                       args=request.args, filters=[], list_key="keys",
                       serialize=serialize.api_key)


@bp.route("/Accounts/<account_sid>/Keys/<sid>.json", methods=["GET", "POST", "DELETE"],
          endpoint="key")
def key_instance(account_sid, sid):
    store = _store()
    row = records.owned(store, "api_keys", sid, "SK", account_sid, request.path)
    if request.method == "DELETE":
        store.delete("api_keys", sid)
        return "", 204
    if request.method == "POST" and "FriendlyName" in request.form:
        store.update("api_keys", sid, {"friendly_name": request.form["FriendlyName"],
                                       "date_updated": store.now()})
        row = store.get("api_keys", sid=sid)
    return serialize.api_key(row)
