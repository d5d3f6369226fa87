"""WhatsApp through a Messaging Service (docs/whatsapp.md): the service picks a pool number
enabled for WhatsApp, the window applies as without a service, and a user's WhatsApp
messages to a pool number reach the service's inbound webhook. Official SDK against a real
server, a real webhook receiver, signatures checked with the SDK's RequestValidator."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from twilio.base.exceptions import TwilioRestException
from twilio.request_validator import RequestValidator

from tests.traffic import inbox, messaging, service_with_numbers, text


def enable_whatsapp(sim, number: str) -> None:
    response = sim.control("PUT", f"/numbers/{number}", json={"whatsapp": True})
    assert response.status_code == 200, response.text


def signed(account, request) -> bool:
    return RequestValidator(account["auth_token"]).validate(
        request.url, request.params, request.headers["X-Twilio-Signature"])


def test_a_service_sends_whatsapp_from_its_whatsapp_sender(sim, account, receiver, handset):
    client = messaging(sim, account)
    service, (sms_only, wa_number) = service_with_numbers(
        sim, account, client, status_callback=receiver.url("/status"),
        inbound_request_url=receiver.url("/inbound"))
    enable_whatsapp(sim, wa_number)
    phone = handset(name="Ana", whatsapp={"reads_after": 30})
    user = f"whatsapp:{phone}"

    # The user writes to the pool's WhatsApp number: the service's inbound webhook has it.
    text(sim, phone, f"whatsapp:{wa_number}", "Is my order on its way?", channel="whatsapp")
    sim.advance(10)
    [hook] = receiver.wait_for("/inbound", 1)
    assert signed(account, hook)
    assert (hook.params["From"], hook.params["To"]) == (user, f"whatsapp:{wa_number}")
    assert (hook.params["MessagingServiceSid"], hook.params["WaId"]) == (service.sid, phone[1:])

    # The answer goes through the service, with no From: from its WhatsApp sender.
    message = client.messages.create(to=user, messaging_service_sid=service.sid,
                                     body="It ships today.")
    assert (message.status, message.from_, message.messaging_service_sid) == (
        "accepted", None, service.sid)
    sim.advance(10)
    sent = client.messages(message.sid).fetch()
    assert (sent.status, sent.from_, sent.to) == ("delivered", f"whatsapp:{wa_number}", user)
    assert (sent.messaging_service_sid, sent.num_segments) == (service.sid, "1")
    sim.advance(30)
    assert client.messages(message.sid).fetch().status == "read"
    callbacks = receiver.wait_for("/status", 5)
    assert [c.params["MessageStatus"] for c in callbacks] == [
        "queued", "sending", "sent", "delivered", "read"]
    for callback in callbacks:
        assert signed(account, callback)
        assert callback.params["MessagingServiceSid"] == service.sid
        assert callback.params["From"] == f"whatsapp:{wa_number}"
    assert [(m["from"], m["channel"]) for m in inbox(sim, phone)] == [
        (f"whatsapp:{wa_number}", "whatsapp")]

    # SMS through the same service still comes from an SMS number, and each channel keeps
    # its own sticky sender.
    sms = client.messages.create(to=phone, messaging_service_sid=service.sid, body="SMS")
    again = client.messages.create(to=user, messaging_service_sid=service.sid, body="again")
    sim.advance(30)
    assert client.messages(sms.sid).fetch().from_ == sms_only
    assert client.messages(again.sid).fetch().from_ == f"whatsapp:{wa_number}"


def test_no_whatsapp_sender_in_the_pool(sim, account, handset):
    client = messaging(sim, account)
    service, _ = service_with_numbers(sim, account, client, count=1)
    phone = handset()
    with pytest.raises(TwilioRestException) as refused:
        client.messages.create(to=f"whatsapp:{phone}", messaging_service_sid=service.sid,
                               body="hi")
    assert (refused.value.status, refused.value.code) == (400, 21910)
    empty = client.messaging.v1.services.create(friendly_name="empty")
    with pytest.raises(TwilioRestException) as refused:
        client.messages.create(to=f"whatsapp:{phone}", messaging_service_sid=empty.sid,
                               body="hi")
    assert refused.value.code == 21704
    assert client.messages.list(to=f"whatsapp:{phone}") == []


def test_the_window_applies_through_a_service(sim, account, receiver, handset):
    client = messaging(sim, account)
    service, (number,) = service_with_numbers(sim, account, client, count=1,
                                               status_callback=receiver.url("/status"))
    enable_whatsapp(sim, number)
    phone = handset()
    message = client.messages.create(to=f"whatsapp:{phone}",
                                     messaging_service_sid=service.sid, body="Hello!")
    assert message.status == "accepted"
    sim.advance(10)
    failed = client.messages(message.sid).fetch()
    assert (failed.status, failed.error_code, failed.from_) == (
        "failed", 63016, f"whatsapp:{number}")
    callbacks = receiver.wait_for("/status", 2)
    assert [(c.params["MessageStatus"], c.params.get("ErrorCode")) for c in callbacks] == [
        ("queued", None), ("failed", "63016")]
    assert inbox(sim, phone) == []


def test_a_scheduled_whatsapp_message_goes_at_its_send_at(sim, account, handset):
    client = messaging(sim, account)
    service, (number,) = service_with_numbers(sim, account, client, count=1)
    enable_whatsapp(sim, number)
    phone = handset()
    user = f"whatsapp:{phone}"
    text(sim, phone, f"whatsapp:{number}", "Remind me in an hour", channel="whatsapp")
    sim.advance(10)
    now = datetime.fromtimestamp(sim.control("GET", "/clock").json()["epoch"], UTC)
    soon = client.messages.create(to=user, messaging_service_sid=service.sid,
                                  body="Your reminder", schedule_type="fixed",
                                  send_at=now + timedelta(hours=1))
    # 25 hours on, the window the user opened is closed: it fails when it goes.
    late = client.messages.create(to=user, messaging_service_sid=service.sid,
                                  body="Too late", schedule_type="fixed",
                                  send_at=now + timedelta(hours=25))
    assert (soon.status, late.status) == ("scheduled", "scheduled")
    sim.advance(3590)
    assert client.messages(soon.sid).fetch().status == "scheduled"
    assert inbox(sim, phone) == []
    sim.advance(20)
    delivered = client.messages(soon.sid).fetch()
    assert (delivered.status, delivered.from_) == ("delivered", f"whatsapp:{number}")
    assert [m["body"] for m in inbox(sim, phone)] == ["Your reminder"]
    sim.advance(24 * 3600)
    failed = client.messages(late.sid).fetch()
    assert (failed.status, failed.error_code) == ("failed", 63016)
