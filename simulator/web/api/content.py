"""A subset of the Content API on content.twilio.com/v1 (twilio-oai twilio_content_v1.json),
served by the same simulator: point the SDK's ``client.content.base_url`` at it. Templates
of type twilio/text, twilio/media or twilio/quick-reply: create, fetch, list, update (PUT),
delete, their WhatsApp approval request and its status (docs/whatsapp.md, Templates).
Bodies are JSON, as the SDKs send them; lists page with the v1 ``meta`` envelope under
``contents``. Every answer is checked against the spec's schemas in tests/test_content_api.py
(tests/oai/content_schemas.json)."""

from __future__ import annotations

import json

from flask import Blueprint, g, request
from smsim.domain.clock import twilio_iso8601
from smsim.engine import content
from smsim.web import world_context
from smsim.web.api import paging
from smsim.web.api.services import v1_page

bp = Blueprint("content", __name__)
BASE = "/v1/Content"


def _url(path: str) -> str:
    return request.host_url.rstrip("/") + path


def content_json(row: dict) -> dict:
    url = _url(f"{BASE}/{row['sid']}")
    return {
        "date_created": twilio_iso8601(row["date_created"]),
        "date_updated": twilio_iso8601(row["date_updated"]),
        "sid": row["sid"], "account_sid": row["account_sid"] or g.caller.account_sid,
        "friendly_name": row["friendly_name"], "language": row["language"],
        "variables": json.loads(row["variables"] or "{}"),
        "types": content.content_of(row).types_json(),
        "url": url,
        "links": {"approval_fetch": f"{url}/ApprovalRequests",
                  "approval_create": f"{url}/ApprovalRequests/whatsapp"}}


def approval_json(row: dict) -> dict:
    """The WhatsApp approval of a template (the shape of Twilio's changelog of 2024-08-12,
    "New flows parameter in Content API approval response")."""
    return {"name": row["approval_name"] or "", "category": row["approval_category"] or "",
            "content_type": content.content_of(row).kind, "status": row["status"],
            "rejection_reason": row["rejection_reason"] or "",
            "allow_category_change": True}


def _body():
    return request.get_json(silent=True) if request.content_length else None


@bp.route(BASE, methods=["GET", "POST"], endpoint="contents")
def contents():
    store = world_context.current_store()
    if request.method == "POST":
        row = content.create(store, g.caller.account_sid, _body())
        g.created_sid = row["sid"]
        return content_json(row), 201
    asked = paging.window(request.args)
    page = paging.envelope(content.page(store, g.caller.account_sid, asked), asked,
                           path=request.path, filters=[], list_key="contents",
                           serialize=content_json)
    return v1_page(page, "contents")


@bp.route(f"{BASE}/<sid>", methods=["GET", "PUT", "DELETE"], endpoint="content")
def content_instance(sid):
    store = world_context.current_store()
    row = content.owned(store, g.caller.account_sid, sid, request.path)
    if request.method == "DELETE":
        content.delete(store, sid)
        return "", 204
    if request.method == "PUT":
        return content_json(content.update(store, row, _body()))
    return content_json(row)


@bp.get(f"{BASE}/<sid>/ApprovalRequests", endpoint="approval_fetch")
def approval_fetch(sid):
    row = content.owned(world_context.current_store(), g.caller.account_sid, sid,
                        request.path)
    return {"sid": row["sid"], "account_sid": row["account_sid"] or g.caller.account_sid,
            "whatsapp": {**approval_json(row), "type": "whatsapp", "flows": None},
            "url": _url(f"{BASE}/{sid}/ApprovalRequests")}


@bp.post(f"{BASE}/<sid>/ApprovalRequests/whatsapp", endpoint="approval_create")
def approval_create(sid):
    store = world_context.current_store()
    row = content.owned(store, g.caller.account_sid, sid, request.path)
    return approval_json(content.submit(store, row, _body())), 201
