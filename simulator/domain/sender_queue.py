"""Each sender sends at its rate; a burst from one number queues behind itself.

Rates in message segments per second (reference section 7): US/CA long code 1 (docs
errors/30001, 21611), US toll-free 3 (support 4411046744987), short code 100 ("over 100",
docs errors/30001). Ours: other countries' long codes and alphanumeric sender IDs 10.
A sender's queue holds at most 10 hours of sending (docs errors/21611); past that, a create
from that number is refused with 21611.
"""

from __future__ import annotations

from dataclasses import dataclass

from smsim.domain.phone import Address

MAX_QUEUE_SECONDS = 36_000  # 10 hours (docs errors/21611, support 115002943027)
# Ours: even an idle sender's message waits this long before it leaves the queue, so a new
# message is first seen `queued` (as the API's 201 says) before it moves on.
PICKUP_SECONDS = 1.0


def default_rate(sender: Address) -> float:
    if sender.kind == "short_code":
        return 100.0
    if sender.kind == "alphanumeric":
        return 10.0
    if sender.country in ("US", "CA"):
        return 3.0 if sender.line_type == "toll_free" else 1.0
    return 10.0


@dataclass(frozen=True)
class Slot:
    """Where a new message lands in its sender's queue."""

    dequeue_at: float  # when it leaves the queue (status `sending`)
    free_at: float  # when the sender is free again after it
    backlog_seconds: float  # sending time already queued ahead of it


def place(now: float, free_at: float, segments: int, rate: float) -> Slot:
    start = max(now + PICKUP_SECONDS, free_at)
    # An empty or media-only body still takes one send slot.
    duration = max(segments, 1) / rate
    return Slot(dequeue_at=start, free_at=start + duration,
                backlog_seconds=max(0.0, free_at - now))


def overflows(slot: Slot) -> bool:
    return slot.backlog_seconds >= MAX_QUEUE_SECONDS
