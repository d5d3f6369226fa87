"""twilio/media and twilio/quick-reply Content templates (docs/whatsapp.md, Templates): made
and approved through the official SDK's Content API against a real server, sent outside the
24-hour window, seen on the message and in the handset's inbox; a tapped button reaches a real
webhook receiver signed (the SDK's RequestValidator) with ButtonText / ButtonPayload, and opens
the window again. The clock is the server's, advanced through the control plane."""

from __future__ import annotations

import pytest
from twilio.request_validator import RequestValidator
from twilio.rest.content.v1.content import ContentList
from twilio.rest.content.v1.content.approval_create import ApprovalCreateList

from tests.oai_conformance import assert_conforms
from tests.traffic import inbox, text

WINDOW = 24 * 3600


@pytest.fixture
def content(sim, client):
    client.content.base_url = sim.url
    return client.content.v1


@pytest.fixture
def business(sim, us_number):
    response = sim.control("PUT", f"/numbers/{us_number}", json={"whatsapp": True})
    assert response.status_code == 200, response.text
    return f"whatsapp:{us_number}"


def made(content, types: dict, name: str):
    created = content.contents.create(ContentList.ContentCreateRequest(
        {"friendly_name": name, "language": "en", "types": types,
         "variables": {"1": "0000"}}))
    content.contents(created.sid).approval_create.create(
        ApprovalCreateList.ContentApprovalRequest({"name": name, "category": "UTILITY"}))
    return created


def raw_content(sim, account, sid: str) -> dict:
    response = sim.session.get(f"{sim.url}/v1/Content/{sid}", timeout=10,
                               auth=(account["account_sid"], account["auth_token"]))
    assert response.status_code == 200, response.text
    return response.json()


def test_media_template_outside_the_window_carries_its_media(sim, account, client, content,
                                                             business, handset):
    types = {"twilio/media": {"body": "Your invoice {{1}} is attached.",
                              "media": ["https://example.com/invoices/{{1}}.pdf"]}}
    template = made(content, types, "invoice")
    shown = raw_content(sim, account, template.sid)
    assert_conforms("content", shown, strict=True)
    assert shown["types"] == types
    assert content.contents(template.sid).approval_fetch().fetch() \
        .whatsapp["content_type"] == "twilio/media"
    sim.advance(600)  # WhatsApp's review (ours: 600 simulated seconds)
    assert content.contents(template.sid).approval_fetch().fetch().whatsapp["status"] == \
        "approved"

    phone = handset()
    message = client.messages.create(from_=business, to=f"whatsapp:{phone}",
                                     content_sid=template.sid,
                                     content_variables='{"1": "A-17"}')
    assert message.sid.startswith("MM") and message.num_media == "1"
    assert message.body == "Your invoice A-17 is attached."
    [media] = client.messages(message.sid).media.list()
    assert media.content_type == "application/pdf"
    sim.advance(10)
    assert client.messages(message.sid).fetch().status == "delivered"
    [copy] = [m for m in inbox(sim, phone) if m["message_sid"] == message.sid]
    assert copy["media"] == ["https://example.com/invoices/A-17.pdf"]
    assert copy["buttons"] == [] and copy["channel"] == "whatsapp"


def test_media_template_not_approved_fails_outside_the_window(sim, client, content, business,
                                                              handset):
    created = content.contents.create(ContentList.ContentCreateRequest({
        "language": "en", "types": {"twilio/media": {
            "media": ["https://example.com/a.png"]}}}))
    message = client.messages.create(from_=business, to=f"whatsapp:{handset()}",
                                     content_sid=created.sid)
    sim.advance(10)
    fetched = client.messages(message.sid).fetch()
    assert (fetched.status, fetched.error_code) == ("failed", 63016)


def test_quick_reply_buttons_and_a_tap_reach_the_webhook(sim, account, client, content,
                                                        business, handset, receiver):
    types = {"twilio/quick-reply": {"body": "Is order {{1}} still wanted?", "actions": [
        {"title": "Yes, keep it", "id": "keep"}, {"title": "Cancel it", "id": "cancel"}]}}
    template = made(content, types, "order_check")
    shown = raw_content(sim, account, template.sid)
    assert_conforms("content", shown, strict=True)
    assert shown["types"] == types
    sim.advance(600)
    number_sid = client.incoming_phone_numbers.list(
        phone_number=business.removeprefix("whatsapp:"))[0].sid
    client.incoming_phone_numbers(number_sid).update(sms_url=receiver.url("/wa"))

    phone = handset()
    user = f"whatsapp:{phone}"
    message = client.messages.create(from_=business, to=user, content_sid=template.sid,
                                     content_variables='{"1": "1234"}')
    sim.advance(10)
    assert client.messages(message.sid).fetch().status == "delivered"
    [copy] = [m for m in inbox(sim, phone) if m["message_sid"] == message.sid]
    assert copy["body"] == "Is order 1234 still wanted?"
    assert copy["buttons"] == [{"id": "keep", "title": "Yes, keep it"},
                               {"id": "cancel", "title": "Cancel it"}]

    # Outside the window a free-form message fails ...
    early = client.messages.create(from_=business, to=user, body="Thanks!")
    sim.advance(10)
    assert client.messages(early.sid).fetch().error_code == 63016

    # ... a button that is not on the message is refused, naming the field ...
    wrong = sim.control("POST", f"/handsets/{phone}/messages", json={
        "channel": "whatsapp", "to": business, "button": "maybe"})
    assert wrong.status_code == 400 and "button" in wrong.json()["error"]
    assert "keep" in wrong.json()["error"]

    # ... tapping one answers with its title, and the webhook has the button.
    tapped = sim.control("POST", f"/handsets/{phone}/messages", json={
        "channel": "whatsapp", "to": business, "button": "cancel"})
    assert tapped.status_code == 201, tapped.text
    sim.advance(10)
    [hook] = receiver.wait_for("/wa", 1)
    assert RequestValidator(account["auth_token"]).validate(
        hook.url, hook.params, hook.headers["X-Twilio-Signature"])
    p = hook.params
    assert (p["Body"], p["ButtonText"], p["ButtonPayload"]) == ("Cancel it", "Cancel it",
                                                               "cancel")
    assert (p["OriginalRepliedMessageSid"], p["OriginalRepliedMessageSender"]) == (
        message.sid, business)
    assert (p["From"], p["To"], p["WaId"]) == (user, business, phone[1:])

    # The answer opened the window: a free-form reply is delivered.
    reply = client.messages.create(from_=business, to=user, body="Cancelled.")
    sim.advance(10)
    assert client.messages(reply.sid).fetch().status == "delivered"


def test_content_api_refusals_name_the_field(sim, account):
    auth = (account["account_sid"], account["auth_token"])

    def post(types):
        return sim.session.post(f"{sim.url}/v1/Content", auth=auth, timeout=10,
                                json={"language": "en", "types": types})
    qr = "twilio/quick-reply"
    cases = [
        ({"twilio/media": {"body": "x"}}, "types.twilio/media.media"),
        ({"twilio/media": {"media": ["ftp://x"]}}, "types.twilio/media.media[0]"),
        ({"twilio/media": {"media": ["https://{{1}}.example.com/a.png"]}},
         "types.twilio/media.media[0]"),
        ({qr: {"body": "x"}}, f"types.{qr}.actions"),
        ({qr: {"body": "x", "actions": [{"title": "t" * 21}]}}, f"types.{qr}.actions[0].title"),
        ({qr: {"body": "x", "actions": [{"title": "a", "id": "1"}, {"title": "a"}]}},
         f"types.{qr}.actions[1].title"),
        ({qr: {"body": "x", "actions": [{"title": "a"}] * 11}}, f"types.{qr}.actions"),
        ({qr: {"body": "x" * 1025, "actions": [{"title": "a"}]}}, f"types.{qr}.body"),
        ({"twilio/card": {"title": "x"}}, "twilio/card"),
        ({"twilio/text": {"body": "x"}, "twilio/media": {"media": ["https://e.com/a.png"]}},
         "types"),
    ]
    for types, field in cases:
        response = post(types)
        assert response.status_code == 400, types
        assert response.json()["code"] == 20001
        assert field in response.json()["message"], (types, response.json())


def test_a_tap_with_no_buttons_received_is_refused(sim, business, handset):
    phone = handset()
    text(sim, phone, business, "hello", channel="whatsapp")
    response = sim.control("POST", f"/handsets/{phone}/messages", json={
        "channel": "whatsapp", "to": business, "button": "keep"})
    assert response.status_code == 400 and "in_reply_to" in response.json()["error"]
    sms = sim.control("POST", f"/handsets/{phone}/messages", json={
        "to": business.removeprefix("whatsapp:"), "button": "keep"})
    assert sms.status_code == 400 and "button" in sms.json()["error"]
