"""A WhatsApp message's status callbacks carry WhatsApp's own parameters (docs/whatsapp.md:
ChannelPrefix, ChannelInstallSid, ChannelToAddress, EventType, ChannelStatusMessage), and
still validate with the official SDK's RequestValidator; SMS callbacks carry none of them.
A real server, a real webhook receiver, the clock advanced through the control plane."""

from __future__ import annotations

import re

from twilio.request_validator import RequestValidator

from tests.traffic import text

WHATSAPP_ONLY = {"ChannelPrefix", "ChannelInstallSid", "ChannelToAddress", "EventType",
                 "StructuredMessage", "ChannelStatusMessage"}


def enable_whatsapp(sim, number: str) -> None:
    response = sim.control("PUT", f"/numbers/{number}", json={"whatsapp": True})
    assert response.status_code == 200, response.text


def test_whatsapp_parameters_on_each_status(sim, client, account, us_number, receiver,
                                            handset):
    enable_whatsapp(sim, us_number)
    phone = handset(whatsapp={"reads_after": 20})
    business, user = f"whatsapp:{us_number}", f"whatsapp:{phone}"
    text(sim, phone, business, "hi", channel="whatsapp")
    sim.advance(10)
    first = client.messages.create(from_=business, to=user, body="One",
                                   status_callback=receiver.url("/one"))
    client.messages.create(from_=business, to=user, body="Two",
                           status_callback=receiver.url("/two"))
    sim.advance(30)
    assert client.messages(first.sid).fetch().status == "read"
    callbacks = receiver.wait_for("/one", 4)
    by_status = {c.params["MessageStatus"]: c.params for c in callbacks}
    assert list(by_status) == ["sending", "sent", "delivered", "read"]
    validator = RequestValidator(account["auth_token"])
    for callback in callbacks:
        assert validator.validate(callback.url, callback.params,
                                  callback.headers["X-Twilio-Signature"])
        p = callback.params
        assert p["ChannelPrefix"] == "whatsapp"
        assert re.fullmatch(r"XE[0-9a-f]{32}", p["ChannelInstallSid"])
        # The recipient, its last four digits masked (captured callbacks).
        assert p["ChannelToAddress"] == phone[:-4] + "XXXX"
        assert (p["To"], p["From"]) == (user, business)
        assert p["SmsStatus"] == p["MessageStatus"]
        assert "RawDlrDoneDate" not in p and "ErrorCode" not in p
        assert "ChannelStatusMessage" not in p
    assert by_status["sent"]["StructuredMessage"] == "false"
    assert by_status["delivered"]["EventType"] == "DELIVERED"
    assert (by_status["read"]["EventType"], by_status["read"]["SmsStatus"]) == ("READ", "read")
    assert "EventType" not in by_status["sending"] and "EventType" not in by_status["sent"]
    # One sender, one Installed Channel SID.
    others = receiver.wait_for("/two", 4)
    assert {c.params["ChannelInstallSid"] for c in [*callbacks, *others]} == {
        by_status["sent"]["ChannelInstallSid"]}


def test_a_failed_whatsapp_message_says_why(sim, client, account, us_number, receiver,
                                            handset):
    enable_whatsapp(sim, us_number)
    phone = handset()
    message = client.messages.create(from_=f"whatsapp:{us_number}", to=f"whatsapp:{phone}",
                                     body="Outside the window",
                                     status_callback=receiver.url("/failed"))
    sim.advance(10)
    assert client.messages(message.sid).fetch().status == "failed"
    [callback] = receiver.wait_for("/failed", 1)
    assert RequestValidator(account["auth_token"]).validate(
        callback.url, callback.params, callback.headers["X-Twilio-Signature"])
    p = callback.params
    assert (p["MessageStatus"], p["ErrorCode"], p["ChannelPrefix"]) == (
        "failed", "63016", "whatsapp")
    assert p["ChannelStatusMessage"] == client.messages(message.sid).fetch().error_message
    assert "EventType" not in p


def test_sms_callbacks_carry_no_whatsapp_parameters(sim, client, us_number, receiver,
                                                    handset):
    phone = handset()
    message = client.messages.create(from_=us_number, to=phone, body="plain SMS",
                                     status_callback=receiver.url("/sms"))
    sim.advance(30)
    assert client.messages(message.sid).fetch().status == "delivered"
    callbacks = receiver.wait_for("/sms", 3)
    assert [c.params["MessageStatus"] for c in callbacks] == ["sending", "sent", "delivered"]
    for callback in callbacks:
        assert not WHATSAPP_ONLY & set(callback.params)
    assert "RawDlrDoneDate" in callbacks[-1].params
