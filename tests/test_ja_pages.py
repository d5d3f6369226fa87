"""The Scenarios page and the Faults page's presets in Japanese, in a real headless Chromium
whose language is Japanese (issue 15): the scenario files' and the presets' own text, and a
run's result, show no English word outside data (names, symptom ids, SIDs: translate="no").
The rest of those pages (navigation, the clock) belongs to other parts of the dashboard; the
scan looks at the parts this data fills."""

from __future__ import annotations

import pytest
from smsim.domain import presets, scenarios
from smsim.domain.diagnosis.symptoms import CATALOGUE

from tests.browser import By, new_browser, untranslated_words, wait
from tests.server import SCENARIO_DIR, start_simulator

# Product names Japanese writing keeps as they are (the guide: "Google Voice、Facebook、
# およびSkype"), and the opt-out keywords a recipient texts.
NAMES = {"Google", "Voice", "Facebook", "Skype", "QUIT"}


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    simulator = start_simulator(tmp_path_factory.mktemp("ja-pages"))
    yield simulator
    simulator.stop()


@pytest.fixture(scope="module")
def browser():
    driver = new_browser(lang="ja-JP")
    yield driver
    driver.quit()


def english_in(driver, selector: str) -> list[str]:
    """``untranslated_words`` over one part of the page: everything else is hidden first."""
    driver.execute_script("""
        const keep = document.querySelector(arguments[0]);
        for (const el of document.body.querySelectorAll('*')) {
          if (!el.contains(keep) && !keep.contains(el)) el.hidden = true;
        }""", selector)
    return [w for w in untranslated_words(driver) if w not in NAMES]


def test_the_scenarios_page_in_japanese(page, server):
    page.get(server.url + "/scenarios")  # no ?lang: the browser's language
    assert page.find_element(By.TAG_NAME, "html").get_attribute("lang") == "ja"
    healthy = scenarios.load(scenarios.discover(SCENARIO_DIR)["healthy"])
    row = page.find_element(By.CSS_SELECTOR, 'tr[data-scenario-row="healthy"]')
    assert row.find_element(By.CSS_SELECTOR, ".scenario-title").text == healthy.title_in("ja")
    assert row.find_element(By.CSS_SELECTOR, ".scenario-description").text == \
        healthy.description_in("ja")
    # An expected symptom: its Japanese title, its id beside it as data.
    symptom = row.find_element(By.CSS_SELECTOR, ".scenario-symptoms li")
    assert symptom.text == f"{CATALOGUE['healthy'].title['ja']} healthy"
    assert symptom.find_element(By.TAG_NAME, "code").get_dom_attribute("translate") == "no"
    assert english_in(page, "main") == []


def test_a_run_from_the_japanese_page_names_its_symptoms_in_japanese(page, server):
    account = server.new_account("教室")
    world = account["account_sid"]
    page.get(f"{server.url}/scenarios?world={world}")
    row = page.find_element(By.CSS_SELECTOR, 'tr[data-scenario-row="carrier-duplicate"]')
    row.find_element(By.CSS_SELECTOR, '[data-run-scenario="carrier-duplicate"]').click()
    cell = row.find_element(By.CSS_SELECTOR, ".scenario-run")
    wait(page, lambda d: cell.find_element(By.CSS_SELECTOR, ".verdict")
         .get_attribute("data-verdict") == "pass", 90)
    verdict = cell.find_element(By.CSS_SELECTOR, ".verdict")
    title = CATALOGUE["carrier-duplicate"].title["ja"]
    assert verdict.text == f"合格 (検出: {title} carrier-duplicate)"
    assert verdict.find_element(By.CSS_SELECTOR, ".symptom code").get_dom_attribute(
        "translate") == "no"
    # The run's world is named after the scenario's Japanese title.
    run_world = cell.find_element(By.CSS_SELECTOR, "a.run-world").get_attribute(
        "href").split("world=")[1].split("&")[0]
    named = {a["world"]: a["friendly_name"]
             for a in server.control("GET", "/accounts").json()["accounts"]}
    carrier_duplicate = scenarios.load(scenarios.discover(SCENARIO_DIR)["carrier-duplicate"])
    assert named[run_world] == carrier_duplicate.title_in("ja")
    assert english_in(page, 'tr[data-scenario-row="carrier-duplicate"]') == []
    for sid in (run_world, world):
        server.control("DELETE", f"/accounts/{sid}")


def test_the_presets_in_japanese(page, server):
    page.get(server.url + "/faults")
    section = page.find_element(By.CSS_SELECTOR, 'section[aria-labelledby="presets-h"]')
    for preset in presets.PRESETS.values():
        row = section.find_element(By.XPATH, f'.//tr[.//button[@data-preset="{preset.name}"]]')
        assert preset.title_in("ja") in row.text and preset.description_in("ja") in row.text
        assert CATALOGUE[preset.symptom].title["ja"] in row.text
    assert english_in(page, 'section[aria-labelledby="presets-h"]') == []
