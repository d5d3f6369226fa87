"""Handsets and carriers (JSON settings keyed by number / name), and what handsets received.

The ``inbox`` reads live here until the handset texts' own store module takes them.
"""

from __future__ import annotations

import json

from smsim.store.database import Store


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


def count_carrier_send(store: Store, carrier: str, sender: str) -> int:
    """One more message from ``sender`` through ``carrier``; returns how many so far."""
    return store.db.conn.execute(
        "INSERT INTO carrier_counts(carrier, sender, sent) VALUES (?, ?, 1) "
        "ON CONFLICT(carrier, sender) DO UPDATE SET sent = sent + 1 RETURNING sent",
        [carrier, sender]).fetchone()[0]


def handset_and_carrier(store: Store, number: str, default_carrier: str
                        ) -> tuple[dict | None, str, dict | None]:
    """A handset's stored settings, its carrier's name and that carrier's settings, in one
    query (a create reads both); ``default_carrier`` when the handset names none."""
    row = store.db.conn.execute(
        "SELECT h.settings, q.carrier, c.settings FROM (SELECT COALESCE("
        "(SELECT json_extract(settings, '$.carrier') FROM handsets WHERE number = ?1), ?2) "
        "AS carrier) q LEFT JOIN handsets h ON h.number = ?1 "
        "LEFT JOIN carriers c ON c.name = q.carrier", [number, default_carrier]).fetchone()
    handset, carrier, carrier_settings = row
    return (json.loads(handset) if handset else None, carrier,
            json.loads(carrier_settings) if carrier_settings else None)
