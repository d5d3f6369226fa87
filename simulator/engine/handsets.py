"""The handset and carrier registries, stored as JSON settings keyed by number / name, and
what handsets received."""

from __future__ import annotations

from dataclasses import replace

from smsim.domain import phone
from smsim.domain.handsets import (
    Carrier,
    Handset,
    WhatsApp,
    default_carrier_name,
    updated_carrier,
    updated_handset,
)
from smsim.store import handset_texts
from smsim.store import handsets as handsets_store
from smsim.store.database import Store


def default_handset(number: str) -> Handset:
    address = phone.parse_recipient(number)
    country = address.country if address else None
    # A number libphonenumber knows as a fixed line is a landline; anything else a mobile.
    line_type = "landline" if address and address.line_type == "landline" else "mobile"
    return Handset(number=number, line_type=line_type, country=country,
                   carrier=default_carrier_name(country))


def get(store: Store, number: str) -> Handset:
    return _handset(default_handset(number), handsets_store.handset_settings(store, number))


def _handset(base: Handset, settings: dict | None) -> Handset:
    if settings is None:
        return base
    settings["blocked_senders"] = tuple(settings.get("blocked_senders", ()))
    if "whatsapp" in settings:
        settings["whatsapp"] = WhatsApp.from_json(settings["whatsapp"])
    return replace(base, **settings)


def with_carrier(store: Store, number: str) -> tuple[Handset, Carrier]:
    """The handset and its carrier, read together."""
    base = default_handset(number)
    settings, carrier_name, carrier_settings = handsets_store.handset_and_carrier(
        store, number, base.carrier)
    return _handset(base, settings), Carrier(name=carrier_name, **(carrier_settings or {}))


def is_registered(store: Store, number: str) -> bool:
    return handsets_store.handset_settings(store, number) is not None


def put(store: Store, number: str, changes: dict) -> Handset:
    with store.write():
        return _saved(updated_handset(get(store, number), changes),
                      lambda settings: handsets_store.save_handset(store, number, settings))


def _saved(settings: Handset | Carrier, save) -> Handset | Carrier:
    save(settings.as_json())
    return settings


def registered(store: Store) -> list[Handset]:
    return [get(store, number) for number in handsets_store.registered_numbers(store)]


def carrier(store: Store, name: str) -> Carrier:
    settings = handsets_store.carrier_settings(store, name)
    if settings is None:
        return Carrier(name=name)
    return Carrier(name=name, **settings)


def put_carrier(store: Store, name: str, changes: dict) -> Carrier:
    with store.write():
        return _saved(updated_carrier(carrier(store, name), changes),
                      lambda settings: handsets_store.save_carrier(store, name, settings))


def configured_carriers(store: Store) -> list[Carrier]:
    return [carrier(store, name) for name in handsets_store.carrier_names(store)]


def inbox(store: Store, number: str, everything: bool = False) -> list[dict]:
    """Every copy the handset received, oldest first; copies from a blocked sender are
    received but not shown (``everything`` lists them too)."""
    return handset_texts.inbox(store, number, shown_only=not everything)


def latest_inbox(store: Store, number: str, limit: int) -> list[dict]:
    return handset_texts.latest_inbox(store, number, limit)


def inboxes(store: Store, *, everything: bool = False, since: float | None = None,
            limit: int = 1000) -> list[dict]:
    """Every copy any handset received, oldest first."""
    return handset_texts.inboxes(store, shown_only=not everything, since=since, limit=limit)
