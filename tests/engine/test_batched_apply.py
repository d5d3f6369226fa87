"""Applying due steps in batches (engine/delivery.py apply_until) lands every effect as
applying them one at a time does: the same messages, the same inbox copies and status
callbacks in the same order, the same clock."""

from __future__ import annotations

import pytest
from smsim.engine import clock, delivery, messages, numbers, world
from smsim.web import settings

START = 1_700_000_000.0
RECIPIENTS = ("+15558670101", "+15558670102", "+15558670103")
DEAD_URL = "http://127.0.0.1:9/status"  # refused at once: each callback fails fast (11200)


def traffic(path) -> object:
    store = world.open(str(path))
    world.boot(store, settings.load({"db": str(path), "clock": "manual",
                                     "seed": "batched-apply"}, environ={}))
    clock.configure(store, now=START)
    account = store.get("accounts", is_default=1)
    senders = [n["phone_number"] for n in numbers.of_account(store, account["sid"])
               if n["cap_sms"] and n["phone_number"].startswith("+1")][:2]
    for i in range(30):
        messages.create(store, account["sid"], messages.CreateRequest(
            to=RECIPIENTS[i % 3], from_=senders[i % len(senders)], messaging_service_sid=None,
            body=f"message {i}", status_callback=DEAD_URL if i % 4 == 0 else None))
    return store


def snapshot(store) -> dict:
    def rows(sql):
        return [tuple(r) for r in store.db.conn.execute(sql)]
    return {
        "messages": rows("SELECT * FROM messages ORDER BY seq"),
        "inbox": rows("SELECT number, message_sid, from_addr, body, received_at, copy, shown "
                      "FROM inbox ORDER BY id"),
        "webhooks": rows("SELECT message_sid, kind, params, due_at, state FROM webhooks "
                         "ORDER BY id"),
        "attempts": rows("SELECT w.message_sid, a.at, a.error_code FROM webhook_attempts a "
                         "JOIN webhooks w ON w.id = a.webhook_id ORDER BY a.id"),
        "steps": rows("SELECT message_sid, at, kind, done FROM steps ORDER BY id"),
        "clock": store.clock_state().anchor_sim,
    }


def test_batches_apply_the_effects_in_the_order_one_at_a_time_does(tmp_path, monkeypatch):
    batched = traffic(tmp_path / "batched.db")
    done = clock.advance(batched, 3600, webhook_timeout=2)
    assert done.steps_fired > 30 * 3 and done.webhooks_delivered > 0

    one_by_one = traffic(tmp_path / "one.db")
    monkeypatch.setattr(delivery, "BATCH", 1)
    monkeypatch.setattr(delivery, "FIRST_HELD_BATCH", 1)
    again = clock.advance(one_by_one, 3600, webhook_timeout=2)

    assert (again.steps_fired, again.webhooks_delivered) == (done.steps_fired,
                                                            done.webhooks_delivered)
    assert snapshot(one_by_one) == snapshot(batched)


@pytest.mark.parametrize("size", [1, 7, 1000])
def test_any_batch_size_ends_in_the_same_world(tmp_path, monkeypatch, size):
    monkeypatch.setattr(delivery, "BATCH", size)
    store = traffic(tmp_path / f"{size}.db")
    fired, reached = delivery.apply_until(store, START + 3600)
    assert reached == START + 3600 and fired > 90
    statuses = {row[0] for row in store.db.conn.execute("SELECT status FROM messages")}
    assert statuses <= {"delivered", "undelivered", "failed"}
