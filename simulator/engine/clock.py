"""Reading and moving the simulator's one clock (state in the database, shared by workers)."""

from __future__ import annotations

import time

from smsim.domain.clock import MODES, ClockState
from smsim.engine import delivery
from smsim.store.database import Store


class ClockError(ValueError):
    """A clock request that cannot be honoured; the message names the field."""


def configure(store: Store, mode: str | None = None, speed: float | None = None,
              now: float | None = None) -> ClockState:
    if mode is not None and mode not in MODES:
        raise ClockError(f"mode must be one of {', '.join(MODES)}, got {mode!r}")
    if speed is not None and (isinstance(speed, bool) or not isinstance(speed, int | float)
                              or not 0 < speed <= 100_000):
        raise ClockError(f"speed must be a number above 0 and at most 100000, got {speed!r}")
    with store.write():
        current = store.clock_state()
        changes = {}
        if mode is not None:
            changes["mode"] = mode
        if speed is not None:
            changes["speed"] = float(speed)
        state = current.reanchored(time.time(), **changes)
        if now is not None:
            if now < state.anchor_sim and _anything_planned(store):
                raise ClockError("now: the clock can only move back while nothing is planned "
                                 "(reset first)")
            state = ClockState(state.mode, state.speed, state.anchor_wall, now)
            # Time was set anew: what was applied "until" an old time means nothing now.
            store.db.conn.execute("DELETE FROM meta WHERE key = 'applied_until'")
        store.set_clock_state(state)
    return state


def _anything_planned(store: Store) -> bool:
    return (store.count("steps", "done = 0") > 0
            or store.count("outbox", "done = 0") > 0
            or store.count("webhooks", "state IN ('pending', 'delivering')") > 0)


def advance(store: Store, seconds: float) -> tuple[ClockState, int]:
    """Move simulated time forward and apply every step that fell due, in time order."""
    if isinstance(seconds, bool) or not isinstance(seconds, int | float) or not \
            0 <= seconds <= 10 * 365 * 86400:
        raise ClockError(f"seconds must be a number from 0 to ten years, got {seconds!r}")
    with store.write():
        current = store.clock_state()
        state = current.reanchored(time.time())
        state = ClockState(state.mode, state.speed, state.anchor_wall,
                           state.anchor_sim + seconds)
        store.set_clock_state(state)
    fired = delivery.run_due(store, state.anchor_sim)
    return state, fired
