"""Durations as people write them in commands and scenario files."""

from __future__ import annotations


def parse_duration(text: str) -> float:
    """"30", "30s", "5m", "1h", "1.5m" -> seconds."""
    units = {"s": 1, "m": 60, "h": 3600, "d": 86400}
    text = text.strip().lower()
    factor = units.get(text[-1:], None)
    number = text[:-1] if factor else text
    try:
        return float(number) * (factor or 1)
    except ValueError:
        raise ValueError(f"{text!r} is not a duration (like 30s, 5m, 1h)") from None
