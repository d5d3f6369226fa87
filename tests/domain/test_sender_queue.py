"""Sender rates, queue placement and the 10-hour (21611) limit."""

from __future__ import annotations

import pytest
from smsim.domain.phone import parse_sender
from smsim.domain.sender_queue import (
    MAX_QUEUE_SECONDS,
    PICKUP_SECONDS,
    Slot,
    default_rate,
    overflows,
    place,
)


@pytest.mark.parametrize("sender, rate", [
    ("+15017122661", 1.0),  # US long code
    ("+14165550123", 1.0),  # Canadian long code
    ("+18005550100", 3.0),  # US toll-free
    ("55555", 100.0),  # short code
    ("MyShop", 10.0),  # alphanumeric sender ID
    ("+447700900123", 10.0),  # other countries' long codes
    ("+81312345678", 10.0),
])
def test_default_rate(sender, rate):
    assert default_rate(parse_sender(sender)) == rate


@pytest.mark.parametrize("now, free_at, segments, rate, slot", [
    # An idle sender: the message waits the pickup second, then takes one segment's time.
    (100.0, 0.0, 1, 1.0, Slot(101.0, 102.0, 0.0)),
    (100.0, 100.0, 3, 1.0, Slot(101.0, 104.0, 0.0)),
    # A busy sender: the message starts when the sender is free.
    (100.0, 150.0, 2, 1.0, Slot(150.0, 152.0, 50.0)),
    (100.0, 100.5, 1, 1.0, Slot(101.0, 102.0, 0.5)),
    # Faster senders take less time per segment.
    (0.0, 0.0, 10, 100.0, Slot(1.0, 1.1, 0.0)),
    (0.0, 0.0, 3, 3.0, Slot(1.0, 2.0, 0.0)),
    # An empty or media-only body still takes one send slot.
    (0.0, 0.0, 0, 1.0, Slot(1.0, 2.0, 0.0)),
])
def test_place(now, free_at, segments, rate, slot):
    placed = place(now, free_at, segments, rate)
    assert placed.dequeue_at == pytest.approx(slot.dequeue_at)
    assert placed.free_at == pytest.approx(slot.free_at)
    assert placed.backlog_seconds == pytest.approx(slot.backlog_seconds)


@pytest.mark.parametrize("backlog, full", [
    (0.0, False), (35_999.0, False), (35_999.999, False), (36_000.0, True), (40_000.0, True),
])
def test_overflow_at_ten_hours_of_backlog(backlog, full):
    assert MAX_QUEUE_SECONDS == 10 * 3600
    assert overflows(Slot(0.0, 0.0, backlog)) is full


def test_a_burst_queues_behind_itself_until_the_limit():
    now, free_at, accepted = 0.0, 0.0, 0
    while True:
        slot = place(now, free_at, 1, 1.0)
        if overflows(slot):
            break
        free_at, accepted = slot.free_at, accepted + 1
    # One segment a second: the first message leaves after the pickup second, so the n-th
    # finds n + PICKUP_SECONDS seconds ahead of it; the one finding 10 hours is refused.
    assert accepted == MAX_QUEUE_SECONDS - int(PICKUP_SECONDS)
