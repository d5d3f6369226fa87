"""Regressions found by review: each once answered 500, stalled webhooks or misdiagnosed."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
from twilio.base.exceptions import TwilioRestException

from tests.test_inbound import point_sms_url, text


@pytest.mark.parametrize("kwargs, code", [
    ({"status_callback": "http://a..b/x"}, 21609),
    ({"status_callback": "http://[::1"}, 21609),
    ({"status_callback": "http://" + "a" * 64 + ".example/x"}, 21609),
    ({"media_url": ["http://[::1"]}, 21620),
])
def test_unparseable_urls_are_refused_not_500(client, us_number, kwargs, code):
    with pytest.raises(TwilioRestException) as error:
        client.messages.create(to="+15558675310", from_=us_number, body="x", **kwargs)
    assert (error.value.status, error.value.code) == (400, code)


def test_an_unparseable_webhook_url_is_11200_and_stalls_nothing(sim, client, account,
                                                                us_number, handset):
    phone = handset()
    point_sms_url(client, us_number, "http://a..b/sms")
    text(sim, phone, us_number, "hi")
    advanced = sim.advance(30)
    assert advanced["webhooks_outstanding"] == 0
    hooks = sim.control("GET", "/webhooks", params={"account": account["account_sid"]}).json()
    [attempt] = [a for h in hooks["webhooks"] for a in h["attempts"]]
    assert attempt["error_code"] == 11200 and "invalid URL" in attempt["error"]


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


def test_parallel_purchases_never_500(client):
    def buy(_):
        try:
            return client.incoming_phone_numbers.create(area_code="212").phone_number
        except TwilioRestException as exc:
            return exc.code
    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(buy, range(16)))
    numbers = [r for r in results if isinstance(r, str)]
    assert len(numbers) == len(set(numbers)) and numbers
    assert all(r == 21422 for r in results if not isinstance(r, str))


def test_explicit_from_through_a_service_is_shown(sim, account):
    from tests.test_opt_out_and_services import messaging, service_with_numbers

    client = messaging(sim, account)
    service, (number,) = service_with_numbers(sim, account, client, count=1)
    message = client.messages.create(to="+15558675310", messaging_service_sid=service.sid,
                                     from_=number, body="x")
    assert (message.status, message.from_) == ("accepted", number)
