"""A message's status transitions, as a table."""

from __future__ import annotations

import pytest
from smsim.domain.statuses import FINAL, FROM_RECEIPT, INITIAL, TRANSITIONS, WITH_ERROR, can_move

ALLOWED = [
    ("accepted", "queued"), ("accepted", "failed"), ("accepted", "canceled"),
    ("scheduled", "queued"), ("scheduled", "canceled"),
    ("queued", "sending"), ("queued", "failed"), ("queued", "canceled"),
    ("sending", "sent"), ("sending", "failed"), ("sending", "undelivered"),
    ("sent", "delivered"), ("sent", "undelivered"),
    ("receiving", "received"),
    ("delivered", "read"),  # WhatsApp only
]


@pytest.mark.parametrize("current, new", ALLOWED)
def test_allowed_moves(current, new):
    assert can_move(current, new)


@pytest.mark.parametrize("current, new", [
    ("queued", "sent"),  # no skipping sending
    ("queued", "delivered"),
    ("sending", "queued"),  # never backwards
    ("sent", "failed"),  # a sent message can only end undelivered
    ("sent", "canceled"),  # too late to call off
    ("scheduled", "failed"),
    ("delivered", "undelivered"),  # final statuses are final
    ("undelivered", "delivered"),
    ("failed", "queued"),
    ("canceled", "queued"),
    ("received", "receiving"),
    ("queued", "queued"),
    ("unknown", "queued"),
    ("queued", "unknown"),
])
def test_refused_moves(current, new):
    assert not can_move(current, new)


def test_exactly_the_table_is_allowed():
    statuses = set(TRANSITIONS)
    allowed = {(a, b) for a in statuses for b in statuses if can_move(a, b)}
    assert allowed == set(ALLOWED)


def test_status_groups():
    assert FINAL == {"delivered", "undelivered", "failed", "canceled", "received", "read"}
    assert WITH_ERROR == {"failed", "undelivered"} and WITH_ERROR <= FINAL
    assert FROM_RECEIPT == {"delivered", "undelivered"}
    assert INITIAL == {"queued", "accepted", "scheduled", "receiving", "received"}
