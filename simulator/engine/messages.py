"""Create, read, redact, cancel and delete Messages, with Twilio's validation.

Validation order is ours (Twilio does not document it): required parameters first, then
formats, then what the account owns, then the To/From combination. Each refusal is the code
Twilio gives for that case (reference section 2.2).
"""

from __future__ import annotations

import mimetypes
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from .. import phone, test_credentials
from ..errors import TwilioError
from ..store import Store
from . import delivery, handsets, numbers, records

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
    status_callback: str | None = None
    validity_period: str | None = None

    @classmethod
    def from_params(cls, params) -> CreateRequest:
        """``params`` is a MultiDict of the form body (repeated keys for MediaUrl)."""
        def one(name):
            value = params.get(name)
            return value if value not in (None,) else None
        return cls(
            to=one("To"), from_=one("From"), messaging_service_sid=one("MessagingServiceSid"),
            body=one("Body"), media_urls=[u for u in params.getlist("MediaUrl") if u],
            content_sid=one("ContentSid"), status_callback=one("StatusCallback"),
            validity_period=one("ValidityPeriod"))


def _valid_url(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.hostname) and \
        "_" not in parts.hostname


def _test_credential_error(to, sender):
    """Test credentials answer from Twilio's magic-number table instead of the world."""
    code = test_credentials.to_error(to.value) or test_credentials.from_error(sender.value)
    if code is not None:
        raise TwilioError(code, to=to.value, from_=sender.value)


def validate(store: Store, account_sid: str, req: CreateRequest, test_mode: bool = False):
    """(to, from) Addresses, or the TwilioError Twilio would answer."""
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
    if req.messaging_service_sid is not None:
        # Messaging Services arrive with the inbound issue; until then no MG SID is known.
        raise TwilioError(21705, sid=req.messaging_service_sid)
    if not req.body and not req.media_urls and not req.content_sid:
        raise TwilioError(21602)
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
    if test_mode:
        _test_credential_error(to, sender)
    elif sender.kind != "alphanumeric":
        owned = numbers.owned(store, account_sid, sender.value)
        if owned is None or not owned["cap_sms"]:
            raise TwilioError(21606, from_=sender.value)
    if to.value == sender.value:
        raise TwilioError(21266, to=to.value)
    if to.kind == "short_code":
        raise TwilioError(21265, to=to.value)
    if to.kind == "e164" and handsets.get(store, to.value).line_type == "landline":
        # Twilio knows the line type of the destination (docs errors/21614).
        raise TwilioError(21614, to=to.value)
    return to, sender


def _validity_seconds(raw: str) -> int:
    """ValidityPeriod: integer seconds, 1 to 36000 (OAI CreateMessageRequest)."""
    try:
        value = int(raw)
    except ValueError:
        raise TwilioError(20001, field="ValidityPeriod",
                          detail=f"{raw!r} is not an integer") from None
    if not 1 <= value <= delivery.DEFAULT_VALIDITY:
        raise TwilioError(20001, field="ValidityPeriod", detail="must be 1 to 36000 seconds")
    return value


def create(store: Store, account_sid: str, req: CreateRequest, test_mode: bool = False) -> dict:
    """Validate, store and (live credentials only) plan the message, in one transaction."""
    to, sender = validate(store, account_sid, req, test_mode)
    body = req.body or ""
    now = store.now()
    number = None if test_mode else numbers.owned(store, account_sid, sender.value)
    # The request's StatusCallback wins over the sending number's (OAI CreateMessageRequest).
    callback = req.status_callback or (number["status_callback"] if number else None) or None
    with store.write():
        sid = store.new_sid("MM" if req.media_urls else "SM")
        store.insert("messages", {
            "sid": sid, "account_sid": account_sid, "direction": "outbound-api",
            "from_addr": sender.value, "to_addr": to.value, "body": body,
            "status": "queued", "num_segments": phone.segment_count(body),
            "num_media": len(req.media_urls), "error_code": None, "error_message": None,
            "price": None, "price_unit": None, "messaging_service_sid": None,
            "status_callback": req.status_callback, "callback_url": callback,
            "validity_period": int(req.validity_period) if req.validity_period else None,
            "date_created": now, "date_updated": now, "date_sent": None})
        for url in req.media_urls:
            store.insert("media", {
                "sid": store.new_sid("ME"), "message_sid": sid, "account_sid": account_sid,
                "url": url, "content_type": guess_content_type(url),
                "date_created": now, "date_updated": now})
        row = store.get("messages", sid=sid)
        if not test_mode:
            # Test credentials never send (docs iam/test-credentials): no plan, no callbacks.
            delivery.schedule(store, row, to, sender, number["send_rate"] if number else None,
                              row["validity_period"])
    return row


def guess_content_type(url: str) -> str:
    # Twilio learns the type by fetching the media; we never fetch, so the extension decides.
    guessed, _ = mimetypes.guess_type(urlsplit(url).path)
    return guessed or "application/octet-stream"


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
        row = delivery.cancel(store, row, store.now())
    if changes:
        changes["date_updated"] = store.now()
        store.update("messages", row["sid"], changes)
    return store.get("messages", sid=row["sid"])


def delete(store: Store, row: dict) -> None:
    if row["status"] in UNDELETABLE:
        raise TwilioError(20009, state=row["status"].upper())
    store.delete("messages", row["sid"])


def media_of(store: Store, message_sid: str) -> list[dict]:
    return store.select("media", "message_sid = ?", [message_sid],
                        order="date_created DESC, rowid DESC")
