"""Messages as lists show them: the dashboard's log page, recent parties, a sender's queue.

Reads of the ``messages`` table for the dashboard and the control plane's number view; they
belong with the messages store module once it exists.
"""

from __future__ import annotations

from smsim.store.database import Store
from smsim.store.filters import Where


def page(store: Store, *, account: str | None = None, number: str | None = None,
         status: str | None = None, test_accounts: bool = False,
         failed_except_codes: list[int] | None = None, error_codes: list[int] | None = None,
         before: int | None = None, limit: int) -> list[dict]:
    """Messages newest first (keyset paging on seq, ``before`` excluded), filtered: of an
    account, to or from a number, in a status, of test accounts, failed or undelivered with
    no code or a code outside ``failed_except_codes``, with one of ``error_codes``. Indexed
    columns first."""
    where = Where().equal("account_sid", account)
    if number:
        where.clause("(to_addr = ? OR from_addr = ?)", number, number)
    where.equal("status", status)
    if test_accounts:
        where.clause("account_sid IN (SELECT sid FROM accounts WHERE kind = 'test')")
    if failed_except_codes is not None:
        where.clause("status IN ('failed', 'undelivered') AND (error_code IS NULL OR "
                     f"error_code NOT IN ({','.join('?' * len(failed_except_codes))}))",
                     *failed_except_codes)
    if error_codes is not None:
        where.clause(f"error_code IN ({','.join('?' * len(error_codes))})", *error_codes)
    where.before("seq", before)
    return store.select("messages", where.sql, where.params, order="seq DESC", limit=limit)


def recent_parties(store: Store, limit: int) -> list[tuple[str | None, str | None]]:
    """(to, from) of the newest ``limit`` messages, newest first."""
    return [tuple(row) for row in store.db.conn.execute(
        "SELECT to_addr, from_addr FROM messages ORDER BY seq DESC LIMIT ?", [limit])]


def queued_count(store: Store, account_sid: str, sender: str) -> int:
    """Messages of an account waiting in ``sender``'s queue."""
    return store.count("messages", "account_sid = ? AND from_addr = ? AND status = 'queued'",
                       [account_sid, sender])
