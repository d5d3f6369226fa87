"""Snapshots of a world: "back to the start of the lesson".

A trainer saves the world as it stands (messages, handsets, carriers, numbers, fault rules,
opt-outs, the clock) under a name, plays the lesson, and restores it to play it again. The
snapshots of a world are files beside its database (``<world file>.snapshots/<name>.db``),
so every worker process sees them, and they go when the world is deleted.

Restoring returns the world exactly to the saved state, with two things that are not part of
the story: the SID sequence runs on (no SID given out since the snapshot is given out again,
as after a reset), and the clock stands at the simulated time of the snapshot from the moment
of the restore (a realtime clock does not jump by the wall time that passed since).
"""

from __future__ import annotations

import re
import time
from dataclasses import asdict
from pathlib import Path

from smsim.domain.clock import ClockState, iso8601
from smsim.engine import webhooks
from smsim.store import snapshots as snapshots_store
from smsim.store.database import Store

NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")
SUFFIX = ".db"


class SnapshotError(ValueError):
    """A snapshot request that cannot be honoured; the message names the field or the
    snapshot."""

    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.status = status


def folder(store: Store) -> Path:
    return Path(store.path + ".snapshots")


def check_name(name) -> str:
    if not isinstance(name, str) or not NAME.fullmatch(name) or name.endswith(SUFFIX):
        raise SnapshotError(f"name must be 1-64 letters, digits, '-', '_' or '.', starting "
                            f"with a letter or digit, got {name!r}")
    return name


def _path(store: Store, name: str) -> Path:
    return folder(store) / f"{check_name(name)}{SUFFIX}"


def _describe(name: str):
    def describe(store: Store) -> dict:
        state = store.clock_state()
        now = state.now(time.time())
        return {"name": name, "taken_at": iso8601(time.time()), "time": iso8601(now),
                "epoch": now, "clock": asdict(state),
                "messages": store.count("messages"),
                "fault_rules": int(store.meta_get("fault_rules") or 0)}
    return describe


def take(store: Store, name: str, replace: bool = False) -> dict:
    """Save the world under ``name``; an existing name is refused (409) unless ``replace``."""
    target = _path(store, name)
    if target.exists() and not replace:
        raise SnapshotError(f"name: a snapshot named {name!r} exists already (delete it, or "
                            'send "replace": true)', 409)
    folder(store).mkdir(parents=True, exist_ok=True)
    return _public(snapshots_store.take(store, target, _describe(name)))


def listing(store: Store) -> list[dict]:
    """The world's snapshots, oldest first."""
    if not folder(store).is_dir():
        return []
    found = []
    for path in folder(store).glob(f"*{SUFFIX}"):
        info = snapshots_store.read_info(path)
        if info is not None and NAME.fullmatch(path.stem):
            found.append(_public(info))
    return sorted(found, key=lambda s: (s["taken_at"], s["name"]))


def get(store: Store, name: str) -> dict:
    path = _path(store, name)
    info = snapshots_store.read_info(path) if path.exists() else None
    if info is None:
        raise SnapshotError(f"no snapshot named {name!r} in this world (GET /_sim/snapshots "
                            "lists them)", 404)
    return info


def restore(store: Store, name: str) -> dict:
    """Put the world back as it was when ``name`` was taken."""
    info = get(store, name)
    if info["migrations"] != snapshots_store.migrations(store):
        raise SnapshotError(f"snapshot {name!r} was made by another version of smsim (its "
                            "schema differs): it cannot be restored", 409)
    saved = ClockState(**info["clock"])

    def finish(db: Store) -> None:
        # The clock's mode and speed as saved, standing at the saved instant now.
        db.set_clock_state(ClockState(saved.mode, saved.speed, time.time(), info["epoch"]))
        # A webhook that was on its way when the snapshot was taken is not on its way in the
        # restored world: it is due again, as after a stop.
        webhooks.recover_interrupted(db)

    snapshots_store.restore(store, _path(store, name), finish)
    return _public(info)


def delete(store: Store, name: str) -> None:
    get(store, name)
    _path(store, name).unlink(missing_ok=True)


def _public(info: dict) -> dict:
    clock = info["clock"]
    return {"name": info["name"], "taken_at": info["taken_at"], "time": info["time"],
            "clock": {"mode": clock["mode"], "speed": clock["speed"]},
            "messages": info["messages"], "fault_rules": info["fault_rules"]}

