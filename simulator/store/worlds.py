"""The registry of sealed worlds: which file holds the world of an account, and which world
a credential (account or API key SID) belongs to. Kept in the default world's file."""

from __future__ import annotations

from smsim.store.database import Store


def add(store: Store, account_sid: str, file: str, created_at: float) -> None:
    store.insert("worlds", {"account_sid": account_sid, "file": file,
                            "created_at": created_at})


def add_credential(store: Store, sid: str, world: str) -> None:
    store.db.conn.execute("INSERT INTO world_credentials(sid, world) VALUES (?, ?) "
                          "ON CONFLICT(sid) DO UPDATE SET world = excluded.world", [sid, world])


def forget_credentials(store: Store, world: str) -> None:
    store.db.conn.execute("DELETE FROM world_credentials WHERE world = ?", [world])


def get(store: Store, account_sid: str) -> dict | None:
    return store.get("worlds", account_sid=account_sid)


def of_credential(store: Store, sid: str) -> dict | None:
    """The world a credential SID belongs to, or None (the default world's own, or unknown)."""
    row = store.db.conn.execute(
        "SELECT w.account_sid, w.file FROM world_credentials c JOIN worlds w "
        "ON w.account_sid = c.world WHERE c.sid = ?", [sid]).fetchone()
    return {"account_sid": row[0], "file": row[1]} if row else None


def listing(store: Store) -> list[dict]:
    """Every world, oldest first."""
    return store.select("worlds", order="created_at, account_sid")


def remove(store: Store, account_sid: str) -> None:
    store.db.conn.execute("DELETE FROM worlds WHERE account_sid = ?", [account_sid])
