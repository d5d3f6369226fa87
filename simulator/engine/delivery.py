"""Plan a message's future at creation, and reveal it as the clock reaches each step.

Planning happens inside the create transaction (the sender's queue slot, the carrier's count
for the sender and the steps are written together, so two workers never take the same slot).
``run_due`` applies every step that has fallen due, in time order, exactly once: steps are
claimed inside one ``BEGIN IMMEDIATE`` transaction.
"""

from __future__ import annotations

import random
from dataclasses import replace

from smsim.domain import phone, planner, sender_queue, statuses
from smsim.domain.errors import TwilioError, title
from smsim.engine import fault_rules, handsets, inbound, webhooks
from smsim.store.database import Store

DEFAULT_VALIDITY = 36_000  # seconds (OAI CreateMessageRequest ValidityPeriod default)
# Our plausible prices, USD per segment (Twilio's US SMS list price is about 0.0079).
PRICE_PER_SEGMENT = {"US": 0.0079, "CA": 0.0079}
OTHER_PRICE = 0.0500
MMS_PRICE = 0.0200
BATCH = 500


def message_rng(store: Store, sid: str) -> random.Random:
    """The message's own draws from the world's one seed: the same in every worker."""
    return random.Random(f"{store.seed()}:{sid}")


def price(message: dict, to_country: str | None) -> str:
    if message["free"]:
        return "0.00000"
    if message["num_media"]:
        amount = MMS_PRICE
    else:
        per = PRICE_PER_SEGMENT.get(to_country or "", OTHER_PRICE)
        amount = per * max(message["num_segments"], 1)
    return f"-{amount:.5f}"


def schedule(store: Store, message: dict, to: phone.Address, sender: phone.Address,
             send_rate: float | None, validity_period: int | None,
             through_service: bool = False, send_at: float | None = None) -> None:
    """Plan ``message`` (already inserted, same transaction) and store its steps. A
    scheduled message is planned from its SendAt, when it joins its sender's queue."""
    now = send_at or message["date_created"]
    rate = send_rate or sender_queue.default_rate(sender)
    with store.write() as db:
        queue = store.get("sender_queues", account_sid=message["account_sid"],
                          sender=sender.value)
        slot = sender_queue.place(now, queue["free_at"] if queue else now,
                                  message["num_segments"], rate)
        if sender_queue.overflows(slot):
            if not through_service:
                raise TwilioError(21611)
            # Through a Messaging Service the message is created, then fails with 30001
            # (docs errors/21611).
            _insert_steps(store, message["sid"], planner.plan_overflow(now, sender.value))
            return
        handset = handsets.get(store, to.value)
        carrier = handsets.carrier(store, handset.carrier)
        fired = fault_rules.evaluate(store, "plan", fault_rules.message_facts(message),
                                     message_sid=message["sid"], now=now)
        slot, carrier, hide = _apply_plan_faults(fired, slot, carrier)
        counted = db.conn.execute(
            "INSERT INTO carrier_counts(carrier, sender, sent) VALUES (?, ?, 1) "
            "ON CONFLICT(carrier, sender) DO UPDATE SET sent = sent + 1 RETURNING sent",
            [carrier.name, sender.value]).fetchone()[0]
        ahead = store.count("messages", "account_sid = ? AND from_addr = ? AND status = "
                            "'queued' AND sid != ?", [message["account_sid"], sender.value,
                                                      message["sid"]])
        facts = planner.Facts(
            created_at=now, sender=sender.value, sender_is_long_code=sender.kind == "e164",
            to=to.value, segments=message["num_segments"], slot=slot, queue_ahead=ahead,
            rate=rate, validity_period=validity_period or DEFAULT_VALIDITY, handset=handset,
            carrier=carrier, sent_before_by_sender=counted - 1,
            initial_status=message["status"], hidden_by_fault=hide)
        steps = planner.plan(facts, message_rng(store, message["sid"]))
        for effect in fired.effects if fired else ():
            if effect["type"] == "fail":
                steps = planner.fail_at(steps, effect["at"], effect["status"], effect["code"],
                                        fired.label())
        if send_at:
            steps = [planner.Step(message["date_created"], "created", "scheduled",
                                  "accepted by the API (201), scheduled"), *steps]
        _insert_steps(store, message["sid"], steps)
        db.conn.execute(
            "INSERT INTO sender_queues(account_sid, sender, free_at) VALUES (?, ?, ?) "
            "ON CONFLICT(account_sid, sender) DO UPDATE SET free_at = excluded.free_at",
            [message["account_sid"], sender.value, slot.free_at])


CARRIER_KINDS = ("handset_received", "delivered", "undelivered", "receipt_missing")
# Outcomes the carrier decides whatever the handset does: a change of handset keeps them.
CARRIER_DECIDED = (30006, 30007)


def replan_handset(store: Store, number: str, now: float) -> int:
    """A handset changed (switched on, left coverage, blocked a sender...): messages still on
    their way to it are carried anew from now. Returns how many were re-planned."""
    replanned = 0
    with store.write() as db:
        pending = store.select(
            "messages", "to_addr = ? AND status IN ('queued', 'sending', 'sent') AND sid IN "
            "(SELECT message_sid FROM steps WHERE done = 0 AND kind IN "
            f"({','.join('?' * len(CARRIER_KINDS))}))", [number, *CARRIER_KINDS])
        handset = handsets.get(store, number)
        carrier = handsets.carrier(store, handset.carrier)
        for message in pending:
            steps = store.select("steps", "message_sid = ?", [message["sid"]], order="at, id")
            future = [s for s in steps if not s["done"] and s["kind"] in CARRIER_KINDS]
            handed = next((s["at"] for s in steps if s["kind"] == "handed_to_carrier"), None)
            if handed is None or any(s["error_code"] in CARRIER_DECIDED for s in future):
                continue
            db.conn.execute(f"DELETE FROM steps WHERE id IN ({','.join('?' * len(future))})",
                            [s["id"] for s in future])
            sender = phone.parse_sender(message["from_addr"] or "")
            route = planner.Route(message["from_addr"], bool(sender and sender.kind == "e164"),
                                  number, handset, carrier, 0)
            rng = random.Random(f"{store.seed()}:{message['sid']}:replan:{now}")
            _insert_steps(store, message["sid"], planner.carrier_steps(route, max(handed, now),
                                                                     rng))
            replanned += 1
    return replanned


def _insert_steps(store: Store, sid: str, steps: list[planner.Step]) -> None:
    for step in steps:
        store.insert("steps", {
            "message_sid": sid, "at": step.at, "kind": step.kind, "status": step.status,
            "reason": step.reason, "error_code": step.error_code, "copy": step.copy,
            "shown": int(step.shown), "done": 0})


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


def has_due(store: Store, now: float) -> bool:
    row = store.db.conn.execute("SELECT 1 FROM steps WHERE done = 0 AND at <= ? LIMIT 1",
                                [now]).fetchone()
    return row is not None or inbound.has_due(store, now)


def run_due(store: Store, now: float) -> int:
    """Apply every step and every handset text due by ``now``, in time order; returns how
    many fired. What a step creates (an auto-reply's own steps) fires too if due."""
    fired = 0
    while has_due(store, now):
        with store.write():
            steps = store.select("steps", "done = 0 AND at <= ?", [now], order="at, id",
                                 limit=BATCH)
            texts = inbound.due(store, now, BATCH)
            events = sorted([(s["at"], 0, s["id"], s) for s in steps]
                            + [(t["arrive_at"], 1, t["id"], t) for t in texts],
                            key=lambda e: e[:3])
            # Only what is earlier than both batches' ends is surely in order; the rest
            # waits for the next round.
            horizon = min(steps[-1]["at"] if len(steps) == BATCH else now,
                          texts[-1]["arrive_at"] if len(texts) == BATCH else now)
            for at, kind, _, event in events:
                if at > horizon:
                    break
                if kind == 0:
                    _apply(store, event)
                    store.db.conn.execute("UPDATE steps SET done = 1 WHERE id = ?",
                                          [event["id"]])
                else:
                    inbound.arrive(store, event)
                fired += 1
    mark_applied(store, now)
    return fired


def mark_applied(store: Store, now: float) -> None:
    """Everything due by ``now`` has been applied: webhooks due by then may go out. Until
    then a deliverer holds back, so a callback never overtakes one not yet created."""
    with store.write():
        current = store.meta_get("applied_until")
        # Kept as repr() text: SQLite's REAL-to-text rounding would lose the last digits.
        if current is None or float(current) < now:
            store.meta_set("applied_until", repr(now))


def _apply(store: Store, step: dict) -> None:
    message = store.get("messages", sid=step["message_sid"])
    if message is None:
        return
    if step["kind"] == "handset_received":
        store.insert("inbox", {
            "number": message["to_addr"], "message_sid": message["sid"],
            "from_addr": message["from_addr"], "body": message["body"],
            "received_at": step["at"], "copy": step["copy"], "shown": step["shown"]})
        return
    new = step["status"]
    if not new or not statuses.can_move(message["status"], new):
        return
    changes = {"status": new, "date_updated": step["at"]}
    if new == "sent":
        to = phone.parse_recipient(message["to_addr"])
        changes.update(date_sent=step["at"], price=price(message, to.country if to else None),
                       price_unit="USD")
    if step["error_code"]:
        changes.update(error_code=step["error_code"], error_message=title(step["error_code"]))
    store.update("messages", message["sid"], changes)
    webhooks.status_changed({**message, **changes}, step["at"], store)


def cancel(store: Store, message: dict, now: float) -> dict:
    """Call off a message that has not left its queue: its future steps are dropped."""
    with store.write():
        store.db.conn.execute("DELETE FROM steps WHERE message_sid = ? AND done = 0",
                              [message["sid"]])
        changes = {"status": "canceled", "date_updated": now}
        store.update("messages", message["sid"], changes)
        webhooks.status_changed({**message, **changes}, now, store)
    return store.get("messages", sid=message["sid"])


def delivery_steps(store: Store, sid: str, now: float, include_plan: bool = False) -> dict:
    """The guide's "delivery steps": what happened to a message, when, and why."""
    steps = store.select("steps", "message_sid = ?", [sid], order="at, id")
    revealed = [s for s in steps if s["at"] <= now]
    shown = steps if include_plan else revealed
    by_kind = {}
    for s in revealed:
        by_kind.setdefault(s["kind"], s["at"])
    # A scheduled message's clock starts at its SendAt, not at its creation.
    created = by_kind.get("send_at") or by_kind.get("created")
    dequeued = by_kind.get("dequeued")
    handed = by_kind.get("handed_to_carrier")
    delivered = by_kind.get("delivered") or by_kind.get("receipt_missing")
    ended = delivered or by_kind.get("undelivered") or by_kind.get("failed")
    return {
        "steps": shown,
        "queue_wait_seconds": round(dequeued - created, 3) if dequeued and created else None,
        "carrier_seconds": round(ended - handed, 3) if ended and handed else None,
        "total_seconds": round(ended - created, 3) if ended and created else None,
        # The guide: normal delivery takes 5-10 s, over 30 s counts as delayed; a message
        # still on its way past 30 s is delayed already.
        "delayed": bool(created and ((delivered or (now if not ended else 0)) - created > 30)),
        "copies_received": sum(1 for s in revealed if s["kind"] == "handset_received"),
        "complete": len(revealed) == len(steps),
    }
