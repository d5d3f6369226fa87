"""Which world a request is about, found once before anything else runs.

The Twilio surface finds it from the credentials (the Basic user name: an account SID, live
or test, or an API key SID), as Twilio finds the account. The control plane and the dashboard
are told by header ``X-Smsim-Account: AC…`` (the dashboard's pages also by ``?world=AC…``, a
link a browser can follow); without one they act on the default world.
"""

from __future__ import annotations

from flask import current_app, g, jsonify, request
from smsim.engine.worlds import WorldError, Worlds

HEADER = "X-Smsim-Account"
TWILIO_PREFIXES = ("/2010-04-01", "/v1/", "/v2/")


def worlds() -> Worlds:
    return current_app.config["WORLDS"]


def resolve():
    """before_request: set ``g.store``, the world's handle every route passes the engine."""
    if request.path.startswith(TWILIO_PREFIXES):
        auth = request.authorization
        username = auth.username if auth and auth.type == "basic" else None
        # Without credentials (a media file's public URL), the account in the path.
        g.store = worlds().of_credential(username or _path_account(request.path))
        g.store.begin_request()
        return None
    named = request.headers.get(HEADER) or (
        request.args.get("world") if not request.path.startswith("/_sim") else None)
    try:
        g.store = worlds().named(named.strip() if named else None)
    except WorldError as exc:
        return jsonify({"error": f"{HEADER}: {exc}", "status": exc.status}), exc.status
    g.world_sid = named.strip() if named else None
    g.store.begin_request()
    return None


def finish(_exc=None) -> None:
    """teardown_request: the world's per-request snapshot of its meta is dropped."""
    store = g.pop("store", None)
    if store is not None:
        store.end_request()


def _path_account(path: str) -> str | None:
    parts = path.split("/")
    return parts[3].removesuffix(".json") if len(parts) > 3 and parts[2] == "Accounts" \
        else None


def current_store():
    """The handle of the request's world (an opaque handle the engine's functions take)."""
    return g.store
