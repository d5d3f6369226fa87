"""Webhooks to send and the attempts made to send them."""

from __future__ import annotations

from smsim.store.database import Store
from smsim.store.filters import Where


def insert(store: Store, row: dict) -> None:
    store.insert("webhooks", row)


def get(store: Store, webhook_id: int) -> dict | None:
    return store.get("webhooks", id=webhook_id)


def any_due(store: Store, now: float) -> bool:
    return store.db.conn.execute("SELECT 1 FROM webhooks WHERE state = 'pending' AND "
                                 "due_at <= ? LIMIT 1", [now]).fetchone() is not None


def claim_next(store: Store, now: float) -> int | None:
    """Claim the earliest due webhook whose message has no earlier one outstanding; its id."""
    with store.write() as db:
        row = db.conn.execute(
            "UPDATE webhooks SET state = 'delivering' WHERE id = ("
            " SELECT w.id FROM webhooks w WHERE w.state = 'pending' AND w.due_at <= ?"
            # In order per message: wait for an earlier one still outstanding; one put out of
            # order waits for every one of its message due before it.
            " AND NOT EXISTS (SELECT 1 FROM webhooks e WHERE e.message_sid = w.message_sid"
            "   AND e.state IN ('pending', 'delivering') AND e.id != w.id"
            "   AND ((e.ordered = 1 AND e.id < w.id)"
            "        OR (w.ordered = 0 AND e.due_at < w.due_at)))"
            " ORDER BY w.due_at, w.id LIMIT 1) RETURNING id", [now]).fetchone()
    return row[0] if row else None


def outstanding(store: Store, now: float) -> int:
    """Webhooks due by ``now`` that are not done yet (pending or being delivered)."""
    return store.count("webhooks", "state IN ('pending', 'delivering') AND due_at <= ?",
                       [now])


def earliest_outstanding(store: Store, after: float) -> float | None:
    """The earliest due time after ``after`` of a webhook being delivered, or pending and
    free to go at its due time: not one waiting behind an earlier webhook of its message
    that was put later (a delayed callback), which goes out only after that one."""
    row = store.db.conn.execute(
        "SELECT MIN(due) FROM ("
        " SELECT due FROM (SELECT w.due_at AS due FROM webhooks w"
        "  WHERE w.state = 'pending' AND w.due_at > ?"
        "  AND NOT EXISTS (SELECT 1 FROM webhooks e WHERE e.message_sid = w.message_sid"
        "   AND e.state IN ('pending', 'delivering') AND e.ordered = 1 AND e.id < w.id"
        "   AND e.due_at > w.due_at)"
        "  ORDER BY w.due_at LIMIT 1)"
        " UNION ALL"
        " SELECT MIN(due_at) FROM webhooks WHERE state = 'delivering' AND due_at > ?)",
        [after, after]).fetchone()
    return row[0] if row else None


def delivering(store: Store, now: float) -> int:
    """Webhooks due by ``now`` being delivered right now (by any worker)."""
    return store.count("webhooks", "state = 'delivering' AND due_at <= ?", [now])


def any_outstanding(store: Store) -> bool:
    return store.count("webhooks", "state IN ('pending', 'delivering')") > 0


def close(store: Store, webhook_id: int, token: str) -> bool:
    """Mark a delivering webhook done, if it is still the one with this token (inside the
    caller's transaction). False if someone else's webhook has that id now."""
    return bool(store.db.conn.execute(
        "UPDATE webhooks SET state = 'done' WHERE id = ? AND state = 'delivering' "
        "AND idempotency_token = ?", [webhook_id, token]).rowcount)


def timeout(store: Store) -> float | None:
    """The webhook timeout the world's deliverers run with, as last recorded."""
    value = store.meta_get("webhook_timeout")
    return float(value) if value is not None else None


def set_timeout(store: Store, seconds: float) -> None:
    store.meta_set("webhook_timeout", repr(float(seconds)))


def insert_attempt(store: Store, attempt: dict) -> None:
    store.insert("webhook_attempts", attempt)


def requeue_delivering(store: Store) -> None:
    with store.write() as db:
        db.conn.execute("UPDATE webhooks SET state = 'pending' WHERE state = 'delivering'")


def listing(store: Store, account_sid: str | None = None, message_sid: str | None = None,
            limit: int = 1000) -> list[dict]:
    """Webhooks in due order, of an account, of a message; params still JSON text."""
    where = Where().equal("account_sid", account_sid).equal("message_sid", message_sid)
    return store.select("webhooks", where.sql, where.params, order="due_at, id", limit=limit)


def attempts(store: Store, webhook_id: int) -> list[dict]:
    return store.select("webhook_attempts", "webhook_id = ?", [webhook_id], order="id")


def newest(store: Store, limit: int) -> list[dict]:
    """The world's newest webhooks, newest first; params still JSON text."""
    return store.select("webhooks", order="id DESC", limit=limit)


def attempts_of(store: Store, webhook_ids: list[int]) -> list[dict]:
    """The attempts of several webhooks in one read, in order."""
    where = Where().any_of("webhook_id", webhook_ids)
    return store.select("webhook_attempts", where.sql, where.params, order="id")
