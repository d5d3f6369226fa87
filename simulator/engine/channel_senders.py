"""A Messaging Service's WhatsApp senders: the Messaging v1 ChannelSenders subresource (OAI
twilio_messaging_v1.json ``messaging.v1.service.channel_sender``).

Which numbers they are (ours, docs/whatsapp.md): a number enabled for WhatsApp in the
service's pool is one of them, unless DELETE took it out (it stays in the pool for SMS);
POST adds an account's WhatsApp number by its SID, in the pool or not. A WhatsApp sender
belongs to one service at a time, as a pool number does (docs errors/21710). A sender's SID
is the ChannelInstallSid its status callbacks carry (domain.whatsapp.channel_install_sid).
"""

from __future__ import annotations

from smsim.domain import ids
from smsim.domain.errors import TwilioError
from smsim.domain.paging import Page, Window
from smsim.domain.whatsapp import channel_install_sid
from smsim.engine import numbers
from smsim.store import channel_senders as senders_store
from smsim.store import services as services_store
from smsim.store.database import Store


def _sender(number: dict, row: dict) -> dict:
    return {"sid": channel_install_sid(number["phone_number"]), "number": number,
            "date_created": row["date_created"], "date_updated": row["date_updated"]}


def senders(store: Store, service_sid: str) -> list[dict]:
    """The service's WhatsApp senders, oldest first (``sid``, ``number``, dates): what the
    list shows and what a WhatsApp message through the service picks from."""
    overrides = senders_store.of_service(store, service_sid)
    overridden = {row["number_sid"] for row in overrides}
    # The pool's own first, then the added ones: sorted() keeps that order among equal
    # dates (the simulated clock often stands still between two requests).
    rows = [row for row in services_store.pool(store, service_sid)
            if row["number_sid"] not in overridden]
    rows += [row for row in overrides if row["member"]]
    found = []
    for row in sorted(rows, key=lambda r: r["date_created"]):
        number = numbers.get(store, row["number_sid"])
        if number and number["whatsapp"]:
            found.append(_sender(number, row))
    return found


def find(store: Store, service_sid: str, sid: str) -> dict | None:
    return next((s for s in senders(store, service_sid) if s["sid"] == sid), None)


def _path(service_sid: str, sid: str) -> str:
    return f"/v1/Services/{service_sid}/ChannelSenders/{sid}"


def _whatsapp_number(store: Store, account_sid: str, sid: str) -> dict | None:
    """The account's WhatsApp number whose sender SID is ``sid``."""
    if not ids.is_sid(sid, "XE"):
        return None
    return next((n for n in numbers.of_account(store, account_sid)
                 if n["whatsapp"] and channel_install_sid(n["phone_number"]) == sid), None)


def service_of(store: Store, number_sid: str) -> str | None:
    """The service whose WhatsApp sender the number is (enabled for WhatsApp or not yet)."""
    overrides = senders_store.of_number(store, number_sid)
    added = next((row["service_sid"] for row in overrides if row["member"]), None)
    if added:
        return added
    entry = services_store.entry_of_number(store, number_sid)
    taken_out = {row["service_sid"] for row in overrides if not row["member"]}
    return entry["service_sid"] if entry and entry["service_sid"] not in taken_out else None


def add(store: Store, service: dict, sid: str | None) -> dict:
    if not sid:
        # Sid is the one parameter, required (OAI CreateChannelSenderRequest).
        raise TwilioError(20001, field="Sid", detail="is required")
    number = _whatsapp_number(store, service["account_sid"], sid)
    if number is None:
        raise TwilioError(20404, path=_path(service["sid"], sid))
    now = store.now()
    with store.write():
        if service_of(store, number["sid"]) is not None:
            # Already a sender of this service or another one: 21710 as for a pool number
            # (ours: Twilio's code for a channel sender is not documented).
            raise TwilioError(21710, sid=sid)
        senders_store.put(store, {"service_sid": service["sid"], "number_sid": number["sid"],
                                  "member": 1, "date_created": now, "date_updated": now})
    return find(store, service["sid"], sid)


def remove(store: Store, service: dict, sid: str) -> None:
    sender = find(store, service["sid"], sid)
    if sender is None:
        raise TwilioError(20404, path=_path(service["sid"], sid))
    number_sid = sender["number"]["sid"]
    now = store.now()
    with store.write():
        if services_store.pool_entry(store, service["sid"], number_sid):
            senders_store.put(store, {"service_sid": service["sid"], "number_sid": number_sid,
                                      "member": 0, "date_created": now, "date_updated": now})
        else:
            senders_store.remove(store, service["sid"], number_sid)
        senders_store.forget_whatsapp_sticky(store, service["sid"], number_sid)


def page(store: Store, service_sid: str, window: Window) -> Page | None:
    """A page of the service's senders, newest first like every list; a PageToken is ``PA``
    / ``PB`` + a sender's SID (web/api/paging.py). None: the token names no sender."""
    rows = senders(store, service_sid)[::-1]
    size = window.size
    if window.token:
        prefix, anchor = window.token[:2], window.token[2:]
        at = next((i for i, row in enumerate(rows) if row["sid"] == anchor), None)
        if prefix not in ("PA", "PB") or at is None:
            return None
        if prefix == "PA":
            return Page(rows[at + 1:at + 1 + size], len(rows) > at + 1 + size)
        return Page(rows[max(0, at - size):at], True)
    start = window.number * size
    return Page(rows[start:start + size], len(rows) > start + size)
