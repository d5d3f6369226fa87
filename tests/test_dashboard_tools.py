"""The classroom's tools on the dashboard (issue 15), in a real headless Chromium against a
real ``smsim serve``: the send form goes through the Twilio API (auth, fault rules, the
request log), bursts and test credentials; handset cards say what their carrier does, mark
hidden copies and tell where a text stopped in words; new handsets for short codes and other
countries; numbers with their webhooks and send rate; fault rules as sentences, presets
narrowed and shown on; the clock's state; the API request log. Each test acts in a world of
its own (an account made for it, deleted after)."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

import pytest
from twilio.base.exceptions import TwilioRestException

from tests.browser import By, Select, ec, wait
from tests.receiver import start_receiver
from tests.server import Simulator, start_simulator

OURS = "+15017122661"  # every account's SMS number
JAPANESE_NUMBER_PREFIX = "+8150"
LABELS = tomllib.loads((Path(__file__).resolve().parents[1] / "simulator" / "web" / "ui"
                        / "labels" / "tools.toml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    simulator = start_simulator(tmp_path_factory.mktemp("tools"))
    yield simulator
    simulator.stop()


@dataclass
class World:
    server: Simulator
    account: dict

    @property
    def sid(self) -> str:
        return self.account["account_sid"]

    def control(self, method: str, path: str, **kwargs):
        return self.server.control(method, path, headers={"X-Smsim-Account": self.sid},
                                   **kwargs)

    def url(self, path: str, lang: str | None = None) -> str:
        joiner = "&" if "?" in path else "?"
        return (f"{self.server.url}{path}{joiner}world={self.sid}"
                + (f"&lang={lang}" if lang else ""))

    def client(self, test: bool = False):
        if test:
            return self.server.client(self.account["test_account_sid"],
                                      self.account["test_auth_token"])
        return self.server.client(self.sid, self.account["auth_token"])

    def advance(self, seconds: float) -> None:
        response = self.control("POST", "/clock/advance", json={"seconds": seconds})
        assert response.status_code == 200, response.text

    def requests(self) -> list[dict]:
        response = self.control("GET", "/requests")
        assert response.status_code == 200, response.text
        return response.json()["requests"]

    def preset(self, name: str) -> None:
        assert self.control("DELETE", "/faults").status_code == 200
        response = self.control("POST", f"/faults/presets/{name}", json={})
        assert response.status_code == 201, response.text


@pytest.fixture
def world(server):
    made = World(server, server.new_account("Classroom tools"))
    yield made
    server.control("DELETE", f"/accounts/{made.sid}")


# --- the send form ------------------------------------------------------------------------------

def fill_send_form(page, world: World, to: str, body: str = "from the form", count=None,
                   lang: str | None = None, test: bool = False) -> None:
    page.get(world.url("/send", lang))
    Select(page.find_element(By.ID, "send-from")).select_by_value(OURS)
    if test:
        page.find_element(By.ID, "send-test").click()
    page.find_element(By.ID, "send-to").send_keys(to)
    field = page.find_element(By.ID, "send-body")
    field.clear()
    field.send_keys(body)
    if count is not None:
        counter = page.find_element(By.ID, "send-count")
        counter.clear()
        counter.send_keys(str(count))
    page.find_element(By.ID, "send-button").click()


def outcomes(page) -> list:
    return wait(page, lambda d: d.find_elements(By.CSS_SELECTOR, "#send-result .send-outcome"))


@pytest.mark.parametrize("preset, code, status", [
    ("wrong-credentials", 20003, 401), ("invalid-to", 21211, 400),
    ("blacklisted-pair", 21610, 400)])
def test_the_send_form_meets_the_api_refusals(page, world, preset, code, status):
    """With an api preset loaded, the form's send is refused as an SDK's would be: Twilio's
    code, message and more_info on the page, and the POST in the request log."""
    world.preset(preset)
    fill_send_form(page, world, "+15550300001")
    [outcome] = outcomes(page)
    error = outcome.find_element(By.CSS_SELECTOR, ".send-error")
    assert error.text.startswith(f"{code}: ") and f"(HTTP {status})" in error.text
    link = error.find_element(By.CSS_SELECTOR, "a.more-info")
    assert link.get_attribute("href") == f"https://www.twilio.com/docs/errors/{code}"
    assert not outcome.find_elements(By.CSS_SELECTOR, ".send-status")
    logged = world.requests()[-1]
    assert (logged["method"], logged["path"]) == (
        "POST", f"/2010-04-01/Accounts/{world.sid}/Messages.json")
    assert (logged["status"], logged["error_code"], logged["credential"], logged["sid"]) == (
        status, code, world.sid, None)
    assert logged["params"] == {"From": OURS, "To": "+15550300001", "Body": "from the form"}


def test_a_send_without_faults_is_an_api_create_that_moves(page, world):
    fill_send_form(page, world, "+15550300002")
    [outcome] = outcomes(page)
    sid = outcome.get_attribute("data-sid")
    assert sid.startswith("SM")
    assert outcome.find_element(By.CSS_SELECTOR, ".send-status").text == "queued"
    logged = world.requests()[-1]
    assert (logged["method"], logged["status"], logged["sid"]) == ("POST", 201, sid)
    world.advance(30)
    wait(page, lambda d: outcome.find_element(By.CSS_SELECTOR, ".send-status").text
         == "delivered")
    assert world.client().messages(sid).fetch().status == "delivered"


def test_a_burst_of_twenty_is_twenty_api_creates(page, world):
    fill_send_form(page, world, "+15550300003", "burst", count=20)
    wait(page, lambda d: len(d.find_elements(By.CSS_SELECTOR, "li.send-outcome[data-sid]"))
         == 20)
    sids = [li.get_attribute("data-sid")
            for li in page.find_elements(By.CSS_SELECTOR, "li.send-outcome[data-sid]")]
    assert len(set(sids)) == 20
    assert [b.text for b in page.find_elements(By.CSS_SELECTOR, ".send-status")] \
        == ["queued"] * 20
    assert "20 created, 0 refused" in page.find_element(By.CSS_SELECTOR, ".send-summary").text
    listed = {m.sid for m in world.client().messages.list(to="+15550300003")}
    assert listed == set(sids)
    posts = [r for r in world.requests() if r["method"] == "POST"]
    assert [r["sid"] for r in posts] == sids and {r["status"] for r in posts} == {201}


@pytest.mark.parametrize("count", ["0", "101", "2.5", "-3"])
def test_a_count_out_of_range_is_refused_naming_the_field(page, world, count):
    before = len(world.requests())
    fill_send_form(page, world, "+15550300004", count=count)
    error = wait(page, ec.visibility_of_element_located((By.ID, "send-form-error")))
    assert error.text == "How many: enter a whole number from 1 to 100."
    assert page.find_element(By.ID, "send-count").get_attribute("aria-invalid") == "true"
    assert not page.find_elements(By.CSS_SELECTOR, ".send-outcome")
    assert len(world.requests()) == before  # nothing reached the API
    fill_send_form(page, world, "+15550300004", count=count, lang="ja")
    error = wait(page, ec.visibility_of_element_located((By.ID, "send-form-error")))
    assert error.text == "件数: 1から100までの整数を入力してください。"


def test_test_credentials_answer_queued_and_nothing_moves(page, world):
    fill_send_form(page, world, "+15550300005", "never sent", test=True)
    [outcome] = outcomes(page)
    sid = outcome.get_attribute("data-sid")
    assert outcome.find_element(By.CSS_SELECTOR, ".send-status").text == "queued"
    test_sid = world.account["test_account_sid"]
    assert test_sid in page.find_element(By.CSS_SELECTOR, ".send-summary").text
    assert page.find_element(By.CSS_SELECTOR, ".send-test-note").is_displayed()
    logged = world.requests()[-1]
    assert (logged["credential"], logged["status"], logged["sid"]) == (test_sid, 201, sid)
    # The form chose Twilio's magic From: the only one test credentials accept.
    assert logged["params"]["From"] == "+15005550006"
    world.advance(120)
    states = world.server.session.get(f"{world.server.url}/ui/api/send/states?sid={sid}",
                                      headers={"X-Smsim-Account": world.sid}, timeout=10)
    assert states.json()["states"][sid]["status"] == "queued"
    inbox = world.control("GET", "/handsets/+15550300005/inbox?all=true").json()
    assert inbox["messages"] == []
    assert world.control("GET", f"/webhooks?message={sid}").json()["webhooks"] == []
    assert world.client().messages.list(to="+15550300005") == []  # not in the live log


# --- handsets -----------------------------------------------------------------------------------

def card(page, number: str):
    return wait(page, ec.presence_of_element_located(
        (By.CSS_SELECTOR, f'article.phone[data-number="{number}"]')))


def test_the_demo_cards_show_the_carrier_and_hidden_copies(page, tmp_path):
    """The demo's EchoTel delivers every message twice to +15550101004; +15550101006 blocks
    the sender, so its copy is received but hidden: both say so on the card, in words."""
    demo = start_simulator(tmp_path / "demo", extra_args=("--demo",))
    try:
        demo.advance(150)
        page.get(demo.url + "/handsets")
        echo = card(page, "+15550101004")
        carrier = echo.find_element(By.CSS_SELECTOR, "p.carrier")
        assert carrier.text.startswith("Carrier: EchoTel")
        assert "delivers every message twice, 4 s apart" in carrier.text
        assert "carrier-special" in carrier.get_attribute("class")
        copies = echo.find_elements(By.CSS_SELECTOR, "ol.inbox li")
        assert len(copies) == 2 and "Copy 2" in copies[0].text
        blocker = card(page, "+15550101006")
        hidden = blocker.find_element(By.CSS_SELECTOR, "ol.inbox li.hidden-copy")
        badge = hidden.find_element(By.CSS_SELECTOR, ".hidden-badge")
        assert badge.text == "hidden copy" and badge.value_of_css_property("font-style") \
            == "normal"
        assert "the sender is on the block list" in hidden.text
        plain = card(page, "+15550101001").find_element(By.CSS_SELECTOR, "p.carrier")
        assert plain.text == "Carrier: US-mobile · delivers in 5–10 s"

        page.get(demo.url + "/handsets?lang=ja")
        assert "すべてのメッセージを4秒間隔で2回配信する" in card(page, "+15550101004").text
        assert card(page, "+15550101006").find_element(
            By.CSS_SELECTOR, ".hidden-badge").text == "非表示のコピー"
    finally:
        demo.stop()


def compose(page, number: str, body: str, to: str = OURS) -> str:
    form = card(page, number).find_element(By.CSS_SELECTOR, "form.compose")
    Select(form.find_element(By.NAME, "to")).select_by_visible_text(to)
    form.find_element(By.NAME, "body").send_keys(body)
    output = form.find_element(By.TAG_NAME, "output")
    page.execute_script("arguments[0].textContent = ''", output)
    form.find_element(By.CSS_SELECTOR, "button").click()
    return wait(page, lambda d: output.text)


def test_compose_results_are_sentences_and_the_outbox_wraps(page, world):
    off, on = "+15550300010", "+15550300011"
    world.control("PUT", f"/handsets/{off}", json={"power": "off"})
    world.control("PUT", f"/handsets/{on}", json={"name": "Grace"})
    page.get(world.url("/handsets"))
    assert compose(page, off, "hello?") == "Not sent: the phone is switched off."
    said = compose(page, on, "y" * 300)
    assert re.fullmatch(rf"On its way to \{OURS}: it should arrive in about \d+ s\.", said)
    # The outbox shows it at once, and again after a reload; nothing scrolls sideways.
    assert said in card(page, on).find_element(By.CSS_SELECTOR, "ol.outbox").text
    japanese_number = next(n["phone_number"] for n in world.account["numbers"]
                           if n["phone_number"].startswith(JAPANESE_NUMBER_PREFIX))
    assert compose(page, on, "to the Japanese number", japanese_number) == (
        f"Lost: {japanese_number} cannot receive SMS (it has no SMS capability).")
    page.get(world.url("/handsets"))
    outbox = card(page, on).find_element(By.CSS_SELECTOR, "ol.outbox")
    assert said in outbox.text
    assert page.execute_script(
        "return [...document.querySelectorAll('ol.outbox, ol.inbox, article.phone')]"
        ".filter(e => e.scrollWidth > e.clientWidth + 1).length") == 0
    world.advance(30)
    page.get(world.url("/handsets", "ja"))
    assert compose(page, off, "もしもし") == "送信されませんでした: 端末の電源が切れています。"
    assert f"{OURS} が受信しました" in card(page, on).find_element(
        By.CSS_SELECTOR, "ol.outbox").text


def add_handset(page, number: str, name: str = "") -> None:
    page.find_element(By.ID, "add-handset-number").send_keys(number)
    if name:
        page.find_element(By.ID, "add-handset-name").send_keys(name)
    page.find_element(By.ID, "add-handset-button").click()


def test_add_a_short_code_and_a_foreign_handset(page, world):
    page.get(world.url("/handsets"))
    add_handset(page, "12345", "Bank alerts")
    wait(page, lambda d: "added=12345" in d.current_url)
    first = page.find_element(By.CSS_SELECTOR, "article.phone")
    assert first.get_attribute("data-number") == "12345"
    assert "Bank alerts" in first.text and "Short code" in first.text
    assert "just-added" in first.get_attribute("class")
    assert f"world={world.sid}" in page.current_url
    # The lesson a short-code handset teaches: it cannot text a Twilio number.
    assert compose(page, "12345", "hello") == (
        "Lost: 12345 is a short code, and short-code carriers only deliver to mobile numbers,"
        " not to a Twilio number.")

    add_handset(page, "+44 7700 900123")
    wait(page, lambda d: "added=%2B447700900123" in d.current_url)
    foreign = card(page, "+447700900123")
    facts = foreign.find_element(By.CSS_SELECTOR, ".handset-facts").text
    assert "Country: GB" in facts and "Mobile" in facts
    assert foreign.find_element(By.CSS_SELECTOR, "p.carrier").text.startswith(
        "Carrier: GB-mobile")
    registered = {h["number"] for h in world.control("GET", "/handsets").json()["handsets"]}
    assert {"12345", "+447700900123"} <= registered

    add_handset(page, "call me")
    error = wait(page, ec.visibility_of_element_located((By.ID, "add-handset-error")))
    assert error.text.startswith("Number: enter a short code (3–8 digits)")
    page.get(world.url("/handsets", "ja"))
    add_handset(page, "+1")
    error = wait(page, ec.visibility_of_element_located((By.ID, "add-handset-error")))
    assert error.text.startswith("番号: ショートコード")
    assert len(world.control("GET", "/handsets").json()["handsets"]) == len(registered)


# --- numbers ------------------------------------------------------------------------------------

def test_numbers_show_their_webhooks_rate_and_recent_webhooks(page, world):
    app = start_receiver()
    try:
        sms_url, status_url = app.url("/sms"), app.url("/status")
        client = world.client()
        [ours] = client.incoming_phone_numbers.list(phone_number=OURS)
        ours.update(sms_url=sms_url, status_callback=status_url)
        assert world.control("PUT", f"/numbers/{OURS}",
                             json={"send_rate": 5}).status_code == 200
        client.messages.create(to="+15550300020", from_=OURS, body="watch my callbacks")
        world.control("POST", "/handsets/+15550300021/messages",
                      json={"to": OURS, "body": "hello there"})
        world.advance(30)
        assert app.wait_for("/status", 3) and app.wait_for("/sms", 1)

        page.get(world.url("/numbers"))
        number = wait(page, ec.presence_of_element_located(
            (By.CSS_SELECTOR, f'article.number-card[data-number="{OURS}"]')))
        assert number.find_element(By.CSS_SELECTOR, ".number-sms-url").text \
            == f"POST {sms_url}"
        assert number.find_element(By.CSS_SELECTOR, ".number-status-callback").text \
            == f"POST {status_url}"
        assert number.find_element(By.CSS_SELECTOR, ".number-rate").text == (
            "5 segments per second (set for this number with PUT /_sim/numbers)")
        rows = [[cell.text for cell in row.find_elements(By.TAG_NAME, "td")]
                for row in number.find_elements(By.CSS_SELECTOR, ".number-webhooks tbody tr")]
        kinds = {(row[1], row[2]) for row in rows}
        assert {("Status callback", "delivered"), ("Status callback", "sent"),
                ("Incoming message", "received")} <= kinds
        assert {row[4] for row in rows} == {"HTTP 200"}
        assert {row[3] for row in rows} == {sms_url, status_url}

        japanese = next(n["phone_number"] for n in world.account["numbers"]
                        if n["phone_number"].startswith(JAPANESE_NUMBER_PREFIX))
        other = page.find_element(By.CSS_SELECTOR,
                                  f'article.number-card[data-number="{japanese}"]')
        assert "No SMS" in other.text
        assert other.find_element(By.CSS_SELECTOR, ".number-rate").text == (
            "10 segments per second (a long code's rate outside the US and Canada)")
        assert "No webhooks lately." in other.text
        page.get(world.url("/numbers", "ja"))
        other = page.find_element(By.CSS_SELECTOR,
                                  f'article.number-card[data-number="{japanese}"]')
        assert "SMS非対応" in other.text and "毎秒10セグメント" in other.text
    finally:
        app.stop()


# --- faults and the clock -----------------------------------------------------------------------

def preset_row(page, name: str):
    return page.find_element(By.CSS_SELECTOR, f'tr[data-preset-row="{name}"]')


def test_a_preset_narrowed_from_the_page_reads_as_a_sentence(page, world):
    target = "+15550300030"
    page.get(world.url("/faults"))
    assert page.find_element(By.ID, "rules").text == "No fault rules: everything works."
    assert preset_row(page, "blacklisted-pair").find_element(
        By.CSS_SELECTOR, ".preset-state").text == "off"
    page.find_element(By.ID, "preset-from").send_keys(OURS)
    page.find_element(By.ID, "preset-to").send_keys(target)
    page.find_element(By.CSS_SELECTOR, '[data-preset="blacklisted-pair"]').click()
    wait(page, lambda d: d.find_elements(By.CSS_SELECTOR, "#rules li[data-rule]"))
    [rule] = world.control("GET", "/faults").json()["faults"]
    assert rule["match"] == {"from": OURS, "to": target, "request": "create"}
    assert preset_row(page, "blacklisted-pair").find_element(
        By.CSS_SELECTOR, ".preset-state").text == "ON 1 rule"
    sentence = page.find_element(By.CSS_SELECTOR, "#rules .rule-sentence").text
    assert sentence.startswith(f"Matches message creates (POST Messages.json) from {OURS}, "
                               f"to {target}. "
                               "Effect: answers HTTP 400 with error 21610")
    assert sentence.endswith("Fired 0 of the 0 times it matched.")

    client = world.client()
    with pytest.raises(TwilioRestException) as refused:
        client.messages.create(to=target, from_=OURS, body="offer")
    assert refused.value.code == 21610
    client.messages.create(to="+15550300031", from_=OURS, body="another pair passes")
    page.get(world.url("/faults"))
    assert page.find_element(By.CSS_SELECTOR, "#rules .rule-fired").text \
        == "Fired 1 of the 1 times it matched."
    page.get(world.url("/faults", "ja"))
    assert page.find_element(By.CSS_SELECTOR, "#rules .rule-sentence").text == (
        f"対象: メッセージ作成リクエスト (送信元 {OURS}、宛先 {target})。 "
        "効果: HTTP 400、エラー 21610 で応答する。 該当1回のうち1回発動しました。")
    assert preset_row(page, "blacklisted-pair").find_element(
        By.CSS_SELECTOR, ".preset-state").text == "オン ルール1件"

    page.get(world.url("/faults"))
    page.find_element(By.ID, "preset-from").send_keys("not a number")
    page.find_element(By.CSS_SELECTOR, '[data-preset="filtered-long-code"]').click()
    error = wait(page, ec.visibility_of_element_located((By.ID, "preset-error")))
    assert error.text == "From: not a phone number, short code or sender ID."
    assert len(world.control("GET", "/faults").json()["faults"]) == 1
    page.find_element(By.CSS_SELECTOR, '[data-preset-off]').click()
    wait(page, lambda d: preset_row(d, "blacklisted-pair").find_element(
        By.CSS_SELECTOR, ".preset-state").text == "off")
    assert world.control("GET", "/faults").json()["faults"] == []


def test_every_preset_switched_on_reads_as_sentences(page, world):
    """Every effect and point a preset uses has its words (no key error, no raw JSON)."""
    for name in [p["name"] for p in world.control("GET", "/faults/presets").json()["presets"]]:
        assert world.control("POST", f"/faults/presets/{name}", json={}).status_code == 201
    for lang, effect_word in ((None, "Effect: "), ("ja", "効果: ")):
        page.get(world.url("/faults", lang))
        sentences = [e.text for e in page.find_elements(By.CSS_SELECTOR, ".rule-sentence")]
        assert len(sentences) == len(world.control("GET", "/faults").json()["faults"])
        assert all(effect_word in s and "{" not in s for s in sentences)
        assert not page.find_elements(By.CSS_SELECTOR, 'tr[data-preset-row]:not(.preset-on)')


def test_the_clock_says_its_state_and_the_button_its_action(page, world):
    page.get(world.url("/faults"))
    assert page.find_element(By.ID, "clock-state").text == "Clock: manual (paused)"
    switch = page.find_element(By.ID, "clock-switch")
    assert switch.text == "Switch to realtime"
    switch.click()
    wait(page, lambda d: d.find_element(By.ID, "clock-state").text == "Clock: realtime ×1")
    assert page.find_element(By.ID, "clock-switch").text == "Switch to manual (pause)"
    assert world.control("GET", "/clock").json()["mode"] == "realtime"
    page.find_element(By.ID, "clock-switch").click()
    wait(page, lambda d: d.find_element(By.ID, "clock-state").text == "Clock: manual (paused)")
    assert world.control("GET", "/clock").json()["mode"] == "manual"
    page.get(world.url("/faults", "ja"))
    assert page.find_element(By.ID, "clock-state").text == "時計: 手動 (停止中)"
    assert page.find_element(By.ID, "clock-switch").text == "リアルタイムに切り替える"


# --- the request log ----------------------------------------------------------------------------

def shown_requests(page) -> list[list[str]]:
    return page.execute_script(
        "return [...document.querySelectorAll('#request-rows tr[data-request]')]"
        ".map(r => [r.dataset.request, ...[...r.cells].map(c => c.innerText.trim())])")


def test_the_request_log_page_newest_first_filtered_and_paged(page, world):
    client = world.client()
    with pytest.raises(TwilioRestException):
        client.messages.create(to="not a number", from_=OURS, body="refused")
    for _ in range(50):
        client.messages.list(limit=1)
    for _ in range(3):
        client.incoming_phone_numbers.list(limit=1)
    world.client(test=True).messages.create(to="+15550300040", from_="+15005550006",
                                            body="test credentials")
    created = client.messages.create(to="+15550300041", from_=OURS, body="the newest").sid
    assert len(world.requests()) == 56

    page.get(world.url("/"))
    page.find_element(By.LINK_TEXT, "API requests").click()
    wait(page, lambda d: "/requests" in d.current_url and f"world={world.sid}" in
         d.current_url)
    rows = shown_requests(page)
    assert len(rows) == 50
    ids = [int(row[0]) for row in rows]
    assert ids == sorted(ids, reverse=True)
    newest = rows[0]
    assert (newest[2], newest[4], newest[7]) == ("POST", "201", created)
    assert "test credentials" in rows[1][6]
    page.find_element(By.ID, "requests-older").click()
    wait(page, lambda d: "before=" in d.current_url)
    older = shown_requests(page)
    assert len(older) == 6 and int(older[0][0]) < ids[-1]
    refused = older[-1]
    assert (refused[2], refused[4]) == ("POST", "400")
    assert refused[5].startswith("21211")

    page.get(world.url("/requests"))
    Select(page.find_element(By.ID, "requests-status")).select_by_value("4xx")
    page.find_element(By.ID, "requests-filter").click()
    wait(page, lambda d: "status=4xx" in d.current_url)
    assert [(row[2], row[4]) for row in shown_requests(page)] == [("POST", "400")]
    path = page.find_element(By.ID, "requests-path")
    path.send_keys(f"/2010-04-01/Accounts/{world.sid}/IncomingPhoneNumbers")
    Select(page.find_element(By.ID, "requests-status")).select_by_value("")
    page.find_element(By.ID, "requests-filter").click()
    wait(page, lambda d: "IncomingPhoneNumbers" in d.current_url)
    assert [(row[2], row[4]) for row in shown_requests(page)] == [("GET", "200")] * 3
    assert not page.find_elements(By.ID, "requests-older")
    page.get(world.url("/requests", "ja"))
    assert page.find_element(By.TAG_NAME, "h1").text == "APIリクエスト"


# --- both languages -----------------------------------------------------------------------------

@pytest.mark.parametrize("path", ["/send", "/handsets", "/numbers", "/faults", "/requests"])
def test_japanese_pages_show_no_english_of_ours_and_label_every_field(page, world, path):
    """No English sentence of tools.toml's [en] appears on the Japanese page (only SIDs,
    numbers, codes and API values stay as they are), and every field has its label."""
    world.control("PUT", "/handsets/12345", json={"power": "off"})
    world.control("POST", "/faults/presets/carrier-duplicates", json={})
    world.client().messages.create(to="+15550300050", from_=OURS, body="x")
    page.get(world.url(path, "ja"))
    assert page.find_element(By.TAG_NAME, "html").get_attribute("lang") == "ja"
    shown = page.find_element(By.TAG_NAME, "body").text
    for key, english in LABELS["en"].items():
        for piece in re.split(r"\{\w+\}", english):
            piece = piece.strip(" .,:;()·")
            if len(piece) >= 8 and piece not in LABELS["ja"][key]:
                assert piece not in shown, (key, piece)
    unlabelled = page.execute_script(
        "return [...document.querySelectorAll('input:not([type=hidden]), select')]"
        ".filter(e => !e.closest('label')).map(e => e.id || e.name)")
    assert unlabelled == []
