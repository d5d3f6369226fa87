"""A handset's text and a fault rule, through the engine over a temporary SQLite file."""

from __future__ import annotations

import pytest
from smsim.domain.errors import TwilioError
from smsim.engine import clock, fault_rules, inbound, messages

PHONE = "+15558670002"


def create(store, account, sender, body="hello"):
    return messages.create(store, account["sid"],
                           messages.CreateRequest(to=PHONE, from_=sender,
                                                  messaging_service_sid=None, body=body))


def test_stop_from_a_handset_opts_it_out_and_the_next_send_is_refused(store, account, sender):
    inbound.send(store, PHONE, sender, "STOP")
    clock.advance(store, 60, webhook_timeout=1)
    with pytest.raises(TwilioError) as refused:
        create(store, account, sender)
    assert refused.value.code == 21610
    # The opt-out's confirmation went back to the handset, free of charge.
    replies = [m for m in messages.log_page(store, account=account["sid"], limit=10)
               if m["direction"] == "outbound-reply"]
    assert len(replies) == 1 and replies[0]["free"] == 1


def test_a_plan_fault_rule_fails_the_message_where_it_says(store, account, sender):
    fault_rules.add(store, {"name": "filtered", "effect": {
        "type": "fail", "status": "undelivered", "code": 30007, "at": "delivered"}})
    row = create(store, account, sender)
    clock.advance(store, 60, webhook_timeout=1)
    message = messages.get(store, row["sid"])
    assert (message["status"], message["error_code"]) == ("undelivered", 30007)
    assert [e["rule_name"] for e in fault_rules.log(store, message_sid=row["sid"])
            if e["fired"]] == ["filtered"]
