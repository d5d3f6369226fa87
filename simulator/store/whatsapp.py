"""The WhatsApp Sandbox's members (docs/whatsapp.md)."""

from __future__ import annotations

from smsim.store.database import Store


def join(store: Store, user: str, at: float) -> None:
    store.execute("INSERT INTO whatsapp_sandbox (user, joined_at) VALUES (?, ?) "
                  "ON CONFLICT(user) DO UPDATE SET joined_at = excluded.joined_at", [user, at])


def leave(store: Store, user: str) -> bool:
    """Forget ``user``'s membership; False when they had none."""
    return store.execute("DELETE FROM whatsapp_sandbox WHERE user = ?", [user]).rowcount > 0


def joined_at(store: Store, user: str) -> float | None:
    row = store.execute("SELECT joined_at FROM whatsapp_sandbox WHERE user = ?",
                        [user]).fetchone()
    return row[0] if row else None


def members(store: Store) -> list[dict]:
    return store.select("whatsapp_sandbox", order="user")


def save_template(store: Store, sid: str, body: str, approved: bool) -> None:
    store.execute("INSERT INTO whatsapp_templates (sid, body, approved) VALUES (?, ?, ?) "
                  "ON CONFLICT(sid) DO UPDATE SET body = excluded.body, "
                  "approved = excluded.approved", [sid, body, int(approved)])


def template(store: Store, sid: str) -> dict | None:
    return store.get("whatsapp_templates", sid=sid)


def templates(store: Store) -> list[dict]:
    return store.select("whatsapp_templates", order="sid")
