"""Snapshots of the world a control request names: save it, list, restore, delete
(engine/snapshots.py; docs/presenter.md)."""

from __future__ import annotations

from flask import jsonify
from smsim.engine import snapshots
from smsim.web import world_context
from smsim.web.control.clock_routes import clock_json
from smsim.web.control.params import json_body
from smsim.web.control.plane import ControlError, bp, current_store


@bp.errorhandler(snapshots.SnapshotError)
def _snapshot_error(exc: snapshots.SnapshotError):
    return jsonify({"error": str(exc), "status": exc.status}), exc.status


@bp.get("/snapshots")
def snapshot_list():
    return {"snapshots": snapshots.listing(current_store())}


@bp.post("/snapshots")
def snapshot_take():
    """``{"name": "lesson-start"}``: save the world as it stands; ``"replace": true`` saves
    over a snapshot of that name."""
    body = json_body()
    unknown = set(body) - {"name", "replace"}
    if unknown:
        raise ControlError(f"unknown field(s): {', '.join(sorted(unknown))}")
    if "name" not in body:
        raise ControlError("name is required (the snapshot's name, e.g. \"lesson-start\")")
    replace = body.get("replace", False)
    if not isinstance(replace, bool):
        raise ControlError(f"replace must be true or false, got {replace!r}")
    return snapshots.take(current_store(), body["name"], replace=replace), 201


@bp.get("/snapshots/<name>")
def snapshot_get(name):
    store = current_store()
    snapshots.get(store, name)
    return next(s for s in snapshots.listing(store) if s["name"] == name)


@bp.post("/snapshots/<name>/restore")
def snapshot_restore(name):
    """Put the world back as it was when the snapshot was taken (SIDs run on)."""
    store = current_store()
    restored = snapshots.restore(store, name)
    # Credentials made or renewed since (API keys, test credentials after a reset) must
    # open this world as it is now.
    world_context.worlds().reregister(store)
    return {"status": "restored", "snapshot": restored, "clock": clock_json(
        store.clock_state())}


@bp.delete("/snapshots/<name>")
def snapshot_delete(name):
    snapshots.delete(current_store(), name)
    return "", 204
