"""Phone numbers an account owns (IncomingPhoneNumbers)."""

from __future__ import annotations

from smsim.domain.paging import Page, Window
from smsim.store import pages
from smsim.store.database import Store
from smsim.store.filters import Where
from smsim.store.records import Records

get, insert, update, delete = Records("numbers").crud


def by_phone(store: Store, phone_number: str) -> dict | None:
    return store.get("numbers", phone_number=phone_number)


def of_account(store: Store, account_sid: str) -> list[dict]:
    """An account's numbers, oldest first."""
    return store.select("numbers", "account_sid = ?", [account_sid])


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


def listing(store: Store, *, sms_only: bool = False) -> list[dict]:
    """Every number by phone number (only the SMS-capable ones with ``sms_only``)."""
    return store.select("numbers", "cap_sms = 1" if sms_only else "1", order="phone_number")


def by_account(store: Store) -> list[dict]:
    """Every number, grouped by account, by phone number within one."""
    return store.select("numbers", order="account_sid, phone_number")


def sender(store: Store, phone_number: str) -> dict | None:
    """The number with this address and the SID of the service whose pool holds it (or
    None), in one query: a create reads both."""
    return store.row("SELECT n.*, s.service_sid FROM numbers n LEFT JOIN service_numbers s "
                     "ON s.number_sid = n.sid WHERE n.phone_number = ?", [phone_number])
