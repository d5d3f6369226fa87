"""Sealed worlds: every account made with POST /_sim/accounts lives in a world of its own,
found by the Twilio API from the credentials and named on the control plane by the
X-Smsim-Account header. Tests through the official SDK and real HTTP."""

from __future__ import annotations

import pytest
from twilio.base.exceptions import TwilioRestException

STARTER = "+15017122661"


@pytest.fixture
def two_worlds(sim):
    made = [sim.new_account("world a"), sim.new_account("world b")]
    yield made
    for account in made:
        sim.control("DELETE", f"/accounts/{account['account_sid']}")


def in_world(sim, account, method, path, **kwargs):
    return sim.control(method, path, headers={"X-Smsim-Account": account["account_sid"]},
                       **kwargs)


def sdk(sim, account):
    return sim.client(account["account_sid"], account["auth_token"])


def test_two_worlds_both_own_the_same_number(sim, two_worlds):
    for account in two_worlds:
        numbers = [n.phone_number for n in sdk(sim, account).incoming_phone_numbers.list()]
        assert STARTER in numbers
    assert two_worlds[0]["world"] == two_worlds[0]["account_sid"]


def test_a_handset_switched_off_in_one_world_is_on_in_another(sim, two_worlds):
    a, b = two_worlds
    phone = "+15558679001"
    response = in_world(sim, a, "PUT", f"/handsets/{phone}", json={"power": "off"})
    assert response.status_code == 200, response.text
    sids = {w["account_sid"]: sdk(sim, w).messages.create(to=phone, from_=STARTER,
                                                           body="hi").sid for w in (a, b)}
    for world in (a, b):
        assert in_world(sim, world, "POST", "/clock/advance",
                        json={"seconds": 3 * 86400}).status_code == 200
    assert sdk(sim, a).messages(sids[a["account_sid"]]).fetch().status == "undelivered"
    assert sdk(sim, b).messages(sids[b["account_sid"]]).fetch().status == "delivered"
    assert in_world(sim, b, "GET", f"/handsets/{phone}").json()["power"] == "on"
    # Each inbox shows its own world's copy only.
    inbox_a = in_world(sim, a, "GET", f"/handsets/{phone}/inbox").json()["messages"]
    inbox_b = in_world(sim, b, "GET", f"/handsets/{phone}/inbox").json()["messages"]
    assert inbox_a == [] and [m["message_sid"] for m in inbox_b] == [sids[b["account_sid"]]]


def test_a_preset_and_the_clock_stay_in_their_world(sim, two_worlds):
    a, b = two_worlds
    assert in_world(sim, a, "POST", "/faults/presets/invalid-to").status_code == 201
    with pytest.raises(TwilioRestException) as refused:
        sdk(sim, a).messages.create(to="+15558679002", from_=STARTER, body="x")
    assert refused.value.code == 21211
    sdk(sim, b).messages.create(to="+15558679002", from_=STARTER, body="x")
    assert in_world(sim, b, "GET", "/faults").json()["faults"] == []
    before = in_world(sim, b, "GET", "/clock").json()["epoch"]
    in_world(sim, a, "POST", "/clock/advance", json={"seconds": 3600})
    assert in_world(sim, b, "GET", "/clock").json()["epoch"] == before
    # Each world's request log holds its own requests only.
    logged = in_world(sim, a, "GET", "/requests").json()["requests"]
    assert logged and {r["account_sid"] for r in logged} == {a["account_sid"]}


def test_one_worlds_messages_are_not_anothers(sim, two_worlds):
    a, b = two_worlds
    sid = sdk(sim, a).messages.create(to="+15558679003", from_=STARTER, body="mine").sid
    assert [m.sid for m in sdk(sim, b).messages.list()] == []
    with pytest.raises(TwilioRestException) as missing:
        sdk(sim, b).messages(sid).fetch()
    assert missing.value.status == 404
    assert in_world(sim, b, "GET", f"/messages/{sid}/steps").status_code == 404


def test_credentials_find_their_world(sim, two_worlds):
    a, _ = two_worlds
    test_client = sim.client(a["test_account_sid"], a["test_auth_token"])
    assert test_client.messages.create(to="+15558679006", from_="+15005550006",
                                       body="magic").status == "queued"
    key = sdk(sim, a).new_keys.create(friendly_name="ci")
    by_key = sim.client(key.sid, key.secret, account_sid=a["account_sid"])
    assert STARTER in [n.phone_number for n in by_key.incoming_phone_numbers.list()]
    # The test SID names the world on the control plane too.
    response = sim.control("GET", "/health", headers={"X-Smsim-Account":
                                                      a["test_account_sid"]})
    assert response.status_code == 200


def test_a_world_can_be_deleted(sim):
    made = sim.new_account()
    client = sdk(sim, made)
    client.messages.create(to="+15558679004", from_=STARTER, body="bye")
    assert sim.control("DELETE", f"/accounts/{made['account_sid']}").status_code == 204
    with pytest.raises(TwilioRestException) as gone:
        client.messages.create(to="+15558679004", from_=STARTER, body="after")
    assert (gone.value.status, gone.value.code) == (401, 20003)
    response = in_world(sim, made, "GET", "/health")
    assert response.status_code == 404 and made["account_sid"] in response.json()["error"]
    again = sim.control("DELETE", f"/accounts/{made['account_sid']}")
    assert again.status_code == 404
    listed = [a["account_sid"] for a in sim.control("GET", "/accounts").json()["accounts"]]
    assert made["account_sid"] not in listed


def test_the_default_world_cannot_be_deleted(sim):
    default = next(a for a in sim.control("GET", "/accounts").json()["accounts"]
                   if a["default"])
    response = sim.control("DELETE", f"/accounts/{default['account_sid']}")
    assert response.status_code == 400 and "default world" in response.json()["error"]


def test_an_unknown_world_is_refused_by_name(sim):
    response = sim.control("GET", "/handsets", headers={"X-Smsim-Account": "AC" + "9" * 32})
    assert response.status_code == 404
    assert response.json()["error"].startswith("X-Smsim-Account: no world has account")


def test_accounts_lists_every_world_once_with_one_default(sim, two_worlds):
    listed = sim.control("GET", "/accounts").json()["accounts"]
    assert sum(a["default"] for a in listed) == 1
    worlds = {a["account_sid"]: a["world"] for a in listed}
    for account in two_worlds:
        assert worlds[account["account_sid"]] == account["account_sid"]


def test_message_sids_never_repeat_across_ten_resets(sim):
    made = sim.new_account()
    try:
        client = sdk(sim, made)
        sids = []
        for _ in range(10):
            sids += [client.messages.create(to="+15558679005", from_=STARTER, body=str(i)).sid
                     for i in range(3)]
            assert in_world(sim, made, "POST", "/reset").status_code == 200
        assert len(set(sids)) == 30
        # An explicit seed starts the sequence again: the same seed, the same SIDs.
        in_world(sim, made, "POST", "/seed", json={"seed": "again"})
        first = client.messages.create(to="+15558679005", from_=STARTER, body="x").sid
        in_world(sim, made, "POST", "/seed", json={"seed": "again"})
        assert client.messages.create(to="+15558679005", from_=STARTER, body="x").sid == first
    finally:
        sim.control("DELETE", f"/accounts/{made['account_sid']}")


def test_a_reset_keeps_the_worlds_credentials_working(sim):
    made = sim.new_account()
    try:
        assert in_world(sim, made, "POST", "/reset").status_code == 200
        account = next(a for a in sim.control("GET", "/accounts").json()["accounts"]
                       if a["account_sid"] == made["account_sid"])
        test_client = sim.client(account["test_account_sid"], account["test_auth_token"])
        assert test_client.messages.create(to="+15558679006", from_="+15005550006",
                                           body="after reset").status == "queued"
        assert STARTER in [n.phone_number
                           for n in sdk(sim, made).incoming_phone_numbers.list()]
    finally:
        sim.control("DELETE", f"/accounts/{made['account_sid']}")


def smsim(*args: str):
    import subprocess
    import sys

    return subprocess.run([sys.executable, "-m", "smsim", *args], capture_output=True,
                          text=True, timeout=120)


def test_diagnose_and_the_cli_answer_about_the_named_world_only(sim, two_worlds):
    import json

    a, b = two_worlds
    assert in_world(sim, a, "POST", "/faults/presets/queue-backlog").status_code == 201
    with pytest.raises(TwilioRestException):
        sdk(sim, a).messages.create(to="not a number", from_=STARTER, body="x")
    sdk(sim, b).messages.create(to="+15558679007", from_=STARTER, body="x")
    found_a = smsim("diagnose", "--url", sim.url, "--account-sid", a["account_sid"],
                    "--since", "1h", "--json")
    assert found_a.returncode == 1, found_a.stderr
    assert [s["id"] for s in json.loads(found_a.stdout)["symptoms"]] == ["api-rejected"]
    found_b = smsim("diagnose", "--url", sim.url, "--account-sid", b["account_sid"],
                    "--since", "1h", "--json")
    assert found_b.returncode == 0, found_b.stdout + found_b.stderr
    rules_a = smsim("faults", "list", "--url", sim.url, "--account-sid", a["account_sid"],
                    "--json")
    rules_b = smsim("faults", "list", "--url", sim.url, "--account-sid", b["account_sid"],
                    "--json")
    assert len(json.loads(rules_a.stdout)["faults"]) == 1
    assert json.loads(rules_b.stdout)["faults"] == []


def test_a_scenario_runs_in_the_named_world(sim, two_worlds):
    import json

    a, b = two_worlds
    before_b = in_world(sim, b, "GET", "/clock").json()["epoch"]
    ran = smsim("scenario", "run", "delayed-queue", "--url", sim.url, "--account-sid",
                a["account_sid"], "--json")
    assert ran.returncode == 0, ran.stdout + ran.stderr
    assert json.loads(ran.stdout)["results"][0]["detected"] == ["delayed-queue"]
    # The scenario reset and moved world A only.
    assert in_world(sim, b, "GET", "/clock").json()["epoch"] == before_b
    assert in_world(sim, a, "GET", "/clock").json()["now"].startswith("2030")
