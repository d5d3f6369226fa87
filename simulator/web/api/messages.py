"""Messages and their Media (OAI paths /Accounts/{AccountSid}/Messages...)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime

from flask import Blueprint, g, redirect, request
from smsim.domain.errors import TwilioError
from smsim.domain.paging import Bound
from smsim.domain.phone import parse_recipient, parse_sender
from smsim.engine import messages
from smsim.web import world_context
from smsim.web.api import paging, request_log, serialize

bp = Blueprint("messages", __name__)
# Media content URLs (no .json), as handed out in MediaUrlN: public like Twilio's by default.
media_files = Blueprint("media_files", __name__)
BASE = "/Accounts/<account_sid>/Messages"
DATE_FILTERS = ("DateSent", "DateSent<", "DateSent>")


def _store():
    return world_context.current_store()


def _parse_date(name: str, raw: str) -> tuple[float, bool]:
    """Epoch seconds and whether the value was a bare date (GMT YYYY-MM-DD, OAI list filter)."""
    text = raw.strip()
    try:
        if len(text) == 10:
            day = datetime.strptime(text, "%Y-%m-%d").replace(tzinfo=UTC)
            return day.timestamp(), True
        try:
            moment = datetime.fromisoformat(text)
        except ValueError:
            moment = parsedate_to_datetime(text)
    except (ValueError, TypeError):
        raise TwilioError(20001, field=name, detail=f"{raw!r} is not a date (use YYYY-MM-DD)") \
            from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.timestamp(), False


def _list_filters() -> tuple[dict, list[tuple[str, str]]]:
    """The list's criteria for engine.messages.page, and the filters echoed in its URIs."""
    criteria, filters, sent = {}, [], []
    for name, key, parse in (("To", "to", parse_recipient), ("From", "from_", parse_sender)):
        raw = request.args.get(name)
        if raw:
            address = parse(raw)
            criteria[key] = address.wire if address else raw
            filters.append((name, raw))
    for name in DATE_FILTERS:
        raw = request.args.get(name)
        if not raw:
            continue
        moment, whole_day = _parse_date(name, raw)
        day_end = moment + timedelta(days=1).total_seconds()
        # Our reading of the docs: DateSent=day is that GMT day; DateSent< and DateSent> are
        # "on or before" / "on or after", a bare date counting as its whole day.
        if name == "DateSent":
            sent += [Bound("at_least", moment),
                     Bound("before", day_end if whole_day else moment + 1)]
        elif name == "DateSent<":
            sent.append(Bound("before", day_end) if whole_day else Bound("at_most", moment))
        else:
            sent.append(Bound("at_least", moment))
        filters.append((name, raw))
    return {**criteria, "sent": sent}, filters


@bp.route(f"{BASE}.json", methods=["GET", "POST"], endpoint="messages")
def messages_collection(account_sid):
    store = _store()
    if request.method == "POST":
        req = messages.CreateRequest.from_params(request.form)

        def logged(row: dict) -> None:
            # The request's log row in the create's own transaction: one write per create.
            g.created_sid = row["sid"]
            request_log.log_request(201)
        row = messages.create(store, g.caller.account_sid, req,
                              messages.Origin(test_mode=g.caller.mode == "test"), also=logged)
        return serialize.message(row), 201
    criteria, filters = _list_filters()
    asked = paging.window(request.args)
    return paging.envelope(messages.page(store, account_sid, asked, **criteria), asked,
                           path=request.path, filters=filters, list_key="messages",
                           serialize=serialize.message)


@bp.route(f"{BASE}/<sid>.json", methods=["GET", "POST", "DELETE"], endpoint="message")
def message_instance(account_sid, sid):
    store = _store()
    row = messages.fetch(store, account_sid, sid, request.path)
    if request.method == "DELETE":
        messages.delete(store, row)
        return "", 204
    if request.method == "POST":
        row = messages.update(store, row, request.form.get("Body"), request.form.get("Status"))
    return serialize.message(row)


@bp.route(f"{BASE}/<message_sid>/Media.json", methods=["GET"], endpoint="media_list")
def media_collection(account_sid, message_sid):
    store = _store()
    messages.fetch(store, account_sid, message_sid, request.path)
    created, filters = [], []
    for name, op in (("DateCreated", "equal"), ("DateCreated<", "at_most"),
                     ("DateCreated>", "at_least")):
        raw = request.args.get(name)
        if raw:
            moment, _ = _parse_date(name, raw)
            created.append(Bound(op, moment))
            filters.append((name, raw))
    asked = paging.window(request.args)
    return paging.envelope(messages.media_page(store, message_sid, asked, created), asked,
                           path=request.path, filters=filters, list_key="media_list",
                           serialize=serialize.media)


@bp.route(f"{BASE}/<message_sid>/Media/<sid>.json", methods=["GET", "DELETE"],
          endpoint="media")
def media_instance(account_sid, message_sid, sid):
    store = _store()
    messages.fetch(store, account_sid, message_sid, request.path)
    row = messages.media_of(store, message_sid, sid)
    if row is None:
        raise TwilioError(20404, path=request.path)
    if request.method == "DELETE":
        messages.delete_media(store, sid)
        return "", 204
    return serialize.media(row)


@media_files.get("/Accounts/<account_sid>/Messages/<message_sid>/Media/<sid>")
def media_content(account_sid, message_sid, sid):
    """Twilio serves the media itself; we never fetched it, so we send the client to where
    the sender's copy lives."""
    row = messages.media_of(_store(), message_sid, sid, account_sid)
    if row is None:
        raise TwilioError(20404, path=request.path)
    return redirect(row["url"], code=302)
