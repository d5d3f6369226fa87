"""``smsim serve --demo``: a realistic little world for a trainer's first minute.

Handsets carry names from faker, a few states worth showing (a phone switched off, one
roaming, one blocking the sender, a carrier that duplicates), a second number, and some
history in both directions.

Names and bodies come from faker seeded with a fixed seed, not the database's: every fresh
database shows the same people saying the same things, so a trainer's prepared notes hold.
"""

from __future__ import annotations

from faker import Faker
from smsim.domain.errors import TwilioError
from smsim.engine import accounts, handsets, inbound, messages, numbers
from smsim.store.database import Store

HANDSETS = [
    ("+15550101001", {}),
    ("+15550101002", {"power": "off"}),
    ("+15550101003", {"roaming": True}),
    ("+15550101004", {"carrier": "EchoTel"}),
    ("+15550101005", {"signal": "poor"}),
    ("+15550101006", {}),
]


# faker's seed for the demo: fixed, so the demo is the same on every database (the world's
# own seed draws its SIDs, and differs from one database to the next).
FAKER_SEED = "smsim-demo"


def present(store: Store) -> bool:
    """Is the demo in this world? Its first handset is its mark: a reset forgets it (and the
    rest of the demo), while a class's own changes to the demo keep it."""
    return handsets.is_registered(store, HANDSETS[0][0])


def populate(store: Store) -> None:
    """Seed the demo into the default world unless it is there already: after a reset (or a
    scenario that reset the world) a restart with --demo brings it back, and a restart on a
    world that has it never doubles its history."""
    if present(store):
        return
    fake = Faker()
    fake.seed_instance(FAKER_SEED)
    account = accounts.default(store)
    sender = next(n for n in numbers.of_account(store, account["sid"])
                  if n["cap_sms"])["phone_number"]
    if numbers.by_phone(store, "+15017122699") is None:
        numbers.provision(store, account["sid"], "+15017122699",
                          {"FriendlyName": "Support line"})
    handsets.put_carrier(store, "EchoTel", {"duplicate_copies": 1})
    for number, state in HANDSETS:
        handsets.put(store, number, {"name": fake.name(), **state})
    blocker = HANDSETS[5][0]
    handsets.put(store, blocker, {"blocked_senders": [sender]})
    for number, _ in HANDSETS:
        request = messages.CreateRequest(to=number, from_=sender, messaging_service_sid=None,
                                         body=fake.sentence(nb_words=8))
        try:
            messages.create(store, account["sid"], request)
        except TwilioError:
            pass
    inbound.send(store, HANDSETS[0][0], sender, "Is my order on its way?")
    inbound.send(store, HANDSETS[4][0], sender, "STOP")
