"""The WhatsApp Sandbox's members and the world's Content templates (docs/whatsapp.md)."""

from __future__ import annotations

import json

from smsim.domain.paging import Page, Window
from smsim.store import pages
from smsim.store.database import Store
from smsim.store.filters import Where

TABLE = "whatsapp_templates"


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


SETTINGS_KEY = "whatsapp_sandbox_settings"


def settings(store: Store) -> dict:
    """The sandbox's settings as saved ({} when never set)."""
    return json.loads(store.meta_get(SETTINGS_KEY) or "{}")


def save_settings(store: Store, value: dict) -> None:
    store.meta_set(SETTINGS_KEY, json.dumps(value))


def inbox_reply(store: Store, row: dict) -> None:
    """A message the sandbox itself sends a handset (not an API message: no SID)."""
    store.insert("inbox", row)


def save_template(store: Store, row: dict) -> None:
    """Insert or replace the template ``row`` (every column of it)."""
    row = {**row, "approved": int(row.get("status") == "approved")}
    columns = list(row)
    updates = ", ".join(f"{c} = excluded.{c}" for c in columns if c != "sid")
    store.execute(f"INSERT INTO {TABLE} ({', '.join(columns)}) "
                  f"VALUES ({', '.join('?' * len(columns))}) "
                  f"ON CONFLICT(sid) DO UPDATE SET {updates}", [row[c] for c in columns])


def template(store: Store, sid: str) -> dict | None:
    return store.get(TABLE, sid=sid)


def templates(store: Store) -> list[dict]:
    return store.select(TABLE, order="sid")


def delete_template(store: Store, sid: str) -> None:
    store.execute(f"DELETE FROM {TABLE} WHERE sid = ?", [sid])


def template_page(store: Store, account_sid: str, window: Window) -> Page | None:
    """The templates an account sees on the Content API: its own and the world's (those
    with no account), newest first."""
    return pages.page(store, TABLE, Where().clause("(account_sid IS NULL OR account_sid = ?)",
                                                   account_sid), window)


def save_buttons(store: Store, message_sid: str, buttons) -> None:
    """The quick-reply buttons a message carries: (title, payload) pairs, in order."""
    for position, (title, payload) in enumerate(buttons):
        store.insert("message_buttons", {"message_sid": message_sid, "position": position,
                                         "title": title, "payload": payload})


def _of(store: Store, table: str, sids, order: str) -> dict[str, list[dict]]:
    rows = store.rows(f"SELECT * FROM [{table}] WHERE message_sid IN "
                      f"(SELECT value FROM json_each(?)) ORDER BY {order}",
                      [json.dumps(list(sids))])
    found: dict[str, list[dict]] = {}
    for row in rows:
        found.setdefault(row["message_sid"], []).append(row)
    return found


def buttons_of(store: Store, sids) -> dict[str, list[dict]]:
    """The buttons of each of these messages that has any, in order, in one query."""
    return _of(store, "message_buttons", sids, "message_sid, position")


def media_of(store: Store, sids) -> dict[str, list[dict]]:
    """The media of each of these messages that has any, in order, in one query (what a
    handset's inbox shows)."""
    return _of(store, "media", sids, "message_sid, rowid")
