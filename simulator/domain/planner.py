"""A message's whole future, decided when it is created.

``plan(facts, rng)`` looks at everything that decides a real message's fate (the sender's
queue, the carrier, the handset) and returns timestamped steps, each with the reason for it.
The clock only reveals them. Pure: no I/O, no clock, one seeded random source.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from smsim.domain.errors import title
from smsim.domain.handsets import Carrier, Handset
from smsim.domain.sender_queue import Slot

HANDOFF_SECONDS = 0.5  # from leaving the queue to the carrier's acceptance (ours)


# The messages ahead in a sender's queue are counted up to this many; more reads "more than".
AHEAD_COUNTED = 100


def _ahead(count: int) -> str:
    return f"more than {AHEAD_COUNTED}" if count > AHEAD_COUNTED else str(count)

@dataclass(frozen=True)
class Step:
    at: float
    kind: str  # created, queued, dequeued, handed_to_carrier, delivered, undelivered, failed,
    #            handset_received, receipt_missing
    status: str | None  # the message's status from this step on (None: unchanged)
    reason: str
    error_code: int | None = None
    copy: int | None = None  # handset_received: which copy (1, 2, ...)
    shown: bool = True  # handset_received: shown in the inbox (not from a blocked sender)


@dataclass(frozen=True)
class Facts:
    created_at: float
    sender: str
    sender_is_long_code: bool
    to: str
    segments: int
    slot: Slot
    queue_ahead: int  # messages already waiting in the sender's queue (AHEAD_COUNTED + 1:
    # more than that many)
    rate: float
    validity_period: int
    handset: Handset
    carrier: Carrier
    sent_before_by_sender: int  # this sender's earlier messages through this carrier
    initial_status: str = "queued"  # "accepted" through a Messaging Service
    hidden_by_fault: bool = False  # a fault rule keeps the copies out of the inbox


def plan(facts: Facts, rng: random.Random) -> list[Step]:
    t0 = facts.created_at
    through_service = facts.initial_status in ("accepted", "scheduled")
    steps = [
        Step(t0, "created", facts.initial_status, "accepted by the API (201)")
        if facts.initial_status != "scheduled" else
        Step(t0, "send_at", None, "its SendAt time: it joins the sender's queue"),
        Step(t0, "queued", "queued" if through_service else None,
             ("sender picked from the Messaging Service's pool; " if through_service else "")
             + f"{_ahead(facts.queue_ahead)} message(s) ahead in {facts.sender}'s queue; "
             f"{facts.slot.backlog_seconds:.1f} s of sending before it at "
             f"{facts.rate:g} segment(s)/s"),
    ]
    wait = facts.slot.dequeue_at - t0
    if wait > facts.validity_period:
        expiry = t0 + facts.validity_period
        return [*steps, Step(expiry, "failed", "failed",
                             f"still queued after its validity period of "
                             f"{facts.validity_period} s", 30036)]
    dequeue = facts.slot.dequeue_at
    steps.append(Step(dequeue, "dequeued", "sending",
                      f"left {facts.sender}'s queue after {wait:.1f} s"))
    handed = dequeue + HANDOFF_SECONDS
    steps.append(Step(handed, "handed_to_carrier", "sent",
                      f"handed to carrier {facts.carrier.name}"))
    return steps + carrier_steps(Route(facts.sender, facts.sender_is_long_code, facts.to,
                                       facts.handset, facts.carrier,
                                       facts.sent_before_by_sender, facts.hidden_by_fault),
                                 handed, rng)


# Cutting "at delivered" means before the handset gets anything.
CUT_KINDS = {"delivered": {"handset_received", "delivered", "receipt_missing", "undelivered"}}


def fail_at(steps: list[Step], at_kind: str, status: str, code: int, why: str) -> list[Step]:
    """The plan cut at the first ``at_kind`` step, which becomes a failure with ``code``.

    ``queued`` fails right after creation; the other kinds fail where that step would be."""
    kinds = CUT_KINDS.get(at_kind, {at_kind})
    for index, step in enumerate(steps):
        if step.kind in kinds:
            return [*steps[:index], Step(step.at, status, status,
                                         f"{title(code)}: {why}", code)]
    return steps  # the plan never reaches that step (it fails earlier on its own)


def plan_overflow(t0: float, sender: str) -> list[Step]:
    """A Messaging Service's message whose sender queue is full: created, then failed."""
    return [Step(t0, "created", "accepted", "accepted by the API (201)"),
            Step(t0, "failed", "failed", f"{sender}'s queue holds over 10 hours of sending",
                 30001)]


def _failure(at: float, code: int, reason: str) -> list[Step]:
    return [Step(at, "undelivered", "undelivered", f"{title(code)}: {reason}", code)]


@dataclass(frozen=True)
class Route:
    """What the carrier stage needs: who sends, to whom, over which carrier."""

    sender: str
    sender_is_long_code: bool
    to: str
    handset: Handset
    carrier: Carrier
    sent_before_by_sender: int
    hidden: bool = False  # a fault rule keeps the copies out of the inbox


def carrier_steps(facts: Route, handed: float, rng: random.Random) -> list[Step]:
    """From the carrier's acceptance at ``handed`` to the handset and the receipt."""
    carrier, handset = facts.carrier, facts.handset
    latency = rng.uniform(carrier.latency_min, carrier.latency_max) + carrier.congestion_delay
    arrive = handed + latency
    if carrier.unreachable:
        return _failure(arrive, 30006, f"carrier {carrier.name} is unreachable")
    if (carrier.filter_after is not None and facts.sender_is_long_code
            and facts.sent_before_by_sender >= carrier.filter_after):
        return _failure(arrive, 30007,
                        f"carrier {carrier.name} filters {facts.sender} after "
                        f"{carrier.filter_after} message(s)")
    if not handset.active:
        return _failure(arrive, 30005, f"{facts.to} is not an active number")
    if not handset.reachable:
        state = "switched off" if handset.power == "off" else "out of signal"
        return _failure(handed + carrier.give_up_after, 30003,
                        f"handset {state}; carrier gave up after {carrier.give_up_after:g} s")

    reasons = [f"carrier latency {latency:.1f} s"]
    if carrier.congestion_delay:
        reasons.append(f"congestion {carrier.congestion_delay:g} s")
    copies = 1 + carrier.duplicate_copies
    if handset.signal == "poor":
        extra = rng.uniform(0, carrier.poor_signal_delay)
        arrive += extra
        reasons.append(f"poor signal +{extra:.1f} s")
    if handset.roaming:
        extra = rng.uniform(0, carrier.roaming_delay)
        arrive += extra
        reasons.append(f"roaming +{extra:.1f} s")
        if rng.random() < carrier.roaming_duplicate_probability:
            copies += 1
            reasons.append("roaming duplicate")
    blocked = facts.sender in handset.blocked_senders
    shown = not blocked and not facts.hidden
    steps = []
    for copy in range(1, copies + 1):
        why = "; ".join(reasons) if copy == 1 else f"carrier duplicate copy {copy}"
        if blocked:
            why += f"; {facts.sender} is on the handset's block list: not shown"
        elif facts.hidden:
            why += "; a fault rule keeps it out of the inbox: not shown"
        steps.append(Step(arrive + (copy - 1) * carrier.duplicate_spacing, "handset_received",
                          None, why, copy=copy, shown=shown))
    if carrier.drop_receipts:
        steps.append(Step(arrive, "receipt_missing", None,
                          f"carrier {carrier.name} sent no delivery receipt: stays sent"))
    else:
        steps.append(Step(arrive, "delivered", "delivered", "delivery receipt from "
                          f"{carrier.name}"))
    return steps
