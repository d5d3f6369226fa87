"""What handsets received (inbox) and what they sent (outbox)."""

from __future__ import annotations

from smsim.store.database import Store
from smsim.store.filters import Where


def receive(store: Store, row: dict) -> None:
    store.insert("inbox", row)


def count_sent(store: Store) -> int:
    return store.count("outbox")


def add_sent(store: Store, row: dict) -> int:
    """Keep a text a handset sent (inside the caller's transaction); its outbox id."""
    store.insert("outbox", row)
    return store.db.conn.execute("SELECT last_insert_rowid()").fetchone()[0]


def sent_text(store: Store, text_id: int) -> dict | None:
    return store.get("outbox", id=text_id)


def update_sent(store: Store, text_id: int, changes: dict) -> None:
    store.update_row("outbox", text_id, changes)


def arriving(store: Store, now: float, limit: int) -> list[dict]:
    """Texts still in transit that arrive by ``now``, in arrival order, at most ``limit``."""
    return store.select("outbox", "done = 0 AND arrive_at <= ?", [now], order="arrive_at, id",
                        limit=limit)


def any_in_transit(store: Store) -> bool:
    return store.count("outbox", "done = 0") > 0


def outbox(store: Store, number: str) -> list[dict]:
    return store.select("outbox", "number = ?", [number], order="sent_at, id")


def texts(store: Store, to: str | None = None, since: float | None = None,
          limit: int = 1000) -> list[dict]:
    """Every handset's texts, oldest first: to one number, since a time."""
    where = Where().equal("to_addr", to).at_least("sent_at", since)
    return store.select("outbox", where.sql, where.params, order="sent_at, id", limit=limit)


def inbox(store: Store, number: str, shown_only: bool) -> list[dict]:
    """Copies one handset received, oldest first."""
    where = Where().equal("number", number).flag("shown", True if shown_only else None)
    return store.select("inbox", where.sql, where.params, order="received_at, id")


def latest_inbox(store: Store, number: str, limit: int) -> list[dict]:
    """The newest copies one handset received (blocked ones too), newest first."""
    return store.select("inbox", "number = ?", [number], order="id DESC", limit=limit)


def inboxes(store: Store, *, shown_only: bool, since: float | None, limit: int) -> list[dict]:
    """Copies any handset received, oldest first."""
    where = Where().flag("shown", True if shown_only else None).at_least("received_at", since)
    return store.select("inbox", where.sql, where.params, order="received_at, id", limit=limit)
