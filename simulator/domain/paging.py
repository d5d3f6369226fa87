"""A list's page as asked for (size, number, token) and as found, and the time bounds a
list may be filtered by. Pure data: the web layer parses, the store reads."""

from __future__ import annotations

from dataclasses import dataclass, field

# Comparisons a time bound may make.
BOUND_OPS = ("equal", "at_least", "at_most", "before")


@dataclass(frozen=True)
class Window:
    """Which page: ``size`` rows, page ``number``, and the PageToken, if any."""

    size: int
    number: int = 0
    token: str = ""


@dataclass(frozen=True)
class Bound:
    """One time criterion of a list: ``column op value`` (op from BOUND_OPS)."""

    op: str
    value: float


@dataclass
class Page:
    rows: list[dict] = field(default_factory=list)
    has_next: bool = False
