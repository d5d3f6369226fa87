"""Phone numbers an account owns (IncomingPhoneNumbers)."""

from __future__ import annotations

from smsim.domain.paging import Page, Window
from smsim.store import pages
from smsim.store.database import Store
from smsim.store.filters import Where


def get(store: Store, sid: str) -> dict | None:
    return store.get("numbers", sid=sid)


def by_phone(store: Store, phone_number: str) -> dict | None:
    return store.get("numbers", phone_number=phone_number)


def of_account(store: Store, account_sid: str) -> list[dict]:
    """An account's numbers, oldest first."""
    return store.select("numbers", "account_sid = ?", [account_sid])


def insert(store: Store, row: dict) -> None:
    store.insert("numbers", row)


def update(store: Store, sid: str, changes: dict) -> None:
    store.update("numbers", sid, changes)


def delete(store: Store, sid: str) -> None:
    store.delete("numbers", sid)


def page(store: Store, account_sid: str, phone_contains: str | None,
         friendly_name: str | None, window: Window) -> Page | None:
    return pages.page(store, "numbers", listed(account_sid, phone_contains, friendly_name),
                      window)


def listed(account_sid: str, phone_contains: str | None, friendly_name: str | None) -> Where:
    """The criteria of an account's number list; None leaves a filter out."""
    where = Where().equal("account_sid", account_sid)
    if phone_contains is not None:
        # Twilio matches PhoneNumber as a pattern: "+1501" finds every +1501... number.
        where.clause("instr(phone_number, ?) > 0", phone_contains)
    return where.equal("friendly_name", friendly_name)
