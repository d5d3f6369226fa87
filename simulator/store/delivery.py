"""The batched reads and writes of applying due steps (engine/delivery.py apply_until): the
messages of a batch of steps in one query, and what the batch changed written with one
statement per kind of change (inside the caller's transaction)."""

from __future__ import annotations

import json

from smsim.store.database import Store

# What applying a step reads of its message (engine/delivery.py _Batch, domain/pricing.py).
APPLY_COLUMNS = ("sid", "account_sid", "status", "to_addr", "from_addr", "body",
                 "callback_url", "free", "num_media", "num_segments")


def messages_by_sid(store: Store, sids) -> dict[str, dict]:
    """The messages with these SIDs, by SID (one query, however many): the columns applying
    a step reads."""
    if not sids:
        return {}
    cursor = store.db.conn.execute(
        f"SELECT {', '.join(APPLY_COLUMNS)} FROM messages WHERE sid IN "
        "(SELECT value FROM json_each(?))", [json.dumps(list(sids))])
    return {row[0]: dict(zip(APPLY_COLUMNS, row, strict=True)) for row in cursor}


def update_messages(store: Store, changes: dict[str, dict]) -> None:
    """Each message's changes (SID -> column -> value), one statement per set of columns."""
    groups: dict[tuple, list] = {}
    for sid, change in changes.items():
        columns = tuple(change)
        groups.setdefault(columns, []).append([*change.values(), sid])
    for columns, rows in groups.items():
        assignments = ", ".join(f"[{c}] = ?" for c in columns)
        store.db.conn.executemany(f"UPDATE messages SET {assignments} WHERE sid = ?", rows)


def receive_many(store: Store, rows: list[dict]) -> None:
    """Copies into handset inboxes, in order (store/handset_texts.receive, many at once)."""
    if not rows:
        return
    columns = list(rows[0])
    store.db.conn.executemany(
        f"INSERT INTO inbox ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
        [[row[c] for c in columns] for row in rows])


def mark_steps_done(store: Store, step_ids: list[int]) -> None:
    store.db.conn.executemany("UPDATE steps SET done = 1 WHERE id = ?",
                              [[i] for i in step_ids])
