"""Every page of the dashboard as a class sees it (issue 15), in a real headless Chromium: in
both languages at 1024 px and 1920 px, nothing leaves the screen sideways, and the Japanese
pages show no English outside data (SIDs, numbers, bodies, names: elements marked
translate="no"). Screenshots of every page are saved in tests/artifacts/pages/ for a person
to look at."""

from __future__ import annotations

import time

import pytest
import requests

from tests.browser import (
    ARTIFACTS,
    By,
    horizontal_overflow,
    new_browser,
    save_failure_screenshot,
    untranslated_words,
    wait,
)
from tests.server import DEFAULT_SID, DEFAULT_TOKEN, start_simulator

WIDTHS = (1024, 1920)
SHOTS = ARTIFACTS / "pages"


@pytest.fixture(scope="module")
def classroom(tmp_path_factory):
    """The demo world a trainer starts with, plus an inbound text and a refused send."""
    server = start_simulator(tmp_path_factory.mktemp("classroom"), clock="realtime",
                             extra_args=("--demo",))
    api = f"{server.url}/2010-04-01/Accounts/{DEFAULT_SID}/Messages.json"
    auth = (DEFAULT_SID, DEFAULT_TOKEN)
    sent = requests.post(api, auth=auth, timeout=10, data={
        "To": "+15558675310", "From": "+15017122661", "Body": "classroom"}).json()
    requests.post(api, auth=auth, timeout=10, data={"To": "12", "From": "+15017122661",
                                                    "Body": "refused"})
    server.control("POST", "/handsets/+15558675310/messages",
                   json={"to": "+15017122661", "body": "hello"})
    server.sent_sid = sent["sid"]
    # A login's one-time code: the verifications page has a row and an SMS link to show.
    verify = f"{server.url}/v2/Services"
    service = requests.post(verify, auth=auth, timeout=10,
                            data={"FriendlyName": "Classroom"}).json()
    requests.post(f"{verify}/{service['sid']}/Verifications", auth=auth, timeout=10,
                  data={"To": "+15558675310", "Channel": "sms"}).raise_for_status()
    yield server
    server.stop()


def _inbound_sid(server) -> str:
    """The demo world's newest inbound message, once the handset's text has arrived."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        listed = requests.get(f"{server.url}/2010-04-01/Accounts/{DEFAULT_SID}/Messages.json",
                              auth=(DEFAULT_SID, DEFAULT_TOKEN), timeout=10).json()
        inbound = [m for m in listed["messages"] if m["direction"] == "inbound"]
        if inbound:
            return inbound[0]["sid"]
        time.sleep(0.2)
    raise AssertionError("no inbound message arrived in 30 s")


def pages(server) -> dict[str, str]:
    if not getattr(server, "inbound_sid", None):
        server.inbound_sid = _inbound_sid(server)
    return {
        "log": "/", "requests": "/requests", "send": "/send", "handsets": "/handsets",
        "numbers": "/numbers", "verifications": "/verifications", "faults": "/faults",
        "scenarios": "/scenarios",
        "lessons": "/lessons", "lesson": "/lessons/delayed", "quiz": "/quiz",
        "present": "/present", "message": f"/messages/{server.sent_sid}",
        "inbound": f"/messages/{server.inbound_sid}",
    }


@pytest.fixture(scope="module", params=[(lang, width) for lang in ("ja", "en")
                                        for width in WIDTHS],
                ids=lambda p: f"{p[0]}-{p[1]}")
def browser(request):
    lang, width = request.param
    driver = new_browser(width=width, height=900, lang="ja-JP" if lang == "ja" else "en-US")
    driver.smsim_lang, driver.smsim_width = lang, width
    yield driver
    driver.quit()


@pytest.fixture
def page(browser, request):
    yield browser
    save_failure_screenshot(browser, request)


@pytest.mark.parametrize("name", ["log", "requests", "send", "handsets", "numbers",
                                  "verifications", "faults",
                                  "scenarios", "lessons", "lesson", "quiz", "present",
                                  "message", "inbound"])
def test_every_page_fits_and_speaks_the_pages_language(page, classroom, name):
    lang, width = page.smsim_lang, page.smsim_width
    page.get(f"{classroom.url}{pages(classroom)[name]}?lang={lang}")
    wait(page, lambda d: d.find_element(By.TAG_NAME, "main").text.strip())
    assert page.find_element(By.TAG_NAME, "html").get_attribute("lang") == lang
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.save_screenshot(str(SHOTS / f"{lang}-{width}-{name}.png"))
    assert horizontal_overflow(page) <= 0, f"{name} is wider than a {width} px window"
    if lang == "ja":
        assert untranslated_words(page) == [], f"English on the Japanese {name} page"
