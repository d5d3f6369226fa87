"""Accounts and numbers as the dashboard lists them; they belong with the accounts and
numbers store modules once those exist."""

from __future__ import annotations

from smsim.store.database import Store


def accounts(store: Store) -> list[dict]:
    """Live accounts before test ones, oldest first."""
    return store.select("accounts", order="kind, date_created")


def numbers(store: Store, *, sms_only: bool = False) -> list[dict]:
    """Our numbers by phone number (only the SMS-capable ones with ``sms_only``)."""
    return store.select("numbers", "cap_sms = 1" if sms_only else "1", order="phone_number")


def numbers_by_account(store: Store) -> list[dict]:
    return store.select("numbers", order="account_sid, phone_number")


def services(store: Store) -> list[dict]:
    """Messaging Services in the order they were made."""
    return store.select("services")
