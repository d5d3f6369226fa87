"""Handsets, carriers and our numbers' sending settings."""

from __future__ import annotations

import json

from flask import request
from smsim.domain import opt_outs as optout
from smsim.domain import phone
from smsim.domain import whatsapp as whatsapp_domain
from smsim.domain.clock import iso8601
from smsim.domain.sender_queue import default_rate
from smsim.domain.whatsapp import channel_install_sid
from smsim.engine import (
    accounts,
    content,
    handsets,
    inbound,
    messages,
    numbers,
    opt_outs,
    planning,
    whatsapp,
)
from smsim.web import world_context
from smsim.web.control.inbox_copies import copies_json
from smsim.web.control.params import json_body, limit_param, since_param
from smsim.web.control.plane import ControlError, bp, current_store


def _number(raw: str, field: str = "number") -> str:
    address = phone.parse_recipient(raw)
    if address is None:
        raise ControlError(f"{field}: {raw!r} is not an E.164 number or short code")
    return address.value


@bp.get("/handsets")
def handset_list():
    return {"handsets": [h.as_json() for h in handsets.registered(current_store())]}


@bp.route("/handsets/<raw>", methods=["GET", "PUT", "PATCH"])
def handset(raw):
    number = _number(raw)
    store = current_store()
    if request.method != "GET":
        changes = json_body()
        # The change and the messages on their way to this handset carried anew from now,
        # in one transaction: no request ever sees the one without the other.
        with store.write():
            updated = handsets.put(store, number, changes).as_json()
            updated["replanned_messages"] = planning.replan_handset(store, number,
                                                                    store.now())
        return updated
    data = handsets.get(store, number).as_json()
    data["registered"] = handsets.is_registered(store, number)
    return data


@bp.get("/handsets/<raw>/inbox")
def inbox(raw):
    """Every copy the handset received, oldest first; copies from a blocked sender are
    received but not shown (``?all=true`` lists them too)."""
    number = _number(raw)
    store = current_store()
    rows = handsets.inbox(store, number, everything=request.args.get("all") == "true")
    return {"number": number, "messages": copies_json(store, rows, with_number=False)}


@bp.get("/inbox")
def all_inboxes():
    """Every copy any handset received (``since``, ``all=true`` as for one inbox)."""
    store = current_store()
    rows = handsets.inboxes(store, everything=request.args.get("all") == "true",
                            since=since_param(request.args.get("since")), limit=limit_param())
    return {"messages": copies_json(store, rows)}


@bp.get("/carriers")
def carrier_list():
    return {"carriers": [c.as_json() for c in handsets.configured_carriers(current_store())]}


@bp.route("/carriers/<name>", methods=["GET", "PUT", "PATCH"])
def carrier(name):
    store = current_store()
    if request.method != "GET":
        return handsets.put_carrier(store, name, json_body()).as_json()
    return handsets.carrier(store, name).as_json()


@bp.route("/numbers/<raw>", methods=["GET", "PUT", "PATCH"])
def sim_number(raw):
    """One of our numbers as the simulator sees it: capabilities, send rate, queue."""
    store = current_store()
    number = _number(raw)
    row = store.get("numbers", phone_number=number)
    if row is None:
        raise ControlError(f"number: {number} is not a number of any account", 404)
    if request.method != "GET":
        row = _update_number(store, row, json_body())
    address = phone.parse_number(number)
    now = store.now()
    queue = store.get("sender_queues", account_sid=row["account_sid"], sender=number)
    return {
        "phone_number": number, "sid": row["sid"], "account_sid": row["account_sid"],
        "capabilities": {k: bool(row[f"cap_{k}"]) for k in ("voice", "sms", "mms", "fax")},
        "send_rate": row["send_rate"] or default_rate(address),
        "send_rate_overridden": row["send_rate"] is not None,
        "queue_seconds": max(0.0, (queue["free_at"] - now) if queue else 0.0),
        "queued_messages": messages.queued_count(store, row["account_sid"], number),
        "sms_url": row["sms_url"], "status_callback": row["status_callback"],
        "whatsapp": bool(row["whatsapp"]),
        # The SID to add it to a service with (Messaging v1 ChannelSenders; Twilio shows it
        # in the Senders console), the one its status callbacks carry as ChannelInstallSid.
        "whatsapp_sender_sid": channel_install_sid(number) if row["whatsapp"] else None,
    }


def _update_number(store, row: dict, body: dict) -> dict:
    unknown = set(body) - {"send_rate", "capabilities", "whatsapp"}
    if unknown:
        raise ControlError(f"unknown number field(s): {', '.join(sorted(unknown))}")
    changes = {}
    if "send_rate" in body:
        rate = body["send_rate"]
        if rate is not None and (isinstance(rate, bool) or not isinstance(rate, int | float)
                                 or not 0 < rate <= 10_000):
            raise ControlError("send_rate must be a number of segments per second above 0 "
                               "and at most 10000, or null for the default")
        changes["send_rate"] = rate
    if "capabilities" in body:
        caps = body["capabilities"]
        if not isinstance(caps, dict) or set(caps) - {"voice", "sms", "mms", "fax"} or \
                not all(isinstance(v, bool) for v in caps.values()):
            raise ControlError("capabilities must be an object of voice/sms/mms/fax booleans")
        changes.update({f"cap_{k}": int(v) for k, v in caps.items()})
    if "whatsapp" in body:
        if not isinstance(body["whatsapp"], bool):
            raise ControlError("whatsapp must be true or false (a WhatsApp sender or not)")
        changes["whatsapp"] = int(body["whatsapp"])
    if changes:
        store.update("numbers", row["sid"], changes)
    return numbers.owned(store, row["account_sid"], row["phone_number"])


@bp.post("/handsets/<raw>/messages")
def handset_text(raw):
    """The handset texts a number: ``{"to": "+1...", "body": "...", "media_urls": [...]}``;
    ``"channel": "whatsapp"`` sends a WhatsApp message instead, and ``"button": id or title``
    (with ``"in_reply_to": SID``, by default the latest message with buttons from ``to``)
    answers by tapping a quick-reply button (docs/whatsapp.md)."""
    body = json_body()
    unknown = set(body) - {"to", "body", "media_urls", "channel", "button", "in_reply_to"}
    if unknown:
        raise ControlError(f"unknown field(s): {', '.join(sorted(unknown))}")
    store = current_store()
    text = inbound.send(store, raw, body.get("to"), body.get("body"), body.get("media_urls"),
                        body.get("channel", "sms"), body.get("button"),
                        body.get("in_reply_to"))
    return outbox_json(text), 201


def outbox_json(row: dict) -> dict:
    return {"id": row["id"], "from": row["number"], "to": row["to_addr"], "body": row["body"],
            "media_urls": json.loads(row["media"]), "sent_at": iso8601(row["sent_at"]),
            "arrives_at": iso8601(row["arrive_at"]) if row["arrive_at"] else None,
            "outcome": row["outcome"], "cause": row["cause"] or None, "reason": row["reason"],
            "message_sid": row["message_sid"]}


@bp.get("/handsets/<raw>/outbox")
def outbox(raw):
    """What the handset sent and where each text stopped, oldest first."""
    number = _number(raw)
    return {"number": number, "messages": [outbox_json(r)
                                           for r in inbound.outbox(current_store(), number)]}


@bp.get("/outbox")
def all_texts():
    """Every handset's texts (filters ``to`` and ``since``): where inbound texts stopped."""
    to = request.args.get("to")
    rows = inbound.texts(current_store(), to=_number(to) if to else None,
                         since=since_param(request.args.get("since")), limit=limit_param())
    return {"messages": [outbox_json(r) for r in rows]}


@bp.route("/inbound", methods=["GET", "PUT"])
def inbound_settings():
    """Countries whose carriers cannot hand SMS to Twilio (the guide's international case)."""
    store = current_store()
    if request.method == "PUT":
        body = json_body()
        unknown = set(body) - {"blocked_countries"}
        if unknown:
            raise ControlError(f"unknown field(s): {', '.join(sorted(unknown))}")
        inbound.set_blocked_countries(store, body.get("blocked_countries", []))
    return {"blocked_countries": inbound.blocked_countries(store)}


@bp.post("/opt-outs")
def opt_out_add():
    """Declare that ``recipient`` opted out of ``number`` (and of its Messaging Service, when
    it is in one), as if they had texted ``keyword``."""
    body = json_body()
    unknown = set(body) - {"number", "recipient", "keyword"}
    if unknown:
        raise ControlError(f"unknown field(s): {', '.join(sorted(unknown))}")
    store = current_store()
    number = store.get("numbers", phone_number=_number(str(body.get("number", ""))))
    if number is None:
        raise ControlError("number: not a number of any account")
    recipient = _number(str(body.get("recipient", "")), "recipient")
    keyword = str(body.get("keyword", "STOP")).upper()
    if optout.keyword_type(keyword) != "STOP":
        raise ControlError(f"keyword: {keyword!r} is not an opt-out keyword")
    opt_outs.record(store, number, recipient, "STOP", keyword, None, store.now())
    return {"opt_outs": opt_out_list()["opt_outs"]}, 201


@bp.get("/opt-outs")
def opt_out_list():
    rows = opt_outs.listing(current_store(), request.args.get("account"))
    return {"opt_outs": [{
        "account_sid": r["account_sid"], "scope": r["scope"],
        "number" if r["scope"] == "number" else "messaging_service_sid": r["scope_id"],
        "recipient": r["recipient"], "keyword": r["keyword"], "message_sid": r["message_sid"],
        "time": iso8601(r["at"]),
    } for r in rows]}


@bp.route("/whatsapp/sandbox", methods=["GET", "PUT"])
def whatsapp_sandbox():
    """The world's WhatsApp Sandbox: its number, join phrase, members and settings
    (docs/whatsapp.md). PUT sets ``inbound_url``, ``inbound_method`` (POST|GET) and
    ``status_callback_url`` (ours: Twilio's console sets them); the account named by
    X-Smsim-Account (else the world's default) owns them and signs the webhooks."""
    store = current_store()
    if request.method == "PUT":
        named = request.headers.get(world_context.HEADER)
        owner = accounts.get(store, named) if named else accounts.default(store)
        try:
            whatsapp.save_settings(store, owner["sid"] if owner else None, json_body())
        except ValueError as exc:
            raise ControlError(str(exc)) from None
    return whatsapp.sandbox(store)


@bp.delete("/whatsapp/sandbox/members/<raw>")
def whatsapp_sandbox_leave(raw):
    """The handset leaves the sandbox now (ours: the dashboard's "leave" button); 404 when it
    was not a member."""
    number = _number(raw)
    if not whatsapp.leave_sandbox(current_store(), number):
        raise ControlError(f"number: {number} is not a member of the sandbox", 404)
    return whatsapp.sandbox(current_store())


@bp.get("/whatsapp/templates")
def whatsapp_templates():
    """The world's Content templates, whichever way they were made (docs/whatsapp.md)."""
    return {"templates": content.templates(current_store())}


@bp.route("/whatsapp/templates/<sid>", methods=["GET", "PUT", "DELETE"])
def whatsapp_template(sid):
    """Register or change a template: ``{"body": "Your order {{1}} ships", "status":
    "approved", "variables": {"1": "1234"}}`` (``"approved": true|false`` is shorthand for
    the status approved|unsubmitted); a status given here is forced, whatever WhatsApp's
    review would decide. DELETE removes it, whoever made it (ours: the dashboard's delete
    button; the Content API's DELETE needs the owning account's credentials)."""
    store = current_store()
    if request.method == "DELETE":
        if not whatsapp_domain.TEMPLATE_SID.fullmatch(sid):
            raise ControlError(f"sid: {sid!r} is not HX followed by 32 hex digits")
        if content.get(store, sid) is None:
            raise ControlError(f"sid: no template {sid}", 404)
        content.delete(store, sid)
        return "", 204
    if request.method == "GET":
        found = content.get(store, sid)
        if found is None:
            raise ControlError(f"no template {sid}", 404)
        return content.control_json(found)
    try:
        return content.save(store, sid, json_body())
    except ValueError as exc:
        raise ControlError(str(exc)) from None
