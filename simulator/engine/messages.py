"""Create, read, redact, cancel and delete Messages, with Twilio's validation.

Validation order is ours (Twilio does not document it): required parameters first, then
formats, then what the account owns, then the To/From combination. Each refusal is the code
Twilio gives for that case (reference section 2.2).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlsplit

from smsim.domain import content, ids, phone, test_credentials, whatsapp
from smsim.domain.clock import parse_iso8601
from smsim.domain.errors import TwilioError
from smsim.domain.handsets import refuses_sms
from smsim.domain.media import guess_content_type
from smsim.domain.paging import Bound, Page, Window
from smsim.domain.validity import DEFAULT_VALIDITY
from smsim.engine import content as content_templates
from smsim.engine import (
    handsets,
    log_symptoms,
    numbers,
    opt_outs,
    planning,
    records,
    services,
    webhooks,
)
from smsim.engine import whatsapp as whatsapp_facts
from smsim.store import messages as messages_store
from smsim.store import steps as steps_store
from smsim.store import whatsapp as whatsapp_store
from smsim.store.database import Store

MAX_BODY_CHARS = 1600  # docs errors/21617
MAX_MEDIA = 10  # OAI CreateMessageRequest MediaUrl: "up to 10"
# Statuses from which a message can still be called off; ours: Twilio allows only
# `scheduled` (docs errors/30409), we also allow a message that has not left the queue.
CANCELABLE = {"scheduled", "queued", "accepted"}
# Twilio will not delete a message still waiting for its delivery receipt.
UNDELETABLE = {"sending", "sent"}


@dataclass
class CreateRequest:
    to: str | None
    from_: str | None
    messaging_service_sid: str | None
    body: str | None
    media_urls: list[str] = field(default_factory=list)
    content_sid: str | None = None
    content_variables: str | None = None
    status_callback: str | None = None
    validity_period: str | None = None
    send_at: str | None = None
    schedule_type: str | None = None

    @classmethod
    def from_params(cls, params) -> CreateRequest:
        """``params`` is a MultiDict of the form body (repeated keys for MediaUrl)."""
        def one(name):
            value = params.get(name)
            return value if value not in (None,) else None
        return cls(
            to=one("To"), from_=one("From"), messaging_service_sid=one("MessagingServiceSid"),
            body=one("Body"), media_urls=[u for u in params.getlist("MediaUrl") if u],
            content_sid=one("ContentSid"), content_variables=one("ContentVariables"),
            status_callback=one("StatusCallback"),
            validity_period=one("ValidityPeriod"), send_at=one("SendAt"),
            schedule_type=one("ScheduleType"))


def _valid_url(url: str) -> bool:
    """http(s) with a host name, no underscore (OAI StatusCallback: "must contain a valid
    hostname and underscores are not allowed"), no empty label ("a..b")."""
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError:  # e.g. "http://[::1" (an unclosed IPv6 literal)
        return False
    return (parts.scheme in ("http", "https") and bool(host) and "_" not in host
            and all(len(label) <= 63 for label in host.split("."))
            and ".." not in host and not host.startswith("."))


def _test_credential_error(to, sender):
    """Test credentials answer from Twilio's magic-number table instead of the world."""
    code = test_credentials.to_error(to.value) or test_credentials.from_error(sender.value)
    if code is not None:
        raise TwilioError(code, to=to.value, from_=sender.value)


@dataclass(frozen=True)
class Origin:
    """How a message came to be created, beyond the API request's parameters."""

    direction: str = "outbound-api"  # "outbound-reply" for TwiML replies and auto-replies
    at: float | None = None  # simulated creation time (default: now)
    callback_url: str | None = None  # e.g. a TwiML <Message action>
    free: bool = False  # opt-out auto-replies cost nothing (support 223134027)
    test_mode: bool = False  # test credentials: validated, never sent


@dataclass(frozen=True)
class Validated:
    to: phone.Address
    sender: phone.Address
    number: dict | None  # our number row of the sender, when it is one
    service: dict | None  # the Messaging Service, when sent through one
    send_at: float | None = None  # a scheduled message's time
    destination: tuple | None = None  # (handset, carrier) of an E.164 recipient, read once
    template: content.TemplateMessage | None = None  # a WhatsApp message's ContentSid


# Scheduling window (docs errors/35115): more than 300 s ahead and at most 35 days.
SCHEDULE_MIN, SCHEDULE_MAX = 300, 35 * 86400


def _send_at(store: Store, req: CreateRequest, service: dict | None) -> float | None:
    """The time a scheduled message goes out (docs message-scheduling; errors 3511x)."""
    if req.schedule_type is None and req.send_at is None:
        return None
    if req.schedule_type is not None and req.schedule_type != "fixed":
        raise TwilioError(20001, field="ScheduleType", detail="the only value is 'fixed'")
    if req.send_at is None:
        raise TwilioError(35111)
    if req.schedule_type is None:
        raise TwilioError(20001, field="ScheduleType",
                          detail="must be 'fixed' to schedule a message with SendAt")
    if service is None:
        raise TwilioError(35118)
    try:
        send_at = parse_iso8601(req.send_at)
    except ValueError:
        raise TwilioError(20001, field="SendAt",
                          detail=f"{req.send_at!r} is not an ISO 8601 time") from None
    ahead = send_at - store.now()
    if not SCHEDULE_MIN < ahead <= SCHEDULE_MAX:
        raise TwilioError(35115)
    return send_at


def _service(store: Store, account_sid: str, sid: str) -> dict:
    service = services.get(store, sid) if ids.is_sid(sid, "MG") else None
    if service is None or service["account_sid"] != account_sid:
        raise TwilioError(21705, sid=sid)
    return service


def validate(store: Store, account_sid: str, req: CreateRequest,
             test_mode: bool = False) -> Validated:
    """The parties of the message, or the TwilioError Twilio would answer. Call it inside
    the create transaction: picking a service's sender records a sticky mapping."""
    if not req.to:
        raise TwilioError(21604)
    if not req.from_ and not req.messaging_service_sid:
        raise TwilioError(21603)
    to = phone.parse_recipient(req.to)
    if to is None:
        raise TwilioError(21211, to=req.to)
    sender = None
    if req.from_:
        sender = phone.parse_sender(req.from_)
        if sender is None:
            raise TwilioError(21212, from_=req.from_)
        if sender.channel != to.channel:
            raise TwilioError(21910)
    service = None
    if req.messaging_service_sid is not None:
        service = _service(store, account_sid, req.messaging_service_sid)
    if req.content_variables and not req.content_sid:
        raise TwilioError(21654)  # docs api/errors/21654
    if not req.body and not req.media_urls and not req.content_sid:
        # Through a service the code is 21619 (docs errors/21619).
        raise TwilioError(21619 if service and not sender else 21602)
    if req.body and len(req.body) > MAX_BODY_CHARS:
        raise TwilioError(21617)
    if len(req.media_urls) > MAX_MEDIA:
        raise TwilioError(21623)
    for url in req.media_urls:
        if not _valid_url(url):
            raise TwilioError(21620, url=url)
    if req.status_callback and not _valid_url(req.status_callback):
        raise TwilioError(21609, url=req.status_callback)
    if req.validity_period is not None:
        _validity_seconds(req.validity_period)
    number = None
    if test_mode:
        _test_credential_error(to, sender)
    elif sender is None:
        # A sender of the recipient's channel: a WhatsApp recipient gets a pool number
        # enabled for WhatsApp, sending as whatsapp:+E164.
        number = services.pick_sender(store, service, to)
        sender = phone.parse_recipient(
            (phone.WHATSAPP_PREFIX if to.channel == "whatsapp" else "") + number["phone_number"])
    elif sender.channel == "whatsapp":
        number = numbers.sender(store, account_sid, sender.value)
        # A WhatsApp From must be a WhatsApp sender of the account, or the shared sandbox
        # number (docs errors/63007; reference section 13).
        if sender.value != whatsapp.SANDBOX_NUMBER and (number is None
                                                        or not number["whatsapp"]):
            raise TwilioError(63007)
    elif sender.kind != "alphanumeric":
        number = numbers.sender(store, account_sid, sender.value)
        if number is None or not number["cap_sms"]:
            raise TwilioError(21606, from_=sender.value)
    if to.value == sender.value:
        raise TwilioError(21266, to=to.value)
    if to.kind == "short_code":
        raise TwilioError(21265, to=to.value)
    destination = None
    if to.kind == "e164":
        destination = handsets.with_carrier(store, to.value)
        if to.channel == "sms" and refuses_sms(destination[0]):
            # Twilio knows the line type of the destination (docs errors/21614).
            raise TwilioError(21614, to=to.value)
    # STOP handling is Twilio's for SMS only: WhatsApp users block a sender in the app.
    if not test_mode and to.channel == "sms" and opt_outs.blocking(store, sender.value, to.value,
                                           service["sid"] if service else None, number):
        # The recipient texted STOP: refused, no message, no charge (reference section 6).
        raise TwilioError(21610)
    template = _template(store, account_sid, req) if to.channel == "whatsapp" else None
    return Validated(to, sender, number, service, _send_at(store, req, service), destination,
                     template)


def _template(store: Store, account_sid: str,
              req: CreateRequest) -> content.TemplateMessage | None:
    """A WhatsApp message's Content template, filled with its ContentVariables, or the
    create's refusal: 21655 for a ContentSid that is not HX + 32 hex digits, unknown
    (deleted) or another account's (docs api/errors/21655); 21656 / 21658 for bad
    ContentVariables (domain/content.py parse_variables). Whether it then goes out is the
    plan's decision (domain/content.py window_failure)."""
    if not req.content_sid:
        return None
    if not whatsapp.TEMPLATE_SID.fullmatch(req.content_sid):
        raise TwilioError(21655, detail=f"ContentSid {req.content_sid!r} is not HX followed "
                          "by 32 hex digits")
    found = content_templates.get(store, req.content_sid)
    if found is None or found["account_sid"] not in (None, account_sid):
        raise TwilioError(21655, detail=f"ContentSid {req.content_sid} is no template of "
                          "this account")
    try:
        given = content.parse_variables(req.content_variables)
    except content.VariablesError as exc:
        raise TwilioError(exc.code, detail=exc.detail) from None
    # A twilio/media template's URLs and a quick-reply's button titles and ids take the
    # variables too (docs content/twilio-media, content/twilio-quick-reply).
    kind = content_templates.content_of(found)
    parts = kind.media + tuple(p for a in kind.actions for p in (a.title, a.payload))
    filled, parts = content.fill_parts(found["body"], parts,
                                       content_templates.defaults(found), given)
    media, rest = parts[:len(kind.media)], parts[len(kind.media):]
    return content.TemplateMessage(found["sid"], found["status"], filled,
                                   freeform=bool(req.body or req.media_urls), media=media,
                                   buttons=tuple(zip(rest[::2], rest[1::2], strict=True)))


def _validity_seconds(raw: str) -> int:
    """ValidityPeriod: integer seconds, 1 to 36000 (OAI CreateMessageRequest)."""
    try:
        value = int(raw)
    except ValueError:
        raise TwilioError(20001, field="ValidityPeriod",
                          detail=f"{raw!r} is not an integer") from None
    if not 1 <= value <= DEFAULT_VALIDITY:
        raise TwilioError(20001, field="ValidityPeriod", detail="must be 1 to 36000 seconds")
    return value


def create(store: Store, account_sid: str, req: CreateRequest,
           origin: Origin = Origin(), also=None) -> dict:
    """Validate, store and (live credentials only) plan the message, in one transaction;
    ``also(row)``, when given, writes in that same transaction too (the API's request log:
    one write transaction per create)."""
    # Without a Messaging Service, validating only reads: done before the write lock is
    # taken, so the lock is held for the writes alone (two workers' creates queue on it).
    # Through a service, picking the sender records a sticky mapping: inside.
    parties = None if req.messaging_service_sid is not None or store.in_transaction() \
        else validate(store, account_sid, req, origin.test_mode)
    with store.write():
        parties = parties or validate(store, account_sid, req, origin.test_mode)
        to, sender, number, service = parties.to, parties.sender, parties.number, \
            parties.service
        # A WhatsApp template's text is the message's body (Twilio shows the filled template).
        body = parties.template.filled.text if parties.template else (req.body or "")
        now = store.now() if origin.at is None else origin.at
        # Callback precedence: the request's StatusCallback, then the service's, then the
        # sending number's (OAI CreateMessageRequest StatusCallback); from the sandbox, its
        # settings' "Status callback URL" stands for the number's (docs/whatsapp.md).
        sandbox_callback = (whatsapp_facts.status_callback(store, account_sid)
                            if sender is not None and sender.channel == "whatsapp"
                            and sender.value == whatsapp.SANDBOX_NUMBER else None)
        callback = (origin.callback_url or req.status_callback
                    or (service["status_callback"] if service else None)
                    or (number["status_callback"] if number else None)
                    or sandbox_callback or None)
        validity = int(req.validity_period) if req.validity_period else (
            service["validity_period"] if service else None)
        # A twilio/media template's URLs are the message's media, after any MediaUrl.
        media_urls = list(req.media_urls) + list(parties.template.media if parties.template
                                                 else ())
        sid = store.new_sid("MM" if media_urls else "SM")
        row = messages_store.insert(store, {
            "sid": sid, "account_sid": account_sid, "direction": origin.direction,
            "from_addr": sender.wire, "to_addr": to.wire, "body": body,
            # Through a service the message is first `accepted`, or `scheduled` with SendAt
            # (docs outbound message status).
            "status": ("scheduled" if parties.send_at else "accepted") if service
            else "queued",
            # Twilio reports one segment for a WhatsApp message, however long.
            "num_segments": 1 if to.channel == "whatsapp" else phone.segment_count(body),
            "num_media": len(media_urls), "error_code": None, "error_message": None,
            "price": None, "price_unit": None,
            "messaging_service_sid": service["sid"] if service else None,
            "status_callback": req.status_callback, "callback_url": callback,
            "validity_period": validity, "free": int(origin.free),
            # The service chose the From (the request gave none): hidden until it is queued.
            "sender_picked": int(service is not None and not req.from_),
            "date_created": now, "date_updated": now, "date_sent": None})
        if parties.template and parties.template.buttons:
            whatsapp_store.save_buttons(store, sid, parties.template.buttons)
        for url in media_urls:
            messages_store.insert_media(store, {
                "sid": store.new_sid("ME"), "message_sid": sid, "account_sid": account_sid,
                "url": url, "content_type": guess_content_type(url),
                "date_created": now, "date_updated": now})
        if not origin.test_mode:
            # Test credentials never send (docs iam/test-credentials): no plan, no callbacks.
            planning.schedule(store, row, to, sender, number["send_rate"] if number else None,
                              validity, through_service=service is not None,
                              send_at=parties.send_at, destination=parties.destination,
                              template=parties.template)
        if also is not None:
            also(row)
    return row


def get(store: Store, sid: str) -> dict | None:
    """The message ``sid`` of any account, or None."""
    return messages_store.get(store, sid)


def fetch(store: Store, account_sid: str, sid: str, path: str) -> dict:
    return records.owned(store, "messages", sid, ("SM", "MM"), account_sid, path)


def update(store: Store, row: dict, body: str | None, status: str | None) -> dict:
    with store.write():
        return _update(store, row, body, status)


def _update(store: Store, row: dict, body: str | None, status: str | None) -> dict:
    changes = {}
    if body is not None:
        if body != "":
            raise TwilioError(20001, field="Body",
                              detail="a message body can only be redacted (set to \"\")")
        changes["body"] = ""
    if status is not None:
        if status != "canceled":
            raise TwilioError(20001, field="Status", detail="the only value is 'canceled'")
        if row["status"] not in CANCELABLE:
            raise TwilioError(30409, state=row["status"])
        row = cancel(store, row, store.now())
    if changes:
        changes["date_updated"] = store.now()
        messages_store.update(store, row["sid"], changes)
    return messages_store.get(store, row["sid"])


def cancel(store: Store, message: dict, now: float) -> dict:
    """Call off a message that has not left its queue: its future steps are dropped."""
    with store.write():
        steps_store.drop_future(store, message["sid"])
        changes = {"status": "canceled", "date_updated": now}
        messages_store.update(store, message["sid"], changes)
        webhooks.status_changed({**message, **changes}, now, store)
    return messages_store.get(store, message["sid"])


def delete(store: Store, row: dict) -> None:
    if row["status"] in UNDELETABLE:
        raise TwilioError(20009, state=row["status"].upper())
    messages_store.delete(store, row["sid"])


def page(store: Store, account_sid: str, window: Window, to: str | None = None,
         from_: str | None = None, sent: list[Bound] = ()) -> Page | None:
    """A page of the account's messages, newest first (None: the PageToken is unknown)."""
    return messages_store.page(store, account_sid, window, to, from_, sent)


# --- media -------------------------------------------------------------------------------

def media_page(store: Store, message_sid: str, window: Window,
               created: list[Bound] = ()) -> Page | None:
    return messages_store.media_page(store, message_sid, window, created)


def media_of(store: Store, message_sid: str, sid: str,
             account_sid: str | None = None) -> dict | None:
    """The media ``sid`` of the message (and of the account, when given), or None."""
    row = messages_store.media(store, sid)
    if row is None or row["message_sid"] != message_sid or (
            account_sid is not None and row["account_sid"] != account_sid):
        return None
    return row


def delete_media(store: Store, sid: str) -> None:
    messages_store.delete_media(store, sid)


# --- the dashboard's log and a sender's queue ---------------------------------------------

# The symptoms the dashboard's log can be filtered on (kept here for the dashboard's pages).
LOG_SYMPTOMS = log_symptoms.LOG_SYMPTOMS


def log_page(store: Store, *, account: str | None = None, number: str | None = None,
             status: str | None = None, symptom: str | None = None, before: int | None = None,
             limit: int) -> list[dict]:
    """Messages newest first, before seq ``before``, filtered on what the log offers (a
    symptom of engine/log_symptoms.py LOG_SYMPTOMS; any other symptom filters nothing)."""
    return messages_store.log_page(store, account=account, number=number, status=status,
                                  condition=log_symptoms.condition(symptom), before=before,
                                  limit=limit)


def recent_parties(store: Store, limit: int) -> list[tuple[str | None, str | None]]:
    """(to, from) of the newest ``limit`` messages, newest first."""
    return messages_store.recent_parties(store, limit)


def queued_count(store: Store, account_sid: str, sender: str) -> int:
    return messages_store.queued_count(store, account_sid, sender)
