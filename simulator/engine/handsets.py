"""The handset and carrier registries, stored as JSON settings keyed by number / name."""

from __future__ import annotations

import json
from dataclasses import replace

from smsim.domain import phone
from smsim.domain.handsets import (
    Carrier,
    Handset,
    default_carrier_name,
    updated_carrier,
    updated_handset,
)
from smsim.store.database import Store


def default_handset(number: str) -> Handset:
    address = phone.parse_recipient(number)
    country = address.country if address else None
    # A number libphonenumber knows as a fixed line is a landline; anything else a mobile.
    line_type = "landline" if address and address.line_type == "landline" else "mobile"
    return Handset(number=number, line_type=line_type, country=country,
                   carrier=default_carrier_name(country))


def get(store: Store, number: str) -> Handset:
    row = store.get("handsets", number=number)
    base = default_handset(number)
    if row is None:
        return base
    settings = json.loads(row["settings"])
    settings["blocked_senders"] = tuple(settings.get("blocked_senders", ()))
    return replace(base, **settings)


def is_registered(store: Store, number: str) -> bool:
    return store.get("handsets", number=number) is not None


def _save(store: Store, table: str, key: str, value: str, settings: dict) -> None:
    """Keep ``settings`` (all but the key) as the JSON row of ``table`` keyed by ``key``."""
    settings = {k: v for k, v in settings.items() if k != key}
    store.db.conn.execute(f"INSERT INTO {table}({key}, settings) VALUES (?, ?) "
                          f"ON CONFLICT({key}) DO UPDATE SET settings = excluded.settings",
                          [value, json.dumps(settings)])


def put(store: Store, number: str, changes: dict) -> Handset:
    with store.write():
        handset = updated_handset(get(store, number), changes)
        _save(store, "handsets", "number", number, handset.as_json())
    return handset


def registered(store: Store) -> list[Handset]:
    return [get(store, row["number"]) for row in store.select("handsets", order="number")]


def carrier(store: Store, name: str) -> Carrier:
    row = store.get("carriers", name=name)
    if row is None:
        return Carrier(name=name)
    return Carrier(name=name, **json.loads(row["settings"]))


def put_carrier(store: Store, name: str, changes: dict) -> Carrier:
    with store.write():
        updated = updated_carrier(carrier(store, name), changes)
        _save(store, "carriers", "name", name, updated.as_json())
    return updated


def configured_carriers(store: Store) -> list[Carrier]:
    return [carrier(store, row["name"]) for row in store.select("carriers", order="name")]
