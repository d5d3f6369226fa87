"""Scenarios run from the dashboard, and `smsim scenario run --new-world`, play in a new world
of their own (issue 15: a run reset the class's world, left its clock on manual in 2030, and
showed its result far from the button). The page in a real headless Chromium; the CLI as a
subprocess against a real server."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.browser import By, wait
from tests.server import start_simulator

SCENARIO = "carrier-duplicate"
TITLE = "The carrier delivered it twice"  # scenarios/carrier-duplicate.toml
SCENARIO_TO = "+15550100017"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    simulator = start_simulator(tmp_path_factory.mktemp("scenario-page"), clock="realtime")
    yield simulator
    simulator.stop()


@pytest.fixture
def classroom(server):
    """The class's world, with a message of its own."""
    account = server.new_account("Classroom")
    world = account["account_sid"]
    ours = next(n["phone_number"] for n in account["numbers"] if n["capabilities"]["sms"])
    client = server.client(world, account["auth_token"])
    sid = client.messages.create(to="+15550166001", from_=ours, body="the class's own").sid
    yield {"world": world, "client": client, "sid": sid}
    server.control("DELETE", f"/accounts/{world}")


def in_world(server, world: str, method: str, path: str, **kwargs):
    response = server.control(method, path, headers={"X-Smsim-Account": world}, **kwargs)
    assert response.status_code < 300, response.text
    return response.json()


def accounts_by_world(server) -> dict:
    return {a["world"]: a for a in server.control("GET", "/accounts").json()["accounts"]}


def test_run_from_the_page_plays_in_a_new_world_and_links_it(page, server, classroom):
    world = classroom["world"]
    clock_before = in_world(server, world, "GET", "/clock")
    page.get(f"{server.url}/scenarios?world={world}")
    row = page.find_element(By.CSS_SELECTOR, f'tr[data-scenario-row="{SCENARIO}"]')
    # The scenario's description is on the page, beside its Run button.
    assert "hands the message to the phone twice" in row.find_element(
        By.CSS_SELECTOR, ".scenario-description").text
    row.find_element(By.CSS_SELECTOR, f'[data-run-scenario="{SCENARIO}"]').click()

    # The result appears in the button's own cell, with a link to the run's world.
    cell = row.find_element(By.CSS_SELECTOR, ".scenario-run")
    wait(page, lambda d: cell.find_element(By.CSS_SELECTOR, ".verdict")
         .get_attribute("data-verdict") == "pass", 90)
    assert "Passed" in cell.text and "carrier-duplicate" in cell.text
    link = cell.find_element(By.CSS_SELECTOR, "a.run-world")
    run_world = link.get_attribute("href").split("world=")[1].split("&")[0]
    assert run_world.startswith("AC") and run_world != world

    # The class's world is untouched: its message is there, its clock as it was.
    assert [m.sid for m in classroom["client"].messages.list()] == [classroom["sid"]]
    clock_after = in_world(server, world, "GET", "/clock")
    assert clock_after["mode"] == clock_before["mode"] == "realtime"
    assert not clock_after["now"].startswith("2030")
    # The run's world is named after the scenario; there it was reset to 2030 and played.
    assert accounts_by_world(server)[run_world]["friendly_name"] == TITLE
    assert in_world(server, run_world, "GET", "/clock")["now"].startswith("2030")

    link.click()
    wait(page, lambda d: d.find_element(By.TAG_NAME, "body").get_attribute("data-world")
         == run_world)
    wait(page, lambda d: any(SCENARIO_TO in r.text for r in
                             d.find_elements(By.CSS_SELECTOR, "#log-rows tr[data-sid]")))
    assert classroom["sid"] not in page.page_source
    chosen = page.find_element(By.CSS_SELECTOR, "#world-select option:checked").text
    assert chosen == f"{TITLE} ({run_world})"

    # Back on the page (a reload), the last run is still shown beside its button.
    page.get(f"{server.url}/scenarios?world={world}")
    cell = page.find_element(By.CSS_SELECTOR, f'tr[data-scenario-row="{SCENARIO}"] '
                                              ".scenario-run")
    wait(page, lambda d: cell.find_elements(By.CSS_SELECTOR, "a.run-world"))
    assert f"world={run_world}" in cell.find_element(
        By.CSS_SELECTOR, "a.run-world").get_attribute("href")
    # ... in this world only: another world's page has no note of it.
    page.get(f"{server.url}/scenarios")
    wait(page, lambda d: d.execute_script("return document.readyState") == "complete")
    assert not page.find_elements(
        By.CSS_SELECTOR, f'tr[data-scenario-row="{SCENARIO}"] a.run-world')
    server.control("DELETE", f"/accounts/{run_world}")


def test_the_page_in_japanese(server):
    """Every word the page draws is Japanese (scenario files are data, in their language)."""
    page = server.session.get(f"{server.url}/scenarios?lang=ja", timeout=10).text
    assert "シナリオ専用の新しいワールド" in page and "期待される症状" in page
    assert 'data-running="新しいワールドで実行中…"' in page
    assert 'data-open-world="実行したワールドを開く"' in page


def test_a_run_of_a_missing_scenario_makes_no_world(server):
    before = set(accounts_by_world(server))
    response = server.session.post(f"{server.url}/ui/api/scenarios/no-such/run", timeout=10)
    assert response.status_code == 404 and "no-such" in response.json()["error"]
    assert set(accounts_by_world(server)) == before


def smsim(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "smsim", *args], capture_output=True,
                          text=True, timeout=120)


def test_cli_new_world_leaves_every_other_world_alone(server, classroom):
    default_clock = server.control("GET", "/clock").json()
    ran = smsim("scenario", "run", SCENARIO, "healthy", "--url", server.url, "--new-world",
                "--json")
    assert ran.returncode == 0, ran.stdout + ran.stderr
    results = json.loads(ran.stdout)["results"]
    worlds = accounts_by_world(server)
    made = [r["world"] for r in results]
    assert all(w in worlds for w in made) and len(set(made)) == 2
    assert [worlds[w]["friendly_name"] for w in made] == [TITLE, "Healthy traffic"]
    assert [r["verdict"] for r in results] == ["pass", "pass"]
    # Neither the default world nor the class's was reset or moved.
    assert server.control("GET", "/clock").json()["mode"] == default_clock["mode"]
    assert not server.control("GET", "/clock").json()["now"].startswith("2030")
    assert [m.sid for m in classroom["client"].messages.list()] == [classroom["sid"]]
    table = smsim("scenario", "run", "healthy", "--url", server.url, "--new-world")
    assert table.returncode == 0 and "WORLD" in table.stdout.splitlines()[0]
    for sid in made:
        server.control("DELETE", f"/accounts/{sid}")


def test_cli_new_world_needs_a_url():
    refused = smsim("scenario", "run", "healthy", "--new-world")
    assert refused.returncode == 1 and "--new-world needs --url" in refused.stderr
