"""The dashboard in a real headless Chromium (Debian's chromium + chromium-driver, driven by
Selenium). A failing test leaves a screenshot in tests/artifacts/. The README's picture comes
from tools/readme_screenshot.py, never from a test."""

from __future__ import annotations

import pytest

from tests.browser import By, Select, ec, wait
from tests.server import DEFAULT_SID, DEFAULT_TOKEN, start_simulator


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    simulator = start_simulator(tmp_path_factory.mktemp("dashboard"))
    yield simulator
    simulator.stop()


def send_from_form(page, server, to: str, body: str = "hello from the browser"):
    page.get(server.url + "/send")
    Select(page.find_element(By.ID, "send-from")).select_by_visible_text("+15017122661")
    page.find_element(By.ID, "send-to").send_keys(to)
    body_field = page.find_element(By.ID, "send-body")
    body_field.clear()
    body_field.send_keys(body)
    page.find_element(By.ID, "send-button").click()
    # One outcome per API create: its status badge, or Twilio's error.
    return wait(page, lambda d: d.find_elements(
        By.CSS_SELECTOR, "#send-result .send-status, #send-result .send-error"))[0]


def test_send_from_the_form_and_watch_it_reach_delivered_in_the_log(page, server):
    status = send_from_form(page, server, "+15550200001")
    sid = page.find_element(By.CSS_SELECTOR, "#send-result a").text
    assert sid.startswith("SM") and status.text == "queued"
    server.advance(2)
    wait(page, lambda d: d.find_element(By.CSS_SELECTOR, "#send-result .send-status").text
         == "sent")
    page.get(server.url + "/")
    row = f'tr[data-sid="{sid}"] .badge'
    wait(page, lambda d: d.find_element(By.CSS_SELECTOR, row).text == "sent")
    server.advance(20)  # no reload: the log refreshes itself
    wait(page, lambda d: d.find_element(By.CSS_SELECTOR, row).text == "delivered")


def test_open_a_timeline_and_diagnose(page, server):
    client = server.client(DEFAULT_SID, DEFAULT_TOKEN)
    server.control("PUT", "/handsets/+15550200002", json={"carrier": "DupNet"})
    server.control("PUT", "/carriers/DupNet", json={"duplicate_copies": 1})
    sid = client.messages.create(to="+15550200002", from_="+15017122661", body="twice").sid
    server.advance(30)
    page.get(server.url + "/")
    wait(page, lambda d: d.find_element(By.LINK_TEXT, sid).click() or True)
    # The live timeline redraws its SVG: read its text in one go, found afresh each poll.
    labels = wait(page, lambda d: d.find_element(By.CSS_SELECTOR, "svg.timeline").text)
    assert "delivered" in labels and "handset received #2" in labels
    page.find_element(By.ID, "diagnose").click()
    finding = wait(page, ec.presence_of_element_located((By.CSS_SELECTOR, "#diagnosis "
                                                                          ".finding")))
    assert "[carrier-duplicate]" in finding.text


def test_stop_from_a_handset_card_then_21610(page, server):
    phone = "+15550200003"
    server.control("PUT", f"/handsets/{phone}", json={"name": "Ada Lovelace"})
    page.get(server.url + "/handsets")
    card = wait(page, ec.presence_of_element_located(
        (By.CSS_SELECTOR, f'article.phone[data-number="{phone}"]')))
    assert "Ada Lovelace" in card.text
    compose = card.find_element(By.CSS_SELECTOR, "form.compose")
    Select(compose.find_element(By.NAME, "to")).select_by_visible_text("+15017122661")
    compose.find_element(By.NAME, "body").send_keys("STOP")
    compose.find_element(By.CSS_SELECTOR, "button").click()
    wait(page, lambda d: compose.find_element(By.TAG_NAME, "output").text.startswith(
        "On its way to +15017122661"))
    server.advance(30)
    result = send_from_form(page, server, phone, "one more offer")
    assert "send-error" in result.get_attribute("class")
    assert result.text.startswith("21610")
    page.get(server.url + "/handsets")
    card = page.find_element(By.CSS_SELECTOR, f'article.phone[data-number="{phone}"]')
    assert "successfully been unsubscribed" in card.text


def test_switch_a_preset_on_and_off(page, server):
    page.get(server.url + "/faults")
    page.find_element(By.CSS_SELECTOR, '[data-preset="carrier-duplicates"]').click()
    wait(page, lambda d: "carrier-duplicates" in d.find_element(By.ID, "rules").text)
    assert server.control("GET", "/faults").json()["faults"][0]["name"].startswith(
        "carrier-duplicates")
    # The page reloads itself after switching the preset on: a click on the old page's
    # Remove may be lost, so click until the rule is gone (on the server, then the page).
    def removed(d) -> bool:
        if not server.control("GET", "/faults").json()["faults"]:
            return True
        buttons = d.find_elements(By.CSS_SELECTOR, "[data-remove-rule]")
        if buttons:
            buttons[0].click()
        return False

    wait(page, removed)
    wait(page, lambda d: not d.find_elements(By.CSS_SELECTOR, "[data-remove-rule]"))


def test_clock_buttons(page, server):
    before = server.control("GET", "/clock").json()["epoch"]
    page.get(server.url + "/faults")
    shown = page.find_element(By.ID, "clock-now").text
    page.find_element(By.CSS_SELECTOR, '[data-advance="60"]').click()
    wait(page, lambda d: server.control("GET", "/clock").json()["epoch"] >= before + 60)
    # The page reloads itself after the click: wait for that, or the next test's navigation
    # could be overtaken by it.
    wait(page, lambda d: d.find_element(By.ID, "clock-now").text != shown)


def test_japanese_labels_and_accessible_forms(page, server):
    page.get(server.url + "/?lang=ja")
    assert page.find_element(By.TAG_NAME, "html").get_attribute("lang") == "ja"
    assert page.find_element(By.TAG_NAME, "h1").text == "メッセージ"
    for path in ("/", "/send", "/handsets", "/faults"):
        page.get(server.url + path)
        unlabelled = page.execute_script(
            "return [...document.querySelectorAll('input:not([type=hidden]), select')]"
            ".filter(e => !e.closest('label')).length")
        assert unlabelled == 0, path
    # Keyboard: the first Tab stop is the skip link, then the navigation.
    page.get(server.url + "/")
    page.find_element(By.TAG_NAME, "body").send_keys("\ue004")
    assert page.switch_to.active_element.get_attribute("class") == "skip"


def run_scenario_from_the_page(page, url: str, name: str) -> str:
    """Click Run, wait for the verdict beside the button, follow its link to the run's own
    world (tests/test_scenario_page.py shows the page's world is left alone); returns it."""
    page.get(url)
    page.find_element(By.CSS_SELECTOR, f'[data-run-scenario="{name}"]').click()
    cell = f'tr[data-scenario-row="{name}"] .scenario-run'
    wait(page, lambda d: d.find_element(By.CSS_SELECTOR, f"{cell} .verdict")
         .get_attribute("data-verdict") == "pass", 60)
    page.find_element(By.CSS_SELECTOR, f"{cell} a.run-world").click()
    wait(page, lambda d: d.find_element(By.TAG_NAME, "body").get_attribute("data-world"))
    return page.find_element(By.TAG_NAME, "body").get_attribute("data-world")


def test_run_a_scenario_from_the_dashboard(page, server):
    world = run_scenario_from_the_page(page, server.url + "/scenarios", "carrier-duplicate")
    page.get(f"{server.url}/?world={world}&number=%2B15550100017")
    assert page.find_elements(By.CSS_SELECTOR, "#log-rows tr[data-sid]")
    server.control("DELETE", f"/accounts/{world}")


def test_the_demo_message_log(page, tmp_path):
    """The page the README's picture shows (tools/readme_screenshot.py takes it): the demo
    world after two simulated minutes, every fate in its row."""
    demo = start_simulator(tmp_path / "demo", extra_args=("--demo",))
    try:
        demo.advance(150)
        page.get(demo.url + "/")
        # Read the rows in one script: the live log swaps them every second.
        rows = wait(page, lambda d: (lambda r: r if len(r) >= 9 else None)(d.execute_script(
            "return [...document.querySelectorAll('#log-rows tr[data-sid]')]"
            ".map(r => [...r.cells].map(c => c.innerText.trim()))")))
        assert page.find_element(By.TAG_NAME, "h1").text == "Messages"
        assert [th.text for th in page.find_elements(By.CSS_SELECTOR, "table.log thead th")] \
            == ["Created", "SID", "Direction", "Status", "From", "To", "Error", "Body"]
        by_to = {(row[2], row[5]): row for row in rows}
        switched_off = by_to["outbound-api", "+15550101002"]
        assert (switched_off[3], switched_off[6]) == ("undelivered",
                                                      "30003 Unreachable destination handset")
        assert by_to["outbound-api", "+15550101001"][3] == "delivered"
        assert [(row[7], row[3]) for row in rows if row[2] == "inbound"] == [
            ("STOP", "received"), ("Is my order on its way?", "received")]
        reply = by_to["outbound-reply", "+15550101005"]
        assert reply[3] == "delivered" and reply[7].startswith("You have successfully been")
        assert all(row[1].startswith("SM") and len(row[1]) == 34 for row in rows)
        picture = tmp_path / "dashboard.png"
        page.save_screenshot(str(picture))
        assert picture.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    finally:
        demo.stop()


def choose_world(page, world: str) -> None:
    """Pick a world in the selector (its script shows it at once) and wait for the page."""
    Select(page.find_element(By.ID, "world-select")).select_by_value(world)
    # The page drawn for the chosen world names it (the old page's selector already shows it).
    wait(page, lambda d: d.find_element(By.TAG_NAME, "body").get_attribute("data-world")
         == world)


def shown_sids(page) -> set[str]:
    return set(page.execute_script(
        "return [...document.querySelectorAll('#log-rows tr[data-sid]')].map(r => r.dataset.sid)"))


def shown_handsets(page) -> set[str]:
    return set(page.execute_script(
        "return [...document.querySelectorAll('article.phone')].map(a => a.dataset.number)"))


def test_the_world_selector_shows_and_acts_on_one_world(page, server):
    """Two sealed worlds, each with a message and a handset change: the selector shows each
    world's alone, a fault switched on in the page lands in that world only, and the default
    world shows neither."""
    made = {name: server.new_account(f"Trainee {name}") for name in ("A", "B")}
    try:
        sids, phones = {}, {}
        for name, account in made.items():
            world = {"X-Smsim-Account": account["account_sid"]}
            phone = f"+1555040{'1' if name == 'A' else '2'}001"
            response = server.control("PUT", f"/handsets/{phone}", headers=world,
                                      json={"name": f"Phone of {name}"})
            assert response.status_code == 200, response.text
            ours = next(n["phone_number"] for n in account["numbers"]
                        if n["capabilities"]["sms"])
            client = server.client(account["account_sid"], account["auth_token"])
            sids[name] = client.messages.create(to=phone, from_=ours, body=f"to {name}").sid
            phones[name] = phone
        world_a, world_b = made["A"]["account_sid"], made["B"]["account_sid"]
        default_faults = len(server.control("GET", "/faults").json()["faults"])

        page.get(server.url + "/")
        labels = [o.text for o in Select(page.find_element(By.ID, "world-select")).options]
        assert labels[0].startswith("Default world")
        assert f"Trainee A ({world_a})" in labels and f"Trainee B ({world_b})" in labels
        assert not {sids["A"], sids["B"]} & shown_sids(page)

        for name, world, other in (("A", world_a, "B"), ("B", world_b, "A")):
            choose_world(page, world)
            wait(page, lambda d, n=name: sids[n] in shown_sids(d))
            assert sids[other] not in shown_sids(page)
            # The navigation keeps the world: the handsets page shows this world's phones.
            page.find_element(By.LINK_TEXT, "Handsets").click()
            wait(page, lambda d: "/handsets" in d.current_url)
            assert f"world={world}" in page.current_url
            assert page.find_element(By.ID, "world-select").get_attribute("value") == world
            shown = shown_handsets(page)
            assert phones[name] in shown and phones[other] not in shown
            card = page.find_element(By.CSS_SELECTOR,
                                     f'article.phone[data-number="{phones[name]}"]')
            assert f"Phone of {name}" in card.text
            # The message's page, from the log, is in the same world.
            page.find_element(By.LINK_TEXT, "Messages").click()
            wait(page, lambda d, n=name: d.find_element(By.LINK_TEXT, sids[n]).click() or True)
            wait(page, lambda d, n=name: sids[n] in d.find_element(By.TAG_NAME, "h1").text)
            assert f"world={world}" in page.current_url

        # A fault switched on in the page for world A is A's alone.
        choose_world(page, world_a)
        page.find_element(By.LINK_TEXT, "Faults & clock").click()
        wait(page, lambda d: "/faults" in d.current_url)
        page.find_element(By.CSS_SELECTOR, '[data-preset="carrier-duplicates"]').click()
        wait(page, lambda d: "carrier-duplicates" in d.find_element(By.ID, "rules").text)
        assert f"world={world_a}" in page.current_url

        def faults(world: str | None) -> list[dict]:
            headers = {"X-Smsim-Account": world} if world else {}
            response = server.control("GET", "/faults", headers=headers)
            assert response.status_code == 200, response.text
            return response.json()["faults"]

        assert [f["name"] for f in faults(world_a)][0].startswith("carrier-duplicates")
        assert faults(world_b) == []
        assert len(faults(None)) == default_faults
        choose_world(page, world_b)
        assert "carrier-duplicates" not in page.find_element(By.ID, "rules").text

        # The default world shows neither world's rows, handsets nor rule.
        choose_world(page, "")
        assert "carrier-duplicates" not in page.find_element(By.ID, "rules").text
        page.find_element(By.LINK_TEXT, "Messages").click()
        wait(page, lambda d: d.find_elements(By.ID, "log-rows"))
        assert f"world={world_a}" not in page.current_url
        assert f"world={world_b}" not in page.current_url
        assert not {sids["A"], sids["B"]} & shown_sids(page)
        page.find_element(By.LINK_TEXT, "Handsets").click()
        wait(page, lambda d: "/handsets" in d.current_url)
        assert not {phones["A"], phones["B"]} & shown_handsets(page)
    finally:
        for account in made.values():
            server.control("DELETE", f"/accounts/{account['account_sid']}")


def test_an_unknown_world_is_a_page_that_says_so(page, server):
    unknown = "AC" + "9" * 32
    response = server.session.get(f"{server.url}/handsets?world={unknown}", timeout=10)
    assert response.status_code == 404 and response.headers["Content-Type"].startswith(
        "text/html")
    page.get(f"{server.url}/handsets?world={unknown}")
    assert unknown in page.find_element(By.ID, "error-message").text
    page.get(f"{server.url}/?world={unknown}&lang=ja")
    assert "ワールドはありません" in page.find_element(By.ID, "error-message").text
    page.find_element(By.ID, "error-back").click()
    wait(page, lambda d: d.find_element(By.TAG_NAME, "h1").text == "メッセージ")


def test_diagnose_and_run_a_scenario_in_a_world(page, server):
    """The diagnosis reads the chosen world (its handset's carrier sends copies; the default
    world's does not), and Run from that world's page plays the scenario in a new world,
    neither that one nor the default one."""
    account = server.new_account("Trainee C")
    world = account["account_sid"]
    headers = {"X-Smsim-Account": world}
    try:
        phone = "+15550403001"
        assert server.control("PUT", f"/handsets/{phone}", headers=headers,
                              json={"carrier": "DupNet"}).status_code == 200
        assert server.control("PUT", "/carriers/DupNet", headers=headers,
                              json={"duplicate_copies": 1}).status_code == 200
        ours = next(n["phone_number"] for n in account["numbers"] if n["capabilities"]["sms"])
        client = server.client(world, account["auth_token"])
        sid = client.messages.create(to=phone, from_=ours, body="twice").sid
        assert server.control("POST", "/clock/advance", headers=headers,
                              json={"seconds": 30}).status_code == 200
        page.get(f"{server.url}/?world={world}")
        wait(page, lambda d: d.find_element(By.LINK_TEXT, sid).click() or True)
        wait(page, ec.presence_of_element_located((By.ID, "diagnose"))).click()
        finding = wait(page, ec.presence_of_element_located(
            (By.CSS_SELECTOR, "#diagnosis .finding")))
        assert "[carrier-duplicate]" in finding.text

        default_clock = server.control("GET", "/clock").json()["epoch"]
        world_clock = server.control("GET", "/clock", headers=headers).json()["epoch"]
        ran_in = run_scenario_from_the_page(page, f"{server.url}/scenarios?world={world}",
                                            "carrier-duplicate")
        # Run plays in a new world: neither the default world nor this one moved.
        assert ran_in not in (world, DEFAULT_SID)
        assert server.control("GET", "/clock").json()["epoch"] == default_clock
        assert server.control("GET", "/clock", headers=headers).json()["epoch"] == world_clock
        page.get(f"{server.url}/?world={ran_in}&number=%2B15550100017")
        assert page.find_elements(By.CSS_SELECTOR, "#log-rows tr[data-sid]")
        server.control("DELETE", f"/accounts/{ran_in}")
    finally:
        server.control("DELETE", f"/accounts/{world}")
