"""Fault rules through the control API and the official SDK."""

from __future__ import annotations

import pytest
from twilio.base.exceptions import TwilioRestException
from twilio.request_validator import RequestValidator

from tests.server import DEFAULT_SID, DEFAULT_TOKEN, start_simulator


def add_rule(sim, rule: dict) -> dict:
    response = sim.control("POST", "/faults", json=rule)
    assert response.status_code == 201, response.text
    return response.json()


@pytest.fixture
def faults(sim):
    """Rules are world-wide: every test that adds some removes them all afterwards."""
    yield sim
    sim.control("DELETE", "/faults")


def test_a_pair_rule_gives_21610_only_for_that_pair(faults, client, account, us_number,
                                                    handset):
    blocked, other = handset(), handset()
    rule = add_rule(faults, {"name": "block pair", "match": {
        "account": account["account_sid"], "pair": {"from": us_number, "to": blocked}},
        "effect": {"type": "api_error", "code": 21610}})
    with pytest.raises(TwilioRestException) as error:
        client.messages.create(to=blocked, from_=us_number, body="x")
    assert (error.value.status, error.value.code) == (400, 21610)
    assert "blacklist rule" in error.value.msg
    assert client.messages.create(to=other, from_=us_number, body="x").status == "queued"
    log = faults.control("GET", "/faults/log", params={"rule": rule["id"]}).json()["log"]
    assert [(e["fired"], e["facts"]["to"]) for e in log] == [(True, blocked)]
    assert faults.control("GET", f"/faults/{rule['id']}").json()["fired"] == 1


def test_fail_the_first_two_then_succeed(faults, client, us_number, handset):
    to = handset()
    add_rule(faults, {"match": {"to": to, "first": 2},
                      "effect": {"type": "api_error", "code": 20500, "status": 503}})
    for _ in range(2):
        with pytest.raises(TwilioRestException) as error:
            client.messages.create(to=to, from_=us_number, body="retry me")
        assert (error.value.status, error.value.code) == (503, 20500)
    assert client.messages.create(to=to, from_=us_number, body="retry me").status == "queued"


def test_the_nth_message_and_429(faults, client, us_number, handset):
    to = handset()
    add_rule(faults, {"match": {"to": to, "nth": 3},
                      "effect": {"type": "api_error", "code": 20429}})
    results = []
    for _ in range(4):
        try:
            client.messages.create(to=to, from_=us_number, body="n")
            results.append(201)
        except TwilioRestException as exc:
            results.append((exc.status, exc.code))
    assert results == [201, 201, (429, 20429), 201]


def thirty_percent_run(server) -> tuple[list[bool], list[float]]:
    assert server.control("POST", "/seed", json={"seed": "faults-30"}).status_code == 200
    rule = add_rule(server, {"match": {"probability": 0.3},
                             "effect": {"type": "api_error", "code": 20429}})
    client = server.client(DEFAULT_SID, DEFAULT_TOKEN)
    outcomes = []
    for i in range(30):
        try:
            client.messages.create(to="+15558675310", from_="+15017122661", body=f"p{i}")
            outcomes.append(False)
        except TwilioRestException:
            outcomes.append(True)
    log = server.control("GET", "/faults/log", params={"rule": rule["id"]}).json()["log"]
    assert [e["fired"] for e in log] == outcomes
    assert all((e["draw"] < 0.3) == e["fired"] for e in log)
    return outcomes, [e["draw"] for e in log]


def test_a_30_percent_rule_fires_on_the_same_messages_every_run(tmp_path):
    server = start_simulator(tmp_path)
    try:
        first = thirty_percent_run(server)
        server.control("DELETE", "/faults")
        second = thirty_percent_run(server)
    finally:
        server.stop()
    assert first == second
    assert 3 <= sum(first[0]) <= 15  # about 30 % of 30


def test_async_failure_at_a_chosen_step(faults, client, us_number, handset):
    to = handset()
    add_rule(faults, {"name": "unknown error", "match": {"to": to},
                      "effect": {"type": "fail", "status": "undelivered", "code": 30008}})
    sid = client.messages.create(to=to, from_=us_number, body="doomed").sid
    faults.advance(30)
    message = client.messages(sid).fetch()
    assert (message.status, message.error_code) == ("undelivered", 30008)
    steps = faults.control("GET", f"/messages/{sid}/steps").json()
    assert "fault rule" in steps["steps"][-1]["reason"]
    assert steps["fault_rules"][0]["rule_name"] == "unknown error"
    assert faults.control("GET", f"/handsets/{to}/inbox").json()["messages"] == []


def test_plan_effects(faults, client, us_number, handset):
    slow, twice, hidden, unreceipted = (handset() for _ in range(4))
    add_rule(faults, {"match": {"to": slow},
                      "effects": [{"type": "queue_delay", "seconds": 40},
                                  {"type": "carrier_delay", "seconds": 30}]})
    add_rule(faults, {"match": {"to": twice},
                      "effect": {"type": "duplicate", "copies": 2, "spacing": 3}})
    add_rule(faults, {"match": {"to": hidden}, "effect": {"type": "hide_from_handset"}})
    add_rule(faults, {"match": {"to": unreceipted}, "effect": {"type": "drop_receipt"}})
    sids = {to: client.messages.create(to=to, from_=us_number, body="fx").sid
            for to in (slow, twice, hidden, unreceipted)}
    faults.advance(200)
    slow_steps = faults.control("GET", f"/messages/{sids[slow]}/steps").json()
    assert slow_steps["queue_wait_seconds"] >= 40 and slow_steps["carrier_seconds"] >= 35
    inbox = faults.control("GET", f"/handsets/{twice}/inbox").json()["messages"]
    assert [m["copy"] for m in inbox] == [1, 2, 3]
    assert faults.control("GET", f"/handsets/{hidden}/inbox").json()["messages"] == []
    assert client.messages(sids[hidden]).fetch().status == "delivered"
    assert client.messages(sids[unreceipted]).fetch().status == "sent"


def test_duplicate_callbacks_share_an_idempotency_token(faults, client, us_number, receiver,
                                                        handset):
    to = handset()
    add_rule(faults, {"match": {"to": to}, "effect": {"type": "callback",
                                                      "action": "duplicate"}})
    client.messages.create(to=to, from_=us_number, body="twice",
                           status_callback=receiver.url("/dup"))
    faults.advance(30)
    callbacks = receiver.wait_for("/dup", 6)
    assert [c.params["MessageStatus"] for c in callbacks] == \
        ["sending", "sending", "sent", "sent", "delivered", "delivered"]
    tokens = [c.headers["I-Twilio-Idempotency-Token"] for c in callbacks]
    assert tokens[0] == tokens[1] and tokens[2] == tokens[3] and tokens[0] != tokens[2]


def test_a_bad_signature_rule_fails_the_validator(faults, client, account, us_number,
                                                  receiver, handset):
    to = handset()
    add_rule(faults, {"match": {"to": to}, "effect": {"type": "callback",
                                                      "action": "bad_signature"}})
    client.messages.create(to=to, from_=us_number, body="forged",
                           status_callback=receiver.url("/forged"))
    faults.advance(30)
    validator = RequestValidator(account["auth_token"])
    callbacks = receiver.wait_for("/forged", 3)
    assert callbacks and not any(
        validator.validate(c.url, c.params, c.headers["X-Twilio-Signature"]) for c in callbacks)


def test_dropped_delayed_and_reordered_callbacks(faults, client, us_number, receiver,
                                                 handset):
    dropped, delayed, reordered = handset(), handset(), handset()
    add_rule(faults, {"match": {"to": dropped}, "effect": {"type": "callback",
                                                           "action": "drop"}})
    add_rule(faults, {"match": {"to": delayed},
                      "effect": {"type": "callback", "action": "delay", "seconds": 100}})
    add_rule(faults, {"match": {"to": reordered, "nth": 1},
                      "effect": {"type": "callback", "action": "out_of_order", "seconds": 20}})
    for to in (dropped, delayed, reordered):
        client.messages.create(to=to, from_=us_number, body="cb",
                               status_callback=receiver.url(f"/cb{to[-4:]}"))
    faults.advance(30)
    assert receiver.on(f"/cb{dropped[-4:]}") == []
    assert receiver.on(f"/cb{delayed[-4:]}") == []
    order = [c.params["MessageStatus"] for c in receiver.wait_for(f"/cb{reordered[-4:]}", 3)]
    assert order == ["sent", "delivered", "sending"]
    faults.advance(100)
    assert len(receiver.wait_for(f"/cb{delayed[-4:]}", 3)) == 3


def test_inbound_webhook_faults(faults, client, us_number, receiver, handset):
    phone = handset()
    sid = client.incoming_phone_numbers.list(phone_number=us_number)[0].sid
    client.incoming_phone_numbers(sid).update(sms_url=receiver.url("/in"))
    add_rule(faults, {"match": {"from": phone, "direction": "inbound"},
                      "effect": {"type": "inbound_webhook", "action": "drop"}})
    faults.control("POST", f"/handsets/{phone}/messages", json={"to": us_number, "body": "hi"})
    faults.advance(30)
    assert receiver.on("/in") == []
    assert [m.direction for m in client.messages.list(from_=phone)] == ["inbound"]


def test_api_latency_is_injected_and_capped(faults, account, client, us_number):
    add_rule(faults, {"match": {"account": account["account_sid"]},
                      "effect": {"type": "latency", "seconds": 0.3}})
    import time

    started = time.monotonic()
    client.messages.create(to="+15558675310", from_=us_number, body="slow api")
    assert time.monotonic() - started >= 0.3
    response = faults.control("POST", "/faults", json={
        "effect": {"type": "latency", "seconds": 60}})
    assert response.status_code == 400 and "seconds" in response.json()["error"]


@pytest.mark.parametrize("rule, field", [
    ({"effect": {"type": "api_error", "code": 99999}}, "code"),
    ({"effect": {"type": "explode"}}, "type"),
    ({"match": {"to": "nope"}, "effect": {"type": "drop_receipt"}}, "match.to"),
    ({"match": {"body": "("}, "effect": {"type": "drop_receipt"}}, "match.body"),
    ({"match": {"probability": 2}, "effect": {"type": "drop_receipt"}}, "probability"),
    ({"match": {"nth": 1, "first": 2}, "effect": {"type": "drop_receipt"}}, "nth"),
    ({"match": {"colour": "red"}, "effect": {"type": "drop_receipt"}}, "colour"),
    ({"effect": {"type": "fail", "status": "failed", "code": 30003, "at": "delivered"}}, "at"),
    ({"effect": {"type": "fail", "code": 21211}}, "code"),
    ({"effects": [{"type": "drop_receipt"}, {"type": "latency", "seconds": 1}]}, "effects"),
    ({"effect": {"type": "callback", "action": "explode"}}, "action"),
    ({"match": {"window": {"start": "soon"}}, "effect": {"type": "drop_receipt"}}, "window"),
    ([], "object"),
])
def test_invalid_rules_are_refused_naming_the_field(faults, rule, field):
    response = faults.control("POST", "/faults", json=rule)
    assert response.status_code == 400 and field in response.json()["error"], response.text
    assert faults.control("GET", "/faults").json()["faults"] == []


def test_rules_can_be_listed_fetched_and_deleted(faults):
    first = add_rule(faults, {"name": "a", "effect": {"type": "drop_receipt"}})
    add_rule(faults, {"name": "b", "match": {"window": {"end": "2100-01-01T00:00:00Z"}},
                      "effect": {"type": "hide_from_handset"}})
    listed = faults.control("GET", "/faults").json()["faults"]
    assert [r["name"] for r in listed] == ["a", "b"]
    assert listed[1]["match"]["window"]["end"].startswith("2100-01-01")
    assert faults.control("DELETE", f"/faults/{first['id']}").status_code == 204
    assert faults.control("GET", f"/faults/{first['id']}").status_code == 404
    assert faults.control("DELETE", "/faults").json() == {"deleted": 1}


def test_presets(faults, client, us_number, handset):
    presets = faults.control("GET", "/faults/presets").json()["presets"]
    by_name = {p["name"]: p for p in presets}
    assert by_name["carrier-congestion"]["symptom"] == "delayed-carrier"
    assert all(p["description"] for p in presets)
    to = handset()
    loaded = faults.control("POST", "/faults/presets/filtered-long-code",
                            json={"match": {"from": us_number, "to": to}})
    assert loaded.status_code == 201
    sid = client.messages.create(to=to, from_=us_number, body="promo").sid
    faults.advance(30)
    assert client.messages(sid).fetch().error_code == 30007
    missing = faults.control("POST", "/faults/presets/nope")
    assert missing.status_code == 404 and "presets" in missing.json()["error"]
    bad = faults.control("POST", "/faults/presets/rate-limited", json={"match": {"to": "x"}})
    assert bad.status_code == 400


def test_window_on_the_simulators_clock(faults, client, us_number, handset):
    to = handset()
    clock = faults.control("GET", "/clock").json()
    add_rule(faults, {"match": {"to": to, "window": {"start": clock["now"]}},
                      "effect": {"type": "api_error", "code": 21612}})
    with pytest.raises(TwilioRestException):
        client.messages.create(to=to, from_=us_number, body="now")
    past = handset()
    add_rule(faults, {"match": {"to": past, "window": {"end": clock["now"]}},
                      "effect": {"type": "api_error", "code": 21408}})
    assert client.messages.create(to=past, from_=us_number, body="later").status == "queued"
