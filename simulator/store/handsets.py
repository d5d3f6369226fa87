"""Handsets and carriers (JSON settings keyed by number / name), and what handsets received.

The ``inbox`` reads live here until the handset texts' own store module takes them.
"""

from __future__ import annotations

import json

from smsim.store.database import Store
from smsim.store.filters import Where


def handset_settings(store: Store, number: str) -> dict | None:
    """The stored settings of a registered handset; None when it is not registered."""
    row = store.get("handsets", number=number)
    return None if row is None else json.loads(row["settings"])


def registered_numbers(store: Store) -> list[str]:
    return [row["number"] for row in store.select("handsets", order="number")]


def carrier_settings(store: Store, name: str) -> dict | None:
    row = store.get("carriers", name=name)
    return None if row is None else json.loads(row["settings"])


def carrier_names(store: Store) -> list[str]:
    return [row["name"] for row in store.select("carriers", order="name")]


def _save(store: Store, table: str, key: str, value: str, settings: dict) -> None:
    """Keep ``settings`` (all but the key) as the JSON row of ``table`` keyed by ``key``."""
    settings = {k: v for k, v in settings.items() if k != key}
    store.db.conn.execute(f"INSERT INTO {table}({key}, settings) VALUES (?, ?) "
                          f"ON CONFLICT({key}) DO UPDATE SET settings = excluded.settings",
                          [value, json.dumps(settings)])


def save_handset(store: Store, number: str, settings: dict) -> None:
    """Inside the caller's write transaction."""
    _save(store, "handsets", "number", number, settings)


def save_carrier(store: Store, name: str, settings: dict) -> None:
    """Inside the caller's write transaction."""
    _save(store, "carriers", "name", name, settings)


def inbox(store: Store, number: str, shown_only: bool) -> list[dict]:
    """Copies one handset received, oldest first."""
    where = Where().equal("number", number).flag("shown", True if shown_only else None)
    return store.select("inbox", where.sql, where.params, order="received_at, id")


def latest_inbox(store: Store, number: str, limit: int) -> list[dict]:
    """The newest copies one handset received (blocked ones too), newest first."""
    return store.select("inbox", "number = ?", [number], order="id DESC", limit=limit)


def inboxes(store: Store, *, shown_only: bool, since: float | None, limit: int) -> list[dict]:
    """Copies any handset received, oldest first."""
    where = Where().flag("shown", True if shown_only else None).at_least("received_at", since)
    return store.select("inbox", where.sql, where.params, order="received_at, id", limit=limit)
