"""The Content API subset (content.twilio.com/v1, docs/whatsapp.md) through the official
SDK's ``client.content.v1`` against a real server: create, fetch, list, delete, the WhatsApp
approval on the simulated clock, and a created template sent to a handset."""

from __future__ import annotations

import json

import pytest
from twilio.base.exceptions import TwilioRestException
from twilio.rest.content.v1.content import ContentList
from twilio.rest.content.v1.content.approval_create import ApprovalCreateList

from tests.oai_conformance import assert_conforms
from tests.traffic import inbox

REVIEW_SECONDS = 600  # ours (docs/whatsapp.md): WhatsApp's decision on the world's clock


@pytest.fixture
def content(sim, client):
    client.content.base_url = sim.url  # as the README tells users to point the SDK
    return client.content.v1


@pytest.fixture
def business(sim, us_number):
    response = sim.control("PUT", f"/numbers/{us_number}", json={"whatsapp": True})
    assert response.status_code == 200, response.text
    return f"whatsapp:{us_number}"


def text_template(body: str, name: str = "order_update", **extra):
    return ContentList.ContentCreateRequest({
        "friendly_name": name, "language": "en", "types": {"twilio/text": {"body": body}},
        **extra})


def submit(content, sid: str, name: str = "order_update", category: str = "UTILITY"):
    return content.contents(sid).approval_create.create(
        ApprovalCreateList.ContentApprovalRequest({"name": name, "category": category}))


def test_create_fetch_list_and_delete(sim, account, content, api):
    made = content.contents.create(text_template(
        "Hi {{1}}, order {{2}} ships.", variables={"1": "Customer", "2": "0000"}))
    assert made.sid.startswith("HX") and len(made.sid) == 34
    assert (made.account_sid, made.friendly_name, made.language) == (
        account["account_sid"], "order_update", "en")
    assert made.variables == {"1": "Customer", "2": "0000"}
    assert made.types == {"twilio/text": {"body": "Hi {{1}}, order {{2}} ships."}}
    assert made.url == f"{sim.url}/v1/Content/{made.sid}"
    assert made.links["approval_fetch"].endswith(f"/v1/Content/{made.sid}/ApprovalRequests")
    assert made.date_created is not None
    assert content.contents(made.sid).fetch().types == made.types
    others = [content.contents.create(text_template(f"Note {i}: {{{{1}}}} left.",
                                                    name=f"note_{i}")).sid
              for i in range(2)]
    # Newest first, over pages of one (the SDK follows next_page_url).
    assert [c.sid for c in content.contents.list(page_size=1)] == [*others[::-1], made.sid]
    raw = sim.session.get(f"{sim.url}/v1/Content", params={"PageSize": 2}, timeout=10,
                          auth=(account["account_sid"], account["auth_token"])).json()
    assert raw["meta"]["key"] == "contents" and raw["meta"]["page_size"] == 2
    assert raw["meta"]["next_page_url"].startswith(f"{sim.url}/v1/Content?")
    # The control plane shows the same template, as the Content API made it.
    shown = sim.control("GET", f"/whatsapp/templates/{made.sid}").json()
    assert (shown["status"], shown["account_sid"]) == ("unsubmitted", account["account_sid"])

    assert content.contents(made.sid).delete() is True
    with pytest.raises(TwilioRestException) as gone:
        content.contents(made.sid).fetch()
    assert (gone.value.status, gone.value.code) == (404, 20404)
    # A deleted template cannot be sent (docs api/errors/21655).
    number = next(n["phone_number"] for n in account["numbers"] if n["capabilities"]["sms"])
    sim.control("PUT", f"/numbers/{number}", json={"whatsapp": True})
    response = api("POST", "/Messages.json", data={
        "From": f"whatsapp:{number}", "To": "whatsapp:+15550001234", "ContentSid": made.sid})
    assert (response.status_code, response.json()["code"]) == (400, 21655)


def test_approval_then_send_to_a_handset(sim, content, client, business, handset, receiver):
    made = content.contents.create(text_template(
        "Hi {{1}}, your order {{2}} is ready for pickup.", variables={"2": "(order)"}))
    before = content.contents(made.sid).approval_fetch().fetch()
    assert before.whatsapp["status"] == "unsubmitted" and before.sid == made.sid
    asked = submit(content, made.sid)
    assert (asked.name, asked.category, asked.status, asked.content_type) == (
        "order_update", "UTILITY", "received", "twilio/text")
    phone = handset(name="Ana")
    user = f"whatsapp:{phone}"

    # Received, not yet approved: outside the window it fails with 63016.
    early = client.messages.create(from_=business, to=user, content_sid=made.sid,
                                   content_variables='{"1": "Ana"}')
    sim.advance(REVIEW_SECONDS - 30)
    assert content.contents(made.sid).approval_fetch().fetch().whatsapp["status"] == \
        "received"
    assert client.messages(early.sid).fetch().error_code == 63016
    sim.advance(60)
    approval = content.contents(made.sid).approval_fetch().fetch().whatsapp
    assert (approval["status"], approval["rejection_reason"], approval["name"]) == (
        "approved", "", "order_update")

    sent = client.messages.create(from_=business, to=user, content_sid=made.sid,
                                  content_variables=json.dumps({"1": "Ana", "2": "A-1001"}),
                                  status_callback=receiver.url("/status"))
    assert sent.body == "Hi Ana, your order A-1001 is ready for pickup."
    sim.advance(10)
    statuses = [c.params["MessageStatus"] for c in receiver.wait_for("/status", 3)]
    assert statuses == ["sending", "sent", "delivered"]
    assert [(m["body"], m["from"]) for m in inbox(sim, phone)] == [
        ("Hi Ana, your order A-1001 is ready for pickup.", business)]
    fetched = client.messages(sent.sid).fetch()
    assert (fetched.status, fetched.body) == ("delivered", sent.body)


def test_rejected_by_review_and_forced_paused(sim, content, client, business, handset):
    starts = content.contents.create(text_template("{{1}} is your code."))
    gaps = content.contents.create(text_template("Hello {{1}}, see {{3}} today."))
    fine = content.contents.create(text_template("Your code is {{1}}, {{2}}."))
    for made in (starts, gaps, fine):
        submit(content, made.sid, name="code_message", category="AUTHENTICATION")
    sim.advance(REVIEW_SECONDS + 1)
    starts_review = content.contents(starts.sid).approval_fetch().fetch().whatsapp
    gaps_review = content.contents(gaps.sid).approval_fetch().fetch().whatsapp
    assert starts_review["status"] == "rejected" and "starts or ends" in \
        starts_review["rejection_reason"]
    assert gaps_review["status"] == "rejected" and "sequential" in \
        gaps_review["rejection_reason"]
    assert content.contents(fine.sid).approval_fetch().fetch().whatsapp["status"] == \
        "approved"
    # The control plane forces a status, whatever the review decided.
    forced = sim.control("PUT", f"/whatsapp/templates/{fine.sid}", json={"status": "paused"})
    assert forced.json()["status"] == "paused"
    assert content.contents(fine.sid).approval_fetch().fetch().whatsapp["status"] == "paused"
    user = f"whatsapp:{handset()}"
    rejected = client.messages.create(from_=business, to=user, content_sid=starts.sid,
                                      content_variables='{"1": "1234"}')
    paused = client.messages.create(from_=business, to=user, content_sid=fine.sid,
                                    content_variables='{"1": "1234", "2": "thanks"}')
    sim.advance(10)
    assert client.messages(rejected.sid).fetch().error_code == 63040
    assert client.messages(paused.sid).fetch().error_code == 63041
    # A rejected template may be submitted again; an approved or pending one may not.
    assert submit(content, starts.sid).status == "received"
    with pytest.raises(TwilioRestException) as twice:
        submit(content, starts.sid)
    assert twice.value.status == 400 and "received" in twice.value.msg


def test_refusals_name_the_field(sim, account, content):
    auth = (account["account_sid"], account["auth_token"])

    def post(path, **kwargs):
        return sim.session.post(f"{sim.url}/v1/Content{path}", auth=auth, timeout=10,
                                **kwargs)
    cases = [
        ({"language": "en", "types": {"twilio/media": {"body": "x"}}}, "twilio/media"),
        ({"language": "en", "types": {"twilio/text": {"body": ""}}}, "twilio/text.body"),
        ({"types": {"twilio/text": {"body": "x"}}}, "language"),
        ({"language": "en"}, "types"),
        ({"language": "en", "types": {"twilio/text": {"body": "x"}}, "variables": [1]},
         "variables"),
        ({"language": "en", "types": {"twilio/text": {"body": "x"}}, "colour": 1}, "colour"),
    ]
    for body, field in cases:
        response = post("", json=body)
        assert response.status_code == 400, body
        error = response.json()
        assert list(error) == ["code", "message", "more_info", "status"]
        assert field in error["message"], (body, error)
    form = post("", data={"FriendlyName": "x"})
    assert form.status_code == 400 and "JSON" in form.json()["message"]
    made = content.contents.create(text_template("Hi {{1}}."))
    for body, field in [({"name": "Bad Name", "category": "UTILITY"}, "name"),
                        ({"name": "ok_name", "category": "PROMO"}, "category")]:
        response = post(f"/{made.sid}/ApprovalRequests/whatsapp", json=body)
        assert response.status_code == 400 and field in response.json()["message"], body
    missing = sim.session.get(f"{sim.url}/v1/Content/HX{'0' * 32}", auth=auth, timeout=10)
    assert (missing.status_code, missing.json()["code"]) == (404, 20404)
    wrong = sim.session.get(f"{sim.url}/v1/Content", auth=(auth[0], "x" * 32), timeout=10)
    assert (wrong.status_code, wrong.json()["code"]) == (401, 20003)
    test = sim.session.get(f"{sim.url}/v1/Content", timeout=10,
                           auth=(account["test_account_sid"], account["test_auth_token"]))
    assert (test.status_code, test.json()["code"]) == (403, 20008)


def test_another_world_cannot_see_or_send_it(sim, content, account):
    made = content.contents.create(text_template("Hi {{1}}."))
    other = sim.new_account()
    try:
        auth = (other["account_sid"], other["auth_token"])
        seen = sim.session.get(f"{sim.url}/v1/Content/{made.sid}", auth=auth, timeout=10)
        assert (seen.status_code, seen.json()["code"]) == (404, 20404)
        listed = sim.session.get(f"{sim.url}/v1/Content", auth=auth, timeout=10).json()
        assert listed["contents"] == []
        number = next(n["phone_number"] for n in other["numbers"]
                      if n["capabilities"]["sms"])
        headers = {"X-Smsim-Account": other["account_sid"]}
        sim.session.put(f"{sim.url}/_sim/numbers/{number}", json={"whatsapp": True},
                        headers=headers, timeout=10)
        sent = sim.session.post(
            f"{sim.url}/2010-04-01/Accounts/{other['account_sid']}/Messages.json",
            auth=auth, timeout=10, data={"From": f"whatsapp:{number}",
                                         "To": "whatsapp:+15550009876",
                                         "ContentSid": made.sid})
        assert (sent.status_code, sent.json()["code"]) == (400, 21655)
        assert_conforms("message", sim.session.post(
            f"{sim.url}/2010-04-01/Accounts/{other['account_sid']}/Messages.json",
            auth=auth, timeout=10, data={"From": f"whatsapp:{number}",
                                         "To": "whatsapp:+15550009876",
                                         "Body": "free-form"}).json())
    finally:
        deleted = sim.session.delete(f"{sim.url}/_sim/accounts/{other['account_sid']}",
                                     timeout=10)
        assert deleted.status_code == 204, deleted.text


def test_every_answer_conforms_to_the_openapi_spec(sim, account, content):
    """Each Content API answer, raw, against twilio_content_v1.json (tests/oai): create 201,
    fetch, list (a full page and the last), approval create 201 and approval fetch before,
    during and after WhatsApp's review, update 200, delete 204."""
    auth = (account["account_sid"], account["auth_token"])

    def call(method, path="", **kwargs):
        return sim.session.request(method, f"{sim.url}/v1/Content{path}", auth=auth,
                                   timeout=10, **kwargs)
    created = call("POST", json={"friendly_name": "order_update", "language": "en",
                                 "variables": {"1": "Customer"},
                                 "types": {"twilio/text": {"body": "Hi {{1}}, it ships."}}})
    assert created.status_code == 201, created.text
    made = created.json()
    assert_conforms("content", made)
    bare = call("POST", json={"language": "en", "types": {"twilio/text": {"body": "Hi."}}})
    assert bare.status_code == 201, bare.text
    assert_conforms("content", bare.json())
    fetched = call("GET", f"/{made['sid']}")
    assert fetched.status_code == 200
    assert_conforms("content", fetched.json())
    assert fetched.json() == made

    first = call("GET", params={"PageSize": 1})
    assert first.status_code == 200
    assert_conforms("list_content", first.json())
    last = sim.session.get(first.json()["meta"]["next_page_url"], auth=auth, timeout=10)
    assert_conforms("list_content", last.json())
    assert last.json()["meta"]["next_page_url"] is None
    assert last.json()["meta"]["previous_page_url"] is not None

    approval = f"/{made['sid']}/ApprovalRequests"
    assert_conforms("content_approval_fetch", call("GET", approval).json())
    asked = call("POST", f"{approval}/whatsapp", json={"name": "order_update",
                                                       "category": "UTILITY"})
    assert asked.status_code == 201, asked.text
    assert_conforms("content_approval_create", asked.json())
    assert_conforms("content_approval_fetch", call("GET", approval).json())
    sim.advance(REVIEW_SECONDS + 1)
    decided = call("GET", approval).json()
    assert decided["whatsapp"]["status"] == "approved"
    assert_conforms("content_approval_fetch", decided)
    assert_conforms("content", call("GET", f"/{made['sid']}").json())

    bare_sid = bare.json()["sid"]
    updated = call("PUT", f"/{bare_sid}", json={"types": {"twilio/text": {"body": "Hey."}}})
    assert updated.status_code == 200, updated.text
    assert_conforms("content", updated.json())

    deleted = call("DELETE", f"/{made['sid']}")
    assert (deleted.status_code, deleted.content) == (204, b"")


def test_update_through_the_sdk(sim, content):
    """PUT /v1/Content/{Sid} (OAI UpdateContent): types again, the other fields only when
    given (the SDK sends the unset ones as null); a template under review or approved keeps
    its text (ours)."""
    made = content.contents.create(text_template("Hi {{1}}.", variables={"1": "Customer"}))
    sim.advance(5)
    changed = content.contents(made.sid).update(ContentList.ContentUpdateRequest({
        "types": {"twilio/text": {"body": "Hello {{1}}, welcome."}}}))
    assert changed.types == {"twilio/text": {"body": "Hello {{1}}, welcome."}}
    assert (changed.friendly_name, changed.language, changed.variables) == (
        "order_update", "en", {"1": "Customer"})
    assert changed.date_created == made.date_created
    assert changed.date_updated > made.date_updated
    renamed = content.contents(made.sid).update(ContentList.ContentUpdateRequest({
        "friendly_name": "welcome", "language": "es", "variables": {"1": "Cliente"},
        "types": {"twilio/text": {"body": "Hola {{1}}."}}}))
    assert (renamed.friendly_name, renamed.language, renamed.variables) == (
        "welcome", "es", {"1": "Cliente"})
    assert content.contents(made.sid).fetch().types == {"twilio/text": {"body": "Hola {{1}}."}}
    assert content.contents(made.sid).approval_fetch().fetch().whatsapp["status"] == \
        "unsubmitted"

    with pytest.raises(TwilioRestException) as no_types:
        content.contents(made.sid).update(ContentList.ContentUpdateRequest(
            {"friendly_name": "x"}))
    assert no_types.value.status == 400 and "types" in no_types.value.msg
    submit(content, made.sid)
    with pytest.raises(TwilioRestException) as reviewing:
        content.contents(made.sid).update(ContentList.ContentUpdateRequest(
            {"types": {"twilio/text": {"body": "Changed {{1}}."}}}))
    assert reviewing.value.status == 400 and "received" in reviewing.value.msg
    assert content.contents(made.sid).fetch().types == {"twilio/text": {"body": "Hola {{1}}."}}
