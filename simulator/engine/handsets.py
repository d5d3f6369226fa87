"""The handset and carrier registries, stored as JSON settings keyed by number / name."""

from __future__ import annotations

import json
from dataclasses import replace

from .. import phone
from ..handset import Carrier, Handset, default_carrier_name, updated_carrier, updated_handset
from ..store import Store


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


def put(store: Store, number: str, changes: dict) -> Handset:
    with store.write() as db:
        handset = updated_handset(get(store, number), changes)
        settings = handset.as_json()
        settings.pop("number")
        db.conn.execute("INSERT INTO handsets(number, settings) VALUES (?, ?) "
                        "ON CONFLICT(number) DO UPDATE SET settings = excluded.settings",
                        [number, json.dumps(settings)])
    return handset


def registered(store: Store) -> list[Handset]:
    return [get(store, row["number"]) for row in store.select("handsets", order="number")]


def carrier(store: Store, name: str) -> Carrier:
    row = store.get("carriers", name=name)
    if row is None:
        return Carrier(name=name)
    return Carrier(name=name, **json.loads(row["settings"]))


def put_carrier(store: Store, name: str, changes: dict) -> Carrier:
    with store.write() as db:
        updated = updated_carrier(carrier(store, name), changes)
        settings = updated.as_json()
        settings.pop("name")
        db.conn.execute("INSERT INTO carriers(name, settings) VALUES (?, ?) "
                        "ON CONFLICT(name) DO UPDATE SET settings = excluded.settings",
                        [name, json.dumps(settings)])
    return updated


def configured_carriers(store: Store) -> list[Carrier]:
    return [carrier(store, row["name"]) for row in store.select("carriers", order="name")]
