"""Plan-point fault rules on WhatsApp messages (docs/faults.md "WhatsApp messages"):
queue_delay holds a message before it goes to WhatsApp, carrier_delay slows WhatsApp's
delivery, drop_receipt loses WhatsApp's delivery and read reports; duplicate and
hide_from_handset are refused on a rule for WhatsApp. Official SDK against a real server,
the clock advanced through the control plane."""

from __future__ import annotations

import pytest

from tests.traffic import inbox, text


@pytest.fixture
def chat(sim, us_number, handset):
    """(business, user, phone): a WhatsApp sender and a user who reads after 30 s, with
    the window open."""
    response = sim.control("PUT", f"/numbers/{us_number}", json={"whatsapp": True})
    assert response.status_code == 200, response.text
    phone = handset(whatsapp={"reads_after": 30})
    business = f"whatsapp:{us_number}"
    text(sim, phone, business, "hi", channel="whatsapp")
    sim.advance(10)
    return business, f"whatsapp:{phone}", phone


def add_rule(sim, effect: dict, channel: str | None = "whatsapp"):
    rule = {"match": {"channel": channel} if channel else {}, "effect": effect}
    return sim.control("POST", "/faults", json=rule)


def steps(sim, sid: str) -> list[dict]:
    return sim.control("GET", f"/messages/{sid}/steps").json()["steps"]


def test_queue_delay_holds_it_before_whatsapp(sim, client, chat):
    business, user, _ = chat
    assert add_rule(sim, {"type": "queue_delay", "seconds": 60}).status_code == 201
    message = client.messages.create(from_=business, to=user, body="late")
    sim.advance(30)
    assert client.messages(message.sid).fetch().status == "queued"
    sim.advance(40)
    assert client.messages(message.sid).fetch().status == "delivered"
    [dequeued] = [s for s in steps(sim, message.sid) if s["kind"] == "dequeued"]
    assert dequeued["offset_seconds"] == 60.5 and "fault rule" in dequeued["reason"]


def test_carrier_delay_slows_whatsapp_to_the_phone(sim, client, chat):
    business, user, phone = chat
    assert add_rule(sim, {"type": "carrier_delay", "seconds": 120}).status_code == 201
    message = client.messages.create(from_=business, to=user, body="slow")
    sim.advance(60)
    assert client.messages(message.sid).fetch().status == "sent"
    assert inbox(sim, phone) == []
    sim.advance(70)
    assert client.messages(message.sid).fetch().status == "delivered"
    assert [m["body"] for m in inbox(sim, phone)] == ["slow"]


def test_drop_receipt_leaves_it_sent_though_the_phone_has_it(sim, client, chat, receiver):
    business, user, phone = chat
    assert add_rule(sim, {"type": "drop_receipt"}).status_code == 201
    message = client.messages.create(from_=business, to=user, body="no report",
                                     status_callback=receiver.url("/cb"))
    sim.advance(120)
    assert client.messages(message.sid).fetch().status == "sent"
    assert [m["body"] for m in inbox(sim, phone)] == ["no report"]
    assert [c.params["MessageStatus"] for c in receiver.wait_for("/cb", 2)] == [
        "sending", "sent"]


def test_sms_carrier_effects_are_refused_for_whatsapp(sim, client, chat):
    business, user, phone = chat
    for effect in ({"type": "duplicate", "copies": 2}, {"type": "hide_from_handset"}):
        refused = add_rule(sim, effect)
        assert refused.status_code == 400, refused.text
        assert effect["type"] in refused.json()["error"]
        assert "WhatsApp" in refused.json()["error"]
    # For SMS they are still fine; one for every channel leaves WhatsApp's copies alone.
    assert add_rule(sim, {"type": "duplicate", "copies": 2}, channel="sms").status_code == 201
    assert add_rule(sim, {"type": "duplicate", "copies": 2}, channel=None).status_code == 201
    message = client.messages.create(from_=business, to=user, body="once")
    sim.advance(30)
    assert client.messages(message.sid).fetch().status == "delivered"
    assert [m["body"] for m in inbox(sim, phone)] == ["once"]
