"""A message's whole future, planned when it is created: steps, times, reasons."""

from __future__ import annotations

import random
from dataclasses import replace

import pytest
from smsim.domain.handsets import Carrier, Handset
from smsim.domain.planner import HANDOFF_SECONDS, Facts, fail_at, plan, plan_overflow
from smsim.domain.sender_queue import Slot

T0 = 1000.0
SENDER = "+15017122661"
TO = "+15558675310"
# A carrier without randomness in its latency, so times are exact.
FIXED = Carrier("FixedNet", latency_min=6.0, latency_max=6.0)


def facts(**changes) -> Facts:
    base = Facts(created_at=T0, sender=SENDER, sender_is_long_code=True, to=TO, segments=1,
                 slot=Slot(T0 + 1, T0 + 2, 0.0), queue_ahead=0, rate=1.0,
                 validity_period=36_000, handset=Handset(TO), carrier=FIXED,
                 sent_before_by_sender=0)
    return replace(base, **changes)


def run(**changes):
    return plan(facts(**changes), random.Random("seed"))


def kinds(steps):
    return [(step.kind, step.status, step.error_code) for step in steps]


def test_a_normal_message():
    steps = run()
    assert kinds(steps) == [("created", "queued", None), ("queued", None, None),
                            ("dequeued", "sending", None), ("handed_to_carrier", "sent", None),
                            ("handset_received", None, None), ("delivered", "delivered", None)]
    assert [s.at for s in steps] == [T0, T0, T0 + 1, T0 + 1 + HANDOFF_SECONDS,
                                     T0 + 7.5, T0 + 7.5]
    assert steps[1].reason == (f"0 message(s) ahead in {SENDER}'s queue; 0.0 s of sending "
                               "before it at 1 segment(s)/s")
    assert steps[-1].reason == "delivery receipt from FixedNet"


def test_through_a_messaging_service():
    steps = run(initial_status="accepted")
    assert kinds(steps)[:2] == [("created", "accepted", None), ("queued", "queued", None)]
    assert steps[1].reason.startswith("sender picked from the Messaging Service's pool; ")


def test_scheduled_starts_at_its_send_at():
    steps = run(initial_status="scheduled")
    assert kinds(steps)[:2] == [("send_at", None, None), ("queued", "queued", None)]


@pytest.mark.parametrize("validity, dequeue_at, expired", [
    (10, T0 + 10, False),  # waiting exactly the validity period is still in time
    (10, T0 + 10.5, True),
    (36_000, T0 + 40_000, True),
])
def test_validity_period(validity, dequeue_at, expired):
    steps = run(validity_period=validity, slot=Slot(dequeue_at, dequeue_at + 1, 0.0))
    if expired:
        assert kinds(steps)[-1] == ("failed", "failed", 30036)
        assert steps[-1].at == T0 + validity
        assert len(steps) == 3
    else:
        assert kinds(steps)[-1] == ("delivered", "delivered", None)


@pytest.mark.parametrize("carrier, handset, sent_before, long_code, outcome, at", [
    (replace(FIXED, unreachable=True), Handset(TO), 0, True, ("undelivered", 30006), 7.5),
    (replace(FIXED, filter_after=2), Handset(TO), 2, True, ("undelivered", 30007), 7.5),
    (replace(FIXED, filter_after=2), Handset(TO), 1, True, ("delivered", None), 7.5),
    # Only long codes are filtered.
    (replace(FIXED, filter_after=0), Handset(TO), 5, False, ("delivered", None), 7.5),
    (FIXED, Handset(TO, active=False), 0, True, ("undelivered", 30005), 7.5),
    # An unreachable handset: the carrier retries, then gives up.
    (FIXED, Handset(TO, power="off"), 0, True, ("undelivered", 30003), 1.5 + 120),
    (replace(FIXED, give_up_after=30), Handset(TO, signal="none"), 0, True,
     ("undelivered", 30003), 1.5 + 30),
    # The carrier's unreachability is checked before the handset's.
    (replace(FIXED, unreachable=True), Handset(TO, power="off"), 0, True,
     ("undelivered", 30006), 7.5),
])
def test_carrier_and_handset_fates(carrier, handset, sent_before, long_code, outcome, at):
    steps = run(carrier=carrier, handset=handset, sent_before_by_sender=sent_before,
                sender_is_long_code=long_code)
    last = steps[-1]
    assert (last.status, last.error_code) == outcome
    assert last.at == T0 + at


@pytest.mark.parametrize("handset, words", [
    (Handset(TO, power="off"), "handset switched off; carrier gave up after 120 s"),
    (Handset(TO, signal="none"), "handset out of signal"),
])
def test_unreachable_reasons(handset, words):
    assert words in run(handset=handset)[-1].reason


def test_duplicates_drop_receipts_and_congestion():
    carrier = replace(FIXED, duplicate_copies=2, duplicate_spacing=3.0, drop_receipts=True,
                      congestion_delay=10.0)
    steps = run(carrier=carrier)
    received = [s for s in steps if s.kind == "handset_received"]
    assert [(s.copy, s.at) for s in received] == [(1, T0 + 17.5), (2, T0 + 20.5),
                                                  (3, T0 + 23.5)]
    assert "congestion 10 s" in received[0].reason
    assert received[1].reason == "carrier duplicate copy 2"
    assert kinds(steps)[-1] == ("receipt_missing", None, None)  # stays sent


@pytest.mark.parametrize("handset, hidden, shown, words", [
    (Handset(TO, blocked_senders=(SENDER,)), False, False, "on the handset's block list"),
    (Handset(TO), True, False, "a fault rule keeps it out of the inbox"),
    (Handset(TO, blocked_senders=("+15017122662",)), False, True, "carrier latency"),
])
def test_hidden_copies_are_still_delivered(handset, hidden, shown, words):
    steps = run(handset=handset, hidden_by_fault=hidden)
    [received] = [s for s in steps if s.kind == "handset_received"]
    assert received.shown is shown and words in received.reason
    assert steps[-1].status == "delivered"


def test_poor_signal_and_roaming_add_seeded_delay():
    carrier = replace(FIXED, roaming_duplicate_probability=1.0)
    steps = run(carrier=carrier, handset=Handset(TO, signal="poor", roaming=True))
    received = [s for s in steps if s.kind == "handset_received"]
    assert len(received) == 2  # the roaming duplicate
    assert "poor signal +" in received[0].reason and "roaming +" in received[0].reason
    assert "roaming duplicate" in received[0].reason
    assert T0 + 7.5 < received[0].at <= T0 + 7.5 + 40 + 20
    # The same seed gives the same plan.
    assert steps == run(carrier=carrier, handset=Handset(TO, signal="poor", roaming=True))


def test_latency_is_drawn_in_the_carriers_range():
    ats = {plan(facts(carrier=Carrier("Net")), random.Random(n))[-1].at - T0 - 1.5
           for n in range(50)}
    assert len(ats) == 50 and all(5.0 <= at <= 10.0 for at in ats)


@pytest.mark.parametrize("at_kind, status, code, kept, last_at", [
    ("queued", "failed", 30001, ["created"], T0),
    ("dequeued", "failed", 30001, ["created", "queued"], T0 + 1),
    ("handed_to_carrier", "undelivered", 30006, ["created", "queued", "dequeued"], T0 + 1.5),
    # "delivered" cuts before the handset gets anything.
    ("delivered", "undelivered", 30007, ["created", "queued", "dequeued", "handed_to_carrier"],
     T0 + 7.5),
])
def test_fail_at(at_kind, status, code, kept, last_at):
    steps = fail_at(run(), at_kind, status, code, "a fault rule")
    assert [s.kind for s in steps[:-1]] == kept
    last = steps[-1]
    assert (last.kind, last.status, last.error_code, last.at) == (status, status, code, last_at)
    assert last.reason.endswith(": a fault rule")


def test_fail_at_a_step_the_plan_never_reaches():
    expired = run(validity_period=0, slot=Slot(T0 + 5, T0 + 6, 0.0))
    assert fail_at(expired, "delivered", "undelivered", 30007, "x") == expired


def test_plan_overflow():
    steps = plan_overflow(T0, SENDER)
    assert kinds(steps) == [("created", "accepted", None), ("failed", "failed", 30001)]
    assert steps[1].reason == f"{SENDER}'s queue holds over 10 hours of sending"


@pytest.mark.parametrize("ahead, shown", [(0, "0"), (9, "9"), (100, "100"),
                                          (101, "more than 100")])
def test_the_messages_ahead_are_counted_up_to_a_hundred(ahead, shown):
    from smsim.domain.planner import _ahead

    assert _ahead(ahead) == shown
