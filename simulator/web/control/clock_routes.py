"""The clock: read it, switch mode and speed, advance it (manual mode's whole point)."""

from __future__ import annotations

import time

from flask import current_app
from smsim.domain.clock import ClockState, iso8601, parse_iso8601, rfc2822
from smsim.engine import clock as clockwork
from smsim.web.control.params import json_body
from smsim.web.control.plane import ControlError, bp, current_store


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
            now = parse_iso8601(str(body["now"]))
        except ValueError:
            raise ControlError(f"now: {body['now']!r} is not an ISO 8601 time") from None
    state = clockwork.configure(current_store(), mode=body.get("mode"),
                                speed=body.get("speed"), now=now)
    return clock_json(state)


@bp.post("/clock/advance")
def advance():
    """Move time forward; return once every step that fell due has happened, in time order,
    and its webhooks were delivered (see engine/clock.py advance)."""
    body = json_body()
    if "seconds" not in body:
        raise ControlError("seconds is required (a number of simulated seconds)")
    done = clockwork.advance(current_store(), body["seconds"],
                             current_app.config["SMSIM"].webhook_timeout)
    return {**clock_json(done.state), "steps_fired": done.steps_fired,
            "webhooks_delivered": done.webhooks_delivered,
            "webhooks_outstanding": done.webhooks_outstanding}
