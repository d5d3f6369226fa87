"""A lesson's player state: one row of the world's meta (engine/lessons.py says what is in it).

Read afresh every time, not from the request's snapshot of the meta: another worker, or this
request's own in-process actions, may have moved the lesson on since the request began, and
a claim must see the last word to never do an action twice.
"""

from __future__ import annotations

from smsim.store.database import Store

KEY = "lesson"


def read(store: Store) -> str | None:
    row = store.db.conn.execute("SELECT value FROM meta WHERE key = ?", [KEY]).fetchone()
    return row[0] if row else None


def write(store: Store, value: str) -> None:
    store.meta_set(KEY, value)
