"""Accounts, numbers and services as the dashboard lists them."""

from __future__ import annotations

from smsim.store import directory as directory_store
from smsim.store.database import Store


def accounts(store: Store) -> list[dict]:
    """Live accounts before test ones, oldest first."""
    return directory_store.accounts(store)


def numbers(store: Store, *, sms_only: bool = False) -> list[dict]:
    """Our numbers by phone number (only the SMS-capable ones with ``sms_only``)."""
    return directory_store.numbers(store, sms_only=sms_only)


def numbers_by_account(store: Store) -> list[dict]:
    return directory_store.numbers_by_account(store)


def services(store: Store) -> list[dict]:
    return directory_store.services(store)
