"""A module's dashboard tests run once in English and once in Japanese: a headless Chromium
per language (``driver.smsim_lang`` says which), and a wait for the page's own reload. A
module takes the browser with ``browser = bilingual_pages.browser``; conftest's ``page``
(a screenshot when a test fails) then hands it to the tests."""

from __future__ import annotations

import pytest

from tests.browser import new_browser, wait


@pytest.fixture(scope="module", params=["en", "ja"])
def browser(request):
    driver = new_browser(width=1280, height=900,
                         lang="ja-JP" if request.param == "ja" else "en-US")
    driver.smsim_lang = request.param
    yield driver
    driver.quit()


def reloaded(page, old_element) -> None:
    """Wait for the page's script to reload the page (``old_element`` goes stale)."""
    def gone(driver):
        try:
            old_element.tag_name  # noqa: B018 - touching it raises once it is gone
            return False
        except Exception:  # StaleElementReferenceException
            return True
    wait(page, gone)
