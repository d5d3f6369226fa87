"""The /_sim control plane skeleton."""

from __future__ import annotations

import pytest
from twilio.base.exceptions import TwilioRestException

from tests.server import DEFAULT_SID, DEFAULT_TOKEN, start_simulator


def test_health(sim):
    body = sim.control("GET", "/health").json()
    assert body["status"] == "ok" and body["time"].endswith("Z")


def test_new_account_has_credentials_test_credentials_and_numbers(sim):
    account = sim.new_account("CI job 7")
    assert account["account_sid"].startswith("AC") and len(account["auth_token"]) == 32
    assert account["test_account_sid"].startswith("AC")
    assert account["test_account_sid"] != account["account_sid"]
    assert account["friendly_name"] == "CI job 7"
    assert len(account["numbers"]) == 2


def test_bad_control_input_names_the_field(sim):
    response = sim.control("POST", "/accounts", json={"friendly_name": 7})
    assert response.status_code == 400 and "friendly_name" in response.json()["error"]
    response = sim.control("POST", "/accounts", data="nope",
                           headers={"Content-Type": "application/json"})
    assert response.status_code == 400 and "JSON object" in response.json()["error"]
    response = sim.control("GET", "/nothing-here")
    assert response.status_code == 404 and "error" in response.json()


def test_banner_prints_credentials_and_numbers(sim):
    assert DEFAULT_SID in sim.banner and DEFAULT_TOKEN in sim.banner
    assert "+15017122661" in sim.banner and "+815031234567" in sim.banner
    assert "test account SID" in sim.banner and sim.url in sim.banner


def test_reset_forgets_everything_but_keeps_default_credentials(tmp_path):
    server = start_simulator(tmp_path)
    try:
        client = server.client(DEFAULT_SID, DEFAULT_TOKEN)
        client.messages.create(to="+15558675310", from_="+15017122661", body="before")
        other = server.new_account()
        assert server.control("POST", "/reset").status_code == 200
        assert client.messages.list() == []
        assert client.messages.create(to="+15558675310", from_="+15017122661",
                                      body="after").status == "queued"
        with pytest.raises(TwilioRestException):
            server.client(other["account_sid"], other["auth_token"]).messages(
                "SM" + "0" * 32).fetch()
    finally:
        server.stop()


def test_state_survives_a_restart(tmp_path):
    server = start_simulator(tmp_path)
    try:
        sid = server.client(DEFAULT_SID, DEFAULT_TOKEN).messages.create(
            to="+15558675310", from_="+15017122661", body="persist").sid
    finally:
        server.stop()
    server = start_simulator(tmp_path)
    try:
        assert server.client(DEFAULT_SID, DEFAULT_TOKEN).messages(sid).fetch().body == "persist"
    finally:
        server.stop()


def test_demo_world(tmp_path):
    server = start_simulator(tmp_path, extra_args=("--demo",))
    try:
        named = server.control("GET", "/handsets").json()["handsets"]
        assert len(named) == 6 and all(h["name"] for h in named)
        assert {h["power"] for h in named} == {"on", "off"}
        client = server.client(DEFAULT_SID, DEFAULT_TOKEN)
        count = len(client.messages.list())
        assert count >= 6
        assert "Support line" in [n.friendly_name for n in client.incoming_phone_numbers.list()]
        page = server.session.get(server.url + "/handsets", timeout=10).text
        assert named[0]["name"] in page
    finally:
        server.stop()
    again = start_simulator(tmp_path, extra_args=("--demo",))
    try:  # a world with history is left alone
        names = [h["name"] for h in again.control("GET", "/handsets").json()["handsets"]]
        assert names == [h["name"] for h in named]
        assert len(again.client(DEFAULT_SID, DEFAULT_TOKEN).messages.list()) == count
    finally:
        again.stop()


def test_reset_with_generated_credentials(tmp_path):
    """With no pinned SID the default account's SID comes from the sequence a reset
    restarts; the reset must not hand it out again."""
    server = start_simulator(tmp_path, env={"SMSIM_ACCOUNT_SID": "", "SMSIM_AUTH_TOKEN": ""})
    try:
        before = server.control("GET", "/accounts").json()["accounts"][0]
        for _ in range(2):
            after = server.control("POST", "/reset").json()["account"]
            assert after["account_sid"] == before["account_sid"]
            assert after["test_account_sid"] != after["account_sid"]
        client = server.client(after["account_sid"], after["auth_token"])
        assert client.messages.create(to="+15558675310", from_=after["numbers"][0][
            "phone_number"] if after["numbers"][0]["capabilities"]["sms"] else
            after["numbers"][1]["phone_number"], body="x").status == "queued"
    finally:
        server.stop()
