"""The message lifecycle on the manual clock, through the official SDK and a real receiver."""

from __future__ import annotations

import pytest
from twilio.request_validator import RequestValidator


def steps_of(sim, sid: str) -> dict:
    response = sim.control("GET", f"/messages/{sid}/steps")
    assert response.status_code == 200, response.text
    return response.json()


@pytest.mark.both_worker_counts
def test_status_moves_as_the_clock_advances_and_callbacks_arrive_signed_in_order(
        sim, client, account, us_number, receiver, handset):
    to = handset()
    message = client.messages.create(to=to, from_=us_number, body="lifecycle",
                                     status_callback=receiver.url("/status"))
    assert message.status == "queued"
    sim.advance(0.5)
    assert client.messages(message.sid).fetch().status == "queued"
    sim.advance(0.5)
    assert client.messages(message.sid).fetch().status == "sending"
    sim.advance(0.5)
    sent = client.messages(message.sid).fetch()
    assert sent.status == "sent" and sent.date_sent is not None
    assert sent.price == "-0.00790" and sent.price_unit == "USD"
    sim.advance(10)
    delivered = client.messages(message.sid).fetch()
    assert delivered.status == "delivered" and delivered.error_code is None

    callbacks = receiver.wait_for("/status", 3)
    assert [c.params["MessageStatus"] for c in callbacks] == ["sending", "sent", "delivered"]
    validator = RequestValidator(account["auth_token"])
    for callback in callbacks:
        assert validator.validate(callback.url, callback.params,
                                  callback.headers["X-Twilio-Signature"])
        assert callback.params["MessageSid"] == callback.params["SmsSid"] == message.sid
        assert callback.params["SmsStatus"] == callback.params["MessageStatus"]
        assert callback.params["AccountSid"] == account["account_sid"]
        assert (callback.params["From"], callback.params["To"]) == (us_number, to)
        assert callback.params["ApiVersion"] == "2010-04-01"
        assert "ErrorCode" not in callback.params
        assert callback.headers["Content-Type"] == "application/x-www-form-urlencoded"
        assert callback.headers["I-Twilio-Idempotency-Token"]
    assert len(callbacks[-1].params["RawDlrDoneDate"]) == 10
    assert "RawDlrDoneDate" not in callbacks[0].params
    assert not RequestValidator("0" * 32).validate(callbacks[0].url, callbacks[0].params,
                                                  callbacks[0].headers["X-Twilio-Signature"])


def test_the_sending_numbers_status_callback_is_used_when_the_message_has_none(
        sim, client, us_number, receiver, handset):
    number_sid = client.incoming_phone_numbers.list(phone_number=us_number)[0].sid
    client.incoming_phone_numbers(number_sid).update(status_callback=receiver.url("/number"))
    sid = client.messages.create(to=handset(), from_=us_number, body="x").sid
    sim.advance(12)
    assert [c.params["MessageSid"] for c in receiver.wait_for("/number", 3)] == [sid] * 3


@pytest.mark.both_worker_counts
def test_ten_messages_from_one_long_code_leave_the_queue_one_second_apart(
        sim, client, us_number, handset):
    to = handset()
    sids = [client.messages.create(to=to, from_=us_number, body=f"burst {i}").sid
            for i in range(10)]
    sim.advance(30)
    reports = [steps_of(sim, sid) for sid in sids]
    dequeued = [next(s["offset_seconds"] for s in r["steps"] if s["kind"] == "dequeued")
                for r in reports]
    assert dequeued == pytest.approx([1.0 + i for i in range(10)])
    waits = [r["queue_wait_seconds"] for r in reports]
    assert waits == sorted(waits) and waits[-1] - waits[0] == pytest.approx(9.0)
    assert "9 message(s) ahead" in reports[-1]["steps"][1]["reason"]
    assert all(r["status"] == "delivered" for r in reports)


def test_a_30_second_carrier_delay_shows_in_the_steps(sim, client, us_number, handset):
    to = handset(carrier={"congestion_delay": 30})
    sid = client.messages.create(to=to, from_=us_number, body="slow carrier").sid
    sim.advance(20)
    assert client.messages(sid).fetch().status == "sent"
    sim.advance(30)
    report = steps_of(sim, sid)
    assert report["status"] == "delivered"
    assert 35 <= report["carrier_seconds"] <= 40
    assert report["queue_wait_seconds"] == pytest.approx(1.0)
    assert report["delayed"] is True
    assert "congestion 30 s" in next(s for s in report["steps"]
                                     if s["kind"] == "handset_received")["reason"]


def test_a_switched_off_handset_gives_undelivered_30003(
        sim, client, us_number, receiver, handset):
    to = handset(power="off")
    sid = client.messages.create(to=to, from_=us_number, body="anyone there?",
                                 status_callback=receiver.url("/off")).sid
    sim.advance(200)
    message = client.messages(sid).fetch()
    assert (message.status, message.error_code) == ("undelivered", 30003)
    assert message.error_message == "Unreachable destination handset"
    last = receiver.wait_for("/off", 3)[-1]
    assert (last.params["MessageStatus"], last.params["ErrorCode"]) == ("undelivered", "30003")
    assert sim.control("GET", f"/handsets/{to}/inbox").json()["messages"] == []


def test_a_carrier_duplicate_gives_two_inbox_rows_for_one_sid(
        sim, client, us_number, handset):
    to = handset(carrier={"duplicate_copies": 1, "duplicate_spacing": 4})
    sid = client.messages.create(to=to, from_=us_number, body="twice").sid
    sim.advance(30)
    inbox = sim.control("GET", f"/handsets/{to}/inbox").json()["messages"]
    assert [(m["message_sid"], m["copy"]) for m in inbox] == [(sid, 1), (sid, 2)]
    assert client.messages(sid).fetch().status == "delivered"
    assert len(client.messages.list(to=to)) == 1


@pytest.mark.parametrize("settings, carrier, status, code", [
    ({"active": False}, None, "undelivered", 30005),
    ({}, {"unreachable": True}, "undelivered", 30006),
    ({"signal": "none"}, None, "undelivered", 30003),
])
def test_handset_and_carrier_states_decide_the_fate(
        sim, client, us_number, handset, settings, carrier, status, code):
    sid = client.messages.create(to=handset(carrier=carrier, **settings), from_=us_number,
                                 body="fate").sid
    sim.advance(200)
    message = client.messages(sid).fetch()
    assert (message.status, message.error_code) == (status, code)


def test_a_carrier_filters_a_long_code_after_n_messages(sim, client, us_number, handset):
    carrier = {"filter_after": 2}
    first = handset(carrier=carrier)
    name = sim.control("GET", f"/handsets/{first}").json()["carrier"]
    others = []
    for _ in range(2):
        number = handset()
        sim.control("PUT", f"/handsets/{number}", json={"carrier": name})
        others.append(number)
    sids = [client.messages.create(to=to, from_=us_number, body="promo").sid
            for to in [first, *others]]
    sim.advance(30)
    fates = [(m.status, m.error_code) for m in (client.messages(s).fetch() for s in sids)]
    assert fates == [("delivered", None), ("delivered", None), ("undelivered", 30007)]


def test_a_landline_handset_is_refused_at_create(sim, client, us_number, handset):
    from twilio.base.exceptions import TwilioRestException

    with pytest.raises(TwilioRestException) as error:
        client.messages.create(to=handset(line_type="landline"), from_=us_number, body="x")
    assert error.value.code == 21614


def test_a_blocked_sender_is_delivered_but_not_shown(sim, client, us_number, handset):
    to = handset(blocked_senders=[us_number])
    sid = client.messages.create(to=to, from_=us_number, body="blocked").sid
    sim.advance(30)
    assert client.messages(sid).fetch().status == "delivered"
    assert sim.control("GET", f"/handsets/{to}/inbox").json()["messages"] == []
    hidden = sim.control("GET", f"/handsets/{to}/inbox", params={"all": "true"}).json()
    assert [(m["message_sid"], m["shown"]) for m in hidden["messages"]] == [(sid, False)]


def test_a_missing_receipt_leaves_the_message_sent(sim, client, us_number, handset):
    to = handset(carrier={"drop_receipts": True})
    sid = client.messages.create(to=to, from_=us_number, body="no dlr").sid
    sim.advance(60)
    assert client.messages(sid).fetch().status == "sent"
    assert len(sim.control("GET", f"/handsets/{to}/inbox").json()["messages"]) == 1


def test_roaming_and_poor_signal_arrive_late(sim, client, us_number, handset):
    roaming = handset(roaming=True, carrier={"roaming_delay": 100,
                                             "roaming_duplicate_probability": 1.0,
                                             "latency_min": 5, "latency_max": 5})
    poor = handset(signal="poor", carrier={"poor_signal_delay": 100, "latency_min": 5,
                                           "latency_max": 5})
    sids = [client.messages.create(to=to, from_=us_number, body="far").sid
            for to in (roaming, poor)]
    sim.advance(300)
    reports = [steps_of(sim, sid) for sid in sids]
    assert all(r["status"] == "delivered" for r in reports)
    assert reports[0]["copies_received"] == 2
    assert reports[0]["carrier_seconds"] > 5 and reports[1]["carrier_seconds"] > 5
    assert any("roaming" in s["reason"] for s in reports[0]["steps"])
    assert any("poor signal" in s["reason"] for s in reports[1]["steps"])


def test_switching_a_handset_back_on_delivers_what_was_waiting(sim, client, us_number, handset):
    to = handset(power="off")
    sid = client.messages.create(to=to, from_=us_number, body="waiting for you").sid
    sim.advance(60)
    assert client.messages(sid).fetch().status == "sent"
    response = sim.control("PUT", f"/handsets/{to}", json={"power": "on"})
    assert response.json()["replanned_messages"] == 1
    sim.advance(15)
    assert client.messages(sid).fetch().status == "delivered"
    inbox = sim.control("GET", f"/handsets/{to}/inbox").json()["messages"]
    assert [m["message_sid"] for m in inbox] == [sid]


def test_switching_a_handset_off_in_flight_gives_30003(sim, client, us_number, handset):
    to = handset(carrier={"latency_min": 8, "latency_max": 8})
    sid = client.messages.create(to=to, from_=us_number, body="in flight").sid
    sim.advance(3)
    sim.control("PUT", f"/handsets/{to}", json={"power": "off"})
    sim.advance(200)
    message = client.messages(sid).fetch()
    assert (message.status, message.error_code) == ("undelivered", 30003)
