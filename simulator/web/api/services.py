"""Messaging Services on messaging.twilio.com/v1 (OAI twilio_messaging_v1.json), served by
the same simulator: point the SDK's ``client.messaging.base_url`` at it.

That API dates in ISO 8601 and pages with a ``meta`` envelope of absolute URLs; the SDKs
follow ``meta.next_page_url``, so the URLs name this simulator, not Twilio.
"""

from __future__ import annotations

from flask import Blueprint, g, request
from smsim.domain import ids, phone
from smsim.domain.clock import twilio_iso8601
from smsim.domain.errors import TwilioError
from smsim.engine import channel_senders, services
from smsim.web import world_context
from smsim.web.api import paging

bp = Blueprint("services", __name__)
BASE = "/v1/Services"


def _store():
    return world_context.current_store()


def _base() -> str:
    return request.host_url.rstrip("/")


def service_json(row: dict) -> dict:
    url = f"{_base()}{BASE}/{row['sid']}"
    links = {name: f"{url}/{path}" for name, path in (
        ("phone_numbers", "PhoneNumbers"), ("short_codes", "ShortCodes"),
        ("alpha_senders", "AlphaSenders"), ("messages", "Messages"),
        ("us_app_to_person", "Compliance/Usa2p"),
        ("us_app_to_person_usecases", "Compliance/Usa2p/Usecases"),
        ("channel_senders", "ChannelSenders"),
        ("destination_alpha_senders", "DestinationAlphaSenders"))}
    fields = {column: row[column] for column, _, _ in services.SETTINGS.values()}
    return {"account_sid": row["account_sid"], "sid": row["sid"],
            "date_created": twilio_iso8601(row["date_created"]),
            "date_updated": twilio_iso8601(row["date_updated"]),
            "friendly_name": row["friendly_name"], **fields,
            "us_app_to_person_registered": False, "links": links, "url": url}


def pool_json(service_sid: str, number: dict, added: dict) -> dict:
    caps = [name for name, column in (("MMS", "cap_mms"), ("SMS", "cap_sms"),
                                      ("Voice", "cap_voice")) if number[column]]
    return {"sid": number["sid"], "account_sid": number["account_sid"],
            "service_sid": service_sid, "date_created": twilio_iso8601(added["date_created"]),
            "date_updated": twilio_iso8601(added["date_updated"]),
            "phone_number": number["phone_number"],
            "country_code": phone.parse_number(number["phone_number"]).country or "",
            "capabilities": caps,
            "url": f"{_base()}{BASE}/{service_sid}/PhoneNumbers/{number['sid']}"}


def channel_sender_json(service: dict, sender: dict) -> dict:
    """A WhatsApp sender (the only channel we have) as OAI messaging.v1.service.channel_sender."""
    number = sender["number"]
    return {"account_sid": service["account_sid"], "messaging_service_sid": service["sid"],
            "sid": sender["sid"], "sender": f"whatsapp:{number['phone_number']}",
            "sender_type": "WhatsApp",
            "country_code": phone.parse_number(number["phone_number"]).country or "",
            "date_created": twilio_iso8601(sender["date_created"]),
            "date_updated": twilio_iso8601(sender["date_updated"]),
            "url": f"{_base()}{BASE}/{service['sid']}/ChannelSenders/{sender['sid']}"}


def v1_page(page: dict, key: str) -> dict:
    """The 2010 envelope of ``paging.envelope`` in the v1 ``meta`` shape."""
    base = _base()

    def absolute(uri):
        return base + uri if uri else None
    return {key: page[key], "meta": {
        "first_page_url": absolute(page["first_page_uri"]), "key": key,
        "next_page_url": absolute(page["next_page_uri"]), "page": page["page"],
        "page_size": page["page_size"],
        "previous_page_url": absolute(page["previous_page_uri"]), "url": absolute(page["uri"]),
    }}


def _service(sid: str) -> dict:
    service = services.get(_store(), sid) if ids.is_sid(sid, "MG") else None
    if service is None or service["account_sid"] != g.caller.account_sid:
        raise TwilioError(20404, path=request.path)
    return service


@bp.route(BASE, methods=["GET", "POST"], endpoint="services")
def services_collection():
    store = _store()
    if request.method == "POST":
        row = services.create(store, g.caller.account_sid, request.form)
        g.created_sid = row["sid"]
        return service_json(row), 201
    asked = paging.window(request.args)
    page = paging.envelope(services.page(store, g.caller.account_sid, asked), asked,
                           path=request.path, filters=[], list_key="services",
                           serialize=lambda r: service_json(services.get(store, r["sid"])))
    return v1_page(page, "services")


@bp.route(f"{BASE}/<sid>", methods=["GET", "POST", "DELETE"], endpoint="service")
def service_instance(sid):
    store = _store()
    service = _service(sid)
    if request.method == "DELETE":
        services.delete(store, sid)
        return "", 204
    if request.method == "POST":
        service = services.update(store, service, request.form)
    return service_json(service)


@bp.route(f"{BASE}/<sid>/PhoneNumbers", methods=["GET", "POST"], endpoint="pool")
def pool_collection(sid):
    store = _store()
    service = _service(sid)
    if request.method == "POST":
        entry = services.add_number(store, service, request.form.get("PhoneNumberSid"))
        return pool_json(sid, entry["number"], entry), 201
    added = {e["number_sid"]: e for e in services.pool(store, sid)}
    asked = paging.window(request.args)
    page = paging.envelope(services.pool_page(store, sid, asked), asked, path=request.path,
                           filters=[], list_key="phone_numbers",
                           serialize=lambda n: pool_json(sid, n, added[n["sid"]]))
    return v1_page(page, "phone_numbers")


@bp.route(f"{BASE}/<sid>/PhoneNumbers/<number_sid>", methods=["GET", "DELETE"],
          endpoint="pool_entry")
def pool_instance(sid, number_sid):
    store = _store()
    _service(sid)
    entry = services.pool_entry(store, sid, number_sid)
    if entry is None:
        raise TwilioError(20404, path=request.path)
    if request.method == "DELETE":
        services.remove_number(store, sid, number_sid)
        return "", 204
    return pool_json(sid, entry["number"], entry)


# The spec's methods: list and POST (add by Sid) on the collection, fetch and DELETE on one.
@bp.route(f"{BASE}/<sid>/ChannelSenders", methods=["GET", "POST"], endpoint="channel_senders")
def channel_senders_collection(sid):
    store = _store()
    service = _service(sid)
    if request.method == "POST":
        sender = channel_senders.add(store, service, request.form.get("Sid"))
        return channel_sender_json(service, sender), 201
    asked = paging.window(request.args)
    page = paging.envelope(channel_senders.page(store, sid, asked), asked, path=request.path,
                           filters=[], list_key="senders",
                           serialize=lambda sender: channel_sender_json(service, sender))
    return v1_page(page, "senders")


@bp.route(f"{BASE}/<sid>/ChannelSenders/<sender_sid>", methods=["GET", "DELETE"],
          endpoint="channel_sender")
def channel_sender_instance(sid, sender_sid):
    store = _store()
    service = _service(sid)
    if request.method == "DELETE":
        channel_senders.remove(store, service, sender_sid)
        return "", 204
    sender = channel_senders.find(store, sid, sender_sid)
    if sender is None:
        raise TwilioError(20404, path=request.path)
    return channel_sender_json(service, sender)
