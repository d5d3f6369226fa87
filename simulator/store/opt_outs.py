"""Opt-outs: a recipient's STOP to a number or a whole Messaging Service."""

from __future__ import annotations

from smsim.store.database import Store


def put(store: Store, account_sid: str, scope: str, scope_id: str, recipient: str,
        keyword: str, message_sid: str | None, at: float) -> None:
    """Record an opt-out; a repeated one replaces the keyword, message and time."""
    with store.write() as db:
        db.conn.execute(
            "INSERT INTO opt_outs(account_sid, scope, scope_id, recipient, keyword, "
            "message_sid, at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(scope, scope_id, "
            "recipient) DO UPDATE SET keyword = excluded.keyword, message_sid = "
            "excluded.message_sid, at = excluded.at",
            [account_sid, scope, scope_id, recipient, keyword, message_sid, at])


def remove(store: Store, scope: str, scope_id: str, recipient: str) -> None:
    with store.write() as db:
        db.conn.execute("DELETE FROM opt_outs WHERE scope = ? AND scope_id = ? AND "
                        "recipient = ?", [scope, scope_id, recipient])


def get(store: Store, scope: str, scope_id: str, recipient: str) -> dict | None:
    return store.get("opt_outs", scope=scope, scope_id=scope_id, recipient=recipient)


def listing(store: Store, account_sid: str | None = None) -> list[dict]:
    """Every opt-out (of one account when given), oldest first."""
    if account_sid:
        return store.select("opt_outs", "account_sid = ?", [account_sid], order="at, rowid")
    return store.select("opt_outs", order="at, rowid")


def first_of(store: Store, scopes: list[tuple[str, str]], recipient: str) -> dict | None:
    """The opt-out of ``recipient`` in the first of ``scopes`` (scope, scope_id) that has
    one, in one query."""
    if not scopes:
        return None
    wanted = " OR ".join("(scope = ? AND scope_id = ?)" for _ in scopes)
    order = " ".join(f"WHEN scope = ? AND scope_id = ? THEN {i}" for i in range(len(scopes)))
    flat = [value for pair in scopes for value in pair]
    return store.row(f"SELECT * FROM opt_outs WHERE recipient = ? AND ({wanted}) "
                     f"ORDER BY CASE {order} END LIMIT 1", [recipient, *flat, *flat])
