"""Reveal the world as the clock reaches it: every planned step and every handset text that
falls due is applied, in time order, exactly once, and a message's steps are reported.

``run_due`` is the one way anything falls due: the clock's advance, the realtime ticker and
each request's catch-up all call it. Steps are claimed inside one immediate write
transaction (store.write), so two workers never apply the same one.
"""

from __future__ import annotations

from smsim.domain import phone, statuses
from smsim.domain.errors import title
from smsim.domain.pricing import price
from smsim.engine import inbound, webhooks
from smsim.store import delivery as delivery_store
from smsim.store import handset_texts
from smsim.store import messages as messages_store
from smsim.store import steps as steps_store
from smsim.store.database import Store

BATCH = 1000
FIRST_HELD_BATCH = 8


def has_due(store: Store, now: float) -> bool:
    """Is a planned step or a handset's text due by ``now``?"""
    return steps_store.anything_due(store, now)


def run_due(store: Store, now: float) -> int:
    """Apply every step and every handset text due by ``now``, in time order; returns how
    many fired. What a step creates (an auto-reply's own steps) fires too if due.

    In realtime mode the world is not applied past the due time of a webhook still pending
    or being delivered, so the app's handler, reading the world while its callback is out,
    never sees a status later than the callback's; a webhook holds it for at most its timeout
    (webhooks.hold_seconds, in wall time), then the world moves on. In manual mode the
    clock's advance keeps that order itself (engine/clock.py), so nothing is held here."""
    if not has_due(store, now):
        # The usual catch-up: nothing to apply, nothing to record (webhooks.claim_next
        # takes a world with nothing due as applied to its now).
        return 0
    state = store.clock_state()
    hold_after = None
    if state.mode == "realtime":
        hold_after = now - webhooks.hold_seconds(store) * state.speed
    fired, _ = apply_until(store, now, hold_after)
    return fired


def apply_until(store: Store, end: float, hold_after: float | None = None,
                stand=None) -> tuple[int, float]:
    """Apply what is due by ``end`` in time order. With ``hold_after``, stop at the due time
    of the first webhook due after ``hold_after`` that is still outstanding (pending or being
    delivered, including one an applied step has just queued): what is due at that instant
    is applied, nothing later. ``stand(t)``, if given, is called inside each write
    transaction with the time the world has been applied to, so a caller can move the clock
    with the world atomically (a reader never sees one ahead of the other). Returns (events
    applied, the time up to which the world now stands applied).

    Each round is one write transaction over a batch of due steps and texts. A step that
    only moves its message (no status callback to queue) or copies it into an inbox is
    applied in memory and written with the batch (store/delivery.py): one statement per kind
    of change, not several per step. Anything else (a handset text arriving, a callback
    queued) first writes what the batch has so far, then runs as a single event, so every
    effect lands in the same order as one by one."""
    fired = 0
    held = False
    # Held, the world usually stops a few events in (at the next callback): read small
    # batches first, growing while nothing holds it, rather than many rows for one event.
    size = FIRST_HELD_BATCH if hold_after is not None else BATCH
    countries: dict[str, str | None] = {}  # to_addr -> its country, for the price
    while not held and has_due(store, end):
        with store.write():
            steps = steps_store.due(store, end, size)
            texts = inbound.due(store, end, size)
            events = sorted([(s["at"], 0, s["id"], s) for s in steps]
                            + [(t["arrive_at"], 1, t["id"], t) for t in texts],
                            key=lambda e: e[:3])
            # Only what is earlier than both batches' ends is surely in order; the rest
            # waits for the next round.
            horizon = min(steps[-1]["at"] if len(steps) == size else end,
                          texts[-1]["arrive_at"] if len(texts) == size else end)
            size = min(BATCH, size * 8)
            gate = webhooks.earliest_held(store, hold_after) if hold_after is not None else None
            batch = _Batch(store, [s["message_sid"] for s in steps], countries)
            last = None
            for at, kind, _, event in events:
                if at > horizon:
                    break
                if gate is not None and at > gate:
                    held = True
                    break
                if kind == 0 and batch.apply(event):
                    pass  # in memory: it queued nothing, so the gate stands
                else:
                    batch.flush()
                    if kind == 0:
                        _apply(store, event)
                        steps_store.mark_done(store, event["id"])
                    else:
                        inbound.arrive(store, event)
                    batch.forget()
                    if hold_after is not None:
                        # The event may have queued a webhook due at its time: that one
                        # holds whatever comes after.
                        gate = webhooks.earliest_held(store, hold_after)
                fired += 1
                last = at
            batch.flush()
            if stand is not None and (held or last is not None):
                stand(gate if held else last)
    # A webhook due after the last event (a delayed callback) holds the world as well.
    gate = webhooks.earliest_held(store, hold_after) if hold_after is not None else None
    reached = min(end, gate) if gate is not None else end
    if fired or gate is not None:
        # With nothing applied and nothing held, there is nothing to record: a deliverer
        # finding nothing due takes the world as applied to its now (webhooks.claim_next),
        # so a request that found nothing due writes nothing (issue 13).
        mark_applied(store, reached)
    return fired, reached


class _Batch:
    """The steps of one round applied in memory (messages as they stand after each), written
    by ``flush``. ``apply`` declines a step that has more to do than that (one whose message
    has a status callback to queue): the caller flushes, applies it alone, and ``forget``s
    the messages read, since that event may have changed any of them."""

    def __init__(self, store: Store, sids: list[str], countries: dict):
        self.store = store
        self.countries = countries
        self.sids = sids
        self.messages: dict[str, dict] | None = None
        self.changes: dict[str, dict] = {}
        self.received: list[dict] = []
        self.done: list[int] = []

    def _message(self, sid: str) -> dict | None:
        if self.messages is None:
            self.messages = delivery_store.messages_by_sid(self.store, set(self.sids))
        if sid not in self.messages:
            self.messages[sid] = messages_store.get(self.store, sid)
        return self.messages[sid]

    def apply(self, step: dict) -> bool:
        message = self._message(step["message_sid"])
        if message is None:
            self.done.append(step["id"])
            return True
        if step["kind"] == "handset_received":
            self.received.append({
                "number": phone.plain_number(message["to_addr"]), "message_sid": message["sid"],
                "from_addr": message["from_addr"], "body": message["body"],
                "received_at": step["at"], "copy": step["copy"], "shown": step["shown"]})
            self.done.append(step["id"])
            return True
        changes = _changes(message, step, self.countries)
        if changes is None:
            self.done.append(step["id"])
            return True
        if message.get("callback_url"):
            return False  # a status callback to queue: applied alone
        message.update(changes)
        self.changes.setdefault(message["sid"], {}).update(changes)
        self.done.append(step["id"])
        return True

    def flush(self) -> None:
        delivery_store.update_messages(self.store, self.changes)
        delivery_store.receive_many(self.store, self.received)
        delivery_store.mark_steps_done(self.store, self.done)
        self.changes, self.received, self.done = {}, [], []

    def forget(self) -> None:
        self.messages = {}


def mark_applied(store: Store, now: float) -> None:
    """Everything due by ``now`` has been applied: webhooks due by then may go out. Until
    then a deliverer holds back, so a callback never overtakes one not yet created."""
    current = steps_store.applied_until(store)
    if current is not None and current >= now:
        return  # it only ever grows: no write lock needed (most catch-ups end here)
    with store.write():
        current = steps_store.applied_until(store)
        if current is None or current < now:
            steps_store.set_applied_until(store, now)


def _apply(store: Store, step: dict) -> None:
    message = messages_store.get(store, step["message_sid"])
    if message is None:
        return
    if step["kind"] == "handset_received":
        handset_texts.receive(store, {
            "number": phone.plain_number(message["to_addr"]), "message_sid": message["sid"],
            "from_addr": message["from_addr"], "body": message["body"],
            "received_at": step["at"], "copy": step["copy"], "shown": step["shown"]})
        return
    changes = _changes(message, step)
    if changes is None:
        return
    messages_store.update(store, message["sid"], changes)
    webhooks.status_changed({**message, **changes}, step["at"], store)


def _changes(message: dict, step: dict, countries: dict | None = None) -> dict | None:
    """What a status step changes in its message; None if it cannot move it. ``countries``
    keeps recipients' countries across calls (phone.parse_recipient's own cache is too small
    for an advance over many thousand recipients)."""
    new = step["status"]
    if not new or not statuses.can_move(message["status"], new):
        return None
    changes = {"status": new, "date_updated": step["at"]}
    if new == "sent":
        country = _country(message["to_addr"], countries)
        changes.update(date_sent=step["at"], price=price(message, country), price_unit="USD")
    if step["error_code"]:
        changes.update(error_code=step["error_code"], error_message=title(step["error_code"]))
    return changes


def _country(to_addr: str, countries: dict | None) -> str | None:
    if countries is not None and to_addr in countries:
        return countries[to_addr]
    to = phone.parse_recipient(to_addr)
    country = to.country if to else None
    if countries is not None:
        countries[to_addr] = country
    return country


def delivery_steps(store: Store, sid: str, now: float, include_plan: bool = False) -> dict:
    """The guide's "delivery steps": what happened to a message, when, and why."""
    return steps_report(steps_store.for_message(store, sid), now, include_plan)


def steps_report(steps: list[dict], now: float, include_plan: bool = False) -> dict:
    """``delivery_steps`` of a message whose steps (in time order) are ``steps``."""
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
