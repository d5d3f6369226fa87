"""Lookup v2: a number's facts, and its line type from the world's handset registry."""

from __future__ import annotations

from smsim.domain import lookup
from smsim.engine import handsets
from smsim.store.database import Store


def fetch(store: Store, raw_number: str, fields: str | None, country_code: str | None,
          url_of) -> dict:
    """The answer for ``raw_number``; ``url_of(phone_number)`` gives its resource URL.
    Raises ``lookup.FieldsError`` for an unknown package."""
    packages = lookup.requested_packages(fields)
    facts = lookup.number_facts(raw_number, country_code)
    bodies: dict[str, dict | None] = {}
    # Only a possible number can have a handset (smsim's registry is keyed by E.164, and a
    # create to anything else fails with 21211): an impossible one gets no package data.
    if "line_type_intelligence" in packages and facts.possible:
        handset = handsets.get(store, facts.phone_number)
        bodies["line_type_intelligence"] = lookup.line_type_intelligence(
            handset, handsets.is_registered(store, facts.phone_number), facts.number_type)
    return lookup.answer(facts, bodies, url_of(facts.phone_number))
