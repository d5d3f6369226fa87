"""The clock: read it, switch mode and speed, advance it (manual mode's whole point)."""

from __future__ import annotations

import time
from datetime import UTC, datetime

from flask import current_app
from smsim.domain.clock import ClockState, iso8601, rfc2822
from smsim.engine import clock as clockwork
from smsim.engine import delivery, webhooks
from smsim.web.control.plane import ControlError, bp, current_store, json_body


def clock_json(state: ClockState) -> dict:
    now = state.now(time.time())
    return {"mode": state.mode, "speed": state.speed, "now": iso8601(now), "epoch": now,
            "date": rfc2822(now)}


@bp.get("/clock")
def get_clock():
    return clock_json(current_store().clock_state())


@bp.post("/clock")
def set_clock():
    body = json_body()
    unknown = set(body) - {"mode", "speed", "now"}
    if unknown:
        raise ControlError(f"unknown clock field(s): {', '.join(sorted(unknown))}")
    now = None
    if body.get("now") is not None:
        try:
            moment = datetime.fromisoformat(str(body["now"]).replace("Z", "+00:00"))
            # A time without a zone is UTC, like every time this simulator shows.
            now = (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).timestamp()
        except ValueError:
            raise ControlError(f"now: {body['now']!r} is not an ISO 8601 time") from None
    state = clockwork.configure(current_store(), mode=body.get("mode"),
                                speed=body.get("speed"), now=now)
    return clock_json(state)


@bp.post("/clock/advance")
def advance():
    """Move time forward; return once every step that fell due has happened, in time order,
    and its webhooks were delivered (each bounded by the webhook timeout, so a slow or dead
    receiver delays this answer by at most that, never forever)."""
    body = json_body()
    if "seconds" not in body:
        raise ControlError("seconds is required (a number of simulated seconds)")
    store = current_store()
    state, fired = clockwork.advance(store, body["seconds"])
    now = state.now(time.time())
    delivered, left = drain_webhooks(now)
    # Answers to webhooks (TwiML replies) create messages whose first steps may already be
    # due; keep going until the world is quiet up to `now`.
    while delivery.has_due(store, now):
        fired += delivery.run_due(store, now)
        more, left = drain_webhooks(now)
        delivered += more
    return {**clock_json(state), "steps_fired": fired, "webhooks_delivered": delivered,
            "webhooks_outstanding": left}


def drain_webhooks(now: float) -> tuple[int, int]:
    """Deliver due webhooks from this request; wait (bounded) for ones others deliver."""
    store = current_store()
    config = current_app.config["SMSIM"]
    deadline = time.monotonic() + config.webhook_timeout + 2
    delivered = 0
    while time.monotonic() < deadline:
        webhook = webhooks.claim_next(store, now)
        if webhook is not None:
            webhooks.deliver(store, webhook, config.webhook_timeout, store.clock_state())
            delivered += 1
            continue
        if webhooks.outstanding(store, now) == 0:
            break
        time.sleep(0.01)  # another worker's dispatcher holds one; it finishes within timeout
    return delivered, webhooks.outstanding(store, now)
