"""Verify v2 through the official SDK over HTTP against a real server (docs/verify.md).

The code is read where a user would read it: the phone's inbox (a Verify SMS is an ordinary
message through the queue, the carrier and the handset)."""

from __future__ import annotations

import re

import pytest
import requests
from twilio.base.exceptions import TwilioRestException

CODE = re.compile(r"verification code is: (\d+)$")


@pytest.fixture
def verify_client(sim, client):
    client.verify.base_url = sim.url
    return client


@pytest.fixture
def service(verify_client):
    return verify_client.verify.v2.services.create(friendly_name="Acme Login")


def inbox_codes(sim, number: str) -> list[str]:
    messages = sim.control("GET", f"/handsets/{number}/inbox").json()["messages"]
    return [CODE.search(m["body"]).group(1) for m in messages if CODE.search(m["body"])]


def delivered_code(sim, number: str) -> str:
    """Move the clock until the SMS reached the phone; its code."""
    for _ in range(12):
        codes = inbox_codes(sim, number)
        if codes:
            return codes[-1]
        sim.advance(5)
    raise AssertionError(f"no verification SMS reached {number}")


def error_of(call) -> TwilioRestException:
    with pytest.raises(TwilioRestException) as caught:
        call()
    return caught.value


def test_login_flow_code_from_the_handset_inbox(sim, verify_client, service, handset, account):
    to = handset()
    assert service.sid.startswith("VA") and len(service.sid) == 34
    assert service.code_length == 6
    started = verify_client.verify.v2.services(service.sid).verifications.create(
        to=to, channel="sms")
    assert (started.status, started.channel, started.to, started.valid) == \
        ("pending", "sms", to, False)
    assert started.sid.startswith("VE")
    [attempt] = started.send_code_attempts
    assert attempt["attempt_sid"].startswith("VL") and attempt["channel"] == "sms"
    assert started.url == f"{sim.url}/v2/Services/{service.sid}/Verifications/{started.sid}"

    code = delivered_code(sim, to)
    assert len(code) == 6
    inbox = sim.control("GET", f"/handsets/{to}/inbox").json()["messages"]
    assert inbox[-1]["body"] == f"Your Acme Login verification code is: {code}"

    checked = verify_client.verify.v2.services(service.sid).verification_checks.create(
        to=to, code=code)
    assert (checked.status, checked.valid, checked.sid) == ("approved", True, started.sid)
    # Approved: gone (Twilio answers 404 / 20404).
    gone = error_of(lambda: verify_client.verify.v2.services(service.sid)
                    .verifications(started.sid).fetch())
    assert (gone.status, gone.code) == (404, 20404)

    listed = sim.control("GET", "/verifications").json()["verifications"]
    [mine] = [v for v in listed if v["sid"] == started.sid]
    assert mine["status"] == "approved" and mine["code"] == code
    [message_sid] = mine["message_sids"]
    message = verify_client.messages(message_sid).fetch()
    assert message.to == to and code in message.body
    assert message.from_ in {n["phone_number"] for n in account["numbers"]}


def test_wrong_codes_stay_pending_then_the_fifth_is_60202(sim, verify_client, service, handset):
    to = handset()
    verifications = verify_client.verify.v2.services(service.sid)
    started = verifications.verifications.create(to=to, channel="sms")
    code = delivered_code(sim, to)
    wrong = "0000000" if code != "0000000" else "1111111"
    for _ in range(4):
        checked = verifications.verification_checks.create(verification_sid=started.sid,
                                                          code=wrong)
        assert (checked.status, checked.valid) == ("pending", False)
    fifth = error_of(lambda: verifications.verification_checks.create(to=to, code=wrong))
    assert (fifth.status, fifth.code) == (429, 60202)
    again = error_of(lambda: verifications.verification_checks.create(to=to, code=code))
    assert (again.status, again.code) == (429, 60202)


def test_a_switched_off_phone_never_gets_the_code(sim, verify_client, service, handset):
    to = handset(power="off")
    started = verify_client.verify.v2.services(service.sid).verifications.create(
        to=to, channel="sms")
    sim.advance(120)
    assert inbox_codes(sim, to) == []
    fetched = verify_client.verify.v2.services(service.sid).verifications(started.sid).fetch()
    assert fetched.status == "pending"


def test_code_length_and_custom_code(sim, verify_client, handset):
    services = verify_client.verify.v2.services
    short = services.create(friendly_name="Short", code_length=4)
    assert short.code_length == 4
    to = handset()
    services(short.sid).verifications.create(to=to, channel="sms")
    assert len(delivered_code(sim, to)) == 4

    other = handset()
    services(short.sid).verifications.create(to=other, channel="sms", custom_code="98765432")
    assert delivered_code(sim, other) == "98765432"
    assert services(short.sid).verification_checks.create(
        to=other, code="98765432").status == "approved"

    for bad in ("3", "11"):
        error = error_of(lambda b=bad: services.create(friendly_name="x", code_length=int(b)))
        assert (error.status, error.code) == (400, 60200)
    for bad in ("123", "12345678901", "12ab"):
        error = error_of(lambda b=bad: services(short.sid).verifications.create(
            to=handset(), channel="sms", custom_code=b))
        assert (error.status, error.code) == (400, 60200)
        assert "CustomCode" in error.msg


def test_bad_parameters_answer_60200(sim, verify_client, service, handset):
    services = verify_client.verify.v2.services
    long_name = error_of(lambda: services.create(friendly_name="x" * 31))
    assert (long_name.status, long_name.code) == (400, 60200)
    bad_to = error_of(lambda: services(service.sid).verifications.create(
        to="not-a-number", channel="sms"))
    assert (bad_to.status, bad_to.code) == (400, 60200) and "To" in bad_to.msg
    bad_channel = error_of(lambda: services(service.sid).verifications.create(
        to=handset(), channel="pigeon"))
    assert (bad_channel.status, bad_channel.code) == (400, 60200)
    for channel in ("call", "email", "whatsapp", "sna"):
        unsimulated = error_of(lambda c=channel: services(service.sid).verifications.create(
            to=handset(), channel=c))
        assert (unsimulated.status, unsimulated.code) == (400, 60200)
        assert "not simulated" in unsimulated.msg
    bad_status = error_of(lambda: services(service.sid).verifications(
        services(service.sid).verifications.create(to=handset(), channel="sms").sid
    ).update(status="pending"))
    assert (bad_status.status, bad_status.code) == (400, 60200)
    missing = error_of(lambda: services("VA" + "0" * 32).fetch())
    assert (missing.status, missing.code) == (404, 20404)


def test_expiry_on_the_virtual_clock(sim, verify_client, service, handset):
    to = handset()
    verifications = verify_client.verify.v2.services(service.sid)
    started = verifications.verifications.create(to=to, channel="sms")
    code = delivered_code(sim, to)
    sim.advance(601)
    gone = error_of(lambda: verifications.verifications(started.sid).fetch())
    assert (gone.status, gone.code) == (404, 20404)
    late = error_of(lambda: verifications.verification_checks.create(to=to, code=code))
    assert (late.status, late.code) == (404, 20404)


def test_start_again_reuses_the_pending_one_and_the_sixth_send_is_60203(
        sim, verify_client, service, handset):
    to = handset()
    verifications = verify_client.verify.v2.services(service.sid).verifications
    first = verifications.create(to=to, channel="sms")
    code = delivered_code(sim, to)
    for n in range(2, 6):
        again = verifications.create(to=to, channel="sms")
        assert again.sid == first.sid
        assert len(again.send_code_attempts) == n
    sim.advance(30)
    assert set(inbox_codes(sim, to)) == {code}
    sixth = error_of(lambda: verifications.create(to=to, channel="sms"))
    assert (sixth.status, sixth.code) == (429, 60203)
    raw = requests.post(f"{sim.url}/v2/Services/{service.sid}/Verifications",
                        data={"To": to, "Channel": "sms"}, timeout=10,
                        auth=(verify_client.username, verify_client.password))
    assert raw.status_code == 429 and int(raw.headers["Retry-After"]) > 0


def test_cancel_makes_it_gone(sim, verify_client, service, handset):
    verifications = verify_client.verify.v2.services(service.sid).verifications
    started = verifications.create(to=handset(), channel="sms")
    canceled = verifications(started.sid).update(status="canceled")
    assert canceled.status == "canceled"
    gone = error_of(lambda: verifications(started.sid).fetch())
    assert (gone.status, gone.code) == (404, 20404)


def test_service_update_list_delete(sim, verify_client):
    services = verify_client.verify.v2.services
    made = [services.create(friendly_name=f"App {n}") for n in range(3)]
    assert [s.sid for s in services.list(page_size=2)] == [s.sid for s in reversed(made)]
    renamed = services(made[0].sid).update(friendly_name="Renamed", code_length=8)
    assert (renamed.friendly_name, renamed.code_length) == ("Renamed", 8)
    assert services(made[0].sid).delete() is True
    assert made[0].sid not in {s.sid for s in services.list()}


def test_fault_rules_reach_verify_creates(sim, verify_client, service, handset, us_number):
    rule = sim.control("POST", "/faults", json={
        "name": "fraud guard", "match": {"request": "verify"},
        "effect": {"type": "api_error", "code": 60410}})
    assert rule.status_code == 201, rule.text
    blocked = error_of(lambda: verify_client.verify.v2.services(service.sid)
                       .verifications.create(to=handset(), channel="sms"))
    assert (blocked.status, blocked.code) == (403, 60410)
    # A message create is not a verify request: the rule leaves it alone.
    assert verify_client.messages.create(to=handset(), from_=us_number, body="hi").sid
    assert sim.control("DELETE", "/faults").status_code in (200, 204)
    sim.control("POST", "/faults", json={
        "name": "busy", "match": {"request": "verify"},
        "effect": {"type": "api_error", "code": 60212}})
    raw = requests.post(f"{sim.url}/v2/Services/{service.sid}/Verifications",
                        data={"To": handset(), "Channel": "sms"}, timeout=10,
                        auth=(verify_client.username, verify_client.password))
    assert raw.status_code == 429 and raw.json()["code"] == 60212
    assert raw.headers["Retry-After"] == "1"


def test_test_credentials_are_refused_with_20008(sim, account):
    test_client = sim.client(account["test_account_sid"], account["test_auth_token"])
    test_client.verify.base_url = sim.url
    refused = error_of(lambda: test_client.verify.v2.services.create(friendly_name="T"))
    assert (refused.status, refused.code) == (403, 20008)


def test_verify_requests_are_in_the_request_log(sim, verify_client, service, handset):
    started = verify_client.verify.v2.services(service.sid).verifications.create(
        to=handset(), channel="sms")
    rows = sim.control("GET", "/requests").json()["requests"]
    [logged] = [r for r in rows if r["path"] == f"/v2/Services/{service.sid}/Verifications"]
    assert (logged["method"], logged["status"], logged["sid"]) == ("POST", 201, started.sid)
