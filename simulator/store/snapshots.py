"""Saved copies of a world's database file, and putting one back.

A snapshot is a plain SQLite file: SQLite's online backup API copies the world's file whole
(through its write-ahead log) while the world's write lock is held, so no writer of any
process is half way through a change. A restore copies the world's tables back from it in
one write transaction, while the live file stays open in every worker: readers see the old
world or the restored one, never a mix. The registry of worlds (kept in the default world's
file) and the schema's own bookkeeping are never part of it.
"""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path

from smsim.store.database import Store
from smsim.store.schema import WIPE_ORDER

# Meta rows that belong to this server, not to the story a snapshot keeps: the SID sequence
# (kept monotonic by the caller), where the server is reached, how long webhooks may take,
# the dashboard's last scenario run, and the snapshot's own description.
SERVER_META = ("sequence", "public_url", "webhook_timeout", "scenario_run", "snapshot")


def take(store: Store, target: Path, describe) -> dict:
    """Copy the world's file to ``target`` under the world's write lock; ``describe(store)``
    is called under the same lock and its dict is kept in the copy (meta ``snapshot``).
    The copy is written beside ``target`` and renamed over it, so a reader of ``target``
    sees the old copy or the new one whole."""
    partial = target.with_name(f".{target.name}.{os.getpid()}.partial")
    partial.unlink(missing_ok=True)
    source = store.db.conn
    copy = sqlite3.connect(partial, isolation_level=None)
    try:
        with store.writer_lock():
            info = describe(store)
            # One step (pages=-1): one read of the whole file, consistent by itself too.
            source.backup(copy)
        # A self-contained file: no write-ahead log beside it.
        copy.execute("PRAGMA journal_mode=DELETE")
        copy.execute("INSERT INTO meta(key, value) VALUES ('snapshot', ?) ON CONFLICT(key) "
                     "DO UPDATE SET value = excluded.value", [json.dumps(info)])
    finally:
        copy.close()
    os.replace(partial, target)
    return info


def read_info(path: Path) -> dict | None:
    """The description kept in a snapshot file, with the schema it was made by (None for a
    file that is not a snapshot)."""
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error:
        return None
    try:
        row = conn.execute("SELECT value FROM meta WHERE key = 'snapshot'").fetchone()
        migrations = [name for (name,) in conn.execute(
            "SELECT name FROM migrations ORDER BY name")]
    except sqlite3.Error:
        return None
    finally:
        conn.close()
    if row is None:
        return None
    return {**json.loads(row[0]), "migrations": migrations}


def migrations(store: Store) -> list[str]:
    return [name for (name,) in store.db.conn.execute(
        "SELECT name FROM migrations ORDER BY name")]


def restore(store: Store, source: Path, finish) -> None:
    """Replace every world table and the story's meta rows with the snapshot's, in one write
    transaction; the server's own meta rows stay, and the SID sequence goes on from the
    higher of the live one and the snapshot's, so no SID given out since the snapshot is
    given out again. ``finish(store)`` runs inside the same transaction (the caller sets the
    clock there)."""
    conn = store.db.conn
    if conn.in_transaction:
        raise RuntimeError("a snapshot is restored outside any transaction (ATTACH)")
    conn.execute("ATTACH DATABASE ? AS snapshot", [str(source)])
    try:
        with store.write():
            kept = dict(conn.execute(
                f"SELECT key, value FROM main.meta WHERE key IN "
                f"({','.join('?' * len(SERVER_META))})", SERVER_META).fetchall())
            for table in WIPE_ORDER:
                conn.execute(f"DELETE FROM main.[{table}]")
            for table in reversed(WIPE_ORDER):  # parents first, for the foreign keys
                columns = ", ".join(f"[{c}]" for c in _columns(conn, table))
                conn.execute(f"INSERT INTO main.[{table}] ({columns}) "
                             f"SELECT {columns} FROM snapshot.[{table}]")
            conn.execute("DELETE FROM main.sqlite_sequence")
            conn.execute("INSERT INTO main.sqlite_sequence (name, seq) "
                         "SELECT name, seq FROM snapshot.sqlite_sequence")
            conn.execute("DELETE FROM main.meta")
            conn.execute("INSERT INTO main.meta (key, value) SELECT key, value FROM "
                         f"snapshot.meta WHERE key NOT IN ({','.join('?' * len(SERVER_META))})",
                         SERVER_META)
            conn.executemany("INSERT INTO main.meta (key, value) VALUES (?, ?)",
                             list(kept.items()))
            conn.execute("INSERT INTO main.meta (key, value) SELECT 'sequence', value FROM "
                         "snapshot.meta WHERE key = 'sequence' ON CONFLICT(key) DO UPDATE SET "
                         "value = MAX(CAST(value AS INTEGER), CAST(excluded.value AS INTEGER))")
            store.forget_meta_cache()
            finish(store)
    finally:
        conn.execute("DETACH DATABASE snapshot")
    store.forget_meta_cache()


def _columns(conn: sqlite3.Connection, table: str) -> list[str]:
    return [row[1] for row in conn.execute(f"PRAGMA main.table_info([{table}])")]

