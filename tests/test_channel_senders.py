"""A Messaging Service's WhatsApp senders through Messaging v1 ChannelSenders
(docs/whatsapp.md, "Through a Messaging Service"): the official SDK's
``client.messaging.v1.services(sid).channel_senders`` against a real server, every answer
checked against Twilio's OpenAPI schema (tests/oai/schemas.json), and a WhatsApp message
through the service sent from a listed sender."""

from __future__ import annotations

import json

import pytest
import requests
from twilio.base.exceptions import TwilioRestException
from twilio.http.http_client import TwilioHttpClient

from tests.oai_conformance import assert_conforms
from tests.traffic import messaging, service_with_numbers, text

UNKNOWN_XE = "XE" + "0" * 32


class KeepingHttpClient(TwilioHttpClient):
    """The SDK's HTTP client keeping the last response: its instances do not expose the JSON
    they parsed, and the schema check wants every key."""

    def request(self, *args, **kwargs):
        self.last_response = super().request(*args, **kwargs)
        return self.last_response


@pytest.fixture
def sdk(sim, account):
    client = messaging(sim, account)
    client.http_client = KeepingHttpClient()
    return client


def last_json(client) -> dict:
    return json.loads(client.http_client.last_response.text)


def enable_whatsapp(sim, number: str) -> str:
    """Make the number a WhatsApp sender; its sender SID, as the control plane shows it."""
    response = sim.control("PUT", f"/numbers/{number}", json={"whatsapp": True})
    assert response.status_code == 200, response.text
    return response.json()["whatsapp_sender_sid"]


def listed(client, service_sid: str) -> list:
    senders = client.messaging.v1.services(service_sid).channel_senders.list()
    assert_conforms("list_service_channel_sender", last_json(client))
    return senders


def test_the_pool_whatsapp_numbers_are_listed_and_fetched(sim, account, sdk):
    service, (sms_only, wa_number) = service_with_numbers(sim, account, sdk)
    assert listed(sdk, service.sid) == []
    sender_sid = enable_whatsapp(sim, wa_number)
    assert sender_sid.startswith("XE") and len(sender_sid) == 34

    [sender] = listed(sdk, service.sid)
    body = last_json(sdk)
    assert body["meta"]["key"] == "senders"
    assert body["meta"]["url"].startswith(f"{sim.url}/v1/Services/{service.sid}/ChannelSenders")
    assert (sender.sid, sender.sender, sender.sender_type) == (
        sender_sid, f"whatsapp:{wa_number}", "WhatsApp")
    assert (sender.account_sid, sender.messaging_service_sid, sender.country_code) == (
        account["account_sid"], service.sid, "US")
    assert sms_only not in sender.sender

    fetched = sdk.messaging.v1.services(service.sid).channel_senders(sender_sid).fetch()
    raw = last_json(sdk)
    assert_conforms("service_channel_sender", raw)
    assert raw["url"] == f"{sim.url}/v1/Services/{service.sid}/ChannelSenders/{sender_sid}"
    assert raw["date_created"].endswith("Z") and "T" in raw["date_created"]
    assert (fetched.sid, fetched.sender) == (sender_sid, f"whatsapp:{wa_number}")


def test_a_whatsapp_message_through_the_service_comes_from_a_listed_sender(
        sim, account, sdk, receiver, handset):
    service, (_, wa_number) = service_with_numbers(sim, account, sdk)
    enable_whatsapp(sim, wa_number)
    [sender] = listed(sdk, service.sid)
    phone = handset(whatsapp={"reads_after": None})
    user = f"whatsapp:{phone}"
    # Inside the window: the user wrote first.
    text(sim, phone, f"whatsapp:{wa_number}", "Hi", channel="whatsapp")
    sim.advance(10)

    message = sdk.messages.create(to=user, messaging_service_sid=service.sid, body="Hello",
                                  status_callback=receiver.url("/status"))
    sim.advance(10)
    sent = sdk.messages(message.sid).fetch()
    assert (sent.from_, sent.status) == (sender.sender, "delivered")
    callbacks = receiver.wait_for("/status", 4)
    # The ChannelSender's SID is the sender's ChannelInstallSid in its status callbacks.
    assert {c.params["ChannelInstallSid"] for c in callbacks} == {sender.sid}


def test_add_and_remove_a_whatsapp_sender(sim, account, sdk, handset):
    service, (sms_only, pooled) = service_with_numbers(sim, account, sdk)
    pooled_sid = enable_whatsapp(sim, pooled)
    # A WhatsApp number outside the pool joins the service for WhatsApp only.
    extra = sdk.incoming_phone_numbers.create(area_code="555").phone_number
    extra_sid = enable_whatsapp(sim, extra)
    senders = sdk.messaging.v1.services(service.sid).channel_senders
    added = senders.create(sid=extra_sid)
    assert_conforms("service_channel_sender", last_json(sdk))
    assert (added.sid, added.sender) == (extra_sid, f"whatsapp:{extra}")
    assert sdk.http_client.last_response.status_code == 201
    assert sorted(s.sid for s in listed(sdk, service.sid)) == sorted([pooled_sid, extra_sid])
    pool = [n.phone_number for n in
            sdk.messaging.v1.services(service.sid).phone_numbers.list()]
    assert extra not in pool

    # The pool's WhatsApp number taken out: it stays in the pool (for SMS) but is no
    # WhatsApp sender any more, so a WhatsApp message goes from the added one.
    assert senders(pooled_sid).delete() is True
    assert [s.sid for s in listed(sdk, service.sid)] == [extra_sid]
    assert pooled in [n.phone_number for n in
                      sdk.messaging.v1.services(service.sid).phone_numbers.list()]
    user = handset()
    message = sdk.messages.create(to=f"whatsapp:{user}", messaging_service_sid=service.sid,
                                  body="Hi")
    sim.advance(5)
    assert sdk.messages(message.sid).fetch().from_ == f"whatsapp:{extra}"
    # SMS still picks from the pool, the taken-out number included.
    sms = sdk.messages.create(to=user, messaging_service_sid=service.sid, body="Hi")
    sim.advance(5)
    assert sdk.messages(sms.sid).fetch().from_ in (sms_only, pooled)

    # Added back: a sender again. The other one removed: none left, 21910.
    senders.create(sid=pooled_sid)
    assert senders(extra_sid).delete() is True
    assert [s.sid for s in listed(sdk, service.sid)] == [pooled_sid]
    senders(pooled_sid).delete()
    with pytest.raises(TwilioRestException) as error:
        sdk.messages.create(to=f"whatsapp:{user}", messaging_service_sid=service.sid,
                            body="Hi")
    assert error.value.code == 21910


def test_a_whatsapp_sender_belongs_to_one_service(sim, account, sdk):
    first, (_, pooled) = service_with_numbers(sim, account, sdk)
    pooled_sid = enable_whatsapp(sim, pooled)
    second = sdk.messaging.v1.services.create(friendly_name="second")
    for service in (first, second):
        with pytest.raises(TwilioRestException) as error:
            sdk.messaging.v1.services(service.sid).channel_senders.create(sid=pooled_sid)
        assert (error.value.status, error.value.code) == (400, 21710)
    # Added to the second service, a number cannot join the first one's pool either.
    extra = sdk.incoming_phone_numbers.create(area_code="555")
    sdk.messaging.v1.services(second.sid).channel_senders.create(
        sid=enable_whatsapp(sim, extra.phone_number))
    with pytest.raises(TwilioRestException) as error:
        sdk.messaging.v1.services(first.sid).phone_numbers.create(phone_number_sid=extra.sid)
    assert error.value.code == 21710


def test_unknown_sids_are_404_with_twilio_error_body(sim, account, sdk):
    service, (_, pooled) = service_with_numbers(sim, account, sdk)
    auth = (account["account_sid"], account["auth_token"])
    base = f"{sim.url}/v1/Services/{service.sid}/ChannelSenders"
    sms_only = sdk.incoming_phone_numbers.create(area_code="555").phone_number
    not_whatsapp = "XE" + "1" * 32
    for method, url, data in (
            ("GET", f"{base}/{UNKNOWN_XE}", None), ("DELETE", f"{base}/{UNKNOWN_XE}", None),
            ("GET", f"{base}/nonsense", None), ("POST", base, {"Sid": UNKNOWN_XE}),
            ("POST", base, {"Sid": not_whatsapp}),
            ("GET", f"{sim.url}/v1/Services/MG{'0' * 32}/ChannelSenders", None)):
        response = requests.request(method, url, data=data, auth=auth, timeout=10)
        body = response.json()
        assert (response.status_code, body["code"], body["status"]) == (404, 20404, 404), url
        assert body["message"].startswith("The requested resource /v1/Services/")
        assert body["more_info"].endswith("20404")
    assert sms_only  # a number without WhatsApp has no sender SID to add
    missing = requests.post(base, data={}, auth=auth, timeout=10)
    assert (missing.status_code, missing.json()["code"]) == (400, 20001)
    assert "Sid" in missing.json()["message"]


def test_another_account_cannot_see_or_add(sim, account, sdk):
    service, (_, pooled) = service_with_numbers(sim, account, sdk)
    sender_sid = enable_whatsapp(sim, pooled)
    other = sim.new_account()
    base = f"{sim.url}/v1/Services/{service.sid}/ChannelSenders"
    stranger = (other["account_sid"], other["auth_token"])
    assert requests.get(f"{base}/{sender_sid}", auth=stranger, timeout=10).status_code == 404
    # Its own service cannot take this account's sender either.
    own = requests.post(f"{sim.url}/v1/Services", data={"FriendlyName": "x"}, auth=stranger,
                        timeout=10).json()
    taken = requests.post(f"{sim.url}/v1/Services/{own['sid']}/ChannelSenders",
                          data={"Sid": sender_sid}, auth=stranger, timeout=10)
    assert (taken.status_code, taken.json()["code"]) == (404, 20404)
    sim.control("DELETE", f"/accounts/{other['account_sid']}")


def test_test_credentials_are_refused(sim, account, sdk):
    service, _ = service_with_numbers(sim, account, sdk)
    test = (account["test_account_sid"], account["test_auth_token"])
    base = f"{sim.url}/v1/Services/{service.sid}/ChannelSenders"
    for method, url in (("GET", base), ("POST", base), ("GET", f"{base}/{UNKNOWN_XE}"),
                        ("DELETE", f"{base}/{UNKNOWN_XE}")):
        response = requests.request(method, url, auth=test, timeout=10)
        assert (response.status_code, response.json()["code"]) == (403, 20008), (method, url)


def test_inbound_whatsapp_follows_the_channel_senders(sim, account, sdk, receiver, handset):
    """A user's WhatsApp message to a sender added from outside the pool reaches the
    service's inbound webhook (with its MessagingServiceSid); to a pool number taken out of
    the senders, the number's own webhook, as a number in no service."""
    service, (_, pooled) = service_with_numbers(
        sim, account, sdk, inbound_request_url=receiver.url("/service"))
    pooled_sid = enable_whatsapp(sim, pooled)
    extra = sdk.incoming_phone_numbers.create(area_code="555")
    extra.update(sms_url=receiver.url("/extra-own"))
    sdk.incoming_phone_numbers.list(phone_number=pooled)[0].update(
        sms_url=receiver.url("/pooled-own"))
    senders = sdk.messaging.v1.services(service.sid).channel_senders
    senders.create(sid=enable_whatsapp(sim, extra.phone_number))
    senders(pooled_sid).delete()
    phone = handset(name="Ana")
    text(sim, phone, f"whatsapp:{extra.phone_number}", "to the added sender",
         channel="whatsapp")
    text(sim, phone, f"whatsapp:{pooled}", "to the taken-out one", channel="whatsapp")
    sim.advance(10)
    [to_service] = receiver.wait_for("/service", 1)
    assert (to_service.params["Body"], to_service.params["MessagingServiceSid"]) == (
        "to the added sender", service.sid)
    [own] = receiver.wait_for("/pooled-own", 1)
    assert own.params["Body"] == "to the taken-out one"
    assert "MessagingServiceSid" not in own.params
    assert receiver.on("/extra-own") == []
