"""A message's life through the engine: created queued, planned, revealed by the clock."""

from __future__ import annotations

import pytest
from smsim.domain.errors import TwilioError
from smsim.engine import clock, delivery, handsets, messages, numbers, world
from smsim.web import settings

TO = "+15558670001"


def create(store, account, sender, to=TO, body="hello"):
    return messages.create(store, account["sid"],
                           messages.CreateRequest(to=to, from_=sender,
                                                  messaging_service_sid=None, body=body))


def test_a_create_is_queued_and_its_future_is_planned(store, account, sender):
    row = create(store, account, sender)
    assert row["status"] == "queued"
    assert row["sid"].startswith("SM") and len(row["sid"]) == 34
    steps = delivery.delivery_steps(store, row["sid"], store.now(), include_plan=True)
    planned = [s["status"] for s in steps["steps"] if s.get("status")]
    assert planned[:3] == ["queued", "sending", "sent"]
    assert planned[-1] == "delivered"


# With the seed "engine-tests": 1 s in the sender's queue (1 segment/s), handed to the carrier
# 0.5 s later, delivered after 9.4 s of carrier latency.
@pytest.mark.parametrize("seconds, status", [(0, "queued"), (0.9, "queued"), (1, "sending"),
                                             (1.5, "sent"), (10.9, "sent"),
                                             (11, "delivered")])
def test_the_clock_reveals_the_plan_in_order(store, account, sender, seconds, status):
    row = create(store, account, sender)
    clock.advance(store, seconds, webhook_timeout=1)
    assert messages.get(store, row["sid"])["status"] == status


def test_a_delivered_copy_reaches_the_handset_inbox(store, account, sender):
    row = create(store, account, sender, body="code 4821")
    clock.advance(store, 60, webhook_timeout=1)
    inbox = handsets.inbox(store, TO)
    assert [(m["message_sid"], m["body"]) for m in inbox] == [(row["sid"], "code 4821")]


def test_a_switched_off_handset_gets_nothing_and_the_message_ends_undelivered(store, account,
                                                                              sender):
    handsets.put(store, TO, {"power": "off"})
    row = create(store, account, sender)
    clock.advance(store, 3 * 86400, webhook_timeout=1)
    message = messages.get(store, row["sid"])
    assert (message["status"], message["error_code"]) == ("undelivered", 30003)
    assert handsets.inbox(store, TO) == []


def test_an_invalid_to_is_refused_and_nothing_is_written(store, account, sender):
    with pytest.raises(TwilioError) as refused:
        create(store, account, sender, to="not a number")
    assert refused.value.code == 21211
    assert messages.log_page(store, account=account["sid"], limit=10) == []


def test_the_same_seed_gives_the_same_sids(tmp_path):
    def sids(name):
        path = str(tmp_path / name)
        store = world.open(path)
        default = world.boot(store, settings.load({"db": path, "clock": "manual",
                                                   "seed": "same"}, environ={}))
        sender = next(n["phone_number"] for n in numbers.of_account(store, default["sid"])
                      if n["cap_sms"] and n["phone_number"].startswith("+1"))
        return [create(store, default, sender)["sid"] for _ in range(3)]

    assert sids("a.db") == sids("b.db")
