"""Messaging Services: a pool of senders, its settings, sticky senders.

Fields and defaults follow ``messaging.v1.service`` (OAI twilio_messaging_v1.json). Sticky
sender (support 223181288): after the first message from the service to a recipient, later
ones use the same From while that number stays in the pool.
"""

from __future__ import annotations

import json

from smsim.domain import phone
from smsim.domain.errors import TwilioError
from smsim.domain.paging import Page, Window
from smsim.engine import channel_senders, numbers
from smsim.store import services as services_store
from smsim.store.database import Store

# Parameter -> (column in settings, kind, default).
SETTINGS = {
    "InboundRequestUrl": ("inbound_request_url", "url", None),
    "InboundMethod": ("inbound_method", "method", "POST"),
    "FallbackUrl": ("fallback_url", "url", None),
    "FallbackMethod": ("fallback_method", "method", "POST"),
    "StatusCallback": ("status_callback", "url", None),
    "StickySender": ("sticky_sender", "bool", True),
    "MmsConverter": ("mms_converter", "bool", True),
    "SmartEncoding": ("smart_encoding", "bool", True),
    "ScanMessageContent": ("scan_message_content", "scan", "inherit"),
    "FallbackToLongCode": ("fallback_to_long_code", "bool", True),
    "AreaCodeGeomatch": ("area_code_geomatch", "bool", True),
    "ValidityPeriod": ("validity_period", "validity", 36000),
    "SynchronousValidation": ("synchronous_validation", "bool", True),
    "Usecase": ("usecase", "text", "undeclared"),
    "UseInboundWebhookOnNumber": ("use_inbound_webhook_on_number", "bool", False),
}


def _convert(param: str, kind: str, raw: str):
    if kind == "bool":
        lowered = raw.lower()
        if lowered not in ("true", "false"):
            raise TwilioError(20001, field=param, detail="must be true or false")
        return lowered == "true"
    if kind == "method":
        if raw.upper() not in ("GET", "POST"):
            raise TwilioError(20001, field=param, detail="must be GET or POST")
        return raw.upper()
    if kind == "validity":
        try:
            value = int(raw)
        except ValueError:
            raise TwilioError(20001, field=param, detail="must be an integer") from None
        if not 1 <= value <= 36000:
            raise TwilioError(20001, field=param, detail="must be 1 to 36000 seconds")
        return value
    if kind == "scan":
        if raw not in ("inherit", "enable", "disable"):
            raise TwilioError(20001, field=param, detail="must be inherit, enable or disable")
        return raw
    return raw or None if kind == "url" else raw


def settings_from(params, current: dict | None = None) -> dict:
    settings = dict(current) if current else {col: d for col, _, d in SETTINGS.values()}
    for param, (column, kind, _) in SETTINGS.items():
        if param in params:
            settings[column] = _convert(param, kind, params[param])
    return settings


def create(store: Store, account_sid: str, params) -> dict:
    name = params.get("FriendlyName")
    if not name:
        # FriendlyName is the one required create parameter (OAI CreateServiceRequest).
        raise TwilioError(20001, field="FriendlyName", detail="is required")
    settings = settings_from(params)
    now = store.now()
    with store.write():
        sid = store.new_sid("MG")
        services_store.insert(store, {"sid": sid, "account_sid": account_sid,
                                      "friendly_name": name, "settings": json.dumps(settings),
                                      "date_created": now, "date_updated": now})
    return get(store, sid)


def get(store: Store, sid: str) -> dict | None:
    row = services_store.get(store, sid)
    if row is None:
        return None
    return {**row, **json.loads(row["settings"])}


def page(store: Store, account_sid: str, window: Window) -> Page | None:
    """A page of the account's services, newest first (None: the PageToken is unknown)."""
    return services_store.page(store, account_sid, window)


def pool_page(store: Store, service_sid: str, window: Window) -> Page | None:
    """A page of the numbers in a service's pool, newest first."""
    return services_store.pool_page(store, service_sid, window)


def delete(store: Store, sid: str) -> None:
    services_store.delete(store, sid)


def update(store: Store, service: dict, params) -> dict:
    current = {col: service[col] for col, _, _ in SETTINGS.values()}
    settings = settings_from(params, current)
    changes = {"settings": json.dumps(settings), "date_updated": store.now()}
    if params.get("FriendlyName"):
        changes["friendly_name"] = params["FriendlyName"]
    services_store.update(store, service["sid"], changes)
    return get(store, service["sid"])


def add_number(store: Store, service: dict, number_sid: str | None) -> dict:
    if not number_sid:
        raise TwilioError(20001, field="PhoneNumberSid", detail="is required")
    number = numbers.get(store, number_sid)
    if number is None or number["account_sid"] != service["account_sid"]:
        raise TwilioError(20404, path=f"/v1/Services/{service['sid']}/PhoneNumbers/"
                                       f"{number_sid}")
    now = store.now()
    with store.write():
        # A number belongs to one service at a time (docs errors/21710), in its pool or as
        # a WhatsApp sender added through ChannelSenders.
        owner = channel_senders.service_of(store, number_sid)
        if services_store.entry_of_number(store, number_sid) or owner not in (None,
                                                                             service["sid"]):
            raise TwilioError(21710, sid=number_sid)
        services_store.add_to_pool(store, {"service_sid": service["sid"],
                                           "number_sid": number_sid, "date_created": now,
                                           "date_updated": now})
    return pool_entry(store, service["sid"], number_sid)


def pool_entry(store: Store, service_sid: str, number_sid: str) -> dict | None:
    entry = services_store.pool_entry(store, service_sid, number_sid)
    if entry is None:
        return None
    return {**entry, "number": numbers.get(store, number_sid)}


def pool(store: Store, service_sid: str) -> list[dict]:
    return [{**row, "number": numbers.get(store, row["number_sid"])}
            for row in services_store.pool(store, service_sid)]


def remove_number(store: Store, service_sid: str, number_sid: str) -> None:
    services_store.remove_from_pool(store, service_sid, number_sid)


def service_of_number(store: Store, number_sid: str) -> dict | None:
    row = services_store.entry_of_number(store, number_sid)
    return get(store, row["service_sid"]) if row else None


def pick_sender(store: Store, service: dict, to: phone.Address) -> dict:
    """The From for a message to ``to``: the sticky one, else the pool's first sender in
    the recipient's country, else its first sender (our order: oldest in the pool).

    The senders are those of the recipient's channel: the pool's SMS numbers for a phone
    number, the service's ChannelSenders (engine/channel_senders.py) for a ``whatsapp:``
    address (docs messaging-service-channelsender-resource: "Twilio will select a channel
    sender of that corresponding channel from the service"). None: 21704 when the pool is
    empty, else 21910 for WhatsApp (ours: Twilio's code for a service with no WhatsApp
    sender is not documented)."""
    whatsapp = to.channel == "whatsapp"
    entries = pool(store, service["sid"])
    if whatsapp:
        senders = [s["number"] for s in channel_senders.senders(store, service["sid"])]
    else:
        senders = [entry["number"] for entry in entries if entry["number"]["cap_sms"]]
    if not senders:
        raise TwilioError(21910 if whatsapp and entries else 21704)
    # Each channel keeps its own sticky mapping (keyed by the address with its prefix): the
    # WhatsApp sender a user talks to need not be the SMS number that texts them.
    recipient = to.wire
    if service["sticky_sender"]:
        sticky = services_store.sticky_sender(store, service["sid"], recipient)
        chosen = next((n for n in senders if sticky and n["sid"] == sticky["number_sid"]), None)
        if chosen:
            return chosen
    same_country = [n for n in senders
                    if phone.parse_number(n["phone_number"]).country == to.country]
    chosen = (same_country or senders)[0]
    if service["sticky_sender"]:
        services_store.set_sticky_sender(store, service["sid"], recipient, chosen["sid"])
    return chosen


def listing(store: Store) -> list[dict]:
    return services_store.listing(store)
