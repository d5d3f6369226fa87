"""The Account resource and API Keys (OAI /Accounts/{Sid}.json, /Accounts/{AccountSid}/Keys)."""

from __future__ import annotations

from flask import Blueprint, g, request
from smsim.engine import accounts, records
from smsim.web import world_context
from smsim.web.api import instance, paging, serialize

bp = Blueprint("accounts", __name__)


def _store():
    return world_context.current_store()


@bp.route("/Accounts/<account_sid>.json", methods=["GET", "POST"], endpoint="account")
def account_instance(account_sid):
    store = _store()
    row = accounts.account_row(store, account_sid)
    if request.method == "POST" and request.form.get("FriendlyName"):
        row = accounts.rename(store, account_sid, request.form["FriendlyName"])
    return serialize.account(row, row["auth_token"])


@bp.route("/Accounts/<account_sid>/Keys.json", methods=["GET", "POST"], endpoint="keys")
def keys_collection(account_sid):
    store = _store()
    if request.method == "POST":
        row = accounts.create_key(store, g.caller.account_sid, request.form.get("FriendlyName"))
        world_context.worlds().register_key(store, row["sid"])
        g.created_sid = row["sid"]
        return serialize.api_key(row, with_secret=True), 201
    asked = paging.window(request.args)
    return paging.envelope(accounts.keys_page(store, account_sid, asked), asked,
                           path=request.path, filters=[], list_key="keys",
                           serialize=serialize.api_key)


@bp.route("/Accounts/<account_sid>/Keys/<sid>.json", methods=["GET", "POST", "DELETE"],
          endpoint="key")
def key_instance(account_sid, sid):
    store = _store()
    row = records.owned(store, "api_keys", sid, "SK", account_sid, request.path)

    def rename(row: dict) -> dict:
        if "FriendlyName" not in request.form:
            return row
        return accounts.rename_key(store, sid, request.form["FriendlyName"])
    return instance.answer(row, delete=lambda: accounts.delete_key(store, sid), update=rename,
                           serialize=serialize.api_key)
