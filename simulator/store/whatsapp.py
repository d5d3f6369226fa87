"""The WhatsApp Sandbox's members (docs/whatsapp.md)."""

from __future__ import annotations

from smsim.store.database import Store


def join(store: Store, user: str, at: float) -> None:
    store.execute("INSERT INTO whatsapp_sandbox (user, joined_at) VALUES (?, ?) "
                  "ON CONFLICT(user) DO UPDATE SET joined_at = excluded.joined_at", [user, at])


def joined_at(store: Store, user: str) -> float | None:
    row = store.execute("SELECT joined_at FROM whatsapp_sandbox WHERE user = ?",
                        [user]).fetchone()
    return row[0] if row else None


def members(store: Store) -> list[dict]:
    return store.select("whatsapp_sandbox", order="user")
