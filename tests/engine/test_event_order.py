"""The clock as a discrete-event simulation: an app handling a callback reads the world as of
that callback, instant by instant, in manual mode (one advance) and in realtime mode (a due
webhook holds the world back, at most for its timeout).

The app is a real HTTP receiver (tests/receiver.py, with a hook) whose handler reads the same
SQLite file through the engine while the advance waits for its answer.
"""

from __future__ import annotations

import time

import pytest
from smsim.engine import (
    clock,
    delivery,
    fault_rules,
    inbound,
    messages,
    numbers,
    webhook_sender,
    webhooks,
)

from tests.receiver import start_receiver

PHONES = ("+15558670101", "+15558670102")


@pytest.fixture
def app():
    """An app whose handler runs ``app.handler(received)`` (set by the test) on each
    request; ``app.seen`` keeps (request, what the handler returned)."""
    holder = {"handler": lambda received: None}
    receiver = start_receiver(hook=lambda received: holder["handler"](received))

    def set_handler(handler):
        holder["handler"] = handler
    receiver.set_handler = set_handler
    yield receiver
    receiver.stop()


def create(store, account, sender, to, callback=None, body="hello"):
    return messages.create(store, account["sid"], messages.CreateRequest(
        to=to, from_=sender, messaging_service_sid=None, body=body, status_callback=callback))


def status_at(store, sid: str, t: float) -> str:
    """The message's status as its plan has it at time ``t``."""
    plan = delivery.delivery_steps(store, sid, t, include_plan=True)["steps"]
    return [s["status"] for s in plan if s["status"] and s["at"] <= t][-1]


def reader(store, sids):
    """A handler that reads, as the app would while handling the callback, the clock and
    the status of every message."""
    def read(received):
        return {"now": store.now(),
                "status": {sid: messages.get(store, sid)["status"] for sid in sids}}
    return read


def test_each_handler_reads_the_world_as_of_its_callback(store, account, sender, app):
    url = app.url("/status")
    first = create(store, account, sender, PHONES[0], url)["sid"]
    second = create(store, account, sender, PHONES[1], url)["sid"]
    sids = [first, second]
    app.set_handler(reader(store, sids))
    began = store.now()

    done = clock.advance(store, 60, webhook_timeout=2)

    assert done.webhooks_outstanding == 0 and done.state.anchor_sim == began + 60
    assert len(app.seen) == 6
    for received, read in app.seen:
        callback_sid, callback_status = (received.params["MessageSid"],
                                         received.params["MessageStatus"])
        # Its own message is exactly at the callback's status...
        assert read["status"][callback_sid] == callback_status
        # ...the clock stands at the instant the status changed...
        assert status_at(store, callback_sid, read["now"]) == callback_status
        # ...and every other message is where its plan puts it at that instant, no later.
        for sid in sids:
            assert read["status"][sid] == status_at(store, sid, read["now"]), (received, read)
    # The second message leaves the queue a second after the first: at the first one's
    # `sending` callback the second is still queued.
    assert app.seen[0][1]["status"] == {first: "sending", second: "queued"}


def test_attempts_are_recorded_at_their_due_times_not_at_the_end(store, account, sender, app):
    sid = create(store, account, sender, PHONES[0], app.url("/status"))["sid"]
    began = store.now()
    clock.advance(store, 60, webhook_timeout=2)
    hooks = webhooks.listing(store, message_sid=sid)
    changes = {s["status"]: s["at"] for s in delivery.delivery_steps(store, sid, began + 60)[
        "steps"] if s["status"]}
    assert [h["params"]["MessageStatus"] for h in hooks] == ["sending", "sent", "delivered"]
    times = [h["attempts"][0]["at"] for h in hooks]
    assert times == [h["due_at"] for h in hooks]
    assert times == [changes[h["params"]["MessageStatus"]] for h in hooks]
    assert times == sorted(set(times)) and times[-1] < began + 60


def test_a_delayed_callback_falls_due_at_its_own_instant(store, account, sender, app):
    fault_rules.add(store, {"match": {"to": PHONES[0], "nth": 2}, "effect": {
        "type": "callback", "action": "delay", "seconds": 5}})
    sid = create(store, account, sender, PHONES[0], app.url("/status"))["sid"]
    app.set_handler(reader(store, [sid]))
    clock.advance(store, 60, webhook_timeout=2)
    [delayed] = [h for h in webhooks.listing(store, message_sid=sid)
                 if h["params"]["MessageStatus"] == "sent"]
    sent_at = next(s["at"] for s in delivery.delivery_steps(store, sid, store.now())["steps"]
                   if s["status"] == "sent")
    assert delayed["due_at"] == delayed["attempts"][0]["at"] == sent_at + 5
    read = next(r for c, r in app.seen if c.params["MessageStatus"] == "sent")
    # Five seconds after `sent` the world stood at that later instant (still short of the
    # carrier's receipt), which is what a late callback shows a handler.
    assert read == {"now": sent_at + 5, "status": {sid: status_at(store, sid, sent_at + 5)}}


def test_a_twiml_reply_is_sent_at_the_webhooks_instant_and_lives_on_in_later_ones(
        store, account, sender, app):
    status_url = app.url("/status")
    replies_app = start_receiver()
    replies_app.answer("/sms", content_type="text/xml",
                       body=f'<Response><Message action="{status_url}">pong</Message></Response>')
    try:
        number = numbers.by_phone(store, sender)
        numbers.update(store, number, {"SmsUrl": replies_app.url("/sms")})
        inbound.send(store, PHONES[0], sender, "ping")
        reply_sids: list[str] = []
        app.set_handler(lambda received: (reply_sids.append(received.params["MessageSid"]),
                                          reader(store, reply_sids)(received))[1])
        clock.advance(store, 60, webhook_timeout=2)
        [incoming] = [h for h in webhooks.listing(store) if h["kind"] == "incoming_message"]
        [reply] = [m for m in messages.log_page(store, account=account["sid"], limit=10)
                   if m["direction"] == "outbound-reply"]
        assert reply["date_created"] == incoming["due_at"] == incoming["attempts"][0]["at"]
        assert [(c.params["MessageStatus"], r["status"][reply["sid"]]) for c, r in app.seen] \
            == [("sending", "sending"), ("sent", "sent"), ("delivered", "delivered")]
        assert all(r["now"] > incoming["due_at"] for _, r in app.seen)
    finally:
        replies_app.stop()


def test_a_slow_app_costs_at_most_the_timeout_per_attempt(store, account, sender, app):
    app.set_handler(lambda received: time.sleep(1.5))
    sid = create(store, account, sender, PHONES[0], app.url("/slow"))["sid"]
    began = time.monotonic()
    done = clock.advance(store, 60, webhook_timeout=0.3)
    assert time.monotonic() - began < 1.5  # three attempts cut at 0.3 s, none waited for
    assert done.webhooks_outstanding == 0
    assert messages.get(store, sid)["status"] == "delivered"
    attempts = [h["attempts"][0] for h in webhooks.listing(store, message_sid=sid)]
    assert [a["error_code"] for a in attempts] == [11200] * 3


def test_realtime_steps_wait_for_a_due_webhook_at_most_its_timeout(store, account, sender,
                                                                   app):
    """Realtime, with the times passed in: the ticker's or a request's catch-up applies
    nothing past a webhook still out, until it is done or its timeout has passed."""
    clock.configure(store, mode="realtime", speed=1)
    webhooks.note_timeout(store, 10)  # a due webhook holds the world 10.5 s, with the grace
    sid = create(store, account, sender, PHONES[0], app.url("/status"))["sid"]
    plan = {s["status"]: s["at"] for s in delivery.delivery_steps(
        store, sid, 0, include_plan=True)["steps"] if s["status"]}
    sending, sent, delivered = plan["sending"], plan["sent"], plan["delivered"]
    assert delivered - sent < 10  # the carrier's receipt comes within the hold
    now = sending + 5  # `sent` is due too, but the `sending` callback is out

    delivery.run_due(store, now)
    assert messages.get(store, sid)["status"] == "sending"

    # The app's handler makes a request: its catch-up applies nothing past the callback.
    app.set_handler(lambda received: (delivery.run_due(store, now),
                                      messages.get(store, sid)["status"])[1])
    webhook = webhooks.claim_next(store, now)
    assert webhook["due_at"] == sending
    webhook_sender.deliver(store, webhook, 10, store.clock_state())
    assert app.seen[-1][1] == "sending"
    delivery.run_due(store, now)
    assert messages.get(store, sid)["status"] == "sent"

    # Nobody delivers the `sent` callback: it holds the world for its timeout, no longer.
    delivery.run_due(store, delivered)
    assert messages.get(store, sid)["status"] == "sent"
    delivery.run_due(store, sent + 10.6)
    assert messages.get(store, sid)["status"] == "delivered"


def test_callbacks_behind_a_delayed_one_go_out_at_its_instant_and_stall_nothing(
        store, account, sender, app):
    fault_rules.add(store, {"match": {"to": PHONES[0], "nth": 1}, "effect": {
        "type": "callback", "action": "delay", "seconds": 30}})
    sid = create(store, account, sender, PHONES[0], app.url("/status"))["sid"]
    app.set_handler(reader(store, [sid]))
    began = time.monotonic()
    done = clock.advance(store, 60, webhook_timeout=5)
    # The `sent` and `delivered` callbacks, due before the delayed `sending` one, wait for it
    # without holding the advance (no wait for the timeout at their instants).
    assert time.monotonic() - began < 2
    assert done.webhooks_outstanding == 0
    hooks = webhooks.listing(store, message_sid=sid)
    sending = next(h for h in hooks if h["params"]["MessageStatus"] == "sending")
    assert [c.params["MessageStatus"] for c, _ in app.seen] == ["sending", "sent", "delivered"]
    assert {h["attempts"][0]["at"] for h in hooks} == {sending["due_at"]}
    assert [r["status"][sid] for _, r in app.seen] == ["delivered"] * 3


def test_realtime_callbacks_waiting_behind_a_delayed_one_hold_nothing(store, account, sender,
                                                                      app):
    clock.configure(store, mode="realtime", speed=1)
    webhooks.note_timeout(store, 10)
    fault_rules.add(store, {"match": {"to": PHONES[0], "nth": 1}, "effect": {
        "type": "callback", "action": "delay", "seconds": 30}})
    sid = create(store, account, sender, PHONES[0], app.url("/status"))["sid"]
    delivered = next(s["at"] for s in delivery.delivery_steps(
        store, sid, 0, include_plan=True)["steps"] if s["status"] == "delivered")
    # The `sent` callback waits behind the delayed `sending` one, due 30 s later: holding the
    # world for it would only stall it.
    delivery.run_due(store, delivered)
    assert messages.get(store, sid)["status"] == "delivered"
