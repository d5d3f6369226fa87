"""The control plane under /_sim: JSON in and out, for tests, the CLI and the dashboard.

Loopback clients only unless ``control_remote`` is set: the control plane can reset the world
and read credentials, so a simulator bound to 0.0.0.0 does not hand that to the network.
"""

from __future__ import annotations

import ipaddress
from datetime import datetime

from flask import Blueprint, current_app, jsonify, request

from .. import __version__
from ..clock import iso8601, rfc2822
from ..engine import accounts, request_log, world
from . import views

bp = Blueprint("control", __name__, url_prefix="/_sim")


class ControlError(Exception):
    """A refused control request; the message names the field."""

    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.status = status


@bp.errorhandler(ControlError)
def _control_error(exc: ControlError):
    return jsonify({"error": str(exc), "status": exc.status}), exc.status


@bp.before_request
def _loopback_only():
    if current_app.config["SMSIM"].control_remote:
        return None
    try:
        loopback = ipaddress.ip_address(request.remote_addr or "").is_loopback
    except ValueError:
        loopback = False
    if not loopback:
        raise ControlError("the control plane only answers loopback clients "
                           "(start with --control-remote to allow others)", 403)
    return None


def _store():
    return current_app.config["STORE"]


def _json_body() -> dict:
    if not request.content_length:
        return {}
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        raise ControlError("the request body must be a JSON object")
    return data


@bp.get("/health")
def health():
    store = _store()
    return {"status": "ok", "version": __version__, "time": iso8601(store.now()),
            "accounts": store.count("accounts", "kind = 'live'")}


@bp.post("/reset")
def reset():
    default = world.reset(_store(), seed_file=current_app.config["SMSIM"].seed_file)
    return {"status": "reset", "account": views.account(_store(), default)}


@bp.route("/accounts", methods=["GET", "POST"])
def accounts_collection():
    store = _store()
    if request.method == "GET":
        return {"accounts": [views.account(store, row) for row in accounts.all_live(store)]}
    body = _json_body()
    name = body.get("friendly_name")
    if name is not None and not isinstance(name, str):
        raise ControlError("friendly_name must be a string")
    row = accounts.create(store, name)
    return views.account(store, row), 201


def _since(raw: str | None) -> float | None:
    if not raw:
        return None
    try:
        return float(raw)
    except ValueError:
        pass
    try:
        return datetime.fromisoformat(raw.replace("Z", "+00:00")).timestamp()
    except ValueError:
        raise ControlError(f"since: {raw!r} is neither epoch seconds nor an ISO 8601 time") \
            from None


@bp.get("/requests")
def requests_log():
    store = _store()
    try:
        limit = int(request.args.get("limit", 1000))
    except ValueError:
        raise ControlError("limit must be an integer") from None
    rows = request_log.query(store, account_sid=request.args.get("account"),
                             path=request.args.get("path"),
                             since=_since(request.args.get("since")), limit=limit)
    for row in rows:
        row["date"] = rfc2822(row["time"])
        row["iso_time"] = iso8601(row["time"])
    return {"requests": rows}
