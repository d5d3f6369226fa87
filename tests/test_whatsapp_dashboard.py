"""The trainer's dashboard for WhatsApp (issue 17, docs/whatsapp.md "On the dashboard"), in a
real headless Chromium against a real server, in English and Japanese: a handset card's
WhatsApp side changed from the card and what the official twilio SDK then sees, joining and
leaving the sandbox from the card, a number made a WhatsApp sender from the numbers page, and
the log's WhatsApp symptom filter. Each test has its own world (the ``account`` fixture);
the server's clock is manual, so the tests move simulated time themselves."""

from __future__ import annotations

import pytest
from smsim.domain.whatsapp import SANDBOX_NUMBER
from smsim.web.ui.labels import LABELS

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

SANDBOX = f"whatsapp:{SANDBOX_NUMBER}"
# One browser per language for this module (tests/bilingual_pages.py).
browser = bilingual_pages.browser


def open_page(page, sim, account, path: str):
    page.get(f"{sim.url}{path}?world={account['account_sid']}&lang={page.smsim_lang}")
    return wait(page, lambda d: d.find_element(By.TAG_NAME, "main"))


def card(page, number: str):
    return wait(page, lambda d: d.find_element(
        By.CSS_SELECTOR, f'article.phone[data-number="{number}"]'))


def make_whatsapp_sender(page, sim, account, number: str, t: dict) -> None:
    """The numbers page's switch: the number becomes a WhatsApp sender."""
    open_page(page, sim, account, "/numbers")
    facts = page.find_element(By.CSS_SELECTOR,
                              f'article.number-card[data-number="{number}"] .number-whatsapp')
    assert facts.get_attribute("data-whatsapp") == "false"
    assert t["number_whatsapp_off"] in facts.text
    button = facts.find_element(By.CSS_SELECTOR, "button.wa-sender")
    assert button.text == t["number_whatsapp_enable"]
    button.click()
    reloaded(page, button)
    facts = page.find_element(By.CSS_SELECTOR,
                              f'article.number-card[data-number="{number}"] .number-whatsapp')
    assert facts.get_attribute("data-whatsapp") == "true"
    assert t["number_whatsapp_on"] in facts.text
    assert sim.control("GET", f"/numbers/{number}").json()["whatsapp"] is True


def write_first(page, sim, account, phone: str, number: str) -> None:
    """The handset's compose form, channel WhatsApp: the user writes first, which opens the
    24-hour window; 5 simulated seconds later it has arrived."""
    open_page(page, sim, account, "/handsets")
    compose = card(page, phone).find_element(By.CSS_SELECTOR, "form.compose")
    Select(compose.find_element(By.NAME, "channel")).select_by_value("whatsapp")
    Select(compose.find_element(By.NAME, "to")).select_by_visible_text(number)
    compose.find_element(By.NAME, "body").send_keys("Where is my order?")
    compose.find_element(By.CSS_SELECTOR, "button").click()
    wait(page, lambda d: compose.find_element(By.TAG_NAME, "output").text)
    [sent] = sim.control("GET", f"/handsets/{phone}/outbox").json()["messages"]
    assert sent["to"] == f"whatsapp:{number}" and sent["outcome"] == "in_transit", sent
    sim.advance(5)


def status_of(client, sid: str):
    return client.messages(sid).fetch()


def test_whatsapp_switched_off_on_the_card_then_the_sdk_send_fails_63003(
        page, sim, account, client, us_number, handset):
    t = LABELS[page.smsim_lang]
    phone = handset()
    make_whatsapp_sender(page, sim, account, us_number, t)
    write_first(page, sim, account, phone, us_number)
    open_page(page, sim, account, "/handsets")
    side = card(page, phone).find_element(By.CSS_SELECTOR, ".wa-side")
    installed = side.find_element(By.CSS_SELECTOR, ".wa-installed")
    assert installed.get_attribute("data-installed") == "true"
    assert installed.text == t["wa_installed"]
    box = side.find_element(By.CSS_SELECTOR, "form.wa-settings input[name=installed]")
    box.click()
    side.find_element(By.CSS_SELECTOR, "form.wa-settings button").click()
    reloaded(page, box)
    installed = card(page, phone).find_element(By.CSS_SELECTOR, ".wa-side .wa-installed")
    assert installed.get_attribute("data-installed") == "false"
    assert installed.text == t["wa_not_installed"]
    assert sim.control("GET", f"/handsets/{phone}").json()["whatsapp"]["installed"] is False
    # The compose form no longer offers WhatsApp: this phone has none.
    channels = card(page, phone).find_elements(By.CSS_SELECTOR, "select[name=channel] option")
    assert [o.get_attribute("value") for o in channels] == ["sms"]

    sid = client.messages.create(from_=f"whatsapp:{us_number}", to=f"whatsapp:{phone}",
                                 body="It ships today.").sid
    sim.advance(5)
    message = status_of(client, sid)
    assert (message.status, message.error_code) == ("failed", 63003)
    open_page(page, sim, account, "/")
    row = wait(page, lambda d: d.find_element(By.CSS_SELECTOR, f'tr[data-sid="{sid}"]'))
    assert row.find_element(By.CSS_SELECTOR, ".channel-whatsapp").text == t["channel_whatsapp"]
    assert row.find_element(By.CSS_SELECTOR, ".badge[data-status]").text == t["status_failed"]
    assert "63003" in row.find_element(By.CSS_SELECTOR, "td.error").text


def test_reads_after_set_on_the_card_then_read_once_the_clock_moves(
        page, sim, account, client, us_number, handset):
    t = LABELS[page.smsim_lang]
    phone = handset()
    sim.control("PUT", f"/numbers/{us_number}", json={"whatsapp": True}).raise_for_status()
    write_first(page, sim, account, phone, us_number)
    open_page(page, sim, account, "/handsets")
    side = card(page, phone).find_element(By.CSS_SELECTOR, ".wa-side")
    assert side.find_element(By.CSS_SELECTOR, ".wa-reads").text == t["wa_reads_never"]
    form = side.find_element(By.CSS_SELECTOR, "form.wa-settings")
    Select(form.find_element(By.NAME, "reads_mode")).select_by_value("after")
    seconds = form.find_element(By.NAME, "reads_after")
    seconds.clear()
    seconds.send_keys("30")
    form.find_element(By.TAG_NAME, "button").click()
    reloaded(page, form)
    reads = card(page, phone).find_element(By.CSS_SELECTOR, ".wa-side .wa-reads")
    assert reads.get_attribute("data-reads-after") == "30"
    assert reads.text == t["wa_reads_after"].format(seconds="30")

    sid = client.messages.create(from_=f"whatsapp:{us_number}", to=f"whatsapp:{phone}",
                                 body="It ships today.").sid
    sim.advance(5)
    assert status_of(client, sid).status == "delivered"
    sim.advance(30)
    assert status_of(client, sid).status == "read"
    open_page(page, sim, account, f"/messages/{sid}")
    assert page.find_element(By.ID, "message-status").text == t["status_read"]
    assert page.find_element(By.ID, "message-channel").text == t["channel_whatsapp"]
    # The timeline says who read it and when, in the page's language.
    steps = page.find_element(By.ID, "timeline").text
    assert t["reason_wa_read"].format(seconds="30") in steps
    # WhatsApp, not a carrier, takes the message: the drawing and the steps say so.
    drawn = wait(page, lambda d: d.find_element(By.CSS_SELECTOR, "svg.timeline").text)
    for words in (drawn, steps):
        assert t["tl_wa_handed_to_carrier"] in words
        assert t["tl_handed_to_carrier"] not in words
    assert t["tl_phase_whatsapp"].split("{")[0].strip() in drawn


def test_join_the_sandbox_from_the_card_then_leave_it(page, sim, account, client, handset):
    t = LABELS[page.smsim_lang]
    phone = handset()
    phrase = sim.control("GET", "/whatsapp/sandbox").json()["join"]
    open_page(page, sim, account, "/handsets")
    assert page.find_element(By.ID, "wa-join-phrase").text == phrase
    assert page.find_element(By.ID, "wa-sandbox-number").text == SANDBOX
    membership = card(page, phone).find_element(By.CSS_SELECTOR, ".wa-membership")
    assert membership.text == t["wa_not_member"]
    button = card(page, phone).find_element(By.CSS_SELECTOR, "button.wa-join")
    button.click()
    reloaded(page, button)
    # The real path: the phone sent the phrase over WhatsApp, it is on its way.
    [sent] = sim.control("GET", f"/handsets/{phone}/outbox").json()["messages"]
    assert (sent["to"], sent["body"], sent["outcome"]) == (SANDBOX, phrase, "in_transit")
    sim.advance(5)
    [member] = sim.control("GET", "/whatsapp/sandbox").json()["members"]
    assert member["number"] == phone and member["active"]
    open_page(page, sim, account, "/handsets")
    membership = card(page, phone).find_element(By.CSS_SELECTOR, ".wa-membership")
    assert membership.get_attribute("data-member") == "true"
    until = member["expires_at"][:19].replace("T", " ")
    assert membership.text == t["wa_member_until"].format(until=until)
    fate = card(page, phone).find_element(By.CSS_SELECTOR, "ol.outbox li .fate")
    assert fate.text == t["wa_outbox_joined"]
    row = page.find_element(By.CSS_SELECTOR, f'table.wa-members tr[data-number="{phone}"]')
    assert row.get_attribute("data-active") == "true" and until in row.text
    joined = client.messages.create(from_=SANDBOX, to=f"whatsapp:{phone}", body="Hi").sid
    sim.advance(5)
    assert status_of(client, joined).status == "delivered"

    button = card(page, phone).find_element(By.CSS_SELECTOR, "button.wa-leave")
    assert button.text == t["wa_leave"]
    button.click()
    reloaded(page, button)
    membership = card(page, phone).find_element(By.CSS_SELECTOR, ".wa-membership")
    assert membership.text == t["wa_not_member"]
    assert sim.control("GET", "/whatsapp/sandbox").json()["members"] == []
    left = client.messages.create(from_=SANDBOX, to=f"whatsapp:{phone}", body="Hi again").sid
    sim.advance(5)
    message = status_of(client, left)
    assert (message.status, message.error_code) == ("failed", 63015)


def test_stop_to_the_sandbox_reads_as_leaving_it_on_the_card(page, sim, account, handset):
    """A member's ``stop`` ends its membership (docs/whatsapp.md); the card says so."""
    t = LABELS[page.smsim_lang]
    phone = handset()
    phrase = sim.control("GET", "/whatsapp/sandbox").json()["join"]
    for body in (phrase, "stop"):
        sim.control("POST", f"/handsets/{phone}/messages", json={
            "channel": "whatsapp", "to": SANDBOX, "body": body}).raise_for_status()
        sim.advance(5)
    assert sim.control("GET", "/whatsapp/sandbox").json()["members"] == []
    open_page(page, sim, account, "/handsets")
    fates = [f.text for f in card(page, phone).find_elements(By.CSS_SELECTOR,
                                                             "ol.outbox li .fate")]
    assert t["wa_outbox_left"] in fates and t["wa_outbox_joined"] in fates, fates


def test_the_log_filters_a_window_closed_message(page, sim, account, client, us_number):
    t = LABELS[page.smsim_lang]
    sim.control("PUT", f"/numbers/{us_number}", json={"whatsapp": True}).raise_for_status()
    closed = client.messages.create(from_=f"whatsapp:{us_number}", to="whatsapp:+15550900001",
                                    body="Your order has shipped.").sid
    sms = client.messages.create(from_=us_number, to="+15550900002", body="plain SMS").sid
    sim.advance(60)
    assert status_of(client, closed).error_code == 63016
    open_page(page, sim, account, "/")
    rows = {r.get_attribute("data-sid") for r in page.find_elements(By.CSS_SELECTOR,
                                                                    "#log-rows tr[data-sid]")}
    assert rows == {closed, sms}
    choice = Select(page.find_element(By.ID, "log-symptom"))
    option = page.find_element(By.CSS_SELECTOR,
                               '#log-symptom option[value="whatsapp-window-closed"]')
    assert option.text == t["sym_whatsapp-window-closed"]
    group = option.find_element(By.XPATH, "..")
    assert group.get_attribute("label") == t["sym_whatsapp_group"]
    choice.select_by_value("whatsapp-window-closed")
    button = page.find_element(By.CSS_SELECTOR, "form.filters button[type=submit]")
    button.click()
    reloaded(page, button)
    assert "symptom=whatsapp-window-closed" in page.current_url
    shown = [r.get_attribute("data-sid") for r in page.find_elements(
        By.CSS_SELECTOR, "#log-rows tr[data-sid]")]
    assert shown == [closed]


def test_leaving_the_sandbox_is_refused_clearly(sim, account, handset):
    phone = handset()
    missing = sim.control("DELETE", f"/whatsapp/sandbox/members/{phone}")
    assert missing.status_code == 404
    assert missing.json() == {"error": f"number: {phone} is not a member of the sandbox",
                              "status": 404}
    bad = sim.control("DELETE", "/whatsapp/sandbox/members/not-a-number")
    assert bad.status_code == 400 and bad.json()["error"].startswith("number:")
    phrase = sim.control("GET", "/whatsapp/sandbox").json()["join"]
    sent = sim.control("POST", f"/handsets/{phone}/messages",
                       json={"channel": "whatsapp", "to": SANDBOX, "body": phrase})
    assert sent.status_code == 201, sent.text
    sim.advance(5)
    [member] = sim.control("GET", "/whatsapp/sandbox").json()["members"]
    assert member["active"] and member["expires_at"] > member["joined_at"]
    left = sim.control("DELETE", f"/whatsapp/sandbox/members/{phone}")
    assert left.status_code == 200 and left.json()["members"] == []



@pytest.mark.parametrize("width", [1024, 1920])
def test_whatsapp_pages_fit_and_speak_japanese(sim, account, client, us_number, handset,
                                               request, width):
    """The pages with everything WhatsApp shows filled in (a member, a template, a read
    message, a window-closed one, the filter) pass the classroom's checks in Japanese."""
    phone = handset(name="Ana", whatsapp={"reads_after": 10})
    sim.control("PUT", f"/numbers/{us_number}", json={"whatsapp": True}).raise_for_status()
    sim.control("PUT", "/whatsapp/templates/HX0123456789abcdef0123456789abcdef", json={
        "body": "Hi {{1}}, your order {{2}} ships today.", "approved": False,
    }).raise_for_status()
    phrase = sim.control("GET", "/whatsapp/sandbox").json()["join"]
    for to, body in ((SANDBOX, phrase), (f"whatsapp:{us_number}", "Where is my order?")):
        sim.control("POST", f"/handsets/{phone}/messages",
                    json={"channel": "whatsapp", "to": to, "body": body}).raise_for_status()
    sim.advance(5)
    read = client.messages.create(from_=f"whatsapp:{us_number}", to=f"whatsapp:{phone}",
                                  body="It ships today.").sid
    client.messages.create(from_=f"whatsapp:{us_number}", to="whatsapp:+15550900004",
                           body="Out of the window")
    sim.advance(30)
    assert client.messages(read).fetch().status == "read"
    driver = new_browser(width=width, height=900, lang="ja-JP")
    try:
        for path in ("/handsets", "/numbers", "/", f"/messages/{read}"):
            query = "&symptom=whatsapp-window-closed" if path == "/" else ""
            driver.get(f"{sim.url}{path}?world={account['account_sid']}&lang=ja{query}")
            wait(driver, lambda d: d.find_element(By.TAG_NAME, "main").text.strip())
            assert horizontal_overflow(driver) <= 0, f"{path} is wider than {width} px"
            assert untranslated_words(driver) == [], f"English on the Japanese {path}"
        assert driver.find_element(By.ID, "message-status").text == "既読"
        # The templates panel names the approval status in the page's language.
        driver.get(f"{sim.url}/handsets?world={account['account_sid']}&lang=ja")
        status = wait(driver, lambda d: d.find_element(
            By.CSS_SELECTOR, 'table.wa-templates td[data-status]'))
        assert (status.get_attribute("data-status"), status.text) == ("unsubmitted", "未申請")
    except Exception:
        save_failure_screenshot(driver, request)
        raise
    finally:
        driver.quit()
