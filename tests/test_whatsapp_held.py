"""WhatsApp holds a message for a phone that is off or out of signal and delivers it when
the phone is back (docs/whatsapp.md): delivered then read on the simulated clock, with its
callbacks; held longer than WhatsApp keeps a message (30 days), it stays sent. Official SDK
against a real server, a real webhook receiver, the clock advanced through the control
plane."""

from __future__ import annotations

from twilio.request_validator import RequestValidator

from tests.traffic import inbox, text


def enable_whatsapp(sim, number: str) -> None:
    response = sim.control("PUT", f"/numbers/{number}", json={"whatsapp": True})
    assert response.status_code == 200, response.text


def set_handset(sim, number: str, **changes) -> dict:
    response = sim.control("PUT", f"/handsets/{number}", json=changes)
    assert response.status_code == 200, response.text
    return response.json()


def conversation(sim, us_number, handset, **settings) -> tuple[str, str, str]:
    """A WhatsApp sender and a user whose window is open: (business, user, phone)."""
    enable_whatsapp(sim, us_number)
    phone = handset(**settings)
    business = f"whatsapp:{us_number}"
    text(sim, phone, business, "hi", channel="whatsapp")
    sim.advance(10)
    return business, f"whatsapp:{phone}", phone


def test_a_phone_switched_back_on_gets_what_whatsapp_held(sim, client, account, us_number,
                                                         receiver, handset):
    business, user, phone = conversation(sim, us_number, handset,
                                         whatsapp={"reads_after": 45})
    assert set_handset(sim, phone, power="off")["replanned_messages"] == 0
    held = [client.messages.create(from_=business, to=user, body=f"held {i}",
                                   status_callback=receiver.url("/held")) for i in range(2)]
    sim.advance(3600)
    assert [client.messages(m.sid).fetch().status for m in held] == ["sent", "sent"]
    assert inbox(sim, phone) == []

    assert set_handset(sim, phone, power="on")["replanned_messages"] == 2
    sim.advance(10)
    assert [client.messages(m.sid).fetch().status for m in held] == ["delivered"] * 2
    received = inbox(sim, phone)
    assert sorted(m["body"] for m in received) == ["held 0", "held 1"]
    for message in held:
        # Delivered once the phone was back (1 to 3 s later), not when it was sent.
        steps = sim.control("GET", f"/messages/{message.sid}/steps").json()["steps"]
        [delivered] = [s for s in steps if s["kind"] == "delivered"]
        assert 3600 < delivered["offset_seconds"] <= 3600 + 3.5, steps
        assert "once the phone was back" in next(
            s["reason"] for s in steps if s["kind"] == "handset_received")
    sim.advance(45)
    assert [client.messages(m.sid).fetch().status for m in held] == ["read"] * 2
    callbacks = receiver.wait_for("/held", 8)
    assert sorted(c.params["MessageStatus"] for c in callbacks) == sorted(
        ["sending", "sent", "delivered", "read"] * 2)
    validator = RequestValidator(account["auth_token"])
    assert all(validator.validate(c.url, c.params, c.headers["X-Twilio-Signature"])
               for c in callbacks)
    # The second power-on finds nothing held any more.
    assert set_handset(sim, phone, power="on")["replanned_messages"] == 0


def test_signal_back_delivers_and_a_message_on_its_way_is_held(sim, client, us_number,
                                                              handset):
    business, user, phone = conversation(sim, us_number, handset)
    set_handset(sim, phone, signal="none")
    before = client.messages.create(from_=business, to=user, body="while out of signal")
    sim.advance(60)
    assert client.messages(before.sid).fetch().status == "sent"
    # A message created while the phone is reachable, which the phone leaves before it
    # arrives: WhatsApp holds it too.
    set_handset(sim, phone, signal="good")
    sim.advance(10)
    assert client.messages(before.sid).fetch().status == "delivered"
    on_its_way = client.messages.create(from_=business, to=user, body="on its way")
    assert set_handset(sim, phone, power="off")["replanned_messages"] == 1
    sim.advance(600)
    assert client.messages(on_its_way.sid).fetch().status == "sent"
    assert [m["body"] for m in inbox(sim, phone)] == ["while out of signal"]
    set_handset(sim, phone, power="on")
    sim.advance(10)
    assert client.messages(on_its_way.sid).fetch().status == "delivered"
    assert [m["body"] for m in inbox(sim, phone)] == ["while out of signal", "on its way"]


def test_after_30_days_the_held_message_is_gone(sim, client, us_number, handset):
    business, user, phone = conversation(sim, us_number, handset)
    set_handset(sim, phone, power="off")
    message = client.messages.create(from_=business, to=user, body="a month too late")
    sim.advance(31 * 86400)
    assert set_handset(sim, phone, power="on")["replanned_messages"] == 0
    sim.advance(60)
    assert client.messages(message.sid).fetch().status == "sent"
    assert inbox(sim, phone) == []


def test_a_bad_handset_change_replans_nothing(sim, client, us_number, handset):
    business, user, phone = conversation(sim, us_number, handset)
    set_handset(sim, phone, power="off")
    message = client.messages.create(from_=business, to=user, body="held")
    sim.advance(30)
    refused = sim.control("PUT", f"/handsets/{phone}", json={"power": "sideways"})
    assert refused.status_code == 400 and "power" in refused.json()["error"]
    sim.advance(30)
    assert client.messages(message.sid).fetch().status == "sent"
    assert sim.control("GET", f"/handsets/{phone}").json()["power"] == "off"
