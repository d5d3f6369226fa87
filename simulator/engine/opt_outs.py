"""Who has opted out of whom: the (Twilio number, recipient) pair, or a whole Messaging
Service when the number belongs to one (support articles 223134027, 223181748)."""

from __future__ import annotations

from smsim.engine import services
from smsim.store import numbers as numbers_store
from smsim.store import opt_outs as opt_outs_store
from smsim.store.database import Store


def scope_of(store: Store, number: dict) -> tuple[str, str]:
    """("service", MG...) for a number in a service, else ("number", +1...)."""
    service = services.service_of_number(store, number["sid"])
    if service is not None:
        return "service", service["sid"]
    return "number", number["phone_number"]


def record(store: Store, number: dict, recipient: str, keyword_type: str, keyword: str,
           message_sid: str, at: float) -> None:
    scope, scope_id = scope_of(store, number)
    if keyword_type == "STOP":
        opt_outs_store.put(store, number["account_sid"], scope, scope_id, recipient, keyword,
                           message_sid, at)
    elif keyword_type == "START":
        opt_outs_store.remove(store, scope, scope_id, recipient)


def blocking(store: Store, sender: str, recipient: str, service_sid: str | None,
             number: dict | None = None) -> dict | None:
    """The opt-out that forbids ``sender`` -> ``recipient``, if any: of the number, of the
    service whose pool holds it, or of the service sending. ``number``: the sender's row
    with its ``service_sid`` when the caller has it (numbers.sender)."""
    if number is None:
        number = numbers_store.sender(store, sender)
    scopes = [("number", sender)]
    if number is not None and number.get("service_sid"):
        scopes.append(("service", number["service_sid"]))
    if service_sid:
        scopes.append(("service", service_sid))
    return opt_outs_store.first_of(store, scopes, recipient)


def listing(store: Store, account_sid: str | None = None) -> list[dict]:
    return opt_outs_store.listing(store, account_sid)
