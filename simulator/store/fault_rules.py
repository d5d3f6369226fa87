"""Fault rules (``faults``) and their evaluation log (``fault_log``)."""

from __future__ import annotations

from smsim.store.database import Store
from smsim.store.filters import Where


def add(store: Store, name: str, spec: str, point: str, created_at: float) -> int:
    """Store a rule (``spec`` is its JSON) last in order; its id."""
    with store.write() as db:
        db.conn.execute("INSERT INTO faults(name, spec, point, created_at) VALUES (?, ?, ?, ?)",
                        [name, spec, point, created_at])
        rule_id = db.conn.execute("SELECT last_insert_rowid()").fetchone()[0]
        _recount(store)
        return rule_id


def _recount(store: Store) -> None:
    """Keep the number of rules in meta (inside the caller's write): a world without rules,
    the usual case, then reads none on each request."""
    (count,) = store.db.conn.execute("SELECT COUNT(*) FROM faults").fetchone()
    store.meta_set("fault_rules", str(count))


def any_rules(store: Store) -> bool:
    """Has the world any rule? (From meta, read once per request; a world whose meta does not
    say is asked.)"""
    count = store.meta_get("fault_rules")
    return int(count) > 0 if count is not None else store.count("faults") > 0


def get(store: Store, rule_id: int) -> dict | None:
    return store.get("faults", id=rule_id)


def in_order(store: Store) -> list[dict]:
    return store.select("faults", order="id")


def at_point(store: Store, point: str) -> list[dict]:
    """The rules of one decision point, in order."""
    return store.select("faults", "point = ?", [point], order="id")


def count_at_point(store: Store, point: str) -> int:
    return store.count("faults", "point = ?", [point])


def delete(store: Store, rule_id: int) -> bool:
    with store.write() as db:
        deleted = db.conn.execute("DELETE FROM faults WHERE id = ?", [rule_id]).rowcount > 0
        _recount(store)
        return deleted


def delete_all(store: Store) -> int:
    with store.write() as db:
        deleted = db.conn.execute("DELETE FROM faults").rowcount
        _recount(store)
        return deleted


def count_seen(store: Store, rule_id: int) -> int:
    """One more time the rule's criteria held; the new count (inside the caller's write)."""
    return store.db.conn.execute("UPDATE faults SET seen = seen + 1 WHERE id = ? "
                                 "RETURNING seen", [rule_id]).fetchone()[0]


def count_fired(store: Store, rule_id: int) -> None:
    """One more time the rule fired (inside the caller's write)."""
    store.db.conn.execute("UPDATE faults SET fired = fired + 1 WHERE id = ?", [rule_id])


def log_evaluation(store: Store, entry: dict) -> None:
    store.insert("fault_log", entry)


def log_entries(store: Store, *, message_sid: str | None = None, rule_id: int | None = None,
                fired: bool | None = None, limit: int = 1000) -> list[dict]:
    where = (Where().equal("message_sid", message_sid).equal("rule_id", rule_id)
             .flag("fired", fired))
    return store.select("fault_log", where.sql, where.params, order="id", limit=limit)
