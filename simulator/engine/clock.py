"""Reading and moving the simulator's one clock (state in the database, shared by workers)."""

from __future__ import annotations

import time
from dataclasses import dataclass

from smsim.domain.clock import MODES, ClockState
from smsim.engine import delivery, webhook_sender
from smsim.store import handset_texts
from smsim.store import steps as steps_store
from smsim.store import webhooks as webhooks_store
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
            steps_store.forget_applied_until(store)
        store.set_clock_state(state)
    return state


def _anything_planned(store: Store) -> bool:
    return (steps_store.any_pending(store) or handset_texts.any_in_transit(store)
            or webhooks_store.any_outstanding(store))


@dataclass(frozen=True)
class Advanced:
    state: ClockState
    steps_fired: int
    webhooks_delivered: int
    webhooks_outstanding: int


def advance(store: Store, seconds: float, webhook_timeout: float) -> Advanced:
    """Move simulated time forward; return once every step that fell due has happened, in
    time order, and its webhooks were delivered (each bounded by the webhook timeout, so a
    slow or dead receiver delays this by at most that, never forever)."""
    state = _move(store, seconds)
    fired = delivery.run_due(store, state.anchor_sim)
    now = state.now(time.time())
    delivered, left = webhook_sender.drain(store, now, webhook_timeout)
    # Answers to webhooks (TwiML replies) create messages whose first steps may already be
    # due; keep going until the world is quiet up to `now`.
    while delivery.has_due(store, now):
        fired += delivery.run_due(store, now)
        more, left = webhook_sender.drain(store, now, webhook_timeout)
        delivered += more
    return Advanced(state, fired, delivered, left)


def _move(store: Store, seconds: float) -> ClockState:
    """Move simulated time forward by ``seconds``; the new clock."""
    if isinstance(seconds, bool) or not isinstance(seconds, int | float) or not \
            0 <= seconds <= 10 * 365 * 86400:
        raise ClockError(f"seconds must be a number from 0 to ten years, got {seconds!r}")
    with store.write():
        current = store.clock_state()
        state = current.reanchored(time.time())
        state = ClockState(state.mode, state.speed, state.anchor_wall,
                           state.anchor_sim + seconds)
        store.set_clock_state(state)
    return state
