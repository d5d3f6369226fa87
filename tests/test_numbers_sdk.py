"""IncomingPhoneNumbers through the official SDK."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
from twilio.base.exceptions import TwilioRestException


def test_fresh_account_owns_a_us_sms_number_and_a_jp_number_without_sms(client):
    numbers = {n.phone_number: n for n in client.incoming_phone_numbers.list()}
    us = [n for p, n in numbers.items() if p.startswith("+1")]
    jp = [n for p, n in numbers.items() if p.startswith("+81")]
    assert len(us) == 1 and len(jp) == 1
    assert us[0].capabilities == {"fax": False, "mms": True, "sms": True, "voice": True}
    assert jp[0].capabilities["sms"] is False and jp[0].capabilities["voice"] is True


def test_buy_update_fetch_and_release_a_number(client):
    bought = client.incoming_phone_numbers.create(phone_number="+15557770001",
                                                  sms_url="http://127.0.0.1:9/sms")
    assert bought.sid.startswith("PN") and bought.friendly_name == "(555) 777-0001"
    assert bought.sms_url == "http://127.0.0.1:9/sms" and bought.sms_method == "POST"
    updated = client.incoming_phone_numbers(bought.sid).update(
        sms_url="http://127.0.0.1:9/other", sms_method="GET", friendly_name="support",
        status_callback="http://127.0.0.1:9/status", sms_fallback_url="http://127.0.0.1:9/fb")
    assert (updated.sms_url, updated.sms_method, updated.friendly_name) == \
        ("http://127.0.0.1:9/other", "GET", "support")
    assert updated.status_callback == "http://127.0.0.1:9/status"
    fetched = client.incoming_phone_numbers(bought.sid).fetch()
    assert fetched.sms_fallback_url == "http://127.0.0.1:9/fb"
    assert [n.sid for n in client.incoming_phone_numbers.list(friendly_name="support")] == \
        [bought.sid]
    assert [n.sid for n in client.incoming_phone_numbers.list(phone_number="+1555777")] == \
        [bought.sid]
    assert client.incoming_phone_numbers(bought.sid).delete() is True
    with pytest.raises(TwilioRestException) as error:
        client.incoming_phone_numbers(bought.sid).fetch()
    assert error.value.code == 20404


def test_area_code_purchase(client):
    bought = client.incoming_phone_numbers.create(area_code="415")
    assert bought.phone_number.startswith("+1415")


@pytest.mark.parametrize("number, code", [("33", 21421), ("not a number", 21421)])
def test_invalid_number_purchase(client, number, code):
    with pytest.raises(TwilioRestException) as error:
        client.incoming_phone_numbers.create(phone_number=number)
    assert error.value.code == code and error.value.status == 400


def test_a_number_owned_by_anyone_is_not_available(client, sim):
    other = sim.new_account()
    taken = other["numbers"][0]["phone_number"]
    with pytest.raises(TwilioRestException) as error:
        client.incoming_phone_numbers.create(phone_number=taken)
    assert error.value.code == 21422 and taken in error.value.msg


def test_bad_sms_method_names_the_field(client):
    sid = client.incoming_phone_numbers.list()[0].sid
    with pytest.raises(TwilioRestException) as error:
        client.incoming_phone_numbers(sid).update(sms_method="PUT")
    assert error.value.status == 400 and "SmsMethod" in error.value.msg


def test_a_bought_number_can_send(client):
    number = client.incoming_phone_numbers.create(phone_number="+15557770002").phone_number
    assert client.messages.create(to="+15558675310", from_=number, body="hi").status == "queued"


@pytest.mark.both_worker_counts
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
