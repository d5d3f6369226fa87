"""Accounts (live and their test credentials) and API keys."""

from __future__ import annotations

from smsim.domain.paging import Page, Window
from smsim.store import pages
from smsim.store.database import Store
from smsim.store.filters import Where
from smsim.store.records import Records

key, insert_key, update_key, delete_key = Records("api_keys").crud


# --- accounts ---------------------------------------------------------------------------------
def get(store: Store, sid: str) -> dict | None:
    """The account row of either kind."""
    return store.get("accounts", sid=sid)


def live(store: Store, sid: str) -> dict | None:
    return store.get("accounts", sid=sid, kind="live")


def test_of(store: Store, live_sid: str) -> dict | None:
    """The test-credentials account of a live one."""
    return store.get("accounts", live_sid=live_sid, kind="test")


def default(store: Store) -> dict | None:
    return store.get("accounts", is_default=1)


def all_live(store: Store) -> list[dict]:
    return store.select("accounts", "kind = 'live'", order="date_created, sid")


def count_live(store: Store) -> int:
    return store.count("accounts", "kind = 'live'")


def insert(store: Store, row: dict) -> None:
    store.insert("accounts", row)


def update(store: Store, sid: str, changes: dict) -> None:
    store.update("accounts", sid, changes)


# --- API keys ---------------------------------------------------------------------------------


def keys_page(store: Store, account_sid: str, window: Window) -> Page | None:
    return pages.page(store, "api_keys", keys_of(account_sid), window)


def keys_of(account_sid: str) -> Where:
    """The criteria of an account's key list."""
    return Where().equal("account_sid", account_sid)


def listing(store: Store) -> list[dict]:
    """Live accounts before test ones, oldest first."""
    return store.select("accounts", order="kind, date_created")


def all_keys(store: Store) -> list[dict]:
    """Every API key of the world."""
    return store.select("api_keys", order="date_created, sid")


def with_pair(store: Store, sid: str) -> list[dict]:
    """The account ``sid`` and its pair, live and test, in one query (authentication reads
    both on every API request)."""
    return store.rows(
        "SELECT * FROM accounts WHERE sid = ?1 OR live_sid = ?1 "
        "OR sid = (SELECT live_sid FROM accounts WHERE sid = ?1)", [sid])
