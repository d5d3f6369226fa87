"""The control plane under /_sim: JSON in and out, for tests, the CLI and the dashboard.

``plane`` holds the blueprint, its guards and request helpers; each route module registers
its routes on it when imported here.
"""

from smsim.web.control import (  # noqa: F401
    clock_routes,
    faults,
    handsets,
    lessons,
    messages,
    snapshots,
    verify,
    world,
)
from smsim.web.control.plane import bp

__all__ = ["bp"]
