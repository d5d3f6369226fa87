"""World-level control: health, reset, seed, accounts, the request log."""

from __future__ import annotations

import time

from flask import current_app, request
from smsim import __version__
from smsim.domain.clock import iso8601, rfc2822
from smsim.engine import accounts, request_log, world
from smsim.web import world_context
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
    """A fresh world (the one named by X-Smsim-Account, else the default one): its accounts
    keep their credentials, everything else is gone; the SID sequence runs on."""
    store = current_store()
    default = world.reset(store, seed_file=_seed_file(store))
    world_context.worlds().reregister(store)
    return {"status": "reset", "account": views.account(store, default)}


def _seed_file(store) -> str | None:
    """The seed file declares the default world; a test's world starts bare."""
    return current_app.config["SMSIM"].seed_file if store is world_context.worlds().default \
        else None


@bp.post("/seed")
def seed():
    """Set the seed and start a fresh world with it: same seed, same requests, same story."""
    body = json_body()
    value = body.get("seed")
    if isinstance(value, bool) or not isinstance(value, str | int) or str(value) == "":
        raise ControlError("seed must be a non-empty string or an integer")
    store = current_store()
    default = world.reset(store, seed_file=_seed_file(store), seed=str(value))
    world_context.worlds().reregister(store)
    return {"status": "reset", "seed": str(value), "account": views.account(store, default)}


@bp.route("/accounts", methods=["GET", "POST"])
def accounts_collection():
    """GET: the live accounts of every world (each with its ``world``: null for the default
    one). POST: a new account in a sealed world of its own."""
    registry = world_context.worlds()
    if request.method == "GET":
        # "default": the default world's default account only (each world's own account is
        # its file's default).
        return {"accounts": [
            {**views.account(store, row), "world": sid,
             "default": sid is None and bool(row["is_default"])}
            for sid, store in registry.all() for row in accounts.all_live(store)]}
    body = json_body()
    name = body.get("friendly_name")
    if name is not None and not isinstance(name, str):
        raise ControlError("friendly_name must be a string")
    unknown = set(body) - {"friendly_name"}
    if unknown:
        raise ControlError(f"unknown field(s): {', '.join(sorted(unknown))}")
    config = current_app.config["SMSIM"]
    store, row = registry.create(name, mode=config.clock, speed=config.speed,
                                 public_url=config.public_url,
                                 webhook_timeout=config.webhook_timeout)
    return {**views.account(store, row), "world": row["sid"]}, 201


@bp.delete("/accounts/<sid>")
def delete_world(sid):
    """Delete the world of an account made with POST /_sim/accounts, and everything in it."""
    world_context.worlds().delete(sid)
    return "", 204






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
