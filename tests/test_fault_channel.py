"""Fault rules match the channel (docs/faults.md, match.channel): through the official SDK
against a real server, a WhatsApp rule hits WhatsApp messages and not SMS, at the api point
and at the plan point, and an SMS rule the reverse."""

from __future__ import annotations

import pytest
from twilio.base.exceptions import TwilioRestException

from tests.traffic import text


@pytest.fixture
def business(sim, us_number):
    response = sim.control("PUT", f"/numbers/{us_number}", json={"whatsapp": True})
    assert response.status_code == 200, response.text
    return f"whatsapp:{us_number}"


def add_rule(sim, rule: dict) -> None:
    response = sim.control("POST", "/faults", json=rule)
    assert response.status_code == 201, response.text


def test_an_api_rule_for_whatsapp_refuses_whatsapp_creates_only(sim, client, us_number,
                                                                business, handset):
    add_rule(sim, {"match": {"channel": "whatsapp", "request": "create"},
                   "effect": {"type": "api_error", "code": 21408}})
    phone = handset()
    sms = client.messages.create(from_=us_number, to=phone, body="by SMS")
    assert sms.status == "queued"
    with pytest.raises(TwilioRestException) as refused:
        client.messages.create(from_=business, to=f"whatsapp:{phone}", body="by WhatsApp")
    assert (refused.value.status, refused.value.code) == (400, 21408)


def test_a_plan_rule_for_whatsapp_fails_whatsapp_messages_only(sim, client, us_number,
                                                              business, handset):
    add_rule(sim, {"match": {"channel": "whatsapp"},
                   "effect": {"type": "fail", "status": "failed", "code": 30008}})
    phone = handset()
    text(sim, phone, business, "hi", channel="whatsapp")  # opens the window
    sim.advance(10)
    whatsapp = client.messages.create(from_=business, to=f"whatsapp:{phone}", body="WA")
    sms = client.messages.create(from_=us_number, to=phone, body="SMS")
    sim.advance(60)
    failed = client.messages(whatsapp.sid).fetch()
    assert (failed.status, failed.error_code) == ("failed", 30008)
    assert client.messages(sms.sid).fetch().status == "delivered"
    fired = sim.control("GET", "/faults/log", params={"fired": "true"}).json()["log"]
    assert [e["message_sid"] for e in fired] == [whatsapp.sid]
    assert fired[0]["facts"]["channel"] == "whatsapp"


def test_an_sms_rule_leaves_whatsapp_alone(sim, client, us_number, business, handset):
    add_rule(sim, {"match": {"channel": "sms"},
                   "effect": {"type": "fail", "status": "failed", "code": 30008}})
    phone = handset()
    text(sim, phone, business, "hi", channel="whatsapp")
    sim.advance(10)
    whatsapp = client.messages.create(from_=business, to=f"whatsapp:{phone}", body="WA")
    sms = client.messages.create(from_=us_number, to=phone, body="SMS")
    sim.advance(60)
    assert client.messages(whatsapp.sid).fetch().status == "delivered"
    assert client.messages(sms.sid).fetch().error_code == 30008


def test_a_bad_channel_is_refused_naming_the_field(sim, account):
    response = sim.control("POST", "/faults", json={
        "match": {"channel": "telegram"}, "effect": {"type": "latency", "seconds": 1}})
    assert response.status_code == 400
    assert "match.channel" in response.json()["error"]
