"""Messaging Services, the numbers in their pools, and their sticky senders."""

from __future__ import annotations

from smsim.domain.paging import Page, Window
from smsim.store import pages
from smsim.store.database import Store
from smsim.store.filters import Where
from smsim.store.records import Records

get, insert, update, delete = Records("services").crud


# --- services ---------------------------------------------------------------------------------


def page(store: Store, account_sid: str, window: Window) -> Page | None:
    return pages.page(store, "services", of_account(account_sid), window)


def pool_page(store: Store, service_sid: str, window: Window) -> Page | None:
    return pages.page(store, "numbers", pool_numbers(service_sid), window)


def of_account(account_sid: str) -> Where:
    """The criteria of an account's service list."""
    return Where().equal("account_sid", account_sid)


# --- the pool: service_numbers ----------------------------------------------------------------
def entry_of_number(store: Store, number_sid: str) -> dict | None:
    """The pool entry of a number (a number is in at most one service)."""
    return store.get("service_numbers", number_sid=number_sid)


def pool_entry(store: Store, service_sid: str, number_sid: str) -> dict | None:
    rows = store.select("service_numbers", "service_sid = ? AND number_sid = ?",
                        [service_sid, number_sid])
    return rows[0] if rows else None


def pool(store: Store, service_sid: str) -> list[dict]:
    """A service's pool entries, oldest first."""
    return store.select("service_numbers", "service_sid = ?", [service_sid],
                        order="date_created, rowid")


def add_to_pool(store: Store, row: dict) -> None:
    store.insert("service_numbers", row)


def remove_from_pool(store: Store, service_sid: str, number_sid: str) -> None:
    with store.write() as db:
        db.conn.execute("DELETE FROM service_numbers WHERE service_sid = ? AND number_sid = ?",
                        [service_sid, number_sid])
        # Taken out of WhatsApp by ChannelSenders only while in the pool: out of the pool,
        # that mark has nothing left to hide (one added by ChannelSenders stays).
        db.conn.execute("DELETE FROM channel_senders WHERE service_sid = ? AND number_sid = ? "
                        "AND member = 0", [service_sid, number_sid])
        # "Removing a number deletes its mappings" (support 223181288).
        db.conn.execute("DELETE FROM sticky_senders WHERE service_sid = ? AND number_sid = ?",
                        [service_sid, number_sid])


def pool_numbers(service_sid: str) -> Where:
    """The criteria, over numbers, of the numbers in a service's pool."""
    return Where().clause(
        "sid IN (SELECT number_sid FROM service_numbers WHERE service_sid = ?)", service_sid)


# --- sticky senders ---------------------------------------------------------------------------
def sticky_sender(store: Store, service_sid: str, recipient: str) -> dict | None:
    return store.get("sticky_senders", service_sid=service_sid, recipient=recipient)


def set_sticky_sender(store: Store, service_sid: str, recipient: str, number_sid: str) -> None:
    with store.write() as db:
        db.conn.execute("INSERT INTO sticky_senders(service_sid, recipient, number_sid) "
                        "VALUES (?, ?, ?) ON CONFLICT(service_sid, recipient) DO UPDATE "
                        "SET number_sid = excluded.number_sid",
                        [service_sid, recipient, number_sid])


def listing(store: Store) -> list[dict]:
    """Every Messaging Service, in the order they were made."""
    return store.select("services")
