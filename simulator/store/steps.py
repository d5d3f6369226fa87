"""A message's planned steps, its sender's queue, and how far the world has been applied."""

from __future__ import annotations

from smsim.domain import planner
from smsim.store.database import Store


def insert(store: Store, message_sid: str, steps: list[planner.Step],
           happened: int = 0) -> None:
    """The steps of a message in one statement; the first ``happened`` of them are already
    done (a create's own: accepted by the API, joined the queue)."""
    store.insert_many("steps", [{
        "message_sid": message_sid, "at": step.at, "kind": step.kind,
        "status": step.status, "reason": step.reason, "error_code": step.error_code,
        "copy": step.copy, "shown": int(step.shown), "done": int(i < happened)}
        for i, step in enumerate(steps)])


def for_message(store: Store, message_sid: str) -> list[dict]:
    """Every step of the message, planned or done, in time order."""
    return store.select("steps", "message_sid = ?", [message_sid], order="at, id")


def delete(store: Store, step_ids: list[int]) -> None:
    """(Inside the caller's transaction, like every writer here without its own.)"""
    store.db.conn.execute(f"DELETE FROM steps WHERE id IN ({','.join('?' * len(step_ids))})",
                          step_ids)


def drop_future(store: Store, message_sid: str) -> None:
    """Forget the message's steps that have not happened."""
    store.db.conn.execute("DELETE FROM steps WHERE message_sid = ? AND done = 0",
                          [message_sid])


def anything_due(store: Store, now: float) -> bool:
    """Is a step or a handset's text due by ``now``? One query: every request asks."""
    return store.db.conn.execute(
        "SELECT EXISTS(SELECT 1 FROM steps WHERE done = 0 AND at <= ?1) "
        "OR EXISTS(SELECT 1 FROM outbox WHERE done = 0 AND arrive_at <= ?1)",
        [now]).fetchone()[0] == 1


def due(store: Store, now: float, limit: int) -> list[dict]:
    """Steps not yet applied and due by ``now``, in time order, at most ``limit``."""
    return store.select("steps", "done = 0 AND at <= ?", [now], order="at, id", limit=limit)


def mark_done(store: Store, step_id: int) -> None:
    store.db.conn.execute("UPDATE steps SET done = 1 WHERE id = ?", [step_id])


def any_pending(store: Store) -> bool:
    """Is any step still to happen?"""
    return store.count("steps", "done = 0") > 0


# --- the sender's queue ------------------------------------------------------------------

def queue_position(store: Store, account_sid: str, sender: str,
                   message_sid: str) -> tuple[float | None, int]:
    """When the sender's queue is next free (None: never used) and how many of the
    account's messages from it wait queued before ``message_sid``, in one query; counted up
    to ``AHEAD_COUNTED`` + 1 only (a long code's queue may hold 36,000 messages, and
    counting them all on every create made creates slower the longer the queue)."""
    return tuple(store.db.conn.execute(
        "SELECT (SELECT free_at FROM sender_queues WHERE account_sid = ?1 AND sender = ?2), "
        "(SELECT COUNT(*) FROM (SELECT 1 FROM messages WHERE account_sid = ?1 "
        "AND from_addr = ?2 AND status = 'queued' AND sid != ?3 LIMIT ?4))",
        [account_sid, sender, message_sid, planner.AHEAD_COUNTED + 1]).fetchone())


def set_sender_free_at(store: Store, account_sid: str, sender: str, free_at: float) -> None:
    store.db.conn.execute(
        "INSERT INTO sender_queues(account_sid, sender, free_at) VALUES (?, ?, ?) "
        "ON CONFLICT(account_sid, sender) DO UPDATE SET free_at = excluded.free_at",
        [account_sid, sender, free_at])



# --- how far the world's due steps have been applied -------------------------------------

def applied_until(store: Store) -> float | None:
    value = store.meta_get("applied_until")
    return float(value) if value is not None else None


def set_applied_until(store: Store, now: float) -> None:
    # Kept as repr() text: SQLite's REAL-to-text rounding would lose the last digits.
    store.meta_set("applied_until", repr(now))


def forget_applied_until(store: Store) -> None:
    store.meta_delete("applied_until")
