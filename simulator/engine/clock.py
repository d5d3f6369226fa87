"""Reading and moving the simulator's one clock (state in the database, shared by workers)."""

from __future__ import annotations

import time
from dataclasses import dataclass

from smsim.domain.clock import MODES, ClockState
from smsim.engine import delivery, webhook_sender, webhooks
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
    """Move simulated time forward as a discrete-event simulation; return at the end.

    At each instant something falls due, the clock stands at that instant, what is due then
    is applied, the webhooks due by then are sent and their answers run (TwiML replies make
    messages whose steps fall due at later instants), and only then does the clock move on
    to the next instant: the first after it at which a webhook falls due, the events in
    between applied in time order together with the clock (delivery.apply_until), or the
    end. So an app that reads the world while handling a callback (its request's catch-up
    applies nothing, the clock being at the instant) sees it as of that callback, and each
    attempt is recorded at its due time. Each attempt is bounded by the webhook timeout, so a
    slow or dead receiver delays this by at most that per attempt, never forever.

    Two advances at once each run to their own end (the clock never moves back); they do
    not add up as they did when the clock moved first."""
    if isinstance(seconds, bool) or not isinstance(seconds, int | float) or not \
            0 <= seconds <= 10 * 365 * 86400:
        raise ClockError(f"seconds must be a number from 0 to ten years, got {seconds!r}")
    started = store.clock_state()
    instant = started.now(time.time())
    end = instant + seconds
    fired = delivered = 0
    while True:
        # The world at the instant: what is due by it, then its webhooks; again until quiet,
        # since a TwiML reply's message has steps due at the reply's very instant.
        fired += delivery.apply_until(store, instant)[0]
        more, _ = webhook_sender.drain(store, instant, webhook_timeout)
        delivered += more
        if delivery.has_due(store, instant):
            continue
        if instant >= end:
            break
        # On to the next instant a webhook falls due (or the end): every webhook due by this
        # one has been sent or given up on, so only those due later hold the world.
        applied, instant = delivery.apply_until(store, end, hold_after=instant,
                                                stand=lambda t: _stand_at(store, t))
        fired += applied
        _stand_at(store, instant)
    if started.mode == "realtime":
        # The clock kept running while the advance worked: the jump comes on top of that
        # (what falls due in the meantime is the ticker's, as any realtime step).
        _stand_at(store, started.now(time.time()) + seconds)
    return Advanced(store.clock_state(), fired, delivered, webhooks.outstanding(store, end))


def _stand_at(store: Store, instant: float) -> None:
    """Move the clock to ``instant``, never back (a realtime clock may have run past it)."""
    with store.write():
        state = store.clock_state().reanchored(time.time())
        if state.anchor_sim < instant:
            store.set_clock_state(ClockState(state.mode, state.speed, state.anchor_wall,
                                             instant))
