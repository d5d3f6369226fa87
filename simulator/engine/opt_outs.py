"""Who has opted out of whom: the (Twilio number, recipient) pair, or a whole Messaging
Service when the number belongs to one (support articles 223134027, 223181748)."""

from __future__ import annotations

from smsim.engine import services
from smsim.store.database import Store


def scope_of(store: Store, number: dict) -> tuple[str, str]:
    """("service", MG...) for a number in a service, else ("number", +1...)."""
    service = services.service_of_number(store, number["sid"])
    if service is not None:
        return "service", service["sid"]
    return "number", number["phone_number"]


def record(store: Store, number: dict, recipient: str, keyword_type: str, keyword: str,
           message_sid: str, at: float) -> None:
    scope, scope_id = scope_of(store, number)
    with store.write() as db:
        if keyword_type == "STOP":
            db.conn.execute(
                "INSERT INTO opt_outs(account_sid, scope, scope_id, recipient, keyword, "
                "message_sid, at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(scope, scope_id, "
                "recipient) DO UPDATE SET keyword = excluded.keyword, message_sid = "
                "excluded.message_sid, at = excluded.at",
                [number["account_sid"], scope, scope_id, recipient, keyword, message_sid, at])
        elif keyword_type == "START":
            db.conn.execute("DELETE FROM opt_outs WHERE scope = ? AND scope_id = ? AND "
                            "recipient = ?", [scope, scope_id, recipient])


def blocking(store: Store, sender: str, recipient: str, service_sid: str | None) -> dict | None:
    """The opt-out that forbids ``sender`` -> ``recipient``, if any."""
    number = store.get("numbers", phone_number=sender)
    scopes = [("number", sender)]
    if number is not None:
        service = services.service_of_number(store, number["sid"])
        if service is not None:
            scopes.append(("service", service["sid"]))
    if service_sid:
        scopes.append(("service", service_sid))
    for scope, scope_id in scopes:
        row = store.get("opt_outs", scope=scope, scope_id=scope_id, recipient=recipient)
        if row is not None:
            return row
    return None


def listing(store: Store, account_sid: str | None = None) -> list[dict]:
    if account_sid:
        return store.select("opt_outs", "account_sid = ?", [account_sid], order="at, rowid")
    return store.select("opt_outs", order="at, rowid")
