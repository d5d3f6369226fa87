"""The dashboard's verifications page in a real headless Chromium: a started verification
shows with its status in the page's language and a link to the SMS that carried its code."""

from __future__ import annotations

import pytest

from tests.browser import By, wait


@pytest.fixture
def started(sim, client, handset):
    """A verification to a switched-off phone: pending, its SMS sent and stuck."""
    client.verify.base_url = sim.url
    service = client.verify.v2.services.create(friendly_name="Acme Login")
    to = handset(power="off")
    verification = client.verify.v2.services(service.sid).verifications.create(
        to=to, channel="sms")
    sim.advance(30)
    [row] = sim.control("GET", "/verifications").json()["verifications"]
    return verification.sid, to, row["message_sids"][0]


def test_a_started_verification_shows_with_its_sms_link(page, sim, account, started):
    sid, to, sms = started
    world = account["account_sid"]
    page.get(f"{sim.url}/verifications?world={world}&lang=en")
    row = wait(page, lambda d: d.find_element(By.CSS_SELECTOR, f'tr[data-sid="{sid}"]'))
    assert to in row.text and "Pending" in row.text
    link = row.find_element(By.CSS_SELECTOR, f'li[data-sid="{sms}"] a')
    assert link.text == sms
    assert "sent" in row.find_element(By.CSS_SELECTOR, f'li[data-sid="{sms}"]').text
    link.click()
    wait(page, lambda d: f"/messages/{sms}" in d.current_url)
    assert f"world={world}" in page.current_url
    assert sms in page.find_element(By.TAG_NAME, "main").text


def test_the_page_in_japanese_and_filtered_by_number(page, sim, account, started, handset):
    sid, to, _sms = started
    world = account["account_sid"]
    page.get(f"{sim.url}/verifications?world={world}&lang=ja")
    row = wait(page, lambda d: d.find_element(By.CSS_SELECTOR, f'tr[data-sid="{sid}"]'))
    assert "確認待ち" in row.text and "送信済み" in row.text
    nav = page.find_element(By.CSS_SELECTOR, 'nav a[aria-current="page"]')
    assert nav.text == "認証"
    page.get(f"{sim.url}/verifications?world={world}&lang=ja&to={handset()}")
    main = wait(page, lambda d: d.find_element(By.TAG_NAME, "main"))
    assert sid not in main.text and "認証はまだありません。" in main.text
