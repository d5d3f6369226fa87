"""The clock's pure rules: manual and realtime time, re-anchoring, Twilio's date formats."""

from __future__ import annotations

from datetime import datetime

import pytest
from smsim.domain.clock import ClockState, iso8601, rfc2822, system_state


@pytest.mark.parametrize("state, wall, now", [
    (ClockState("manual", 1.0, 100.0, 5000.0), 999.0, 5000.0),  # stands still
    (ClockState("manual", 60.0, 100.0, 5000.0), 1e9, 5000.0),  # speed has no effect
    (ClockState("realtime", 1.0, 100.0, 5000.0), 101.5, 5001.5),
    (ClockState("realtime", 10.0, 100.0, 5000.0), 101.0, 5010.0),
    (ClockState("realtime", 0.5, 100.0, 5000.0), 104.0, 5002.0),
    (system_state(1234.5), 1240.0, 1240.0),  # the system clock is the wall clock
])
def test_now(state, wall, now):
    assert state.now(wall) == now


@pytest.mark.parametrize("state, wall, changes, later_wall, later_now", [
    # Frozen at the moment of the switch, then standing still.
    (ClockState("realtime", 10.0, 100.0, 5000.0), 101.0, {"mode": "manual"}, 500.0, 5010.0),
    # A new speed applies from the re-anchoring on, not retroactively.
    (ClockState("realtime", 1.0, 0.0, 0.0), 10.0, {"speed": 60.0}, 11.0, 70.0),
    # Manual to realtime starts running from where it stood.
    (ClockState("manual", 1.0, 0.0, 7000.0), 50.0, {"mode": "realtime"}, 52.0, 7002.0),
])
def test_reanchored(state, wall, changes, later_wall, later_now):
    moved = state.reanchored(wall, **changes)
    assert moved.anchor_wall == wall and moved.anchor_sim == state.now(wall)
    assert moved.now(later_wall) == later_now


@pytest.mark.parametrize("epoch, text", [
    (1438287151, "Thu, 30 Jul 2015 20:12:31 +0000"),
    (1438287151.9999997, "Thu, 30 Jul 2015 20:12:31 +0000"),  # floored, never rounded up
    (0, "Thu, 01 Jan 1970 00:00:00 +0000"),
    (951782400, "Tue, 29 Feb 2000 00:00:00 +0000"),
    (1704067199, "Sun, 31 Dec 2023 23:59:59 +0000"),
    (None, None),
])
def test_rfc2822_is_english_with_plus_zero(epoch, text):
    assert rfc2822(epoch) == text


@pytest.mark.parametrize("epoch, text", [
    (1438287151, "2015-07-30T20:12:31.000Z"),
    (1438287151.25, "2015-07-30T20:12:31.250Z"),
    (1438287151.9999997, "2015-07-30T20:12:31.999Z"),
    (1438287151.9995, "2015-07-30T20:12:31.999Z"),
    (None, None),
])
def test_iso8601_is_millisecond_utc(epoch, text):
    assert iso8601(epoch) == text


@pytest.mark.parametrize("epoch", [1438287151.9999997, 1438287151.1069999999, 1438287151.0,
                                   1438287151.9995])
def test_times_are_floored_never_rounded_up(epoch):
    text = iso8601(epoch)
    assert datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp() <= epoch
    assert text.startswith("2015-07-30T20:12:31.")
