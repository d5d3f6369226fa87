"""Diagnose knows WhatsApp (docs/diagnose.md): each WhatsApp symptom is found from the
message's code, status and steps, through the CLI against a real server and the official SDK,
and a scope holds only its own WhatsApp findings."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from twilio.base.exceptions import TwilioRestException

from tests.traffic import text

SANDBOX = "whatsapp:+14155238886"
TEMPLATE = "HX0123456789abcdef0123456789abcdef"


def diagnose(sim, account, *scope: str) -> dict:
    result = subprocess.run(
        [sys.executable, "-m", "smsim", "diagnose", "--url", sim.url, "--account-sid",
         account["account_sid"], "--auth-token", account["auth_token"], *scope, "--json"],
        capture_output=True, text=True, timeout=60)
    assert result.returncode in (0, 1), result.stdout + result.stderr
    return json.loads(result.stdout)


def ids(report: dict) -> set[str]:
    return {s["id"] for s in report["symptoms"]}


@pytest.fixture
def business(sim, us_number):
    response = sim.control("PUT", f"/numbers/{us_number}", json={"whatsapp": True})
    assert response.status_code == 200, response.text
    return f"whatsapp:{us_number}"


def template(sim, approved: bool) -> None:
    response = sim.control("PUT", f"/whatsapp/templates/{TEMPLATE}",
                           json={"body": "Hi {{1}}", "approved": approved})
    assert response.status_code == 200, response.text


def test_each_whatsapp_symptom_in_its_own_message_scope(sim, account, client, business,
                                                       handset):
    closed = client.messages.create(from_=business, to=f"whatsapp:{handset()}", body="hi")
    joined_not = client.messages.create(from_=SANDBOX, to=f"whatsapp:{handset()}",
                                        body="hi")
    template(sim, approved=False)
    unapproved = client.messages.create(from_=business, to=f"whatsapp:{handset()}",
                                        content_sid=TEMPLATE, content_variables='{"1": "Ana"}')
    sim.advance(60)
    for sid, symptom, code in ((closed.sid, "whatsapp-window-closed", 63016),
                               (joined_not.sid, "whatsapp-sandbox-not-joined", 63015),
                               (unapproved.sid, "whatsapp-template-rejected", 63016)):
        assert client.messages(sid).fetch().error_code == code
        report = diagnose(sim, account, "--message", sid)
        assert ids(report) == {symptom}
        [finding] = report["symptoms"]
        assert finding["message_sids"] == [sid] and len(finding["evidence"]) == 2
    assert ids(diagnose(sim, account, "--since", "1h")) == {
        "whatsapp-window-closed", "whatsapp-sandbox-not-joined", "whatsapp-template-rejected"}
    ja = diagnose(sim, account, "--message", closed.sid, "--lang", "ja")["symptoms"][0]
    assert "24時間" in ja["title"] and "24時間" in ja["evidence"][1]


def test_bad_content_variables_is_a_template_finding(sim, account, client, business,
                                                    handset):
    template(sim, approved=True)
    to = f"whatsapp:{handset()}"
    with pytest.raises(TwilioRestException) as refused:
        client.messages.create(from_=business, to=to, content_sid=TEMPLATE,
                               content_variables="[1, 2]")
    assert refused.value.code == 21656
    report = diagnose(sim, account, "--to", to)
    assert ids(report) == {"whatsapp-template-rejected"}
    assert "21656" in report["symptoms"][0]["evidence"][0]


def test_unread_after_an_hour_and_a_read_message_is_healthy(sim, account, client, business,
                                                           handset):
    reader, ignorer = handset(whatsapp={"reads_after": 30}), handset()
    for phone in (reader, ignorer):
        text(sim, phone, business, "hello", channel="whatsapp")  # opens the window
    sim.advance(10)
    read = client.messages.create(from_=business, to=f"whatsapp:{reader}", body="a")
    unread = client.messages.create(from_=business, to=f"whatsapp:{ignorer}", body="b")
    sim.advance(1800)
    # Delivered half an hour ago: not yet "unread" (the threshold is an hour).
    assert client.messages(unread.sid).fetch().status == "delivered"
    assert ids(diagnose(sim, account, "--message", unread.sid)) == set()
    sim.advance(1900)  # delivered a few seconds after creation: now over an hour ago
    assert client.messages(read.sid).fetch().status == "read"
    assert ids(diagnose(sim, account, "--message", read.sid)) == set()
    report = diagnose(sim, account, "--message", unread.sid)
    assert ids(report) == {"whatsapp-unread"}
    assert report["symptoms"][0]["message_sids"] == [unread.sid]


def test_a_message_held_for_a_phone_that_is_off_is_handset_unreachable(sim, account, client,
                                                                       business, handset):
    phone = handset()
    text(sim, phone, business, "hello", channel="whatsapp")
    sim.advance(10)
    sim.control("PUT", f"/handsets/{phone}", json={"power": "off"})
    held = client.messages.create(from_=business, to=f"whatsapp:{phone}", body="held")
    sim.advance(60)
    assert client.messages(held.sid).fetch().status == "sent"  # WhatsApp holds it
    report = diagnose(sim, account, "--message", held.sid)
    assert ids(report) == {"handset-unreachable"}
    assert any("power off" in line for line in report["symptoms"][0]["evidence"])


def test_to_and_from_scopes_keep_sms_and_whatsapp_apart(sim, account, client, us_number,
                                                        business, handset):
    """``--to``/``--from`` match addresses as the Messages API's filters do: ``+1…`` is the
    SMS address, ``whatsapp:+1…`` the WhatsApp one, so asking about one channel never
    reports the other's finding (the phone is off: SMS sits undelivered, WhatsApp 63016)."""
    phone = handset()
    sim.control("PUT", f"/handsets/{phone}", json={"power": "off"}).raise_for_status()
    sms = client.messages.create(from_=us_number, to=phone, body="by SMS")
    wa = client.messages.create(from_=business, to=f"whatsapp:{phone}", body="by WhatsApp")
    sim.advance(4 * 3600)
    assert client.messages(wa.sid).fetch().error_code == 63016
    by_whatsapp = diagnose(sim, account, "--to", f"whatsapp:{phone}")
    assert ids(by_whatsapp) == {"whatsapp-window-closed"}
    assert [f["message_sids"] for f in by_whatsapp["symptoms"]] == [[wa.sid]]
    by_sms = diagnose(sim, account, "--to", phone)
    assert "whatsapp-window-closed" not in ids(by_sms) and ids(by_sms), by_sms
    assert all(f["message_sids"] in ([], [sms.sid]) for f in by_sms["symptoms"]), by_sms
    assert ids(diagnose(sim, account, "--from", business)) == {"whatsapp-window-closed"}
    assert "whatsapp-window-closed" not in ids(diagnose(sim, account, "--from", us_number))
