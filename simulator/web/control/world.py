"""World-level control: health, reset, seed, accounts, the request log."""

from __future__ import annotations

import time

from flask import current_app, request
from smsim import __version__
from smsim.domain.clock import iso8601, rfc2822
from smsim.engine import accounts, request_log, world
from smsim.web.control import views
from smsim.web.control.params import json_body, limit_param, since_param
from smsim.web.control.plane import ControlError, bp, current_store


@bp.get("/health")
def health():
    store = current_store()
    state = store.clock_state()
    return {"status": "ok", "version": __version__, "time": iso8601(state.now(time.time())),
            "clock": state.mode, "accounts": accounts.count_live(store)}


@bp.post("/reset")
def reset():
    store = current_store()
    default = world.reset(store, seed_file=current_app.config["SMSIM"].seed_file)
    return {"status": "reset", "account": views.account(store, default)}


@bp.post("/seed")
def seed():
    """Set the seed and start a fresh world with it: same seed, same requests, same story."""
    body = json_body()
    value = body.get("seed")
    if isinstance(value, bool) or not isinstance(value, str | int) or str(value) == "":
        raise ControlError("seed must be a non-empty string or an integer")
    store = current_store()
    default = world.reset(store, seed_file=current_app.config["SMSIM"].seed_file,
                          seed=str(value))
    return {"status": "reset", "seed": str(value), "account": views.account(store, default)}


@bp.route("/accounts", methods=["GET", "POST"])
def accounts_collection():
    store = current_store()
    if request.method == "GET":
        return {"accounts": [views.account(store, row) for row in accounts.all_live(store)]}
    body = json_body()
    name = body.get("friendly_name")
    if name is not None and not isinstance(name, str):
        raise ControlError("friendly_name must be a string")
    row = accounts.create(store, name)
    return views.account(store, row), 201






@bp.get("/requests")
def requests_log():
    rows = request_log.query(current_store(), account_sid=request.args.get("account"),
                             path=request.args.get("path"),
                             since=since_param(request.args.get("since")),
                             limit=limit_param())
    for row in rows:
        row["date"] = rfc2822(row["time"])
        row["iso_time"] = iso8601(row["time"])
    return {"requests": rows}
