"""A quiz in real headless Chromium windows against a real server: a trainer and two
trainees, each in a browser of their own, in English and in Japanese. The trainer starts a
quiz, the trainees join, open a message's page, answer (one right, one wrong), the trainer
sees the scores come in and reveals, and the trainees' pages show the answer by themselves.
A failing test leaves a screenshot of each window in tests/artifacts/."""

from __future__ import annotations

import pytest
from smsim.web.ui.labels import LABELS

from tests.browser import ARTIFACTS, By, ec, horizontal_overflow, new_browser, wait
from tests.server import start_simulator

BROWSER_LANGUAGE = {"en": "en-US", "ja": "ja-JP"}


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    simulator = start_simulator(tmp_path_factory.mktemp("quiz-browser"))
    yield simulator
    simulator.stop()


@pytest.fixture(params=[("en", 1920), ("ja", 1024)], ids=["en-1920", "ja-1024"])
def windows(request):
    """Three browsers in one language and width: the trainer's and two trainees'."""
    lang, width = request.param
    opened = {role: new_browser(lang=BROWSER_LANGUAGE[lang], width=width)
              for role in ("trainer", "aiko", "ben")}
    yield lang, opened
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        for role, driver in opened.items():
            driver.save_screenshot(str(ARTIFACTS / f"{request.node.name}-{role}.png"))
    for driver in opened.values():
        driver.quit()


def join_and_investigate(page, server, code: str, name: str, t: dict) -> str:
    """Join, land on the world's message log, open the message's page; its SID."""
    page.get(server.url + "/quiz/join")
    assert page.find_element(By.TAG_NAME, "h1").text == t["quiz_join_h"]
    page.find_element(By.ID, "quiz-join-code").send_keys(code.lower())
    page.find_element(By.ID, "quiz-join-name").send_keys(name)
    page.find_element(By.ID, "quiz-join-button").click()
    wait(page, lambda d: "world=AC" in d.current_url)
    world = page.current_url.split("world=")[1].split("&")[0]
    selected = page.find_element(By.CSS_SELECTOR, "#world-select option:checked")
    assert selected.get_attribute("value") == world and name in selected.text
    link = wait(page, ec.element_to_be_clickable((By.CSS_SELECTOR, "#log-rows a")))
    sid = link.text
    link.click()
    wait(page, ec.presence_of_element_located((By.CSS_SELECTOR, "svg.timeline")))
    assert page.find_element(By.TAG_NAME, "h1").text.startswith(sid)
    return sid


def answer(page, symptom: str, sid: str, t: dict) -> None:
    page.find_element(By.LINK_TEXT, t["quiz"]).click()  # the navigation's "Quiz"
    wait(page, ec.presence_of_element_located((By.ID, "quiz-answer")))
    page.find_element(By.ID, f"quiz-answer-{symptom}").click()
    page.find_element(By.ID, f"quiz-evidence-{sid}").click()
    page.find_element(By.ID, "quiz-submit").click()
    sent = wait(page, ec.presence_of_element_located((By.ID, "quiz-sent")))
    assert sent.text == t["quiz_sent"]


def trainee_row(page, name: str):
    return page.find_element(By.CSS_SELECTOR, f'#quiz-rows tr[data-name="{name}"]')


def test_a_quiz_from_start_to_reveal(server, windows):
    lang, browsers = windows
    t = LABELS[lang]
    trainer, aiko, ben = browsers["trainer"], browsers["aiko"], browsers["ben"]

    trainer.get(server.url + "/quiz")
    assert trainer.find_element(By.TAG_NAME, "h1").text == t["quiz_start_h"]
    trainer.find_element(By.ID, "quiz-symptom-carrier-duplicate").click()
    trainer.find_element(By.ID, "quiz-start-button").click()
    code = wait(trainer, ec.presence_of_element_located((By.ID, "quiz-code"))).text
    assert len(code) == 6
    assert trainer.find_element(By.ID, "quiz-state").text == t["quiz_state_open"]

    sids = {name: join_and_investigate(page, server, code, name, t)
            for name, page in (("Aiko", aiko), ("Ben", ben))}
    assert sids["Aiko"] != sids["Ben"]  # each in a world of their own
    answer(aiko, "carrier-duplicate", sids["Aiko"], t)  # right
    answer(ben, "app-duplicate", sids["Ben"], t)  # wrong, with a message that shows it

    # The trainer's table fills in by itself.
    wait(trainer, lambda d: "3/3" in trainee_row(d, "Aiko").text
         and "1/3" in trainee_row(d, "Ben").text)
    assert t["quiz_right"] in trainee_row(trainer, "Aiko").text
    assert t["quiz_wrong"] in trainee_row(trainer, "Ben").text
    assert f"{sids['Ben']} ({t['quiz_evidence_valid']})" in trainee_row(trainer, "Ben").text

    trainer.find_element(By.ID, "quiz-reveal").click()
    solution = wait(trainer, ec.presence_of_element_located((By.ID, "quiz-solution")))
    assert "carrier-duplicate" in solution.text
    assert trainer.find_element(By.ID, "quiz-state").text == t["quiz_state_revealed"]

    # The trainees' pages show the answer without a reload of their own.
    for page, score, verdict in ((aiko, "3/3", t["quiz_right"]), (ben, "1/3", t["quiz_wrong"])):
        revealed = wait(page, ec.presence_of_element_located((By.ID, "quiz-revealed")))
        assert page.find_element(By.ID, "quiz-score").text == score
        assert verdict in page.find_element(By.ID, "quiz-verdict").text
        assert t["quiz_diagnosis_h"] in revealed.text
        assert "carrier-duplicate" in page.find_element(By.ID, "quiz-solution").text
    if lang == "ja":
        assert "1回の送信が、キャリア側で複数回配信されています" in aiko.find_element(
            By.ID, "quiz-solution").text
        assert aiko.find_element(By.TAG_NAME, "html").get_attribute("lang") == "ja"
    # No window of the walk is wider than its screen.
    for page in (trainer, aiko, ben):
        assert horizontal_overflow(page) <= 0
