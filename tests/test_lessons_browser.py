"""A lesson in a real headless Chromium (tests/browser.py), against a real server: start it
from its page, play, pause, reload (the player's state is in the lesson's world), step, change
the speed, and read the diagnosis, in English and in Japanese; the class's world (the default
one, with a message in it) stays as it was. A failing test leaves a screenshot."""

from __future__ import annotations

import shutil

import pytest

from tests.browser import (
    ARTIFACTS,
    By,
    Select,
    ec,
    horizontal_overflow,
    new_browser,
    save_failure_screenshot,
    wait,
)
from tests.server import DEFAULT_SID, DEFAULT_TOKEN, start_simulator


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    simulator = start_simulator(tmp_path_factory.mktemp("lessons-browser"))
    yield simulator
    simulator.stop()


@pytest.fixture(scope="module")
def class_world(server):
    client = server.client(DEFAULT_SID, DEFAULT_TOKEN)
    sid = client.messages.create(to="+15550400001", from_="+15017122661", body="class").sid
    server.advance(30)
    return sid, snapshot(server)


def snapshot(server) -> dict:
    requests = server.control("GET", "/requests").json()["requests"]
    return {"clock": server.control("GET", "/clock").json(),
            "writes": [(r["method"], r["path"]) for r in requests if r["method"] != "GET"],
            "messages": [(m.sid, m.status) for m in
                         server.client(DEFAULT_SID, DEFAULT_TOKEN).messages.list()]}


# Each language at one of the class's screen widths (a projector's 1024 px, a full-HD 1920).
@pytest.fixture(params=[("en-US", "", 1024), ("ja", "?lang=ja", 1920)],
                ids=["en-1024", "ja-1920"])
def page(request, server):
    lang, query, width = request.param
    driver = new_browser(lang=lang, width=width)
    driver.query = query
    yield driver
    save_failure_screenshot(driver, request)
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:  # the server's side of the story, beside it
        shutil.copy(server.log, ARTIFACTS / f"{request.node.name}.server.log")
    driver.quit()


def player_state(page) -> str:
    return page.find_element(By.ID, "lesson-player").get_attribute("data-state") or ""


def player_step(page) -> int:
    return int(page.find_element(By.ID, "lesson-player").get_attribute("data-step") or -1)


def start(page, server, lesson: str, speed: str, paused: bool) -> str:
    """Open the lesson from the list and start it; the world's SID."""
    page.get(server.url + "/lessons" + page.query)
    page.find_element(By.CSS_SELECTOR, f'tr[data-lesson="{lesson}"] a').click()
    wait(page, ec.presence_of_element_located((By.ID, "lesson-start")))
    Select(page.find_element(By.ID, "lesson-start-speed")).select_by_value(speed)
    if paused:
        page.find_element(By.ID, "lesson-start-paused").click()
    page.find_element(By.ID, "lesson-start").click()
    wait(page, lambda d: "world=AC" in d.current_url and d.find_elements(By.ID, "lesson-player"))
    return page.current_url.split("world=")[1].split("&")[0]


def step_to_the_end(page) -> None:
    while player_state(page) != "finished":
        before = player_step(page)
        page.find_element(By.ID, "lesson-step").click()
        wait(page, lambda d, n=before: player_state(d) == "finished" or player_step(d) > n)


def test_play_pause_reload_step_speed_and_diagnose(page, server, class_world):
    ja = page.query == "?lang=ja"
    world = start(page, server, "duplicates", "1", paused=ja)
    guide = page.find_element(By.CSS_SELECTOR, '.lesson-step[data-step="0"] .guide-text')
    assert guide.text.startswith("重複メッセージの問題" if ja else "The best way to start")
    if not ja:
        # Plays on the lesson world's own clock, which runs; then stops on Pause.
        wait(page, lambda d: player_state(d) == "playing")
        shown = page.find_element(By.ID, "lesson-clock").text
        wait(page, lambda d: d.find_element(By.ID, "lesson-clock").text != shown)
        page.find_element(By.ID, "lesson-pause").click()
    wait(page, lambda d: player_state(d) == "paused")
    assert page.find_element(By.ID, "lesson-status").text == ("一時停止中" if ja else "Paused")
    assert page.find_element(By.ID, "lesson-play").is_enabled()
    assert not page.find_element(By.ID, "lesson-pause").is_enabled()
    step = player_step(page)
    # A reload finds the lesson where it stands: the state is in the lesson's world.
    page.refresh()
    wait(page, lambda d: player_state(d) == "paused")
    assert player_step(page) == step
    assert page.find_element(By.CSS_SELECTOR, ".lesson-step.current").get_attribute(
        "data-step") == str(step)
    page.find_element(By.ID, "lesson-step").click()
    wait(page, lambda d: player_step(d) == step + 1)
    rows = wait(page, lambda d: len(d.find_elements(By.CSS_SELECTOR, "#lesson-log tr[data-sid]"))
                == 2)
    assert rows
    events = page.find_element(By.CSS_SELECTOR, '[data-events-for="0"]').text
    assert ("アプリが" in events and "秒経過" in events) if ja else "The app sends" in events
    if ja:
        step_to_the_end(page)
    else:
        Select(page.find_element(By.ID, "lesson-speed")).select_by_value("50")
        wait(page, lambda d: server.control("GET", "/clock", headers={
            "X-Smsim-Account": world}).json()["speed"] == 50)
        page.find_element(By.ID, "lesson-play").click()
        wait(page, lambda d: player_state(d) == "finished")
    finding = wait(page, ec.presence_of_element_located(
        (By.CSS_SELECTOR, '#lesson-diagnosis .finding[data-symptom="app-duplicate"]')))
    verdict = page.find_element(By.ID, "lesson-verdict")
    assert page.find_element(By.ID, "lesson-diagnosis").get_attribute("data-matches") == "true"
    assert page.find_elements(By.CSS_SELECTOR, "#lesson-diagnosis .finding") == [finding]
    if ja:
        assert verdict.text == "診断はこのレッスンの症状を示しています: app-duplicate"
        assert "対処" in finding.text and "根拠" in finding.text
        assert "サーバー上でHTTPリクエストのログを確認" in finding.text
    else:
        assert verdict.text == "The diagnosis names this lesson's symptom: app-duplicate."
        assert "Fix" in finding.text and "2 POSTs at" in finding.text
    # Every step's guide text is shown once the lesson is over, none hidden.
    assert all(li.is_displayed() for li in page.find_elements(By.CSS_SELECTOR, ".lesson-step"))
    # The class's world is as it was.
    sid, before = class_world
    assert snapshot(server) == before and (sid, "delivered") in before["messages"]
    # The list page offers the lesson's world to come back to.
    page.get(server.url + "/lessons" + page.query)
    assert world in page.find_element(By.CSS_SELECTOR, ".lesson-worlds").text
    # Nothing of the walk left the screen sideways at this width.
    assert horizontal_overflow(page) <= 0
