"""Opt-out keywords and Messaging Services, through the official SDK."""

from __future__ import annotations

import pytest
from twilio.base.exceptions import TwilioRestException

from tests.traffic import inbox, messaging, service_with_numbers, text


def opted_out_error(client, to: str, **kwargs) -> TwilioRestException:
    with pytest.raises(TwilioRestException) as error:
        client.messages.create(to=to, body="promo", **kwargs)
    return error.value


def test_stop_blocks_the_pair_with_21610_and_start_reopens_it(
        sim, client, account, us_number, receiver, handset):
    phone = handset()
    sid = client.incoming_phone_numbers.list(phone_number=us_number)[0].sid
    client.incoming_phone_numbers(sid).update(sms_url=receiver.url("/optout"))
    text(sim, phone, us_number, "stop")
    sim.advance(30)
    assert [m["body"] for m in inbox(sim, phone)] == [
        "You have successfully been unsubscribed. You will not receive any more messages from "
        "this number. Reply START to resubscribe."]
    # The keyword message still reaches the app's webhook.
    assert receiver.wait_for("/optout", 1)[0].params["Body"] == "stop"
    assert "OptOutType" not in receiver.on("/optout")[0].params
    before = len(client.messages.list())
    error = opted_out_error(client, phone, from_=us_number)
    assert (error.status, error.code) == (400, 21610)
    assert "The message From/To pair violates a blacklist rule." in error.msg
    assert len(client.messages.list()) == before  # no message was created
    logged = sim.control("GET", "/requests", params={"account": account["account_sid"]})
    assert logged.json()["requests"][-2]["error_code"] == 21610
    [entry] = sim.control("GET", "/opt-outs", params={"account": account["account_sid"]}
                          ).json()["opt_outs"]
    assert (entry["recipient"], entry["keyword"], entry["number"]) == (phone, "STOP", us_number)

    text(sim, phone, us_number, "START")
    sim.advance(30)
    assert inbox(sim, phone)[-1]["body"].startswith("You have successfully been re-subscribed")
    assert client.messages.create(to=phone, from_=us_number, body="welcome back").status == \
        "queued"
    assert sim.control("GET", "/opt-outs", params={"account": account["account_sid"]}
                       ).json()["opt_outs"] == []


@pytest.mark.parametrize("word", ["STOPALL", "Unsubscribe", "cancel", "END", "quit", "REVOKE",
                                  "optout", " Stop "])
def test_every_opt_out_keyword(sim, client, us_number, handset, word):
    phone = handset()
    text(sim, phone, us_number, word)
    sim.advance(30)
    assert opted_out_error(client, phone, from_=us_number).code == 21610


def test_only_the_whole_body_counts_and_help_gets_the_help_reply(
        sim, client, us_number, handset):
    phone = handset()
    text(sim, phone, us_number, "Stop please")
    text(sim, phone, us_number, "help")
    sim.advance(30)
    assert [m["body"] for m in inbox(sim, phone)] == [
        "Reply STOP to unsubscribe. Msg&Data Rates May Apply."]
    assert client.messages.create(to=phone, from_=us_number, body="still here").status == \
        "queued"


def test_auto_replies_are_free(sim, client, us_number, handset):
    phone = handset()
    text(sim, phone, us_number, "HELP")
    sim.advance(30)
    [reply] = [m for m in client.messages.list(to=phone)]
    assert reply.direction == "outbound-reply" and reply.price == "0.00000"


def test_messaging_service_crud(sim, account):
    client = messaging(sim, account)
    service = client.messaging.v1.services.create(friendly_name="Alerts",
                                                  status_callback="http://127.0.0.1:9/s")
    assert service.sid.startswith("MG") and service.sticky_sender is True
    assert service.date_created is not None and service.validity_period == 36000
    fetched = client.messaging.v1.services(service.sid).fetch()
    assert fetched.friendly_name == "Alerts" and fetched.status_callback == "http://127.0.0.1:9/s"
    updated = client.messaging.v1.services(service.sid).update(
        friendly_name="Alerts 2", use_inbound_webhook_on_number=True, validity_period=600)
    assert (updated.friendly_name, updated.use_inbound_webhook_on_number,
            updated.validity_period) == ("Alerts 2", True, 600)
    for i in range(3):
        client.messaging.v1.services.create(friendly_name=f"extra {i}")
    names = [s.friendly_name for s in client.messaging.v1.services.list(page_size=2)]
    assert len(names) == 4 and "Alerts 2" in names
    number_sid = next(n["sid"] for n in account["numbers"] if n["capabilities"]["sms"])
    added = client.messaging.v1.services(service.sid).phone_numbers.create(
        phone_number_sid=number_sid)
    assert added.sid == number_sid and "SMS" in added.capabilities
    assert [p.sid for p in client.messaging.v1.services(service.sid).phone_numbers.list()] == \
        [number_sid]
    assert client.messaging.v1.services(service.sid).phone_numbers(number_sid).delete() is True
    assert client.messaging.v1.services(service.sid).delete() is True
    with pytest.raises(TwilioRestException) as error:
        client.messaging.v1.services(service.sid).fetch()
    assert error.value.status == 404
    with pytest.raises(TwilioRestException) as error:
        client.messaging.v1.services.create(friendly_name="")
    assert error.value.status == 400 and "FriendlyName" in error.value.msg


def test_sending_through_a_service(sim, account, receiver, handset):
    client = messaging(sim, account)
    service, pool = service_with_numbers(sim, account, client,
                                         status_callback=receiver.url("/svc"))
    phone = handset()
    message = client.messages.create(to=phone, messaging_service_sid=service.sid, body="hi")
    assert (message.status, message.from_, message.num_segments) == ("accepted", None, "0")
    assert message.messaging_service_sid == service.sid
    sim.advance(30)
    sent = client.messages(message.sid).fetch()
    assert sent.status == "delivered" and sent.from_ in pool
    statuses = [c.params["MessageStatus"] for c in receiver.wait_for("/svc", 4)]
    assert statuses == ["queued", "sending", "sent", "delivered"]
    assert receiver.on("/svc")[0].params["MessagingServiceSid"] == service.sid
    # Sticky sender: the same From for this recipient every time.
    again = [client.messages.create(to=phone, messaging_service_sid=service.sid,
                                    body=f"again {i}").sid for i in range(3)]
    sim.advance(30)
    assert {client.messages(s).fetch().from_ for s in again} == {sent.from_}


def test_service_errors(sim, account):
    client = messaging(sim, account)
    empty = client.messaging.v1.services.create(friendly_name="empty")
    with pytest.raises(TwilioRestException) as error:
        client.messages.create(to="+15558675310", messaging_service_sid=empty.sid, body="x")
    assert error.value.code == 21704
    other = sim.new_account()
    foreign = messaging(sim, other).messaging.v1.services.create(friendly_name="theirs")
    with pytest.raises(TwilioRestException) as error:
        client.messages.create(to="+15558675310", messaging_service_sid=foreign.sid, body="x")
    assert error.value.code == 21705
    with pytest.raises(TwilioRestException) as error:
        client.messages.create(to="+15558675310", messaging_service_sid=empty.sid)
    assert error.value.code == 21619


def test_a_full_service_queue_fails_with_30001_after_creation(sim, account, handset):
    client = messaging(sim, account)
    service, [number] = service_with_numbers(sim, account, client, count=1)
    sim.control("PUT", f"/numbers/{number}", json={"send_rate": 1 / 20_000})
    phone = handset()
    sids = [client.messages.create(to=phone, messaging_service_sid=service.sid,
                                   body=f"bulk {i}").sid for i in range(3)]
    sim.advance(1)
    last = client.messages(sids[-1]).fetch()
    assert (last.status, last.error_code) == ("failed", 30001)
    assert client.messages(sids[0]).fetch().status in ("queued", "sending", "sent")


def test_a_service_opt_out_blocks_every_number_of_the_service(sim, account, receiver, handset):
    client = messaging(sim, account)
    service, (first, second) = service_with_numbers(
        sim, account, client, inbound_request_url=receiver.url("/svc-in"))
    phone = handset()
    text(sim, phone, first, "STOP")
    sim.advance(30)
    [hook] = receiver.wait_for("/svc-in", 1)
    assert hook.params["OptOutType"] == "STOP"
    assert hook.params["MessagingServiceSid"] == service.sid
    assert opted_out_error(client, phone, from_=second).code == 21610
    assert opted_out_error(client, phone, messaging_service_sid=service.sid).code == 21610
    [entry] = sim.control("GET", "/opt-outs", params={"account": account["account_sid"]}
                          ).json()["opt_outs"]
    assert entry["messaging_service_sid"] == service.sid


def test_use_inbound_webhook_on_number(sim, account, receiver, handset):
    client = messaging(sim, account)
    service, (number, _) = service_with_numbers(
        sim, account, client, inbound_request_url=receiver.url("/svc-hook"),
        use_inbound_webhook_on_number=True)
    sid = client.incoming_phone_numbers.list(phone_number=number)[0].sid
    client.incoming_phone_numbers(sid).update(sms_url=receiver.url("/number-hook"))
    text(sim, handset(), number, "which hook?")
    sim.advance(30)
    assert len(receiver.wait_for("/number-hook", 1)) == 1
    assert receiver.on("/svc-hook") == []


def test_declaring_an_opt_out(sim, client, us_number, handset):
    phone = handset()
    response = sim.control("POST", "/opt-outs", json={"number": us_number, "recipient": phone,
                                                     "keyword": "quit"})
    assert response.status_code == 201
    assert any(o["recipient"] == phone and o["keyword"] == "QUIT"
               for o in response.json()["opt_outs"])
    assert opted_out_error(client, phone, from_=us_number).code == 21610
    for body, field in [({"number": us_number, "recipient": phone, "keyword": "HELP"},
                         "keyword"), ({"number": "+15550009998", "recipient": phone}, "number"),
                        ({"number": us_number, "recipient": "x"}, "recipient")]:
        bad = sim.control("POST", "/opt-outs", json=body)
        assert bad.status_code == 400 and field in bad.json()["error"], body


def test_scheduled_messages(sim, account, receiver, handset):
    from datetime import UTC, datetime, timedelta

    client = messaging(sim, account)
    service, _ = service_with_numbers(sim, account, client, count=1,
                                      status_callback=receiver.url("/sched"))
    now = datetime.fromtimestamp(sim.control("GET", "/clock").json()["epoch"], UTC)
    phone = handset()
    message = client.messages.create(to=phone, messaging_service_sid=service.sid,
                                     body="tomorrow", schedule_type="fixed",
                                     send_at=now + timedelta(hours=1))
    assert (message.status, message.date_sent, message.from_) == ("scheduled", None, None)
    sim.advance(1800)
    assert client.messages(message.sid).fetch().status == "scheduled"
    sim.advance(1830)
    delivered = client.messages(message.sid).fetch()
    assert delivered.status == "delivered" and delivered.from_
    steps = sim.control("GET", f"/messages/{message.sid}/steps").json()
    assert steps["delayed"] is False and steps["queue_wait_seconds"] == pytest.approx(1.0)
    statuses = [c.params["MessageStatus"] for c in receiver.wait_for("/sched", 4)]
    assert statuses == ["queued", "sending", "sent", "delivered"]
    # Canceled while scheduled: it never goes out.
    later = client.messages.create(to=phone, messaging_service_sid=service.sid, body="x",
                                   schedule_type="fixed", send_at=now + timedelta(days=2))
    assert client.messages(later.sid).update(status="canceled").status == "canceled"


@pytest.mark.parametrize("kwargs, code", [
    ({"schedule_type": "fixed"}, 35111),
    ({"send_at": "in 1h"}, 20001),
    ({"schedule_type": "fixed", "send_at": "2000-01-01T00:00:00Z"}, 35115),
])
def test_scheduling_errors(sim, account, kwargs, code):
    client = messaging(sim, account)
    service, _ = service_with_numbers(sim, account, client, count=1)
    with pytest.raises(TwilioRestException) as error:
        client.messages.create(to="+15558675310", messaging_service_sid=service.sid,
                               body="x", **kwargs)
    assert error.value.code == code


def test_scheduling_needs_a_service(client, us_number):
    from datetime import UTC, datetime, timedelta

    with pytest.raises(TwilioRestException) as error:
        client.messages.create(to="+15558675310", from_=us_number, body="x",
                               schedule_type="fixed",
                               send_at=datetime.now(UTC) + timedelta(hours=2))
    assert error.value.code == 35118


def test_a_failed_auto_reply_leaves_no_half_message(sim, client, us_number, handset):
    sim.control("PUT", f"/numbers/{us_number}", json={"send_rate": 1 / 20_000})
    try:
        filler = handset()
        client.messages.create(to=filler, from_=us_number, body="one")
        client.messages.create(to=filler, from_=us_number, body="two")
        phone = handset()
        text(sim, phone, us_number, "STOP")  # the auto-reply finds the queue full (21611)
        sim.advance(30)
    finally:
        sim.control("PUT", f"/numbers/{us_number}", json={"send_rate": None})
    assert [m.direction for m in client.messages.list(to=phone)] == []
    with pytest.raises(TwilioRestException) as error:
        client.messages.create(to=phone, from_=us_number, body="x")
    assert error.value.code == 21610  # the keyword still counted


def test_explicit_from_through_a_service_is_shown(sim, account):
    client = messaging(sim, account)
    service, (number,) = service_with_numbers(sim, account, client, count=1)
    message = client.messages.create(to="+15558675310", messaging_service_sid=service.sid,
                                     from_=number, body="x")
    assert (message.status, message.from_) == ("accepted", number)
