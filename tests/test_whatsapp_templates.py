"""WhatsApp Content templates on the Messages API (docs/whatsapp.md, Templates): each code at
the real interface, through the official SDK and raw HTTP against a real server, with a real
webhook receiver for the status callbacks; the seed file through the CLI as a subprocess."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from twilio.base.exceptions import TwilioRestException

from tests.oai_conformance import assert_conforms
from tests.traffic import inbox, text


def hx(n: int) -> str:
    return f"HX{n:032x}"


@pytest.fixture
def business(sim, us_number):
    response = sim.control("PUT", f"/numbers/{us_number}", json={"whatsapp": True})
    assert response.status_code == 200, response.text
    return f"whatsapp:{us_number}"


def register(sim, sid: str, **settings) -> dict:
    response = sim.control("PUT", f"/whatsapp/templates/{sid}", json=settings)
    assert response.status_code == 200, response.text
    return response.json()


def refused(api, **params) -> dict:
    response = api("POST", "/Messages.json", data=params)
    assert response.status_code == 400, response.text
    body = response.json()
    assert list(body) == ["code", "message", "more_info", "status"]
    assert body["status"] == 400
    assert body["more_info"] == f"https://www.twilio.com/docs/errors/{body['code']}"
    return body


def test_create_refusals_21654_21655_21656_21658(sim, api, business, handset):
    register(sim, hx(1), body="Hi {{1}}, order {{2}} ships.")
    user = f"whatsapp:{handset()}"
    base = {"From": business, "To": user}

    no_sid = refused(api, **base, Body="hi", ContentVariables='{"1": "Ana"}')
    assert no_sid["code"] == 21654 and "ContentSid" in no_sid["message"]

    for sid in ("HXnope", "HX" + "g" * 32, hx(2)):
        body = refused(api, **base, ContentSid=sid)
        assert body["code"] == 21655 and sid in body["message"], body

    bad_variables = ["{", "[1]", '"Ana"', '{"1": null}', '{"1": ""}', '{"1": true}',
                     '{"1": "a\\nb"}', '{"1": "a\\tb"}', '{"1": "a     b"}']
    for raw in bad_variables:
        body = refused(api, **base, ContentSid=hx(1), ContentVariables=raw)
        assert body["code"] == 21656, raw
        assert body["message"].startswith("The Content Variables parameter is invalid.")
        assert "ContentVariables" in body["message"], body
    four_spaces = api("POST", "/Messages.json", data={
        **base, "ContentSid": hx(1), "ContentVariables": '{"1": "a    b", "2": 7}'})
    assert four_spaces.status_code == 201, four_spaces.text

    too_long = refused(api, **base, ContentSid=hx(1),
                       ContentVariables=json.dumps({"1": "x" * 1601}))
    assert too_long["code"] == 21658 and "'1'" in too_long["message"]
    at_limit = api("POST", "/Messages.json", data={
        **base, "ContentSid": hx(1), "ContentVariables": json.dumps({"1": "x" * 1600,
                                                                      "2": "1"})})
    assert at_limit.status_code == 201, at_limit.text


def test_outside_the_window_each_status_and_its_callback(sim, client, api, business, handset,
                                                       receiver):
    statuses = {"approved": None, "rejected": 63040, "paused": 63041, "disabled": 63042,
                "unsubmitted": 63016, "received": 63016, "pending": 63016}
    sids = {}
    for i, status in enumerate(statuses, start=10):
        sids[status] = register(sim, hx(i), body="Your code is {{1}}.", status=status)["sid"]
    phone = handset()
    user = f"whatsapp:{phone}"
    created = {}
    for status, sid in sids.items():
        response = api("POST", "/Messages.json", data={
            "From": business, "To": user, "ContentSid": sid,
            "ContentVariables": json.dumps({"1": status}),
            "StatusCallback": receiver.url(f"/cb/{status}")})
        assert response.status_code == 201, response.text
        assert_conforms("message", response.json())
        assert response.json()["body"] == f"Your code is {status}."
        created[status] = response.json()["sid"]
    sim.advance(10)
    for status, code in statuses.items():
        message = client.messages(created[status]).fetch()
        if code is None:
            assert message.status == "delivered", status
        else:
            assert (message.status, message.error_code) == ("failed", code), status
    [failed] = receiver.wait_for("/cb/rejected", 1)
    assert failed.params["MessageStatus"] == "failed"
    assert failed.params["ErrorCode"] == "63040"
    delivered = receiver.wait_for("/cb/approved", 3)
    assert [c.params["MessageStatus"] for c in delivered] == ["sending", "sent", "delivered"]
    # Only the approved one reached the phone.
    assert [m["body"] for m in inbox(sim, phone)] == ["Your code is approved."]
    fetched = api("GET", f"/Messages/{created['paused']}.json").json()
    assert_conforms("message", fetched)
    assert (fetched["error_code"], fetched["error_message"]) == (63041, "Template paused")


def test_outside_the_window_a_template_goes_alone(sim, client, business, handset):
    register(sim, hx(20), body="Your order {{1}} ships today.", status="approved")
    user = f"whatsapp:{handset()}"
    with_body = client.messages.create(from_=business, to=user, content_sid=hx(20),
                                       content_variables='{"1": "A-1"}', body="extra")
    with_media = client.messages.create(from_=business, to=user, content_sid=hx(20),
                                        content_variables='{"1": "A-2"}',
                                        media_url=["https://example.com/a.png"])
    alone = client.messages.create(from_=business, to=user, content_sid=hx(20),
                                   content_variables='{"1": "A-3"}')
    sim.advance(10)
    assert client.messages(with_body.sid).fetch().error_code == 63016
    assert client.messages(with_media.sid).fetch().error_code == 63016
    assert client.messages(alone.sid).fetch().status == "delivered"


def test_inside_the_window_any_template_renders_and_body_is_ignored(sim, client, business,
                                                                   handset):
    register(sim, hx(30), body="Hi {{1}}, your table for {{2}} is ready.", status="rejected")
    phone = handset(name="Ana")
    user = f"whatsapp:{phone}"
    text(sim, phone, business, "Is my table ready?", channel="whatsapp")
    sim.advance(10)
    message = client.messages.create(from_=business, to=user, content_sid=hx(30),
                                     content_variables='{"1": "Ana", "2": "4"}',
                                     body="this text is not sent")
    assert message.body == "Hi Ana, your table for 4 is ready."
    sim.advance(10)
    assert client.messages(message.sid).fetch().status == "delivered"
    assert [(m["body"], m["channel"]) for m in inbox(sim, phone)] == [
        ("Hi Ana, your table for 4 is ready.", "whatsapp")]
    assert client.messages.list(to=user)[0].body == "Hi Ana, your table for 4 is ready."


def test_defaults_fill_missing_variables_and_63028(sim, client, api, business, handset):
    register(sim, hx(40), body="Hi {{1}}, order {{2}} ships.", status="approved",
             variables={"2": "(your order)"})
    register(sim, hx(41), body="Hi {{1}}, order {{2}} ships.", status="approved")
    phone = handset()
    user = f"whatsapp:{phone}"
    defaulted = client.messages.create(from_=business, to=user, content_sid=hx(40),
                                       content_variables='{"1": "Ana"}')
    assert defaulted.body == "Hi Ana, order (your order) ships."
    extra = api("POST", "/Messages.json", data={
        "From": business, "To": user, "ContentSid": hx(40),
        "ContentVariables": '{"1": "Ana", "3": "surplus"}'})
    assert extra.status_code == 201, extra.text
    missing = client.messages.create(from_=business, to=user, content_sid=hx(41),
                                     content_variables='{"1": "Bo"}')
    assert missing.body == "Hi Bo, order {{2}} ships."
    sim.advance(10)
    assert client.messages(defaulted.sid).fetch().status == "delivered"
    for sid in (extra.json()["sid"], missing.sid):
        failed = client.messages(sid).fetch()
        assert (failed.status, failed.error_code) == ("failed", 63028)
        assert failed.error_message.startswith("Number of parameters provided")
    assert [m["body"] for m in inbox(sim, phone)] == ["Hi Ana, order (your order) ships."]


def test_control_plane_statuses_and_validation(sim):
    saved = register(sim, hx(50), body="Hello {{1}}!", approved=False)
    assert (saved["status"], saved["approved"]) == ("unsubmitted", False)
    assert saved["variables"] == {} and saved["account_sid"] is None
    assert register(sim, hx(50), status="paused")["status"] == "paused"
    assert register(sim, hx(50), approved=True)["body"] == "Hello {{1}}!"
    changed = register(sim, hx(50), variables={"1": "friend"}, friendly_name="hello",
                       language="en")
    assert (changed["status"], changed["variables"], changed["friendly_name"]) == (
        "approved", {"1": "friend"}, "hello")
    assert sim.control("GET", f"/whatsapp/templates/{hx(50)}").json() == changed
    for body, field in [({"status": "maybe"}, "status"), ({"approved": "yes"}, "approved"),
                        ({"approved": False, "status": "approved"}, "approved"),
                        ({"variables": ["x"]}, "variables"), ({"body": ""}, "body"),
                        ({"colour": "red"}, "colour")]:
        response = sim.control("PUT", f"/whatsapp/templates/{hx(50)}", json=body)
        assert response.status_code == 400 and field in response.json()["error"], body
    response = sim.control("PUT", f"/whatsapp/templates/{hx(51)}", json={"status": "approved"})
    assert response.status_code == 400 and "body" in response.json()["error"]
    assert sim.control("GET", f"/whatsapp/templates/{hx(51)}").status_code == 404
    listed = sim.control("GET", "/whatsapp/templates").json()["templates"]
    assert [t["sid"] for t in listed] == [hx(50)]


SEED = """
[[templates]]
sid = "{sid}"
body = "Hi {{{{1}}}}, your parcel {{{{2}}}} is on its way."
status = "approved"
variables = {{ 2 = "(tracking number)" }}
friendly_name = "parcel_update"
language = "en"

[[templates]]
sid = "{other}"
body = "Rate us, {{{{1}}}}?"
approved = false
"""


def smsim(sim, account, *args) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "smsim", *args, "--url", sim.url, "--account-sid",
         account["account_sid"], "--auth-token", account["auth_token"]],
        capture_output=True, text=True, timeout=60)


def test_seed_file_loads_over_the_cli(sim, account, client, business, handset, tmp_path):
    seed = tmp_path / "templates.toml"
    seed.write_text(SEED.format(sid=hx(60), other=hx(61)), encoding="utf-8")
    loaded = smsim(sim, account, "whatsapp", "templates", "load", str(seed))
    assert loaded.returncode == 0, loaded.stderr
    assert f"{hx(60)} (approved)" in loaded.stdout and f"{hx(61)} (unsubmitted)" in \
        loaded.stdout
    listed = smsim(sim, account, "whatsapp", "templates", "list", "--json")
    assert [t["status"] for t in json.loads(listed.stdout)["templates"]] == [
        "approved", "unsubmitted"]
    phone = handset()
    message = client.messages.create(from_=business, to=f"whatsapp:{phone}",
                                     content_sid=hx(60), content_variables='{"1": "Ana"}')
    sim.advance(10)
    assert client.messages(message.sid).fetch().status == "delivered"
    assert inbox(sim, phone)[0]["body"] == "Hi Ana, your parcel (tracking number) is on " \
        "its way."

    bad = tmp_path / "bad.toml"
    bad.write_text(f'[[templates]]\nsid = "{hx(62)}"\nbody = "x"\nstatus = "soon"\n',
                   encoding="utf-8")
    failed = smsim(sim, account, "whatsapp", "templates", "load", str(bad))
    assert failed.returncode == 1 and "templates[0]" in failed.stderr \
        and "status" in failed.stderr
    bad.write_text('[[templates]]\nbody = "x"\n', encoding="utf-8")
    failed = smsim(sim, account, "whatsapp", "templates", "load", str(bad))
    assert failed.returncode == 1 and "sid is required" in failed.stderr


def test_diagnose_names_template_failures(sim, account, client, business, handset):
    register(sim, hx(70), body="Code {{1}} for you.", status="disabled")
    register(sim, hx(71), body="Code {{1}} for you.", status="approved")
    disabled = client.messages.create(from_=business, to=f"whatsapp:{handset()}",
                                      content_sid=hx(70), content_variables='{"1": "1"}')
    mismatch = client.messages.create(from_=business, to=f"whatsapp:{handset()}",
                                      content_sid=hx(71), content_variables='{"9": "1"}')
    with pytest.raises(TwilioRestException) as no_sid:
        client.messages.create(from_=business, to=f"whatsapp:{handset()}", body="x",
                               content_variables='{"1": "1"}')
    assert no_sid.value.code == 21654
    sim.advance(30)
    for sid, code, words in ((disabled.sid, 63042, "disabled"),
                             (mismatch.sid, 63028, "do not match")):
        report = json.loads(smsim(sim, account, "diagnose", "--message", sid,
                                  "--json").stdout)
        [finding] = report["symptoms"]
        assert finding["id"] == "whatsapp-template-rejected", report
        assert str(code) in finding["evidence"][1] and words in finding["evidence"][1]
        ja = json.loads(smsim(sim, account, "diagnose", "--message", sid, "--lang", "ja",
                              "--json").stdout)["symptoms"][0]
        assert "テンプレート" in ja["evidence"][1] and str(code) in ja["evidence"][1]
