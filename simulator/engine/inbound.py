"""A handset texts a Twilio number: the guide's section 2, "my number does not receive SMS".

The text's fate is decided when the handset sends it and kept in the handset's outbox with
the reason, because that is where a person looks when a text never arrived. One that arrives
becomes an inbound Message (status ``received``), opt-out keywords take effect, and the
number's (or its Messaging Service's) webhook is queued with Twilio's parameters.
"""

from __future__ import annotations

import json
import random

from smsim.domain import inbound_plan, phone, whatsapp
from smsim.domain import opt_outs as optout
from smsim.domain.errors import TwilioError
from smsim.domain.media import guess_content_type
from smsim.domain.pricing import price
from smsim.engine import (
    channel_senders,
    handsets,
    messages,
    opt_outs,
    services,
    webhooks,
    whatsapp_buttons,
)
from smsim.engine import whatsapp as whatsapp_facts
from smsim.store import handset_texts
from smsim.store import messages as messages_store
from smsim.store.database import Store

MAX_MEDIA = 10
INBOUND_FAILED_LENGTH = 1600  # longer inbound bodies are truncated and failed (21617)


class HandsetTextError(ValueError):
    """A handset's text that cannot be sent as given; the message names the field."""


def blocked_countries(store: Store) -> list[str]:
    return json.loads(store.meta_get("inbound_blocked_countries") or "[]")


def set_blocked_countries(store: Store, countries) -> list[str]:
    if not isinstance(countries, list) or not all(
            isinstance(c, str) and len(c) == 2 and c.isalpha() for c in countries):
        raise HandsetTextError("blocked_countries must be a list of two-letter country codes")
    value = sorted({c.upper() for c in countries})
    store.meta_set("inbound_blocked_countries", json.dumps(value))
    return value


def _checked(to_raw, body, media_urls) -> tuple[phone.Address, str, list[str]]:
    if not isinstance(to_raw, str) or phone.parse_number(to_raw) is None:
        raise HandsetTextError(f"to: {to_raw!r} is not an E.164 number")
    if body is None:
        body = ""
    if not isinstance(body, str):
        raise HandsetTextError("body must be a string")
    media_urls = media_urls or []
    if not isinstance(media_urls, list) or not all(
            isinstance(u, str) and u.startswith(("http://", "https://")) for u in media_urls):
        raise HandsetTextError("media_urls must be a list of http(s) URLs")
    if len(media_urls) > MAX_MEDIA:
        raise HandsetTextError(f"media_urls: at most {MAX_MEDIA}")
    if not body and not media_urls:
        raise HandsetTextError("body or media_urls is required")
    return phone.parse_number(to_raw), body, media_urls


CHANNELS = ("sms", "whatsapp")


def send(store: Store, sender_raw: str, to_raw, body, media_urls=None,
         channel: str = "sms", button=None, in_reply_to=None) -> dict:
    """The handset at ``sender_raw`` sends a text (or, with ``channel`` "whatsapp", a
    WhatsApp message, or taps the quick-reply ``button`` of a message it received:
    engine/whatsapp_buttons.py); returns its outbox row."""
    sender = phone.parse_recipient(sender_raw)
    if sender is None or sender.channel != "sms":
        raise HandsetTextError(f"number: {sender_raw!r} is not an E.164 number or short code")
    if channel not in CHANNELS:
        raise HandsetTextError(f"channel must be one of {', '.join(CHANNELS)}, got {channel!r}")
    if channel == "whatsapp" and isinstance(to_raw, str):
        to_raw = phone.plain_number(to_raw.strip())
    answer = None
    if button is not None or in_reply_to is not None:
        if channel != "whatsapp":
            raise HandsetTextError('button: a button is tapped on WhatsApp ("channel": '
                                   '"whatsapp")')
        if body is not None or media_urls:
            raise HandsetTextError("button: the answer's body is the button's title; give no "
                                   "body or media_urls with it")
        number = phone.parse_number(to_raw) if isinstance(to_raw, str) else None
        if number is None:
            raise HandsetTextError(f"to: {to_raw!r} is not a WhatsApp number")
        try:
            answer = whatsapp_buttons.tap(store, sender.value, number.value, button,
                                          in_reply_to)
        except whatsapp_buttons.ButtonError as exc:
            raise HandsetTextError(str(exc)) from None
        body = answer["text"]
    to, body, media_urls = _checked(to_raw, body, media_urls)
    now = store.now()
    with store.write():
        count = handset_texts.count_sent(store)
        rng = random.Random(f"{store.seed()}:outbox:{count}:{sender.value}:{to.value}")
        if channel == "whatsapp":
            outcome, cause, reason, arrive_at = _whatsapp_fate(store, sender, to, rng, now)
        else:
            outcome, cause, reason, arrive_at = _fate(store, sender, to, rng, now)
        row_id = handset_texts.add_sent(store, {
            # A WhatsApp message keeps its channel in its to: whatsapp:+E164.
            "number": sender.value,
            "to_addr": phone.WHATSAPP_PREFIX + to.value if channel == "whatsapp" else to.value,
            "body": body,
            "media": json.dumps(media_urls), "sent_at": now, "arrive_at": arrive_at,
            "done": 0 if arrive_at is not None else 1, "outcome": outcome, "cause": cause,
            "reason": reason, "message_sid": None,
            "button": json.dumps(answer) if answer else None})
    return handset_texts.sent_text(store, row_id)


def _fate(store: Store, sender: phone.Address, to: phone.Address, rng: random.Random,
          now: float) -> tuple[str, str, str, float | None]:
    """The facts the fate of the text depends on, read, and the fate decided."""
    handset = handsets.get(store, sender.value)
    number = store.get("numbers", phone_number=to.value)
    return inbound_plan.fate(sender, to, handset, handsets.carrier(store, handset.carrier),
                             None if number is None else bool(number["cap_sms"]),
                             blocked_countries(store), rng, now)


def _whatsapp_fate(store: Store, sender: phone.Address, to: phone.Address,
                   rng: random.Random, now: float) -> tuple[str, str, str, float | None]:
    handset = handsets.get(store, sender.value)
    if not handset.whatsapp.installed:
        raise HandsetTextError(f"channel: {sender.value} has no WhatsApp "
                               "(its whatsapp.installed is false)")
    number = store.get("numbers", phone_number=to.value)
    is_sender = None if number is None else bool(number["whatsapp"])
    if to.value == whatsapp.SANDBOX_NUMBER:
        is_sender = True  # the sandbox takes any message; arrive() sorts out joins
    return whatsapp.inbound_fate(handset, to.value, is_sender, rng, now)


def due(store: Store, now: float, limit: int) -> list[dict]:
    return handset_texts.arriving(store, now, limit)


def arrive(store: Store, text: dict) -> None:
    """The text reaches the Twilio number at its arrival time (inside run_due's transaction)."""
    at = text["arrive_at"]
    public_url = store.meta_get("public_url") or ""
    channel = "whatsapp" if text["to_addr"].startswith(phone.WHATSAPP_PREFIX) else "sms"
    if channel == "whatsapp" and phone.plain_number(text["to_addr"]) == whatsapp.SANDBOX_NUMBER:
        _reach_sandbox(store, text, at)
        return
    number = store.get("numbers", phone_number=phone.plain_number(text["to_addr"]))
    # Released or changed since it was sent:
    if number is None or not number["whatsapp" if channel == "whatsapp" else "cap_sms"]:
        handset_texts.update_sent(store, text["id"], {
            "done": 1, "outcome": "lost", "cause": "number_released",
            "reason": f"{text['to_addr']} could not receive it any more"})
        return
    service = _service_of(store, number, channel)
    prefix = phone.WHATSAPP_PREFIX if channel == "whatsapp" else ""
    row, media_rows = _received(store, text, number["account_sid"],
                                prefix + number["phone_number"],
                                service["sid"] if service else None, at)
    sid, status, body = row["sid"], row["status"], row["body"]
    handset_texts.update_sent(store, text["id"], {
        "done": 1, "outcome": "delivered", "message_sid": sid,
        "reason": f"{text['reason']}; received by {number['phone_number']} as {sid}"})
    # Opt-out keywords are an SMS matter (WhatsApp users block a sender in the app).
    keyword = optout.keyword_type(body) if status == "received" and channel == "sms" else None
    if keyword:
        _keyword(store, number, text["number"], keyword, body.strip().upper(), sid, at)
    if status == "received":
        extra = _whatsapp_params(store, text["number"]) if channel == "whatsapp" else {}
        if text.get("button"):
            extra.update(whatsapp_buttons.webhook_params(json.loads(text["button"])))
        _queue_webhook(store, number, service, row, media_rows, keyword, public_url, at,
                       extra)


def _received(store: Store, text: dict, account_sid: str, to_addr: str,
              service_sid: str | None, at: float) -> tuple[dict, list[dict]]:
    """The inbound Message (and its media) a handset's text becomes in ``account_sid``."""
    media = json.loads(text["media"])
    body = text["body"]
    status, error = "received", None
    if len(body) > INBOUND_FAILED_LENGTH:
        # Longer inbound texts are truncated and marked failed (support article, 21617).
        body, status, error = body[:INBOUND_FAILED_LENGTH], "failed", 21617
    sid = store.new_sid("MM" if media else "SM")
    whatsapp_channel = to_addr.startswith(phone.WHATSAPP_PREFIX)
    prefix = phone.WHATSAPP_PREFIX if whatsapp_channel else ""
    row = {
        "sid": sid, "account_sid": account_sid, "direction": "inbound",
        "from_addr": prefix + text["number"], "to_addr": to_addr,
        "body": body, "status": status,
        "num_segments": 1 if whatsapp_channel else phone.segment_count(body),
        "num_media": len(media),
        "error_code": error, "error_message": None, "price": None, "price_unit": "USD",
        "messaging_service_sid": service_sid,
        "status_callback": None, "callback_url": None, "validity_period": None, "free": 0,
        "date_created": at, "date_updated": at, "date_sent": at}
    to_country = phone.parse_number(phone.plain_number(to_addr)).country
    row["price"] = price(row, to_country)
    messages_store.insert(store, row)
    media_rows = []
    for url in media:
        media_row = {"sid": store.new_sid("ME"), "message_sid": sid,
                     "account_sid": account_sid, "url": url,
                     "content_type": guess_content_type(url), "date_created": at,
                     "date_updated": at}
        messages_store.insert_media(store, media_row)
        media_rows.append(media_row)
    return row, media_rows


def _whatsapp_params(store: Store, user: str) -> dict:
    """WhatsApp's own inbound parameters (reference section 13): the sender's WhatsApp ID
    (its E.164 digits) and profile name (the handset's name)."""
    return {"WaId": user.removeprefix("+"), "ProfileName": handsets.get(store, user).name}


def _reach_sandbox(store: Store, text: dict, at: float) -> None:
    """A WhatsApp message to the sandbox (docs/whatsapp.md, The sandbox): `join <code>` makes
    its sender a member for 3 days (docs whatsapp/sandbox) and the sandbox confirms; a
    member's `stop` ends the membership, confirmed too; a member's other messages reach the
    sandbox's "when a message comes in" webhook; a non-member's are lost (a wrong phrase
    too: Twilio documents no answer to it)."""
    user = text["number"]
    code = whatsapp_facts.sandbox_code(store)
    message_sid = None
    if whatsapp.is_join(text["body"], code):
        whatsapp_facts.join_sandbox(store, user, at)
        whatsapp_facts.answer_handset(store, user, whatsapp.JOIN_CONFIRMATION, at)
        outcome, cause, reason = "delivered", "", f"joined the sandbox with 'join {code}'"
    elif not whatsapp_facts.sandbox_member(store, user, at):
        outcome, cause, reason = ("lost", "not_sandbox_member",
                                  f"not a sandbox member: send 'join {code}' first")
    elif whatsapp.is_stop(text["body"]):
        whatsapp_facts.end_membership(store, user)
        whatsapp_facts.answer_handset(store, user, whatsapp.leave_confirmation(code), at)
        outcome, cause, reason = "delivered", "", "left the sandbox with 'stop'"
    else:
        outcome, cause, reason, message_sid = _to_sandbox_webhook(store, text, at)
    handset_texts.update_sent(store, text["id"], {
        "done": 1, "outcome": outcome, "cause": cause, "message_sid": message_sid,
        "reason": f"{text['reason']}; {reason}"})


def _to_sandbox_webhook(store: Store, text: dict,
                        at: float) -> tuple[str, str, str, str | None]:
    """A member's message: an inbound Message of the account that owns the sandbox's
    settings (whose auth token signs the webhook), sent to its inbound URL with the
    WhatsApp parameters; a TwiML reply goes back from the sandbox (engine/replies.py)."""
    account_sid = whatsapp_facts.webhook_account(store)
    if account_sid is None:
        return "lost", "no_account", "reached the sandbox, but the world has no account", None
    settings = whatsapp_facts.settings(store)
    row, media_rows = _received(store, text, account_sid,
                                phone.WHATSAPP_PREFIX + whatsapp.SANDBOX_NUMBER, None, at)
    url = settings["inbound_url"]
    if row["status"] == "received":
        params = webhook_params(row, media_rows, store.meta_get("public_url") or "", None,
                                False)
        params.update(_whatsapp_params(store, text["number"]))
        webhooks.enqueue(store, account_sid=account_sid, message_sid=row["sid"],
                         kind="incoming_message", url=url or "",
                         method=settings["inbound_method"], params=params, due_at=at,
                         state="pending" if url else "no_url")
    where = f"its webhook {url}" if url else "no 'when a message comes in' URL is set"
    return ("delivered", "", f"reached the sandbox as {row['sid']} of {account_sid} ({where})",
            row["sid"])


def _keyword(store: Store, number: dict, recipient: str, keyword: str, word: str, sid: str,
             at: float) -> None:
    """Opt-out bookkeeping and Twilio's default auto-reply (free of charge)."""
    if number["type"] == "short-code":
        return  # standalone short codes: Twilio does not handle STOP/HELP (support 223134027)
    if keyword == "START":
        opt_outs.record(store, number, recipient, keyword, word, sid, at)
    reply = messages.CreateRequest(to=recipient, from_=number["phone_number"],
                                   messaging_service_sid=None, body=optout.REPLIES[keyword])
    try:
        messages.create(store, number["account_sid"], reply,
                        messages.Origin(direction="outbound-reply", at=at, free=True))
    except TwilioError:
        pass  # e.g. the handset is a landline: no auto-reply, the keyword still counts
    if keyword == "STOP":
        opt_outs.record(store, number, recipient, keyword, word, sid, at)


def geo_params(prefix: str, number: str) -> dict:
    """FromCity/FromState/FromZip/FromCountry (and To...): we know only the country."""
    address = phone.parse_number(phone.plain_number(number))
    return {f"{prefix}City": "", f"{prefix}State": "", f"{prefix}Zip": "",
            f"{prefix}Country": (address.country if address else None) or ""}


def webhook_params(message: dict, media_rows: list[dict], public_url: str,
                   keyword: str | None, in_service: bool) -> dict:
    """Twilio's incoming-message parameters (reference section 4.2)."""
    sid = message["sid"]
    params = {
        "MessageSid": sid, "SmsMessageSid": sid, "SmsSid": sid,
        "AccountSid": message["account_sid"], "From": message["from_addr"],
        "To": message["to_addr"], "Body": message["body"],
        "NumMedia": str(message["num_media"]), "NumSegments": str(message["num_segments"]),
        "ReferralNumMedia": "0", "SmsStatus": "received", "ApiVersion": "2010-04-01",
        **geo_params("From", message["from_addr"]), **geo_params("To", message["to_addr"]),
    }
    if message["messaging_service_sid"]:
        params["MessagingServiceSid"] = message["messaging_service_sid"]
    for i, media in enumerate(media_rows):
        params[f"MediaUrl{i}"] = (f"{public_url}/2010-04-01/Accounts/{message['account_sid']}"
                                  f"/Messages/{sid}/Media/{media['sid']}")
        params[f"MediaContentType{i}"] = media["content_type"]
    if keyword and in_service:
        # OptOutType goes only to numbers in a Messaging Service (support 31560110671259).
        params["OptOutType"] = keyword
    return params


def _queue_webhook(store: Store, number: dict, service: dict | None, message: dict,
                   media_rows: list[dict], keyword: str | None, public_url: str,
                   at: float, extra: dict | None = None) -> None:
    if service is not None and not service["use_inbound_webhook_on_number"]:
        url, method = service["inbound_request_url"], service["inbound_method"]
        fallback, fallback_method = service["fallback_url"], service["fallback_method"]
    else:
        url, method = number["sms_url"], number["sms_method"]
        fallback, fallback_method = number["sms_fallback_url"], number["sms_fallback_method"]
    params = webhook_params(message, media_rows, public_url, keyword, service is not None)
    params.update(extra or {})
    webhooks.enqueue(store, account_sid=message["account_sid"], message_sid=message["sid"],
                     kind="incoming_message", url=url or "", method=method or "POST",
                     params=params, due_at=at, fallback_url=fallback or None,
                     fallback_method=fallback_method or "POST",
                     # No webhook URL: stored, not posted, and recorded as such.
                     state="pending" if url else "no_url")


def outbox(store: Store, number: str) -> list[dict]:
    return handset_texts.outbox(store, number)


def texts(store: Store, to: str | None = None, since: float | None = None,
          limit: int = 1000) -> list[dict]:
    """Every handset's texts, oldest first: to one number, since a time."""
    return handset_texts.texts(store, to, since, limit)


def _service_of(store: Store, number: dict, channel: str) -> dict | None:
    """The Messaging Service an inbound message to ``number`` belongs to: for SMS the one
    whose pool holds the number; for WhatsApp the one the number is a WhatsApp sender of
    (its ChannelSenders, engine/channel_senders.py: a pool number by default, or one added
    with POST .../ChannelSenders, and not one taken out)."""
    if channel != "whatsapp":
        return services.service_of_number(store, number["sid"])
    service_sid = channel_senders.service_of(store, number["sid"])
    return services.get(store, service_sid) if service_sid else None
