"""Every validation error of message create, as TwilioRestException with Twilio's code."""

from __future__ import annotations

import pytest
from twilio.base.exceptions import TwilioRestException

TO = "+15558675310"


def create_error(client, **kwargs) -> TwilioRestException:
    with pytest.raises(TwilioRestException) as error:
        client.messages.create(**kwargs)
    return error.value


@pytest.mark.parametrize("kwargs, code", [
    ({"to": "", "body": "x"}, 21604),
    ({"to": TO, "body": "x"}, 21603),
    ({"to": "not-a-number", "from_": "{us}", "body": "x"}, 21211),
    ({"to": "+1234", "from_": "{us}", "body": "x"}, 21211),
    ({"to": "5558675310", "from_": "{us}", "body": "x"}, 21211),
    ({"to": TO, "from_": "+12", "body": "x"}, 21212),
    ({"to": TO, "from_": "this sender id is too long", "body": "x"}, 21212),
    ({"to": TO, "from_": "+15005550123", "body": "x"}, 21606),
    ({"to": TO, "from_": "{jp}", "body": "x"}, 21606),
    ({"to": TO, "from_": "{us}"}, 21602),
    ({"to": TO, "from_": "{us}", "body": ""}, 21602),
    ({"to": TO, "from_": "{us}", "body": "x" * 1601}, 21617),
    ({"to": "+81312345678", "from_": "{us}", "body": "x"}, 21614),
    ({"to": "{us}", "from_": "{us}", "body": "x"}, 21266),
    ({"to": "55555", "from_": "{us}", "body": "x"}, 21265),
    ({"to": TO, "from_": "{us}", "media_url": ["ftp://x/a.png"]}, 21620),
    ({"to": TO, "from_": "{us}", "media_url": [f"https://x.example/{i}.png" for i in range(11)]},
     21623),
    ({"to": TO, "from_": "{us}", "body": "x", "status_callback": "not a url"}, 21609),
    ({"to": TO, "messaging_service_sid": "MG" + "0" * 32, "body": "x"}, 21705),
])
def test_create_validation_errors(client, us_number, jp_number, kwargs, code):
    filled = {k: (v.format(us=us_number, jp=jp_number) if isinstance(v, str) else v)
              for k, v in kwargs.items()}
    error = create_error(client, **filled)
    assert error.code == code
    assert error.status == 400
    assert error.msg.startswith("Unable to create record: ")


def test_error_messages_name_the_numbers(client, us_number):
    assert "+81312345678" in create_error(client, to="+81312345678", from_=us_number,
                                          body="x").msg
    assert "+15005550123" in create_error(client, to=TO, from_="+15005550123", body="x").msg


def test_unknown_parameters_are_ignored(sim, account, us_number):
    response = sim.session.post(
        f"{sim.url}/2010-04-01/Accounts/{account['account_sid']}/Messages.json",
        auth=(account["account_sid"], account["auth_token"]),
        data={"To": TO, "From": us_number, "Body": "x", "Frobnicate": "yes"}, timeout=10)
    assert response.status_code == 201, response.text


def test_a_json_body_gets_a_clear_400(sim, account, us_number):
    response = sim.session.post(
        f"{sim.url}/2010-04-01/Accounts/{account['account_sid']}/Messages.json",
        auth=(account["account_sid"], account["auth_token"]),
        json={"To": TO, "From": us_number, "Body": "x"}, timeout=10)
    assert response.status_code == 400
    body = response.json()
    assert set(body) == {"code", "message", "more_info", "status"}
    assert "application/x-www-form-urlencoded" in body["message"]


def test_alphanumeric_sender_is_accepted(client):
    assert client.messages.create(to="+447700900123", from_="MyShop", body="hi").from_ == \
        "MyShop"


@pytest.mark.parametrize("query", [
    "Page=99999999999999999999999", "Page=-1", "PageSize=0", "PageSize=1001", "PageSize=abc",
    "DateSent=garbage", "DateSent%3E=2024-13-45", "DateSent%3C=Thu,%2030%20Jul",
    "PageToken=PAxyz", "PageToken=SM123", "To=%00", "From=%25",
])
def test_hostile_list_queries_get_a_400_or_a_page_never_a_500(sim, account, query):
    response = sim.session.get(
        f"{sim.url}/2010-04-01/Accounts/{account['account_sid']}/Messages.json?{query}",
        auth=(account["account_sid"], account["auth_token"]), timeout=10)
    assert response.status_code in (200, 400), response.text
    if response.status_code == 400:
        body = response.json()
        assert body["code"] == 20001 and body["message"].startswith("Invalid parameter")


def test_number_filter_is_literal(client):
    assert client.incoming_phone_numbers.list(phone_number="%") == []


@pytest.mark.parametrize("kwargs, code", [
    ({"status_callback": "http://a..b/x"}, 21609),
    ({"status_callback": "http://[::1"}, 21609),
    ({"status_callback": "http://" + "a" * 64 + ".example/x"}, 21609),
    ({"media_url": ["http://[::1"]}, 21620),
])
def test_unparseable_urls_are_refused_not_500(client, us_number, kwargs, code):
    error = create_error(client, to=TO, from_=us_number, body="x", **kwargs)
    assert (error.status, error.code) == (400, code)
