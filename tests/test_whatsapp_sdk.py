"""WhatsApp on the Messages API (docs/whatsapp.md), through the official SDK over HTTP: a
support conversation on the simulated clock, with a real webhook receiver."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from twilio.base.exceptions import TwilioRestException
from twilio.request_validator import RequestValidator

from tests.oai_conformance import assert_conforms
from tests.traffic import inbox, outbox, point_sms_url, text

TWIML = "text/xml"
SANDBOX = "whatsapp:+14155238886"


def enable_whatsapp(sim, number: str) -> None:
    response = sim.control("PUT", f"/numbers/{number}", json={"whatsapp": True})
    assert response.status_code == 200, response.text
    assert response.json()["whatsapp"] is True


def test_support_conversation_window_read_and_63016(sim, client, account, us_number,
                                                    receiver, handset, api):
    enable_whatsapp(sim, us_number)
    phone = handset(name="Ana Souza", whatsapp={"reads_after": 60})
    business, user = f"whatsapp:{us_number}", f"whatsapp:{phone}"
    receiver.answer("/wa", content_type=TWIML, body=(
        "<Response><Message action='" + receiver.url("/wa-status")
        + "'>Hi Ana, your order ships today.</Message></Response>"))
    point_sms_url(client, us_number, receiver.url("/wa"))

    sent = text(sim, phone, business, "Where is my order?", channel="whatsapp")
    assert sent["outcome"] == "in_transit" and sent["to"] == business
    sim.advance(10)
    [hook] = receiver.wait_for("/wa", 1)
    assert RequestValidator(account["auth_token"]).validate(
        hook.url, hook.params, hook.headers["X-Twilio-Signature"])
    p = hook.params
    assert (p["From"], p["To"], p["Body"]) == (user, business, "Where is my order?")
    assert (p["WaId"], p["ProfileName"]) == (phone[1:], "Ana Souza")
    assert (p["SmsStatus"], p["NumSegments"], p["AccountSid"]) == (
        "received", "1", account["account_sid"])
    assert p["MessageSid"] == p["SmsSid"] == p["SmsMessageSid"]
    inbound = client.messages(p["MessageSid"]).fetch()
    assert (inbound.direction, inbound.from_, inbound.to) == ("inbound", user, business)

    # The TwiML reply, inside the window: delivered over WhatsApp, then read after 60 s.
    [reply] = [m for m in client.messages.list(to=user) if m.direction == "outbound-reply"]
    assert (reply.from_, reply.status, reply.num_segments) == (business, "delivered", "1")
    assert [(m["from"], m["body"], m["channel"]) for m in inbox(sim, phone)] == [
        (business, "Hi Ana, your order ships today.", "whatsapp")]
    sim.advance(60)
    assert client.messages(reply.sid).fetch().status == "read"
    statuses = [h.params["MessageStatus"] for h in receiver.wait_for("/wa-status", 4)]
    assert statuses == ["sending", "sent", "delivered", "read"]
    for callback in receiver.on("/wa-status"):
        assert (callback.params["From"], callback.params["To"]) == (business, user)
        assert RequestValidator(account["auth_token"]).validate(
            callback.url, callback.params, callback.headers["X-Twilio-Signature"])
    fetched = api("GET", f"/Messages/{reply.sid}.json").json()
    assert_conforms("message", fetched)
    assert fetched["price"] == "-0.00500" and fetched["num_segments"] == "1"

    # Another message inside the window goes through the API as well.
    inside = client.messages.create(from_=business, to=user, body="Tracking: 1Z999")
    sim.advance(10)
    assert client.messages(inside.sid).fetch().status == "delivered"

    # 25 simulated hours later the window is closed: created, then failed with 63016.
    sim.advance(25 * 3600)
    created = api("POST", "/Messages.json", data={"From": business, "To": user,
                                                  "Body": "Anything else?"})
    assert created.status_code == 201, created.text
    assert_conforms("message", created.json())
    assert (created.json()["to"], created.json()["from"]) == (user, business)
    sim.advance(5)
    late = client.messages(created.json()["sid"]).fetch()
    assert (late.status, late.error_code) == ("failed", 63016)
    assert [m["body"] for m in inbox(sim, phone)] == [
        "Hi Ana, your order ships today.", "Tracking: 1Z999"]

    # The user writes again: the window opens anew.
    text(sim, phone, business, "Yes, one more thing", channel="whatsapp")
    sim.advance(10)
    again = client.messages.create(from_=business, to=user, body="Go ahead")
    sim.advance(10)
    assert client.messages(again.sid).fetch().status == "delivered"
    assert client.messages.list(to=user, from_=business)[0].sid == again.sid


def test_from_not_enabled_for_whatsapp_is_63007(client, us_number, handset):
    phone = handset()
    with pytest.raises(TwilioRestException) as refused:
        client.messages.create(from_=f"whatsapp:{us_number}", to=f"whatsapp:{phone}",
                               body="hi")
    assert (refused.value.status, refused.value.code) == (400, 63007)
    with pytest.raises(TwilioRestException) as not_ours:
        client.messages.create(from_="whatsapp:+15005550006", to=f"whatsapp:{phone}",
                               body="hi")
    assert not_ours.value.code == 63007


def test_mixed_channels_are_21910(sim, client, us_number, handset):
    enable_whatsapp(sim, us_number)
    phone = handset()
    with pytest.raises(TwilioRestException) as refused:
        client.messages.create(from_=us_number, to=f"whatsapp:{phone}", body="hi")
    assert refused.value.code == 21910
    with pytest.raises(TwilioRestException) as refused:
        client.messages.create(from_=f"whatsapp:{us_number}", to=phone, body="hi")
    assert refused.value.code == 21910
    with pytest.raises(TwilioRestException) as bad:
        client.messages.create(from_=f"whatsapp:{us_number}", to="whatsapp:nobody", body="x")
    assert bad.value.code == 21211


def test_recipient_without_whatsapp_fails_63003(sim, client, us_number, handset):
    enable_whatsapp(sim, us_number)
    business = f"whatsapp:{us_number}"
    user = handset(name="Bo")
    text(sim, user, business, "hello", channel="whatsapp")
    sim.advance(10)
    response = sim.control("PUT", f"/handsets/{user}", json={"whatsapp": {"installed": False}})
    assert response.json()["whatsapp"] == {"installed": False, "reads_after": None}
    message = client.messages.create(from_=business, to=f"whatsapp:{user}", body="hi")
    assert message.status == "queued" and message.to == f"whatsapp:{user}"
    sim.advance(10)
    failed = client.messages(message.sid).fetch()
    assert (failed.status, failed.error_code) == ("failed", 63003)
    assert inbox(sim, user) == []


def test_sandbox_join_membership_and_63015(sim, client, handset):
    sandbox = sim.control("GET", "/whatsapp/sandbox").json()
    assert sandbox["number"] == SANDBOX and sandbox["join"].startswith("join ")
    phone = handset()
    user = f"whatsapp:{phone}"
    # Not a member: created, then failed with 63015.
    early = client.messages.create(from_=SANDBOX, to=user, body="hi")
    assert (early.from_, early.to) == (SANDBOX, user)
    # Anything but the join phrase from a non-member is lost.
    lost = text(sim, phone, SANDBOX, "hello?", channel="whatsapp")
    sim.advance(10)
    assert client.messages(early.sid).fetch().error_code == 63015
    assert outbox(sim, phone)[0]["cause"] == "not_sandbox_member"
    assert lost["to"] == SANDBOX

    text(sim, phone, SANDBOX, sandbox["join"].upper(), channel="whatsapp")
    sim.advance(10)
    assert outbox(sim, phone)[-1]["outcome"] == "delivered"
    [member] = sim.control("GET", "/whatsapp/sandbox").json()["members"]
    assert (member["number"], member["active"]) == (phone, True)
    # Joining is writing to the sandbox: its window is open, the message is delivered.
    # One message every 3 s: three sent at once leave 3 s apart.
    burst = [client.messages.create(from_=SANDBOX, to=user, body=f"Welcome {i}")
             for i in range(3)]
    sim.advance(20)
    offsets = []
    for message in burst:
        assert client.messages(message.sid).fetch().status == "delivered"
        steps = sim.control("GET", f"/messages/{message.sid}/steps").json()["steps"]
        offsets += [s["offset_seconds"] for s in steps if s["kind"] == "dequeued"]
    assert offsets == [0.5, 3.5, 6.5]

    # After 24 hours the window is closed (63016); after 3 days membership is over (63015).
    sim.advance(25 * 3600)
    closed = client.messages.create(from_=SANDBOX, to=user, body="still there?")
    sim.advance(2 * 86400)
    expired = client.messages.create(from_=SANDBOX, to=user, body="and now?")
    sim.advance(10)
    assert client.messages(closed.sid).fetch().error_code == 63016
    assert client.messages(expired.sid).fetch().error_code == 63015
    assert sim.control("GET", "/whatsapp/sandbox").json()["members"][0]["active"] is False


def test_handset_whatsapp_to_a_number_not_enabled_is_lost(sim, us_number, handset):
    phone = handset()
    sent = text(sim, phone, f"whatsapp:{us_number}", "hello", channel="whatsapp")
    assert (sent["outcome"], sent["cause"]) == ("lost", "not_whatsapp_sender")
    assert outbox(sim, phone)[0]["to"] == f"whatsapp:{us_number}"


def test_bad_whatsapp_settings_name_the_field(sim, handset):
    phone = handset()
    for body, field in [({"whatsapp": {"reads_after": -1}}, "whatsapp.reads_after"),
                        ({"whatsapp": {"installed": "yes"}}, "whatsapp.installed"),
                        ({"whatsapp": {"colour": 1}}, "whatsapp field"),
                        ({"whatsapp": 3}, "whatsapp")]:
        response = sim.control("PUT", f"/handsets/{phone}", json=body)
        assert response.status_code == 400 and field in response.json()["error"]
    response = sim.control("POST", f"/handsets/{phone}/messages",
                           json={"to": "+15551230000", "body": "x", "channel": "pigeon"})
    assert response.status_code == 400 and "channel" in response.json()["error"]
    no_app = handset(whatsapp={"installed": False})
    response = sim.control("POST", f"/handsets/{no_app}/messages",
                           json={"to": "+15551230000", "body": "x", "channel": "whatsapp"})
    assert response.status_code == 400 and "WhatsApp" in response.json()["error"]


TEMPLATE = "HX" + "0123456789abcdef" * 2
UNAPPROVED = "HX" + "fedcba9876543210" * 2


def test_templates_outside_the_window(sim, client, us_number, handset, api):
    enable_whatsapp(sim, us_number)
    business, user = f"whatsapp:{us_number}", f"whatsapp:{handset()}"
    saved = sim.control("PUT", f"/whatsapp/templates/{TEMPLATE}",
                        json={"body": "Hi {{1}}, order {{2}} ships on {{3}}."})
    assert {k: saved.json()[k] for k in ("sid", "body", "approved", "status")} == {
        "sid": TEMPLATE, "body": "Hi {{1}}, order {{2}} ships on {{3}}.", "approved": True,
        "status": "approved"}
    sim.control("PUT", f"/whatsapp/templates/{UNAPPROVED}",
                json={"body": "Hello!", "approved": False})
    # Nobody wrote first: an approved template goes through, filled with its variables.
    created = api("POST", "/Messages.json", data={
        "From": business, "To": user, "ContentSid": TEMPLATE,
        "ContentVariables": '{"1": "Ana", "2": 1234, "3": "Monday"}'})
    assert created.status_code == 201, created.text
    assert_conforms("message", created.json())
    assert created.json()["body"] == "Hi Ana, order 1234 ships on Monday."
    unapproved = client.messages.create(from_=business, to=user, content_sid=UNAPPROVED)
    sim.advance(10)
    assert client.messages(created.json()["sid"]).fetch().status == "delivered"
    assert client.messages(unapproved.sid).fetch().error_code == 63016

    for params, code in [({"ContentSid": TEMPLATE, "ContentVariables": "[1]"}, 21656),
                         ({"ContentSid": TEMPLATE, "ContentVariables": "{"}, 21656),
                         ({"ContentSid": "HX" + "1" * 32}, 21655),
                         ({"ContentSid": "HXnope"}, 21655)]:
        refused = api("POST", "/Messages.json", data={"From": business, "To": user, **params})
        assert (refused.status_code, refused.json()["code"]) == (400, code), params
    for body, field in [({"body": ""}, "body"), ({"body": "x", "approved": "yes"}, "approved"),
                        ({"body": "x", "colour": 1}, "colour")]:
        response = sim.control("PUT", f"/whatsapp/templates/{TEMPLATE}", json=body)
        assert response.status_code == 400 and field in response.json()["error"]
    response = sim.control("PUT", "/whatsapp/templates/HX12", json={"body": "x"})
    assert response.status_code == 400 and "sid" in response.json()["error"]
    listed = sim.control("GET", "/whatsapp/templates").json()["templates"]
    assert [t["sid"] for t in listed] == sorted([TEMPLATE, UNAPPROVED])


def test_dashboard_pages_show_whatsapp_messages(sim, client, account, us_number, handset):
    """The pages read WhatsApp messages (whatsapp: addresses, read, 63016) without failing."""
    enable_whatsapp(sim, us_number)
    phone = handset(name="Ana", whatsapp={"reads_after": 5})
    business, user = f"whatsapp:{us_number}", f"whatsapp:{phone}"
    text(sim, phone, business, "hello", channel="whatsapp")
    sim.advance(10)
    read = client.messages.create(from_=business, to=user, body="hi Ana")
    sim.advance(25 * 3600)
    failed = client.messages.create(from_=business, to=user, body="late")
    sim.advance(10)
    assert client.messages(read.sid).fetch().status == "read"
    world = account["account_sid"]
    for lang in ("en", "ja"):
        for path in ("/", f"/messages/{read.sid}", f"/messages/{failed.sid}", "/handsets",
                     "/numbers", "/requests", "/present"):
            response = sim.session.get(f"{sim.url}{path}?world={world}&lang={lang}",
                                       timeout=10)
            assert response.status_code == 200, (path, lang, response.text[:500])
    page = sim.session.get(f"{sim.url}/messages/{failed.sid}?world={world}", timeout=10)
    assert "63016" in page.text and business in page.text
    # `smsim diagnose` reads the same world's evidence without failing.
    result = subprocess.run(
        [sys.executable, "-m", "smsim", "diagnose", "--url", sim.url, "--account-sid", world,
         "--auth-token", account["auth_token"], "--since", "2d", "--json"],
        capture_output=True, text=True, timeout=60)
    assert result.returncode in (0, 1), result.stdout + result.stderr
    assert json.loads(result.stdout)
