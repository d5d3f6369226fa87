"""Plan a message's future at creation (and anew when its handset changes).

Planning happens inside the create transaction (the sender's queue slot, the carrier's count
for the sender and the steps are written together, so two workers never take the same slot).
engine/delivery.py reveals the steps as the clock reaches them.
"""

from __future__ import annotations

import random
from dataclasses import replace

from smsim.domain import content, phone, planner, sender_queue, whatsapp
from smsim.domain.errors import TwilioError
from smsim.domain.validity import DEFAULT_VALIDITY
from smsim.engine import fault_rules, handsets
from smsim.engine import whatsapp as whatsapp_facts
from smsim.store import handsets as handsets_store
from smsim.store import messages as messages_store
from smsim.store import steps as steps_store
from smsim.store.database import Store


def message_rng(store: Store, sid: str) -> random.Random:
    """The message's own draws from the world's one seed: the same in every worker."""
    return random.Random(f"{store.seed()}:{sid}")


def schedule(store: Store, message: dict, to: phone.Address, sender: phone.Address,
             send_rate: float | None, validity_period: int | None,
             through_service: bool = False, send_at: float | None = None,
             destination: tuple | None = None,
             template: content.TemplateMessage | None = None) -> None:
    """Plan ``message`` (already inserted, same transaction) and store its steps. A
    scheduled message is planned from its SendAt, when it joins its sender's queue.
    ``destination``: the (handset, carrier) the caller has read already;
    ``template``: a WhatsApp message's Content template (domain/content.py)."""
    now = send_at or message["date_created"]
    if to.channel == "whatsapp":
        _schedule_whatsapp(store, message, to, sender, destination, template, send_at)
        return
    rate = send_rate or sender_queue.default_rate(sender)
    # Joined to the create's transaction whole: a plan that fails fails the create.
    with store.transaction():
        free_at, ahead = steps_store.queue_position(store, message["account_sid"],
                                                    sender.value, message["sid"])
        slot = sender_queue.place(now, free_at if free_at is not None else now,
                                  message["num_segments"], rate)
        if sender_queue.overflows(slot):
            if not through_service:
                raise TwilioError(21611)
            # Through a Messaging Service the message is created, then fails with 30001
            # (docs errors/21611).
            steps_store.insert(store, message["sid"], planner.plan_overflow(now, sender.value))
            return
        handset, carrier = destination or handsets.with_carrier(store, to.value)
        fired = fault_rules.evaluate(store, "plan", fault_rules.message_facts(message),
                                     message_sid=message["sid"], now=now)
        slot, carrier, hide = _apply_plan_faults(fired, slot, carrier)
        counted = handsets_store.count_carrier_send(store, carrier.name, sender.value)
        facts = planner.Facts(
            created_at=now, sender=sender.value, sender_is_long_code=sender.kind == "e164",
            to=to.value, segments=message["num_segments"], slot=slot, queue_ahead=ahead,
            rate=rate, validity_period=validity_period or DEFAULT_VALIDITY, handset=handset,
            carrier=carrier, sent_before_by_sender=counted - 1,
            initial_status=message["status"], hidden_by_fault=hide)
        steps = planner.plan(facts, message_rng(store, message["sid"]))
        _insert(store, message, steps, fired, send_at)
        steps_store.set_sender_free_at(store, message["account_sid"], sender.value,
                                       slot.free_at)


def _schedule_whatsapp(store: Store, message: dict, to: phone.Address,
                       sender: phone.Address, destination: tuple | None,
                       template: content.TemplateMessage | None,
                       send_at: float | None = None) -> None:
    """A WhatsApp message skips the SMS sender queue and carriers (domain/whatsapp.py); the
    window is the one the user opened with this sender, as it stands when the message goes
    (its SendAt for a scheduled one; ours: an inbound message arriving between the create
    and the SendAt is not counted). A template's fate (delivered, or 63016 / 63028 /
    63040-63042) is decided here, from the template's status at creation
    (domain/content.py window_failure)."""
    handset = (destination or handsets.with_carrier(store, to.value))[0]
    now = send_at or message["date_created"]
    last = whatsapp_facts.last_contact(store, sender, to, message["date_created"])
    sandbox = sender.value == whatsapp.SANDBOX_NUMBER
    member = not sandbox or whatsapp_facts.sandbox_member(store, to.value, now)
    window = whatsapp.window_open(last, now)
    failure = template.failure(window) if template else None
    # A template that may go is let by the window; one that may not fails with its code.
    in_window = window or (template is not None and failure is None)
    dequeue_at = None
    with store.transaction():
        if sandbox and member and in_window and failure is None:
            # The sandbox's pace, per account: a message goes 3 s after the one before.
            free_at, _ = steps_store.queue_position(store, message["account_sid"], sender.wire,
                                                    message["sid"])
            dequeue_at = max(now + whatsapp.DEQUEUE_SECONDS, free_at or 0.0)
            steps_store.set_sender_free_at(store, message["account_sid"], sender.wire,
                                           dequeue_at + whatsapp.SANDBOX_SPACING)
        # Plan-point fault rules (match.channel "whatsapp" picks these out): docs/faults.md.
        fired = fault_rules.evaluate(store, "plan", fault_rules.message_facts(message),
                                     message_sid=message["sid"], now=now)
        steps = whatsapp.plan(now, message["status"], to.value, handset, in_window,
                              message_rng(store, message["sid"]), sandbox_member=member,
                              dequeue_at=dequeue_at, faults=_whatsapp_faults(fired),
                              template_failure=failure)
        _insert(store, message, steps, fired, send_at)


def _insert(store: Store, message: dict, steps: list[planner.Step], fired,
            send_at: float | None) -> None:
    """A planned message's steps stored, SMS or WhatsApp alike: a ``fail`` rule's effect
    applied, and a scheduled message's create put first."""
    for effect in fired.effects if fired else ():
        if effect["type"] == "fail":
            steps = planner.fail_at(steps, effect["at"], effect["status"], effect["code"],
                                    fired.label())
    if send_at:
        steps = [planner.Step(message["date_created"], "created", "scheduled",
                              "accepted by the API (201), scheduled"), *steps]
    steps_store.insert(store, message["sid"], steps, happened=_happened(steps, message))


def _whatsapp_faults(fired) -> whatsapp.Faults:
    """The plan effects that act on a WhatsApp message: queue_delay holds it before it goes
    to WhatsApp, carrier_delay slows WhatsApp's delivery to the phone, drop_receipt loses
    WhatsApp's delivery and read reports. duplicate and hide_from_handset stand for SMS
    carriers' faults: refused on a rule for WhatsApp (domain/fault_rules.py), and a rule
    for every channel leaves a WhatsApp message's copies alone (docs/faults.md)."""
    if not fired:
        return whatsapp.Faults()
    kinds = {effect["type"]: effect for effect in fired.effects}
    return whatsapp.Faults(
        delay=kinds["queue_delay"]["seconds"] if "queue_delay" in kinds else 0.0,
        slow=kinds["carrier_delay"]["seconds"] if "carrier_delay" in kinds else 0.0,
        no_receipt="drop_receipt" in kinds, why=fired.label())


def _happened(steps: list[planner.Step], message: dict) -> int:
    """How many leading steps the create itself has made true: at its very instant, the
    message already in that status (or the step changes none). Applying them later would
    change nothing, so they are stored done and no later request has a write to make."""
    count = 0
    for step in steps:
        if step.at > message["date_created"] or step.kind not in ("created", "queued") \
                or step.status not in (None, message["status"]):
            break
        count += 1
    return count


CARRIER_KINDS = ("handset_received", "delivered", "undelivered", "receipt_missing")
# Outcomes the carrier decides whatever the handset does: a change of handset keeps them.
CARRIER_DECIDED = (30006, 30007)


def replan_handset(store: Store, number: str, now: float) -> int:
    """A handset changed (switched on, left coverage, blocked a sender...): messages still on
    their way to it are carried anew from now. Returns how many were re-planned."""
    replanned = 0
    with store.write():
        pending = messages_store.on_their_way_to(store, number, CARRIER_KINDS)
        handset = handsets.get(store, number)
        carrier = handsets.carrier(store, handset.carrier)
        for message in pending:
            steps = steps_store.for_message(store, message["sid"])
            future = [s for s in steps if not s["done"] and s["kind"] in CARRIER_KINDS]
            handed = next((s["at"] for s in steps if s["kind"] == "handed_to_carrier"), None)
            if handed is None or any(s["error_code"] in CARRIER_DECIDED for s in future):
                continue
            steps_store.delete(store, [s["id"] for s in future])
            sender = phone.parse_sender(message["from_addr"] or "")
            route = planner.Route(message["from_addr"], bool(sender and sender.kind == "e164"),
                                  number, handset, carrier, 0)
            rng = random.Random(f"{store.seed()}:{message['sid']}:replan:{now}")
            steps_store.insert(store, message["sid"],
                               planner.carrier_steps(route, max(handed, now), rng))
            replanned += 1
        replanned += _replan_whatsapp(store, number, handset, now)
        replanned += _replan_reads(store, number, handset, now)
    return replanned


def _replan_reads(store: Store, number: str, handset, now: float) -> int:
    """WhatsApp messages the phone has and its holder has not read: read on the handset's
    ``whatsapp.reads_after`` as it stands now, counted from each one's arrival (inside the
    caller's transaction); never, when it is now null."""
    replanned = 0
    for message in messages_store.delivered_whatsapp(store, phone.WHATSAPP_PREFIX + number):
        steps = steps_store.for_message(store, message["sid"])
        arrived = next((s["at"] for s in steps if s["kind"] == "delivered" and s["done"]), None)
        if arrived is None:
            continue
        planned = [s for s in steps if s["kind"] == "read" and not s["done"]]
        read = whatsapp.read_step(arrived, handset.whatsapp.reads_after, now)
        if [(s["at"], s["reason"]) for s in planned] == ([(read.at, read.reason)] if read
                                                         else []):
            continue  # already as the handset says
        steps_store.delete(store, [s["id"] for s in planned])
        if read:
            steps_store.insert(store, message["sid"], [read])
        replanned += 1
    return replanned


# WhatsApp steps before WhatsApp has the message: a handset change leaves them as planned.
BEFORE_WHATSAPP = ("created", "send_at", "queued", "dequeued", "handed_to_carrier")


def _replan_whatsapp(store: Store, number: str, handset, now: float) -> int:
    """WhatsApp messages to the handset that WhatsApp holds or is about to deliver, carried
    anew from now (inside the caller's transaction): a phone back on, or back in signal,
    gets what was held for it, delivered then read on the clock; a phone going off has
    what was on its way held. A message held longer than WhatsApp keeps one
    (whatsapp.HOLD_SECONDS) is left as it is: it stays sent."""
    replanned = 0
    for message in messages_store.waiting_whatsapp(store, phone.WHATSAPP_PREFIX + number):
        steps = steps_store.for_message(store, message["sid"])
        handed = next((s["at"] for s in steps if s["kind"] == "handed_to_carrier"), None)
        pending = [s for s in steps if not s["done"]]
        if handed is None or any(s["kind"] not in (*BEFORE_WHATSAPP, *whatsapp.ARRIVAL_KINDS)
                                 for s in pending):
            continue  # it never reaches WhatsApp, or a fault rule decides its end
        future = [s for s in pending if s["kind"] in whatsapp.ARRIVAL_KINDS]
        held = [s for s in steps if s["done"] and s["kind"] == "receipt_missing"]
        if not future and not held:
            continue
        if held and not future and not (handset.reachable and handset.whatsapp.installed):
            continue  # still held: nothing changes
        start = max(handed, now)
        if held and now - handed > whatsapp.HOLD_SECONDS:
            continue
        steps_store.delete(store, [s["id"] for s in future])
        rng = random.Random(f"{store.seed()}:{message['sid']}:replan:{now}")
        steps_store.insert(store, message["sid"], whatsapp.arrival(
            start, handset, rng, held_since=handed if held else None))
        replanned += 1
    return replanned


def _apply_plan_faults(fired, slot, carrier):
    """The plan-time effects of a fired rule on the queue slot and the carrier's behaviour."""
    hide = False
    for effect in fired.effects if fired else ():
        kind = effect["type"]
        if kind == "queue_delay":
            slot = replace(slot, dequeue_at=slot.dequeue_at + effect["seconds"])
        elif kind == "carrier_delay":
            carrier = replace(carrier,
                              congestion_delay=carrier.congestion_delay + effect["seconds"])
        elif kind == "duplicate":
            carrier = replace(carrier, duplicate_copies=effect["copies"],
                              duplicate_spacing=effect["spacing"])
        elif kind == "drop_receipt":
            carrier = replace(carrier, drop_receipts=True)
        elif kind == "hide_from_handset":
            hide = True
    return slot, carrier, hide
