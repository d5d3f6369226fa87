"""A real headless Chromium for the dashboard's tests (Debian's chromium + chromium-driver,
driven by Selenium): importing this module skips the importing test module when either is
missing. Every browser test file builds its fixtures from here."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
ARTIFACTS = Path(__file__).parent / "artifacts"
WAIT = 15  # seconds a page may take to show what it must (the log polls every second)

webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is a test extra")
if not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()):
    pytest.skip("Chromium and chromedriver are not installed (apt-get install chromium "
                "chromium-driver; .ci/run does)", allow_module_level=True)

from selenium.common.exceptions import StaleElementReferenceException  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402,F401  (re-exported for tests)
from selenium.webdriver.support import expected_conditions as ec  # noqa: E402,F401
from selenium.webdriver.support.select import Select  # noqa: E402,F401
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402


def new_browser(width: int = 1280, height: int = 860, lang: str = "en-US",
                zoom: float = 1.0):
    """A headless Chromium window of that size (device pixels), language and zoom (zoom
    1.5 is how 150 % browser zoom lays out: the page sees width / 1.5 CSS pixels, drawn at
    1.5 device pixels each). Chromium's --window-size counts CSS pixels, so it is given the
    zoomed size."""
    options = webdriver.ChromeOptions()
    # As the workplace's probe starts it: no sandbox as root, no background networking.
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync",
                f"--window-size={round(width / zoom)},{round(height / zoom)}", f"--lang={lang}",
                f"--force-device-scale-factor={zoom}"):
        options.add_argument(arg)
    options.add_experimental_option("prefs", {"intl.accept_languages": lang})
    options.binary_location = CHROMIUM
    return webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)


def save_failure_screenshot(browser, request) -> None:
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        browser.save_screenshot(str(ARTIFACTS / f"{request.node.name}.png"))


def wait(driver, condition, timeout: float = WAIT):
    # The live log refreshes every second: an element found a moment ago may be gone.
    return WebDriverWait(driver, timeout, poll_frequency=0.1,
                         ignored_exceptions=(StaleElementReferenceException,)
                         ).until(condition)


# Words a Japanese page may show in Latin letters: acronyms and names Japanese writing keeps
# as they are (Twilio's Japanese docs write "SMS", "API", "URL", "Webhook" this way).
LATIN_IN_JAPANESE = {"smsim", "Twilio", "TwiML", "SMS", "MMS", "API", "URL", "HTTP", "HTTPS",
                     "SID", "ID", "JSON", "SVG", "PNG", "STOP", "START", "HELP", "UTC", "GMT",
                     "Webhook", "SDK", "CLI", "E.164", "iOS", "WhatsApp", "Basic", "GET",
                     "POST", "PUT", "DELETE"}

_TEXT_OUTSIDE_DATA = """
const skip = el => el.closest('[translate="no"], script, style, noscript, [hidden]');
const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
const parts = [];
for (let n = walker.nextNode(); n; n = walker.nextNode()) {
  const el = n.parentElement;
  if (!el || skip(el) || !el.getClientRects().length) continue;
  parts.push(n.textContent);
}
const labelled = 'input[type=submit], input[type=button], [placeholder], [title], [aria-label]';
for (const el of document.querySelectorAll(labelled)) {
  if (skip(el)) continue;
  for (const a of ['placeholder', 'title', 'aria-label']) {
    if (el.getAttribute(a)) parts.push(el.getAttribute(a));
  }
  if (['submit', 'button'].includes(el.type) && el.value) parts.push(el.value);
}
return parts.join(' ');
"""


def untranslated_words(driver) -> list[str]:
    """Latin-letter words a Japanese page shows outside data (elements marked
    ``translate="no"``: SIDs, numbers, bodies, names, URLs) and the acronyms Japanese keeps:
    what a reader would see as English left behind."""
    import re

    text = driver.execute_script(_TEXT_OUTSIDE_DATA)
    words = re.findall(r"[A-Za-z][A-Za-z.'-]*[A-Za-z]|[A-Za-z]", text)
    return sorted({w for w in words if w not in LATIN_IN_JAPANESE
                   and not re.fullmatch(r"[A-Z]{1,2}", w)})  # units and marks: "s", "ms"


def horizontal_overflow(driver) -> int:
    """CSS pixels the page is wider than its window (0: nothing leaves the screen)."""
    return driver.execute_script(
        "return document.documentElement.scrollWidth - document.documentElement.clientWidth")
