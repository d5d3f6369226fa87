"""Durations as people write them in commands, scenario files and tests."""

from __future__ import annotations

import re

UNITS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}
_DURATION = re.compile(r"\s*(\d+(?:\.\d*)?|\.\d+)\s*([smhd]?)\s*", re.IGNORECASE)


def parse_duration(value: str | int | float) -> float:
    """30, "30", "30s", "5m", "1h", "1.5m", "2d" -> seconds."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    match = _DURATION.fullmatch(str(value))
    if not match:
        raise ValueError(f"{value!r} is not a duration (like 30s, 5m, 1h)")
    return float(match.group(1)) * UNITS[match.group(2).lower()]
