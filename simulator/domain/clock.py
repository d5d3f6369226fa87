"""The simulator's one clock.

Its state is a small record kept in the database (so every worker process agrees):
``mode`` realtime or manual, ``speed``, and an anchor pair (``anchor_wall``, ``anchor_sim``).
In realtime mode simulated time runs ``speed`` times as fast as the wall clock from the anchor;
in manual mode it stands still at ``anchor_sim`` until advanced. Pure functions only: the store
persists the state, and whoever asks for ``now`` passes the wall time in (the domain reads no
clock).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from datetime import UTC, datetime

MODES = ("realtime", "manual")
_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass(frozen=True)
class ClockState:
    mode: str = "realtime"
    speed: float = 1.0
    anchor_wall: float = 0.0  # seconds since the epoch, wall clock
    anchor_sim: float = 0.0  # seconds since the epoch, simulated

    def now(self, wall: float) -> float:
        """Simulated seconds since the epoch at wall time ``wall``."""
        if self.mode == "manual":
            return self.anchor_sim
        return self.anchor_sim + (wall - self.anchor_wall) * self.speed

    def reanchored(self, wall: float, **changes) -> ClockState:
        """The same clock re-anchored at wall time ``wall``, with ``changes`` applied."""
        return replace(self, anchor_wall=wall, anchor_sim=self.now(wall), **changes)


def system_state(wall: float) -> ClockState:
    return ClockState("realtime", 1.0, wall, wall)


def rfc2822(epoch: float | None) -> str | None:
    """Twilio's date format: "Thu, 30 Jul 2015 20:12:31 +0000" (literal +0000, English names).

    Python's email.utils.formatdate() writes "-0000", which Twilio never does
    (reference section 1.3), so the string is built by hand.
    """
    if epoch is None:
        return None
    # Whole seconds, floored: fromtimestamp() rounds to the microsecond, which can carry
    # 30.9999997 s over to :31.
    dt = datetime.fromtimestamp(math.floor(epoch), UTC)
    return (f"{_DAYS[dt.weekday()]}, {dt.day:02d} {_MONTHS[dt.month - 1]} {dt.year:04d} "
            f"{dt:%H:%M:%S} +0000")


def parse_iso8601(text: str) -> float:
    """Epoch seconds of an ISO 8601 time; a trailing "Z" is UTC, and so is a time without a
    zone, like every time this simulator shows. ValueError when it is not one."""
    moment = datetime.fromisoformat(str(text).strip().replace("Z", "+00:00"))
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).timestamp()


def twilio_iso8601(epoch: float | None) -> str | None:
    """The date-time of Twilio's newer APIs (Messaging v1, Verify v2, Content v1): whole
    seconds, floored, in UTC with a Z ("2015-07-30T20:00:00Z", the OAI examples)."""
    if epoch is None:
        return None
    return datetime.fromtimestamp(math.floor(epoch), UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def iso8601(epoch: float | None) -> str | None:
    if epoch is None:
        return None
    # Floored to the millisecond, never rounded up: a time read back from this text must not
    # come after the instant it was written from (a "since" or a window start would miss it).
    whole = math.floor(epoch)
    millis = min(int((epoch - whole) * 1000), 999)
    return (datetime.fromtimestamp(whole, UTC).strftime("%Y-%m-%dT%H:%M:%S")
            + f".{millis:03d}Z")
