"""Messages and their media."""

from __future__ import annotations

from smsim.domain.paging import Bound, Page, Window
from smsim.store import pages
from smsim.store.database import Store
from smsim.store.filters import Where


def get(store: Store, sid: str) -> dict | None:
    return store.get("messages", sid=sid)


def insert(store: Store, row: dict) -> None:
    store.insert("messages", row)


def update(store: Store, sid: str, changes: dict) -> None:
    store.update("messages", sid, changes)


def delete(store: Store, sid: str) -> None:
    store.delete("messages", sid)


def queued_from(store: Store, account_sid: str, sender: str, except_sid: str) -> int:
    """How many of the account's messages from ``sender`` wait queued, besides one."""
    return store.count("messages", "account_sid = ? AND from_addr = ? AND status = "
                       "'queued' AND sid != ?", [account_sid, sender, except_sid])


def on_their_way_to(store: Store, number: str, step_kinds) -> list[dict]:
    """Messages to ``number`` not yet final with a future step of one of ``step_kinds``."""
    step_kinds = list(step_kinds)
    return store.select(
        "messages", "to_addr = ? AND status IN ('queued', 'sending', 'sent') AND sid IN "
        "(SELECT message_sid FROM steps WHERE done = 0 AND kind IN "
        f"({','.join('?' * len(step_kinds))}))", [number, *step_kinds])


def page(store: Store, account_sid: str, window: Window, to: str | None = None,
         from_: str | None = None, sent: list[Bound] = ()) -> Page | None:
    """The account's messages, newest first: to, from, and bounds on the time sent."""
    where = Where().equal("account_sid", account_sid).equal("to_addr", to) \
        .equal("from_addr", from_)
    return pages.page(store, "messages", pages.bounded(where, "date_sent", sent), window)


# --- media -------------------------------------------------------------------------------

def insert_media(store: Store, row: dict) -> None:
    store.insert("media", row)


def media(store: Store, sid: str) -> dict | None:
    return store.get("media", sid=sid)


def delete_media(store: Store, sid: str) -> None:
    store.delete("media", sid)


def media_page(store: Store, message_sid: str, window: Window,
               created: list[Bound] = ()) -> Page | None:
    """A message's media, newest first, within bounds on the time created."""
    where = Where().equal("message_sid", message_sid)
    return pages.page(store, "media", pages.bounded(where, "date_created", created), window)
