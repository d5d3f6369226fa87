"""Credentials: auth tokens, API keys, test credentials, and Twilio's 401 / 20003 / 20008."""

from __future__ import annotations

import pytest
from twilio.base.exceptions import TwilioRestException

TO = "+15558675310"


def fetch_error(client) -> TwilioRestException:
    # A fetch, not a list: the SDK's list raises a bare TwilioException on any non-200 page.
    with pytest.raises(TwilioRestException) as error:
        client.messages("SM" + "0" * 32).fetch()
    return error.value


def test_wrong_token_is_401_20003(sim, account):
    error = fetch_error(sim.client(account["account_sid"], "0" * 32))
    assert error.status == 401 and error.code == 20003


def test_unknown_account_is_401_20003(sim):
    error = fetch_error(sim.client("AC" + "9" * 32, "0" * 32))
    assert error.status == 401 and error.code == 20003


def test_another_accounts_credentials_are_refused(sim, account):
    other = sim.new_account()
    client = sim.client(other["account_sid"], other["auth_token"],
                        account_sid=account["account_sid"])
    error = fetch_error(client)
    assert error.status == 401 and error.code == 20003


def test_missing_credentials_get_twilio_401_body(sim, account):
    response = sim.session.get(
        f"{sim.url}/2010-04-01/Accounts/{account['account_sid']}/Messages.json", timeout=10)
    assert response.status_code == 401
    assert response.json() == {"code": 20003, "message": "Authenticate",
                               "more_info": "https://www.twilio.com/docs/errors/20003",
                               "status": 401}
    assert response.headers["WWW-Authenticate"].startswith("Basic")


def test_api_key_authenticates_as_its_account(sim, client, account, us_number):
    key = client.new_keys.create(friendly_name="ci")
    assert key.sid.startswith("SK") and len(key.secret) == 32
    key_client = sim.client(key.sid, key.secret, account_sid=account["account_sid"])
    message = key_client.messages.create(to=TO, from_=us_number, body="via key")
    assert message.account_sid == account["account_sid"]
    assert [k.sid for k in client.api.v2010.account.keys.list()] == [key.sid]
    client.api.v2010.account.keys(key.sid).delete()
    error = fetch_error(key_client)
    assert error.code == 20003


def test_api_key_with_wrong_secret_is_refused(sim, client, account):
    key = client.new_keys.create()
    error = fetch_error(sim.client(key.sid, "0" * 32, account_sid=account["account_sid"]))
    assert error.status == 401 and error.code == 20003


def test_test_credentials_create_but_cannot_read(sim, account, us_number):
    test = sim.client(account["test_account_sid"], account["test_auth_token"])
    message = test.messages.create(to=TO, from_="+15005550006", body="test creds")
    assert message.status == "queued"
    assert message.account_sid == account["test_account_sid"]
    error = fetch_error(test)
    assert error.status == 403 and error.code == 20008
    live = sim.client(account["account_sid"], account["auth_token"])
    assert [m.sid for m in live.messages.list()] == []
    with pytest.raises(TwilioRestException) as refused:
        test.messages.create(to=TO, from_=us_number, body="live number as From")
    assert refused.value.code == 21606


@pytest.mark.parametrize("to, from_, code", [
    (TO, "+15005550001", 21212), (TO, "+15005550007", 21606), (TO, "+15005550008", 21611),
    ("+15005550001", "+15005550006", 21211), ("+15005550002", "+15005550006", 21612),
    ("+15005550003", "+15005550006", 21408), ("+15005550004", "+15005550006", 21610),
    ("+15005550009", "+15005550006", 21614),
])
def test_test_credentials_magic_numbers(sim, account, to, from_, code):
    test = sim.client(account["test_account_sid"], account["test_auth_token"])
    with pytest.raises(TwilioRestException) as error:
        test.messages.create(to=to, from_=from_, body="magic")
    assert error.value.code == code and error.value.status == 400


def test_live_credentials_cannot_open_the_test_account(sim, account):
    client = sim.client(account["account_sid"], account["auth_token"],
                        account_sid=account["test_account_sid"])
    assert fetch_error(client).code == 20003


def test_account_fetch(client, account):
    fetched = client.api.v2010.accounts(account["account_sid"]).fetch()
    assert fetched.sid == account["account_sid"] and fetched.status == "active"


def test_unknown_route_and_wrong_method_are_json(sim, account):
    auth = (account["account_sid"], account["auth_token"])
    base = f"{sim.url}/2010-04-01/Accounts/{account['account_sid']}"
    response = sim.session.get(f"{base}/Nope.json", auth=auth, timeout=10)
    assert response.status_code == 404 and response.json()["code"] == 20404
    assert response.headers["Content-Type"].startswith("application/json")
    response = sim.session.put(f"{base}/Messages.json", auth=auth, timeout=10)
    assert response.status_code == 405 and response.json()["code"] == 20004


def test_test_credentials_never_send(sim, account, receiver, handset):
    to = handset()
    test = sim.client(account["test_account_sid"], account["test_auth_token"])
    sid = test.messages.create(to=to, from_="+15005550006", body="never sent",
                               status_callback=receiver.url("/test-creds")).sid
    sim.advance(120)
    steps = sim.control("GET", f"/messages/{sid}/steps").json()
    assert (steps["status"], steps["steps"]) == ("queued", [])
    assert sim.control("GET", f"/handsets/{to}/inbox").json()["messages"] == []
    assert receiver.on("/test-creds") == []
    assert sim.control("GET", "/webhooks", params={"message": sid}).json()["webhooks"] == []
    # The request is still on record, under the test SID, for the diagnostic.
    logged = sim.control("GET", "/requests", params={"account": account["test_account_sid"]})
    assert [(r["status"], r["sid"]) for r in logged.json()["requests"]] == [(201, sid)]


@pytest.mark.parametrize("number, code", [("+15005550006", None), ("+15005550000", 21422),
                                          ("33", 21421)])
def test_test_credentials_number_purchase(sim, account, number, code):
    test = sim.client(account["test_account_sid"], account["test_auth_token"])
    if code is None:
        bought = test.incoming_phone_numbers.create(phone_number=number)
        assert bought.sid.startswith("PN") and bought.phone_number == number
        assert bought.friendly_name == "(500) 555-0006"
        live = sim.client(account["account_sid"], account["auth_token"])
        assert number not in [n.phone_number for n in live.incoming_phone_numbers.list()]
        return
    with pytest.raises(TwilioRestException) as error:
        test.incoming_phone_numbers.create(phone_number=number)
    assert error.value.code == code
    with pytest.raises(TwilioRestException) as error:
        test.incoming_phone_numbers("PN" + "0" * 32).fetch()
    assert (error.value.status, error.value.code) == (403, 20008)
