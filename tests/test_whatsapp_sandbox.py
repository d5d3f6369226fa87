"""The WhatsApp Sandbox's own behaviour (docs/whatsapp.md, The sandbox): its confirmation of
`join`, `stop` to leave, its "when a message comes in" webhook signed with the account's auth
token and a TwiML reply from the sandbox, its status callback URL, and `smsim whatsapp
sandbox`. A real server, the official SDK, a real webhook receiver (signatures checked with the
SDK's RequestValidator), the world's manual clock; the CLI as a subprocess."""

from __future__ import annotations

import json
import subprocess
import sys

from twilio.request_validator import RequestValidator

from tests.traffic import inbox, outbox, text

SANDBOX = "whatsapp:+14155238886"
# Twilio's reply to a join, as users quote it (docs/whatsapp.md).
CONFIRMATION = ("Twilio Sandbox: \u2705 You are all set! The sandbox can now send/receive "
                "messages from whatsapp:+14155238886. Reply stop to leave the sandbox any time.")


def sandbox(sim) -> dict:
    response = sim.control("GET", "/whatsapp/sandbox")
    assert response.status_code == 200, response.text
    return response.json()


def join(sim, phone: str) -> None:
    phrase = sandbox(sim)["join"]
    text(sim, phone, SANDBOX, f"  {phrase.upper()} ", channel="whatsapp")
    sim.advance(10)


def test_join_is_confirmed_and_stop_leaves(sim, client, handset):
    phone, stranger = handset(), handset()
    join(sim, phone)
    [confirmation] = inbox(sim, phone)
    assert (confirmation["from"], confirmation["channel"], confirmation["body"]) == (
        SANDBOX, "whatsapp", CONFIRMATION)
    assert confirmation["message_sid"] is None
    # The confirmation (and the join) are the sandbox's own: no Message of the account.
    assert client.messages.list() == []
    assert [m["number"] for m in sandbox(sim)["members"]] == [phone]

    # A wrong phrase, or `stop` from someone who never joined: lost, no answer.
    text(sim, stranger, SANDBOX, "join wrong-words", channel="whatsapp")
    text(sim, stranger, SANDBOX, "stop", channel="whatsapp")
    sim.advance(10)
    assert [t["cause"] for t in outbox(sim, stranger)] == ["not_sandbox_member"] * 2
    assert inbox(sim, stranger) == []

    # `stop` in any case ends the membership when it arrives, confirmed in the inbox.
    text(sim, phone, SANDBOX, " Stop", channel="whatsapp")
    assert [m["number"] for m in sandbox(sim)["members"]] == [phone]  # not arrived yet
    sim.advance(10)
    assert sandbox(sim)["members"] == []
    assert outbox(sim, phone)[-1]["outcome"] == "delivered"
    left = inbox(sim, phone)[-1]
    assert left["from"] == SANDBOX and "left the sandbox" in left["body"]
    assert sandbox(sim)["join"] in left["body"]
    after = client.messages.create(from_=SANDBOX, to=f"whatsapp:{phone}", body="still there?")
    sim.advance(10)
    assert client.messages(after.sid).fetch().error_code == 63015


def test_member_message_reaches_the_sandbox_webhook_and_twiml_replies(
        sim, client, account, handset, receiver):
    receiver.answer("/sandbox", content_type="text/xml",
                    body="<Response><Message>We got it.</Message></Response>")
    response = sim.control("PUT", "/whatsapp/sandbox", json={
        "inbound_url": receiver.url("/sandbox"), "inbound_method": "post",
        "status_callback_url": receiver.url("/status")})
    assert response.status_code == 200, response.text
    assert response.json()["settings"] == {
        "inbound_url": receiver.url("/sandbox"), "inbound_method": "POST",
        "status_callback_url": receiver.url("/status"), "account_sid": account["account_sid"]}
    phone = handset(name="Ana Souza")
    user = f"whatsapp:{phone}"
    join(sim, phone)
    # Neither the join nor a stop is handed to the webhook.
    assert receiver.on("/sandbox") == []

    text(sim, phone, SANDBOX, "Is my order ready?", channel="whatsapp")
    sim.advance(10)
    [hook] = receiver.wait_for("/sandbox", 1)
    assert hook.method == "POST"
    assert RequestValidator(account["auth_token"]).validate(
        hook.url, hook.params, hook.headers["X-Twilio-Signature"])
    p = hook.params
    assert (p["From"], p["To"], p["Body"]) == (user, SANDBOX, "Is my order ready?")
    assert (p["WaId"], p["ProfileName"]) == (phone[1:], "Ana Souza")
    assert (p["AccountSid"], p["SmsStatus"], p["NumMedia"]) == (
        account["account_sid"], "received", "0")
    assert "MessagingServiceSid" not in p
    # The member's message is a Message of the account, as an inbound WhatsApp message is.
    received = client.messages(p["MessageSid"]).fetch()
    assert (received.direction, received.from_, received.to, received.status) == (
        "inbound", user, SANDBOX, "received")
    assert outbox(sim, phone)[-1]["message_sid"] == p["MessageSid"]

    # The TwiML reply goes back from the sandbox, inside the window, with its status
    # callbacks at the sandbox's status callback URL.
    sim.advance(20)
    [reply] = client.messages.list(from_=SANDBOX)
    assert (reply.to, reply.body, reply.direction, reply.status) == (
        user, "We got it.", "outbound-reply", "delivered")
    assert inbox(sim, phone)[-1]["body"] == "We got it."
    callbacks = receiver.wait_for("/status", 3)
    assert [c.params["MessageStatus"] for c in callbacks][:3] == ["sending", "sent",
                                                                 "delivered"]
    for callback in callbacks:
        assert callback.params["MessageSid"] == reply.sid
        assert RequestValidator(account["auth_token"]).validate(
            callback.url, callback.params, callback.headers["X-Twilio-Signature"])


def test_sandbox_webhook_by_get_and_without_url(sim, client, account, handset, receiver):
    phone = handset()
    join(sim, phone)
    # No URL set: the message is the account's, its webhook recorded as having nowhere to go.
    text(sim, phone, SANDBOX, "anyone?", channel="whatsapp")
    sim.advance(10)
    [quiet] = client.messages.list(to=SANDBOX)
    assert quiet.body == "anyone?"
    assert "no 'when a message comes in' URL" in outbox(sim, phone)[-1]["reason"]

    response = sim.control("PUT", "/whatsapp/sandbox", json={
        "inbound_url": receiver.url("/get"), "inbound_method": "GET"})
    assert response.status_code == 200, response.text
    text(sim, phone, SANDBOX, "now by GET", channel="whatsapp")
    sim.advance(10)
    [hook] = receiver.wait_for("/get", 1)
    assert hook.method == "GET" and hook.params["Body"] == "now by GET"
    assert RequestValidator(account["auth_token"]).validate(
        hook.url, {}, hook.headers["X-Twilio-Signature"])
    # Clearing the URL: back to nowhere.
    cleared = sim.control("PUT", "/whatsapp/sandbox", json={"inbound_url": ""}).json()
    assert cleared["settings"]["inbound_url"] is None


def test_bad_sandbox_settings_name_the_field(sim, account):
    for body, field in [({"inbound_url": "ftp://example.com"}, "inbound_url"),
                        ({"inbound_url": 3}, "inbound_url"),
                        ({"status_callback_url": "nowhere"}, "status_callback_url"),
                        ({"inbound_method": "PUT"}, "inbound_method"),
                        ({"colour": "blue"}, "colour")]:
        response = sim.control("PUT", "/whatsapp/sandbox", json=body)
        assert response.status_code == 400, response.text
        assert field in response.json()["error"] and response.json()["status"] == 400
    response = sim.control("PUT", "/whatsapp/sandbox", data="[1]",
                           headers={"Content-Type": "application/json"})
    assert response.status_code == 400
    assert sandbox(sim)["settings"]["inbound_url"] is None


def smsim(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "smsim", *args], capture_output=True,
                          text=True, timeout=60)


def test_cli_shows_joins_sets_and_leaves(sim, account, handset, receiver):
    world = ("--url", sim.url, "--account-sid", account["account_sid"])
    phone = handset()
    done = smsim("whatsapp", "sandbox", "set", *world, "--inbound-url", receiver.url("/cli"),
                 "--inbound-method", "get")
    assert done.returncode == 0, done.stderr
    assert receiver.url("/cli") in done.stdout and "(GET)" in done.stdout
    done = smsim("whatsapp", "sandbox", "join", phone, *world)
    assert done.returncode == 0, done.stderr
    assert "in_transit" in done.stdout and sandbox(sim)["join"] in done.stdout
    assert smsim("clock", "advance", *world, "10s").returncode == 0

    shown = smsim("whatsapp", "sandbox", *world)
    assert shown.returncode == 0, shown.stderr
    assert "whatsapp:+14155238886" in shown.stdout and sandbox(sim)["join"] in shown.stdout
    assert phone in shown.stdout and receiver.url("/cli") in shown.stdout
    data = json.loads(smsim("whatsapp", "sandbox", "show", *world, "--json").stdout)
    [member] = data["members"]
    assert (member["number"], member["active"]) == (phone, True) and member["expires_at"]
    assert inbox(sim, phone)[0]["body"] == CONFIRMATION

    done = smsim("whatsapp", "sandbox", "leave", phone, *world)
    assert done.returncode == 0, done.stderr
    assert sandbox(sim)["members"] == []
    again = smsim("whatsapp", "sandbox", "leave", phone, *world)
    assert again.returncode == 1 and "not a member" in again.stderr

    for args, named in [(("join",), "NUMBER"), (("join", "12"), "NUMBER"),
                        (("leave", "nope"), "NUMBER"),
                        (("set", "--inbound-url", "ftp://x"), "--inbound-url"),
                        (("set",), "--inbound-url"), (("show", "+15551234567"), "NUMBER"),
                        (("join", phone, "--inbound-url", "http://x"), "--inbound-url"),
                        (("set", "--inbound-method", "PUT"), "--inbound-method")]:
        bad = smsim("whatsapp", "sandbox", *args, *world)
        assert bad.returncode == 2 and named in bad.stderr, (args, bad.stderr)
