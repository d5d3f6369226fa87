"""Verify services, verifications and their send attempts (migration 013_verify)."""

from __future__ import annotations

import json

from smsim.domain.paging import Page, Window
from smsim.store import pages
from smsim.store.database import Store
from smsim.store.filters import Where
from smsim.store.records import Records

get_service, insert_service, update_service, delete_service = Records("verify_services").crud
get, insert, update, _delete = Records("verifications").crud


def service_page(store: Store, account_sid: str, window: Window) -> Page | None:
    return pages.page(store, "verify_services", Where().equal("account_sid", account_sid),
                      window)


def open_for(store: Store, service_sid: str, to: str, statuses: tuple[str, ...],
             since: float) -> dict | None:
    """The newest verification to ``to`` created after ``since`` in one of ``statuses``."""
    rows = store.select(
        "verifications",
        f"service_sid = ? AND to_addr = ? AND date_created > ? AND status IN "
        f"({','.join('?' * len(statuses))})", [service_sid, to, since, *statuses],
        order="date_created DESC, rowid DESC", limit=1)
    return rows[0] if rows else None


def add_attempt(store: Store, row: dict) -> None:
    store.insert("verification_attempts", row)


def attempts(store: Store, verification_sid: str) -> list[dict]:
    """A verification's sends, oldest first."""
    return store.select("verification_attempts", "verification_sid = ?", [verification_sid],
                        order="at, rowid")


def sends_since(store: Store, service_sid: str, to: str, since: float) -> int:
    return store.count("verification_attempts", "service_sid = ? AND to_addr = ? AND at > ?",
                       [service_sid, to, since])


def oldest_send_since(store: Store, service_sid: str, to: str, since: float) -> float | None:
    row = store.row("SELECT MIN(at) AS at FROM verification_attempts "
                    "WHERE service_sid = ? AND to_addr = ? AND at > ?", [service_sid, to, since])
    return row["at"] if row else None


def listing(store: Store, limit: int, to: str | None = None,
            message_sid: str | None = None) -> list[dict]:
    """The newest verifications of the world, for the control plane: all, those to ``to``,
    or the one whose code ``message_sid`` carried."""
    where = Where().equal("to_addr", to)
    if message_sid:
        where.clause("sid IN (SELECT verification_sid FROM verification_attempts "
                     "WHERE message_sid = ?)", message_sid)
    return store.select("verifications", where.sql, where.params, order="rowid DESC",
                        limit=limit)


def attempts_of(store: Store, verification_sids) -> list[dict]:
    """The sends of these verifications, each with its message's status (None if the
    message is gone), oldest first: one query however many."""
    return store.rows(
        "SELECT a.*, m.status AS message_status FROM verification_attempts a "
        "LEFT JOIN messages m ON m.sid = a.message_sid WHERE a.verification_sid IN "
        "(SELECT value FROM json_each(?)) ORDER BY a.at, a.rowid",
        [json.dumps(list(verification_sids))])


def of_messages(store: Store, message_sids) -> list[dict]:
    """Which verification each of these messages carried the code of: rows of message_sid,
    verification_sid, status (one query however many messages)."""
    return store.rows(
        "SELECT a.message_sid, v.sid AS verification_sid, v.status FROM "
        "verification_attempts a JOIN verifications v ON v.sid = a.verification_sid "
        "WHERE a.message_sid IN (SELECT value FROM json_each(?))",
        [json.dumps(list(message_sids))])
