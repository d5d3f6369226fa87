"""The request log: the guide's "check your HTTP request logs" evidence."""

from __future__ import annotations

import pytest
from twilio.base.exceptions import TwilioRestException


def log_for(sim, account, **params) -> list[dict]:
    response = sim.control("GET", "/requests", params={"account": account["account_sid"],
                                                       **params})
    assert response.status_code == 200, response.text
    return response.json()["requests"]


def test_every_request_is_logged_with_status_code_and_sid(sim, client, account, us_number):
    message = client.messages.create(to="+15558675310", from_=us_number, body="logged")
    with pytest.raises(TwilioRestException):
        client.messages.create(to="+15558675310", from_=us_number)
    client.messages(message.sid).fetch()
    rows = log_for(sim, account)
    assert [(r["method"], r["status"], r["error_code"]) for r in rows] == [
        ("POST", 201, None), ("POST", 400, 21602), ("GET", 200, None)]
    assert rows[0]["sid"] == message.sid
    assert rows[0]["params"] == {"To": "+15558675310", "From": us_number, "Body": "logged"}
    assert rows[0]["credential"] == account["account_sid"]
    assert rows[0]["date"].endswith("+0000")


def test_failed_authentication_is_logged_for_the_account(sim, account):
    bad = sim.client(account["account_sid"], "0" * 32)
    with pytest.raises(TwilioRestException):
        bad.messages("SM" + "0" * 32).fetch()
    rows = log_for(sim, account)
    assert [(r["status"], r["error_code"]) for r in rows] == [(401, 20003)]


def test_secrets_never_enter_the_log(sim, account):
    sim.session.post(
        f"{sim.url}/2010-04-01/Accounts/{account['account_sid']}/Keys.json",
        auth=(account["account_sid"], account["auth_token"]),
        data={"FriendlyName": "k", "AuthToken": "hunter2"}, timeout=10)
    rows = log_for(sim, account)
    assert rows[0]["params"]["AuthToken"] == "[removed]"
    assert "hunter2" not in str(rows) and account["auth_token"] not in str(rows)


def test_filters_by_path_and_since(sim, client, account, us_number):
    client.incoming_phone_numbers.list()
    sim.advance(1)  # the log's times are the simulator's (manual here) clock
    client.messages.create(to="+15558675310", from_=us_number, body="later")
    assert len(log_for(sim, account, path=f"/2010-04-01/Accounts/{account['account_sid']}/"
                                          "Messages")) == 1
    post_time = log_for(sim, account)[-1]["time"]
    assert [r["method"] for r in log_for(sim, account, since=post_time)] == ["POST"]
    iso = log_for(sim, account)[-1]["iso_time"]
    assert [r["method"] for r in log_for(sim, account, since=iso)] == ["POST"]
    bad = sim.control("GET", "/requests", params={"since": "yesterday"})
    assert bad.status_code == 400 and "since" in bad.json()["error"]
