"""The database handle: connections, transactions, migrations, meta and generic row access.

SQLite through sqlite-utils, one connection per thread, WAL so readers never wait for the
writer, and ``BEGIN IMMEDIATE`` for every write transaction: several worker processes share
the file, and a deferred transaction that reads and then writes can dead-lock on upgrade
(SQLite docs "BEGIN TRANSACTION"). Migrations (store/schema.py) are named and applied in
order, once.
"""

from __future__ import annotations

import contextlib
import fcntl
import functools
import json
import sqlite3
import threading
import time
from collections.abc import Iterator
from dataclasses import asdict

import sqlite_utils
from smsim.domain import ids
from smsim.domain.clock import ClockState, system_state
from smsim.store.schema import MIGRATIONS, WIPE_ORDER

_NOT_CACHED = object()


@functools.lru_cache(maxsize=256)
def _parsed_clock(raw: str) -> ClockState:
    """The clock's stored JSON, parsed (the same text is read many times a request)."""
    return ClockState(**json.loads(raw))


class Store:
    def __init__(self, path: str):
        self.path = path
        self._local = threading.local()
        self._threads_lock = threading.Lock()
        self._lock_file = None

    # --- connections and transactions ---------------------------------------------------------
    @property
    def db(self) -> sqlite_utils.Database:
        db = getattr(self._local, "db", None)
        if db is None:
            conn = sqlite3.connect(self.path, timeout=30, isolation_level=None,
                                   check_same_thread=False)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA foreign_keys=ON")
            conn.execute("PRAGMA synchronous=NORMAL")
            conn.execute("PRAGMA busy_timeout=30000")
            db = sqlite_utils.Database(conn)
            self._local.db = db
        return db

    @contextlib.contextmanager
    def write(self) -> Iterator[sqlite_utils.Database]:
        """One write transaction. A nested call is a savepoint: if it fails, only its own
        writes are undone and the outer transaction goes on (a failed auto-reply inside the
        clock's step must not leave half a message behind)."""
        db = self.db
        if db.conn.in_transaction:
            self._savepoints = getattr(self, "_savepoints", 0) + 1
            name = f"smsim_{threading.get_ident()}_{self._savepoints}"
            db.conn.execute(f"SAVEPOINT {name}")
            try:
                yield db
            except BaseException:
                if db.conn.in_transaction:
                    db.conn.execute(f"ROLLBACK TO {name}")
                    db.conn.execute(f"RELEASE {name}")
                raise
            else:
                db.conn.execute(f"RELEASE {name}")
            return
        with self._writer_turn():
            db.conn.execute("BEGIN IMMEDIATE")
            try:
                yield db
            except BaseException:
                db.conn.execute("ROLLBACK")
                raise
            db.conn.execute("COMMIT")

    @contextlib.contextmanager
    def _writer_turn(self) -> Iterator[None]:
        """Writers wait their turn on locks that wake them the moment it comes: the threads
        of this process on a lock, the processes on an flock of ``<db>-lock``. SQLite's own
        busy handler would have them sleep and poll (up to 100 ms a try): under load that
        was most of a create's tail latency and idle CPU (issue 13)."""
        with self._threads_lock:
            if self._lock_file is None:
                self._lock_file = open(self.path + "-lock", "a+b")  # noqa: SIM115
            fcntl.flock(self._lock_file, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(self._lock_file, fcntl.LOCK_UN)

    @contextlib.contextmanager
    def writer_lock(self) -> Iterator[None]:
        """The world's write lock alone, with no transaction: no writer of any process can
        change the file while it is held (a snapshot copies the file whole under it)."""
        with self._writer_turn():
            yield

    def in_transaction(self) -> bool:
        return self.db.conn.in_transaction

    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite_utils.Database]:
        """The caller's transaction when there is one, joined whole (no savepoint: its work
        and the caller's stand or fall together); else a new one, as write() begins."""
        if self.db.conn.in_transaction:
            yield self.db
            return
        with self.write() as db:
            yield db

    def migrate(self) -> None:
        with self.write() as db:
            db.conn.execute("CREATE TABLE IF NOT EXISTS migrations "
                            "(name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
            done = {name for (name,) in db.conn.execute("SELECT name FROM migrations")}
            for name, sql in MIGRATIONS:
                if name in done:
                    continue
                # Comment lines go first: a ";" in a comment must not split a statement.
                code = "\n".join(line for line in sql.splitlines()
                                 if not line.lstrip().startswith("--"))
                for statement in filter(str.strip, code.split(";")):
                    db.conn.execute(statement)
                db.conn.execute("INSERT INTO migrations VALUES (?, datetime('now'))", [name])

    # --- reading rows ---------------------------------------------------------------------------
    # The connection directly, not sqlite-utils' Database.query, which wraps every query in a
    # SAVEPOINT and its RELEASE: 68 of a message create's 118 statements (issue 13).
    def rows(self, sql: str, params=()) -> list[dict]:
        cursor = self.db.conn.execute(sql, params)
        names = [column[0] for column in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    def row(self, sql: str, params=()) -> dict | None:
        found = self.rows(sql, params)
        return found[0] if found else None

    def execute(self, sql: str, params=()) -> sqlite3.Cursor:
        """One write statement. A single statement is atomic by itself, so outside a
        transaction it needs no BEGIN of its own, and inside one no savepoint."""
        return self.db.conn.execute(sql, params)

    # --- meta: seed, sequence, clock -------------------------------------------------------------
    # Within a request (begin_request .. end_request) the world's meta rows are read once, in
    # one query, and kept for the request: a create reads the clock, the seed and the fault
    # rule count several times. What this thread writes updates the copy; another process's
    # writes are seen from the next request on, as a snapshot taken when the request began.
    def begin_request(self) -> None:
        self._local.meta = None  # read on first use

    def end_request(self) -> None:
        self._local.meta = _NOT_CACHED

    def _meta_cache(self) -> dict | None:
        cache = getattr(self._local, "meta", _NOT_CACHED)
        if cache is _NOT_CACHED:
            return None
        if cache is None:
            cache = self._local.meta = {key: value for key, value in self.db.conn.execute(
                "SELECT key, value FROM meta").fetchall()}
        return cache

    def forget_meta_cache(self) -> None:
        """This thread's copy of the meta rows is read anew (after they were replaced
        wholesale: a wipe, a snapshot restored)."""
        if getattr(self._local, "meta", _NOT_CACHED) is not _NOT_CACHED:
            self._local.meta = None

    def meta_get(self, key: str) -> str | None:
        cache = self._meta_cache()
        if cache is not None:
            return cache.get(key)
        row = self.db.conn.execute("SELECT value FROM meta WHERE key = ?", [key]).fetchone()
        return row[0] if row else None

    def meta_set(self, key: str, value: str) -> None:
        self.execute("INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) "
                     "DO UPDATE SET value = excluded.value", [key, value])
        cache = self._meta_cache()
        if cache is not None:
            cache[key] = value

    def meta_delete(self, key: str) -> None:
        self.execute("DELETE FROM meta WHERE key = ?", [key])
        cache = self._meta_cache()
        if cache is not None:
            cache.pop(key, None)

    def next_number(self) -> int:
        """The next value of the world's one sequence, in one statement (inside the caller's
        transaction, if any)."""
        row = self.execute("INSERT INTO meta(key, value) VALUES ('sequence', '1') "
                           "ON CONFLICT(key) DO UPDATE SET value = CAST(value AS INTEGER) + 1 "
                           "RETURNING value").fetchone()
        return int(row[0])

    def seed(self) -> str:
        return self.meta_get("seed") or ""

    def new_sid(self, prefix: str) -> str:
        return ids.sid(prefix, self.seed(), self.next_number())

    def new_unique_sid(self, prefix: str, table: str) -> str:
        """A new SID no row of ``table`` has: after a reset the sequence starts again while
        a kept account (the default one) may hold a SID it would give out."""
        while True:
            sid = self.new_sid(prefix)
            if self.get(table, sid=sid) is None:
                return sid

    def new_token(self) -> str:
        return ids.token(self.seed(), self.next_number())

    def clock_state(self) -> ClockState:
        raw = self.meta_get("clock")
        if not raw:
            return system_state(time.time())
        return _parsed_clock(raw)

    def set_clock_state(self, state: ClockState) -> None:
        self.meta_set("clock", json.dumps(asdict(state)))

    def now(self) -> float:
        return self.clock_state().now(time.time())

    # --- generic row access -------------------------------------------------------------------
    def get(self, table: str, **where) -> dict | None:
        clause = " AND ".join(f"[{k}] = ?" for k in where)
        return self.row(f"SELECT * FROM [{table}] WHERE {clause} LIMIT 1", list(where.values()))

    def select(self, table: str, where: str = "1", params: list | None = None,
               order: str = "rowid", limit: int | str | None = None,
               index: str | None = None) -> list[dict]:
        """Rows in ``order``; ``limit`` is a count or "count OFFSET n" (both from our code);
        ``index``: the index SQLite must use (INDEXED BY), when we know better than it."""
        source = f"[{table}] INDEXED BY [{index}]" if index else f"[{table}]"
        sql = f"SELECT * FROM {source} WHERE {where} ORDER BY {order}"
        if limit is not None:
            sql += f" LIMIT {limit}"
        return self.rows(sql, params or [])

    def insert(self, table: str, row: dict) -> None:
        # Plain SQL: sqlite-utils' Table.insert introspects the table on every call, which
        # was a fifth of a message create's time.
        columns = ", ".join(f"[{k}]" for k in row)
        marks = ", ".join("?" * len(row))
        self.execute(f"INSERT INTO [{table}] ({columns}) VALUES ({marks})", list(row.values()))

    def insert_returning(self, table: str, row: dict) -> dict:
        """Insert ``row`` and read it back whole (defaults, rowid) in the same statement."""
        columns = ", ".join(f"[{k}]" for k in row)
        marks = ", ".join("?" * len(row))
        return self.row(f"INSERT INTO [{table}] ({columns}) VALUES ({marks}) RETURNING *",
                        list(row.values()))

    def insert_many(self, table: str, rows: list[dict]) -> None:
        """Rows of the same columns in one INSERT statement (one statement, not one each)."""
        if not rows:
            return
        columns = list(rows[0])
        marks = "(" + ", ".join("?" * len(columns)) + ")"
        self.execute(f"INSERT INTO [{table}] ({', '.join(f'[{c}]' for c in columns)}) "
                     f"VALUES {', '.join([marks] * len(rows))}",
                     [row[c] for row in rows for c in columns])

    def update(self, table: str, sid: str, changes: dict) -> None:
        assignments = ", ".join(f"[{k}] = ?" for k in changes)
        self.execute(f"UPDATE [{table}] SET {assignments} WHERE sid = ?",
                     [*changes.values(), sid])

    def update_row(self, table: str, row_id: int, changes: dict) -> None:
        assignments = ", ".join(f"[{k}] = ?" for k in changes)
        self.execute(f"UPDATE [{table}] SET {assignments} WHERE id = ?",
                     [*changes.values(), row_id])

    def delete(self, table: str, sid: str) -> None:
        self.execute(f"DELETE FROM [{table}] WHERE sid = ?", [sid])

    def count(self, table: str, where: str = "1", params: list | None = None) -> int:
        row = self.db.conn.execute(f"SELECT COUNT(*) FROM [{table}] WHERE {where}",
                                   params or []).fetchone()
        return int(row[0])

    def wipe(self, restart_sequence: bool = False) -> None:
        """Forget every account, number, message and request; keep seed and clock, and the
        SID sequence unless ``restart_sequence`` (an explicit seed): SIDs never repeat in one
        database otherwise, as real SIDs never do."""
        with self.write() as db:
            for table in WIPE_ORDER:
                db.conn.execute(f"DELETE FROM [{table}]")
            # Ids start again at 1, so a fresh world numbers its rules and rows the same.
            db.conn.execute("DELETE FROM sqlite_sequence")
            db.conn.execute("DELETE FROM meta WHERE key IN ('inbound_blocked_countries', "
                            "'applied_until')")
            db.conn.execute("INSERT INTO meta(key, value) VALUES ('fault_rules', '0') "
                            "ON CONFLICT(key) DO UPDATE SET value = '0'")
            if restart_sequence:
                db.conn.execute("DELETE FROM meta WHERE key = 'sequence'")
        self.forget_meta_cache()
