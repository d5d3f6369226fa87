"""A handset texts a Twilio number: webhooks, TwiML replies and the guide's section 2."""

from __future__ import annotations

import pytest
from twilio.request_validator import RequestValidator

from tests.traffic import inbox, outbox, point_sms_url, text

TWIML = "text/xml"


@pytest.mark.both_worker_counts
def test_text_reaches_the_app_signed_and_its_twiml_reply_reaches_the_handset(
        sim, client, account, us_number, receiver, handset):
    phone = handset()
    receiver.answer("/sms", body="<Response><Message>Thanks for writing!</Message></Response>",
                    content_type=TWIML)
    point_sms_url(client, us_number, receiver.url("/sms"))
    sent = text(sim, phone, us_number, "Hello there")
    assert sent["outcome"] == "in_transit"
    sim.advance(30)
    [hook] = receiver.wait_for("/sms", 1)
    assert RequestValidator(account["auth_token"]).validate(
        hook.url, hook.params, hook.headers["X-Twilio-Signature"])
    p = hook.params
    assert (p["From"], p["To"], p["Body"], p["SmsStatus"]) == (phone, us_number, "Hello there",
                                                               "received")
    assert p["MessageSid"] == p["SmsMessageSid"] == p["SmsSid"]
    assert (p["NumMedia"], p["NumSegments"], p["ApiVersion"]) == ("0", "1", "2010-04-01")
    assert (p["AccountSid"], p["FromCountry"], p["ToCountry"]) == (account["account_sid"],
                                                                   "US", "US")
    for field in ("FromCity", "FromState", "FromZip", "ToCity", "ToState", "ToZip"):
        assert field in p
    assert hook.headers["User-Agent"] == "TwilioProxy/1.1"
    assert hook.headers["I-Twilio-Idempotency-Token"]

    inbound = client.messages(p["MessageSid"]).fetch()
    assert (inbound.direction, inbound.status, inbound.from_) == ("inbound", "received", phone)
    [reply] = [m for m in client.messages.list(to=phone) if m.direction == "outbound-reply"]
    assert (reply.from_, reply.body, reply.status) == (us_number, "Thanks for writing!",
                                                       "delivered")
    assert [m["body"] for m in inbox(sim, phone)] == ["Thanks for writing!"]
    assert outbox(sim, phone)[0]["outcome"] == "delivered"
    assert outbox(sim, phone)[0]["message_sid"] == p["MessageSid"]


def test_get_webhooks_carry_the_parameters_in_the_query(
        sim, client, account, us_number, receiver, handset):
    phone = handset()
    point_sms_url(client, us_number, receiver.url("/sms-get?app=1"), method="GET")
    text(sim, phone, us_number, "by GET")
    sim.advance(30)
    [hook] = receiver.wait_for("/sms-get", 1)
    assert hook.method == "GET" and hook.params["Body"] == "by GET"
    assert RequestValidator(account["auth_token"]).validate(
        hook.url, {}, hook.headers["X-Twilio-Signature"])


def test_media_from_a_handset(sim, client, us_number, receiver, handset):
    phone = handset()
    point_sms_url(client, us_number, receiver.url("/mms"))
    text(sim, phone, us_number, "look", media_urls=["https://example.com/cat.jpg"])
    sim.advance(30)
    [hook] = receiver.wait_for("/mms", 1)
    assert hook.params["MessageSid"].startswith("MM") and hook.params["NumMedia"] == "1"
    assert hook.params["MediaContentType0"] == "image/jpeg"
    media_url = hook.params["MediaUrl0"]
    assert media_url.startswith(sim.url + "/2010-04-01/Accounts/")
    redirected = sim.session.get(media_url, allow_redirects=False, timeout=10)
    assert redirected.status_code == 302
    assert redirected.headers["Location"] == "https://example.com/cat.jpg"


def test_twiml_variants(sim, client, us_number, receiver, handset):
    phone, other = handset(), handset()
    receiver.answer("/many", content_type=TWIML, body=(
        "<?xml version='1.0' encoding='UTF-8'?><Response>"
        "<Message><Body>first</Body><Media>/pic.png</Media></Message>"
        f"<Message to='{other}' action='/reply-status'>second</Message>"
        "<Redirect>/more</Redirect></Response>"))
    receiver.answer("/more", content_type=TWIML,
                    body="<Response><Message>third</Message></Response>")
    point_sms_url(client, us_number, receiver.url("/many"))
    text(sim, phone, us_number, "menu")
    sim.advance(30)
    replies = [m for m in client.messages.list() if m.direction == "outbound-reply"]
    by_body = {m.body: m for m in replies}
    assert set(by_body) == {"first", "second", "third"}
    assert by_body["first"].num_media == "1" and by_body["first"].sid.startswith("MM")
    assert by_body["second"].to == other and by_body["third"].to == phone
    statuses = [c.params["MessageStatus"] for c in receiver.wait_for("/reply-status", 3)]
    assert statuses == ["sending", "sent", "delivered"]
    assert len(receiver.on("/more")) == 1


def test_empty_response_means_no_reply(sim, client, us_number, receiver, handset):
    phone = handset()
    receiver.answer("/quiet", body="<Response/>", content_type=TWIML)
    point_sms_url(client, us_number, receiver.url("/quiet"))
    text(sim, phone, us_number, "hi")
    sim.advance(30)
    assert [m.direction for m in client.messages.list()] == ["inbound"]


def test_plain_text_answer_is_the_reply_body(sim, client, us_number, receiver, handset):
    phone = handset()
    receiver.answer("/plain", body="Got it", content_type="text/plain")
    point_sms_url(client, us_number, receiver.url("/plain"))
    text(sim, phone, us_number, "hi")
    sim.advance(30)
    assert [m["body"] for m in inbox(sim, phone)] == ["Got it"]


def webhook_attempts(sim, account) -> list[dict]:
    hooks = sim.control("GET", "/webhooks", params={"account": account["account_sid"]}).json()
    return [a for h in hooks["webhooks"] if h["kind"] == "incoming_message"
            for a in h["attempts"]]


def test_invalid_twiml_is_12100_and_the_fallback_answers(
        sim, client, account, us_number, receiver, handset):
    phone = handset()
    receiver.answer("/broken", body="<Response><Message>oops", content_type=TWIML)
    receiver.answer("/fallback", body="<Response><Message>from fallback</Message></Response>",
                    content_type=TWIML)
    point_sms_url(client, us_number, receiver.url("/broken"),
                  sms_fallback_url=receiver.url("/fallback"))
    text(sim, phone, us_number, "hi")
    sim.advance(30)
    first, second = webhook_attempts(sim, account)
    assert first["error_code"] == 12100 and first["url"].endswith("/broken")
    assert second["error_code"] is None and second["url"].endswith("/fallback")
    assert [m["body"] for m in inbox(sim, phone)] == ["from fallback"]


def test_a_failing_app_is_11200_and_the_fallback_is_tried(
        sim, client, account, us_number, receiver, handset):
    phone = handset()
    receiver.answer("/down", status=503)
    point_sms_url(client, us_number, receiver.url("/down"),
                  sms_fallback_url=receiver.url("/fb2"))
    text(sim, phone, us_number, "hi")
    sim.advance(30)
    first, second = webhook_attempts(sim, account)
    assert (first["status_code"], first["error_code"]) == (503, 11200)
    assert second["url"].endswith("/fb2") and second["status_code"] == 200


def test_no_webhook_url_stores_the_message_and_records_it(sim, client, account, us_number,
                                                          handset):
    phone = handset()
    text(sim, phone, us_number, "anyone?")
    sim.advance(30)
    [message] = client.messages.list(from_=phone)
    assert message.direction == "inbound" and message.status == "received"
    hooks = sim.control("GET", "/webhooks", params={"account": account["account_sid"]}).json()
    [hook] = [h for h in hooks["webhooks"] if h["message_sid"] == message.sid]
    assert (hook["state"], hook["url"], hook["attempts"]) == ("no_url", "", [])


# --- the guide's section 2: where an inbound text stopped --------------------------------

def test_a_number_without_sms_never_gets_the_text(sim, client, jp_number, handset):
    phone = handset()
    text(sim, phone, jp_number, "konnichiwa")
    sim.advance(30)
    [sent] = outbox(sim, phone)
    assert sent["outcome"] == "lost" and "no SMS capability" in sent["reason"]
    assert client.messages.list() == []


def test_a_short_code_sender_never_reaches_a_twilio_number(sim, client, us_number):
    text(sim, "55555", us_number, "Your code is 1234")
    sim.advance(30)
    last = outbox(sim, "55555")[-1]
    assert last["outcome"] == "lost" and "short code" in last["reason"]
    assert client.messages.list() == []


def test_an_international_sender_whose_carriers_cannot_reach_twilio(sim, client, us_number):
    assert sim.control("PUT", "/inbound", json={"blocked_countries": ["cn"]}).json() == \
        {"blocked_countries": ["CN"]}
    try:
        text(sim, "+8613800138000", us_number, "ni hao")
        sim.advance(30)
        last = outbox(sim, "+8613800138000")[-1]
        assert last["outcome"] == "lost" and "CN" in last["reason"]
        assert client.messages.list() == []
    finally:
        sim.control("PUT", "/inbound", json={"blocked_countries": []})


def test_a_roaming_sender_arrives_late_or_not_at_all(sim, client, us_number, handset):
    lost = handset(roaming=True, carrier={"roaming_loss_probability": 1.0})
    late = handset(roaming=True, carrier={"roaming_loss_probability": 0.0,
                                          "roaming_delay": 100, "latency_min": 5,
                                          "latency_max": 5})
    text(sim, lost, us_number, "from abroad")
    sent = text(sim, late, us_number, "from abroad too")
    sim.advance(300)
    assert outbox(sim, lost)[0]["outcome"] == "lost"
    assert "roaming" in outbox(sim, lost)[0]["reason"]
    [arrived] = outbox(sim, late)
    assert arrived["outcome"] == "delivered" and "roaming +" in arrived["reason"]
    assert arrived["arrives_at"] > sent["sent_at"]
    assert [m.from_ for m in client.messages.list()] == [late]


def test_a_switched_off_sender_never_sends(sim, client, us_number, handset):
    phone = handset(power="off")
    text(sim, phone, us_number, "hello?")
    sim.advance(30)
    assert outbox(sim, phone)[0]["outcome"] == "not_sent"
    assert client.messages.list() == []


def test_bad_handset_texts_name_the_field(sim, us_number):
    for body, field in [({"to": "nope", "body": "x"}, "to"), ({"to": us_number}, "body"),
                        ({"to": us_number, "body": 5}, "body"),
                        ({"to": us_number, "body": "x", "media_urls": "a"}, "media_urls"),
                        ({"to": us_number, "body": "x", "colour": 1}, "colour")]:
        response = sim.control("POST", "/handsets/+15550000003/messages", json=body)
        assert response.status_code == 400 and field in response.json()["error"], body


def test_an_unparseable_webhook_url_is_11200_and_stalls_nothing(sim, client, account,
                                                                us_number, handset):
    phone = handset()
    point_sms_url(client, us_number, "http://a..b/sms")
    text(sim, phone, us_number, "hi")
    advanced = sim.advance(30)
    assert advanced["webhooks_outstanding"] == 0
    hooks = sim.control("GET", "/webhooks", params={"account": account["account_sid"]}).json()
    [attempt] = [a for h in hooks["webhooks"] for a in h["attempts"]]
    assert attempt["error_code"] == 11200 and "invalid URL" in attempt["error"]
