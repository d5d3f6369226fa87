"""The WhatsApp panel's forms on the handsets page (docs/whatsapp.md "On the dashboard"): a
template registered, edited and deleted from the page, and the sandbox's webhooks set from it,
in a real headless Chromium against a real server, in English and Japanese; what the page
saved is then seen where it matters: the official twilio SDK sends the template (delivered
rendered, or 63041 once paused), and a member's message reaches a real webhook receiver,
signed (the SDK's RequestValidator). Each test has its own world (the ``account`` fixture);
the server's clock is manual, so the tests move simulated time themselves."""

from __future__ import annotations

import json
import re

import pytest
from smsim.domain.whatsapp import SANDBOX_NUMBER
from smsim.web.ui.labels import LABELS
from twilio.base.exceptions import TwilioRestException
from twilio.request_validator import RequestValidator
from twilio.rest.content.v1.content import ContentList
from twilio.rest.content.v1.content.approval_create import ApprovalCreateList

from tests import bilingual_pages
from tests.bilingual_pages import reloaded
from tests.browser import (
    By,
    Select,
    horizontal_overflow,
    new_browser,
    save_failure_screenshot,
    untranslated_words,
    wait,
)
from tests.traffic import inbox, text

SANDBOX = f"whatsapp:{SANDBOX_NUMBER}"
# One browser per language for this module (tests/bilingual_pages.py).
browser = bilingual_pages.browser
REVIEW_SECONDS = 600  # ours (docs/whatsapp.md): WhatsApp's decision on the world's clock


def open_handsets(page, sim, account):
    page.get(f"{sim.url}/handsets?world={account['account_sid']}&lang={page.smsim_lang}")
    return wait(page, lambda d: d.find_element(By.ID, "wa-panel"))


def template_form(page):
    return page.find_element(By.ID, "wa-template-form")


def fill(form, name: str, value: str) -> None:
    field = form.find_element(By.NAME, name)
    field.clear()
    if value:
        field.send_keys(value)


def save_template(page, *, sid: str | None = None, body: str | None = None,
                  status: str | None = None, variables: str | None = None):
    """Fill what is given in the template form and press save; the form element."""
    form = template_form(page)
    for name, value in (("sid", sid), ("body", body), ("variables", variables)):
        if value is not None:
            fill(form, name, value)
    if status is not None:
        Select(form.find_element(By.NAME, "status")).select_by_value(status)
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    return form


def refusal(page, form) -> str:
    return wait(page, lambda d: form.find_element(By.TAG_NAME, "output").text)


def templates(sim) -> list[dict]:
    return sim.control("GET", "/whatsapp/templates").json()["templates"]


def row(page, sid: str):
    return page.find_element(By.CSS_SELECTOR, f'table.wa-templates tr[data-sid="{sid}"]')


def test_template_registered_on_the_page_goes_out_then_paused_fails_63041(
        page, sim, account, client, us_number, handset):
    t = LABELS[page.smsim_lang]
    sim.control("PUT", f"/numbers/{us_number}", json={"whatsapp": True}).raise_for_status()
    phone = handset()
    open_handsets(page, sim, account)
    assert page.find_element(By.CSS_SELECTOR, "table.wa-templates tr.empty").text == \
        t["wa_no_templates"]
    # The form offers a fresh SID of Twilio's shape.
    sid = template_form(page).find_element(By.NAME, "sid").get_attribute("value")
    assert re.fullmatch(r"HX[0-9a-f]{32}", sid), sid
    form = save_template(page, body="Hi {{1}}, order {{2}} ships today.", status="approved",
                         variables="2=(your order)")
    reloaded(page, form)
    [saved] = templates(sim)
    assert (saved["sid"], saved["body"], saved["status"], saved["variables"]) == (
        sid, "Hi {{1}}, order {{2}} ships today.", "approved", {"2": "(your order)"})
    status = row(page, sid).find_element(By.CSS_SELECTOR, "td[data-status]")
    assert (status.get_attribute("data-status"), status.text) == (
        "approved", t["tpl_status_approved"])

    # No one wrote first: outside the 24-hour window only the approved template may go.
    sent = client.messages.create(from_=f"whatsapp:{us_number}", to=f"whatsapp:{phone}",
                                  content_sid=sid, content_variables=json.dumps({"1": "Ana"}))
    sim.advance(10)
    delivered = client.messages(sent.sid).fetch()
    assert (delivered.status, delivered.body) == (
        "delivered", "Hi Ana, order (your order) ships today.")
    assert [m["body"] for m in inbox(sim, phone)] == ["Hi Ana, order (your order) ships today."]

    # Edit fills the form with the template; paused from the form.
    row(page, sid).find_element(By.CSS_SELECTOR, "button.wa-template-edit").click()
    form = template_form(page)
    assert form.find_element(By.NAME, "sid").get_attribute("value") == sid
    assert form.find_element(By.NAME, "body").get_attribute("value") == saved["body"]
    assert form.find_element(By.NAME, "variables").get_attribute("value") == "2=(your order)"
    save_template(page, status="paused")
    reloaded(page, form)
    status = row(page, sid).find_element(By.CSS_SELECTOR, "td[data-status]")
    assert (status.get_attribute("data-status"), status.text) == ("paused", t["tpl_status_paused"])
    [paused] = templates(sim)
    assert (paused["status"], paused["body"], paused["variables"]) == (
        "paused", saved["body"], {"2": "(your order)"})
    refused = client.messages.create(from_=f"whatsapp:{us_number}", to=f"whatsapp:{phone}",
                                     content_sid=sid, content_variables='{"1": "Bo"}')
    sim.advance(10)
    failed = client.messages(refused.sid).fetch()
    assert (failed.status, failed.error_code) == ("failed", 63041)
    assert len(inbox(sim, phone)) == 1


def test_bad_template_input_is_refused_naming_the_field_and_changes_nothing(
        page, sim, account):
    t = LABELS[page.smsim_lang]
    kept = "HX" + "ab" * 16
    sim.control("PUT", f"/whatsapp/templates/{kept}", json={
        "body": "Your code is {{1}}.", "status": "approved", "variables": {"1": "0000"},
    }).raise_for_status()
    before = templates(sim)
    open_handsets(page, sim, account)

    form = save_template(page, sid="HX123", body="Hello")
    words = refusal(page, form)
    assert words.startswith(t["wa_form_failed"].format(field=t["wa_field_sid"])), words
    assert "sid: 'HX123' is not HX followed by 32 hex digits" in words
    assert form.find_element(By.NAME, "sid").get_attribute("aria-invalid") == "true"
    # The server's words are data on a Japanese page: marked so, not left as English text.
    detail = form.find_element(By.CSS_SELECTOR, "output .wa-error")
    assert detail.get_dom_attribute("translate") == "no"

    # An existing template given an empty text: refused, naming the text.
    form = save_template(page, sid=kept, body="")
    words = wait(page, lambda d: "body" in form.find_element(By.TAG_NAME, "output").text
                 and form.find_element(By.TAG_NAME, "output").text)
    assert words.startswith(t["wa_form_failed"].format(field=t["wa_field_body"])), words
    assert "body must be the template's text" in words
    assert form.find_element(By.NAME, "body").get_attribute("aria-invalid") == "true"
    assert form.find_element(By.NAME, "sid").get_attribute("aria-invalid") is None

    # Refused in the page before any request: no SID, variables that are not name=value.
    form = save_template(page, sid="", body="Hello")
    wait(page, lambda d: t["wa_sid_required"] in form.find_element(By.TAG_NAME, "output").text)
    form = save_template(page, sid="HX" + "cd" * 16, body="Hello", variables="1=a\nno value")
    expected = t["wa_variables_line"].format(line=2)
    wait(page, lambda d: expected in form.find_element(By.TAG_NAME, "output").text)
    assert form.find_element(By.NAME, "variables").get_attribute("aria-invalid") == "true"
    assert templates(sim) == before
    # The page was not reloaded: the table still shows the one template.
    assert [r.get_attribute("data-sid") for r in page.find_elements(
        By.CSS_SELECTOR, "table.wa-templates tr[data-sid]")] == [kept]


def test_editing_a_template_under_review_keeps_its_review(page, sim, account, client):
    """A template submitted on the Content API is edited on the page (its default variables)
    without touching its status: WhatsApp's review still decides, on the world's clock."""
    client.content.base_url = sim.url
    made = client.content.v1.contents.create(ContentList.ContentCreateRequest({
        "friendly_name": "order_update", "language": "en",
        "types": {"twilio/text": {"body": "Hi {{1}}, your order ships today."}}}))
    client.content.v1.contents(made.sid).approval_create.create(
        ApprovalCreateList.ContentApprovalRequest({"name": "order_update",
                                                   "category": "UTILITY"}))
    t = LABELS[page.smsim_lang]
    open_handsets(page, sim, account)
    status = row(page, made.sid).find_element(By.CSS_SELECTOR, "td[data-status]")
    assert status.text == t["tpl_status_received"]
    row(page, made.sid).find_element(By.CSS_SELECTOR, "button.wa-template-edit").click()
    form = save_template(page, variables="1=Customer")
    reloaded(page, form)
    [edited] = templates(sim)
    assert (edited["status"], edited["variables"], edited["friendly_name"]) == (
        "received", {"1": "Customer"}, "order_update")
    sim.advance(REVIEW_SECONDS)
    assert sim.control("GET", f"/whatsapp/templates/{made.sid}").json()["status"] == "approved"


def test_template_deleted_from_its_row(page, sim, account, client, us_number):
    t = LABELS[page.smsim_lang]
    gone, stays = "HX" + "01" * 16, "HX" + "02" * 16
    for sid in (gone, stays):
        sim.control("PUT", f"/whatsapp/templates/{sid}", json={"body": "Hi {{1}}"}
                    ).raise_for_status()
    open_handsets(page, sim, account)
    button = row(page, gone).find_element(By.CSS_SELECTOR, "button.wa-template-delete")
    assert button.text == t["wa_template_delete"]
    button.click()
    reloaded(page, button)
    assert [r.get_attribute("data-sid") for r in page.find_elements(
        By.CSS_SELECTOR, "table.wa-templates tr[data-sid]")] == [stays]
    assert [x["sid"] for x in templates(sim)] == [stays]
    assert sim.control("GET", f"/whatsapp/templates/{gone}").status_code == 404
    # A deleted template cannot be sent (21655 at create).
    sim.control("PUT", f"/numbers/{us_number}", json={"whatsapp": True}).raise_for_status()
    with pytest.raises(TwilioRestException) as refused:
        client.messages.create(from_=f"whatsapp:{us_number}", to="whatsapp:+15550100001",
                               content_sid=gone)
    assert refused.value.code == 21655


def test_sandbox_webhooks_set_on_the_page_reach_a_real_receiver(
        page, sim, account, handset, receiver):
    t = LABELS[page.smsim_lang]
    open_handsets(page, sim, account)
    assert page.find_element(By.ID, "wa-hook-inbound").text == t["wa_not_set"]
    assert page.find_element(By.ID, "wa-hook-account").text == t["wa_hooks_default_account"]
    form = page.find_element(By.ID, "wa-hooks-form")

    # A URL that is not http(s): refused naming the field, nothing saved.
    fill(form, "inbound_url", "ftp://files.example/wa")
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    words = refusal(page, form)
    assert words.startswith(t["wa_form_failed"].format(field=t["wa_field_inbound_url"])), words
    assert "inbound_url: 'ftp://files.example/wa' is not an http(s) URL" in words
    assert form.find_element(By.NAME, "inbound_url").get_attribute("aria-invalid") == "true"
    assert sim.control("GET", "/whatsapp/sandbox").json()["settings"]["inbound_url"] is None

    fill(form, "inbound_url", receiver.url("/sandbox"))
    Select(form.find_element(By.NAME, "inbound_method")).select_by_value("POST")
    fill(form, "status_callback_url", receiver.url("/status"))
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    reloaded(page, form)
    assert sim.control("GET", "/whatsapp/sandbox").json()["settings"] == {
        "inbound_url": receiver.url("/sandbox"), "inbound_method": "POST",
        "status_callback_url": receiver.url("/status"), "account_sid": account["account_sid"]}
    assert page.find_element(By.ID, "wa-hook-inbound").text == \
        f"POST {receiver.url('/sandbox')}"
    assert page.find_element(By.ID, "wa-hook-status").text == receiver.url("/status")
    assert page.find_element(By.ID, "wa-hook-account").text == account["account_sid"]

    # A member writes to the sandbox: the webhook arrives, signed with the world's account.
    phone = handset(name="Ana")
    phrase = sim.control("GET", "/whatsapp/sandbox").json()["join"]
    text(sim, phone, SANDBOX, phrase, channel="whatsapp")
    sim.advance(5)
    text(sim, phone, SANDBOX, "Is my order ready?", channel="whatsapp")
    sim.advance(5)
    [hook] = receiver.wait_for("/sandbox", 1)
    assert hook.method == "POST"
    assert RequestValidator(account["auth_token"]).validate(
        hook.url, hook.params, hook.headers["X-Twilio-Signature"])
    assert (hook.params["From"], hook.params["To"], hook.params["Body"]) == (
        f"whatsapp:{phone}", SANDBOX, "Is my order ready?")

    # An empty field clears its URL; the other settings stay.
    form = page.find_element(By.ID, "wa-hooks-form")
    fill(form, "status_callback_url", "")
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    reloaded(page, form)
    settings = sim.control("GET", "/whatsapp/sandbox").json()["settings"]
    assert (settings["inbound_url"], settings["status_callback_url"]) == (
        receiver.url("/sandbox"), None)
    assert page.find_element(By.ID, "wa-hook-status").text == t["wa_not_set"]


def test_control_plane_deletes_a_template_and_names_an_unknown_one(sim, account):
    sid = "HX" + "0f" * 16
    sim.control("PUT", f"/whatsapp/templates/{sid}", json={"body": "Hi"}).raise_for_status()
    deleted = sim.control("DELETE", f"/whatsapp/templates/{sid}")
    assert (deleted.status_code, deleted.text) == (204, "")
    assert templates(sim) == []
    missing = sim.control("DELETE", f"/whatsapp/templates/{sid}")
    assert missing.status_code == 404
    assert missing.json() == {"error": f"sid: no template {sid}", "status": 404}
    bad = sim.control("DELETE", "/whatsapp/templates/HX12")
    assert bad.status_code == 400
    assert bad.json()["error"] == "sid: 'HX12' is not HX followed by 32 hex digits"


@pytest.mark.parametrize("width", [1024, 1920])
def test_the_forms_fit_and_speak_japanese(sim, account, request, width):
    """The panel with a template, the webhooks set and a refusal shown passes the classroom's
    checks in Japanese: nothing wider than the window, no English outside data."""
    sim.control("PUT", "/whatsapp/templates/HX" + "9a" * 16, json={
        "body": "Hi {{1}}, your order {{2}} ships today and this text is rather long so "
                "that it has to wrap inside its cell.", "variables": {"1": "Customer"},
        "status": "paused"}).raise_for_status()
    sim.control("PUT", "/whatsapp/sandbox", json={
        "inbound_url": "https://app.example/a/rather/long/path/for/the/whatsapp/sandbox/hook",
        "status_callback_url": "https://app.example/status"}).raise_for_status()
    driver = new_browser(width=width, height=900, lang="ja-JP")
    try:
        driver.get(f"{sim.url}/handsets?world={account['account_sid']}&lang=ja")
        form = wait(driver, lambda d: d.find_element(By.ID, "wa-template-form"))
        save_template(driver, sid="HX1", body="x")
        assert "HX1" in refusal(driver, form)
        driver.find_element(By.CSS_SELECTOR, "button.wa-template-edit").click()
        assert horizontal_overflow(driver) <= 0, f"/handsets is wider than {width} px"
        assert untranslated_words(driver) == [], "English on the Japanese /handsets"
    except Exception:
        save_failure_screenshot(driver, request)
        raise
    finally:
        driver.quit()
