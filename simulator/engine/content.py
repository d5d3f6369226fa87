"""The world's Content templates: registered through the control plane or a seed file, or
created on the Content API subset (content.twilio.com/v1), and their WhatsApp approval on the
simulated clock (docs/whatsapp.md, Templates).

Reads resolve a submitted template's status lazily: WhatsApp's decision is stored with the
time it takes effect, and every reader sees ``received`` before it and the decision after
(domain/content.py status_at), so no ticker has to write it.
"""

from __future__ import annotations

import json

from smsim.domain import content, content_types, whatsapp
from smsim.domain.errors import TwilioError
from smsim.domain.paging import Page, Window
from smsim.store import whatsapp as store_templates
from smsim.store.database import Store

CONTROL_FIELDS = {"body", "approved", "status", "variables", "friendly_name", "language"}


def get(store: Store, sid: str) -> dict | None:
    """The template ``sid`` as of the world's clock, or None."""
    row = store_templates.template(store, sid)
    return _resolved(row, store.now()) if row else None


def _resolved(row: dict, now: float) -> dict:
    status = content.status_at(row["status"], row["decide_at"], row["decision"], now)
    if status == row["status"]:
        return row
    return {**row, "status": status, "rejection_reason": row["decision_reason"],
            "date_updated": row["decide_at"], "decide_at": None, "decision": None}


def defaults(row: dict) -> dict[str, str]:
    return json.loads(row["variables"] or "{}")


def content_of(row: dict) -> content_types.ContentType:
    """The template's type and its media URLs or buttons (twilio/text when never set)."""
    return content_types.from_row(row.get("content_type"), row["body"],
                                  json.loads(row.get("media") or "[]"),
                                  json.loads(row.get("actions") or "[]"))


# --- the control plane and seed files (ours) -----------------------------------------------

def save(store: Store, sid: str, settings: dict) -> dict:
    """Register a template, or change one (only the fields given); ValueError naming the
    field. ``status`` (or ``approved``: true = approved, false = unsubmitted) is set as
    given: a decision still pending is dropped."""
    if not whatsapp.TEMPLATE_SID.fullmatch(sid):
        raise ValueError(f"sid: {sid!r} is not HX followed by 32 hex digits")
    unknown = set(settings) - CONTROL_FIELDS
    if unknown:
        raise ValueError(f"unknown template field(s): {', '.join(sorted(unknown))}; "
                         f"known: {', '.join(sorted(CONTROL_FIELDS))}")
    with store.write():
        now = store.now()
        existing = get(store, sid)
        row = dict(existing) if existing else {
            "sid": sid, "status": "approved", "variables": "{}", "account_sid": None,
            "date_created": now, "rejection_reason": ""}
        if existing is None and "body" not in settings:
            raise ValueError("body is required for a new template")
        if "body" in settings:
            row["body"] = _body(settings["body"], "body")
        status = _status(settings)
        if status is not None:
            row.update(status=status, decide_at=None, decision=None, decision_reason="",
                       rejection_reason="" if status != "rejected" else
                       row.get("rejection_reason") or "Set through the control plane")
        if "variables" in settings:
            row["variables"] = json.dumps(_variables(settings["variables"]))
        for name in ("friendly_name", "language"):
            if name in settings:
                row[name] = _text_or_none(settings[name], name)
        row["date_updated"] = now
        store_templates.save_template(store, row)
    return control_json(get(store, sid))


def _status(settings: dict) -> str | None:
    approved, status = settings.get("approved"), settings.get("status")
    if approved is not None and not isinstance(approved, bool):
        raise ValueError("approved must be true or false")
    if status is not None and status not in content.STATUSES:
        raise ValueError(f"status must be one of {', '.join(content.STATUSES)}")
    from_approved = None if approved is None else ("approved" if approved else "unsubmitted")
    if status and from_approved and (status == "approved") != approved:
        raise ValueError(f"approved: {approved} contradicts status: {status}")
    return status or from_approved


def _body(body, field: str) -> str:
    if not isinstance(body, str) or not body.strip() or len(body) > content.MAX_BODY_CHARS:
        raise ValueError(f"{field} must be the template's text, 1 to "
                         f"{content.MAX_BODY_CHARS} characters")
    return body


def _variables(value) -> dict[str, str]:
    if value is None:
        return {}
    if not isinstance(value, dict) or not all(
            isinstance(v, str) for v in value.values()):
        raise ValueError('variables must be an object of default values, e.g. '
                         '{"1": "Customer"}')
    return {str(k): v for k, v in value.items()}


def _text_or_none(value, field: str) -> str | None:
    if value is not None and not isinstance(value, str):
        raise ValueError(f"{field} must be text")
    return value


def templates(store: Store) -> list[dict]:
    now = store.now()
    return [control_json(_resolved(t, now)) for t in store_templates.templates(store)]


def control_json(row: dict) -> dict:
    """A template as the control plane shows it (ours)."""
    return {"sid": row["sid"], "body": row["body"], "status": row["status"],
            "approved": row["status"] == "approved", "variables": defaults(row),
            "friendly_name": row["friendly_name"], "language": row["language"],
            "account_sid": row["account_sid"], "rejection_reason": row["rejection_reason"]}


# --- the Content API (content.twilio.com/v1) -----------------------------------------------

def _bad(field: str, detail: str) -> TwilioError:
    # Ours: the Content API's own codes for these are not documented; 20001 names the field.
    return TwilioError(20001, field=field, detail=detail)


def _json_object(data) -> dict:
    if not isinstance(data, dict):
        raise TwilioError(20001, message="The request body must be a JSON object "
                          "(Content-Type: application/json), as the SDKs send it.")
    return data


def _fields(data: dict, *, language_required: bool) -> dict:
    """The columns a create (ContentCreateRequest) or an update (ContentUpdateRequest) sets:
    ``types`` is required by both, ``language`` by the create only (OAI twilio_content_v1);
    only the fields given."""
    unknown = set(data) - {"friendly_name", "language", "variables", "types"}
    if unknown:
        raise _bad(sorted(unknown)[0], "not a Content parameter smsim knows")
    fields: dict = {}
    # null is "not given": the SDKs send every field of the request, unset ones as null.
    if data.get("friendly_name") is not None:
        if not isinstance(data["friendly_name"], str):
            raise _bad("friendly_name", "must be text")
        fields["friendly_name"] = data["friendly_name"]
    language = data.get("language")
    if language_required or language is not None:
        if not isinstance(language, str) or not language:
            raise _bad("language", "is required: a language code such as en")
        fields["language"] = language
    if data.get("variables") is not None:
        try:
            fields["variables"] = json.dumps(_variables(data["variables"]))
        except ValueError as exc:
            raise _bad("variables", str(exc)) from None
    try:
        found = content_types.parse(data.get("types"))
    except content_types.ContentTypeError as exc:
        raise _bad(exc.field, exc.detail) from None
    fields.update(body=found.body, content_type=found.kind, media=json.dumps(found.media),
                  actions=json.dumps([a.as_json() for a in found.actions]))
    return fields


def create(store: Store, account_sid: str, data) -> dict:
    """POST /v1/Content: a template of one type (twilio/text, twilio/media or
    twilio/quick-reply; domain/content_types.py), ``unsubmitted``."""
    fields = _fields(_json_object(data), language_required=True)
    with store.write():
        now = store.now()
        sid = store.new_unique_sid("HX", store_templates.TABLE)
        store_templates.save_template(store, {
            "sid": sid, "status": "unsubmitted", "variables": "{}", "friendly_name": None,
            **fields, "account_sid": account_sid, "date_created": now,
            "date_updated": now, "rejection_reason": ""})
    return get(store, sid)


# The statuses an update may change: the text WhatsApp has not yet seen or has refused.
# Ours (the spec and docs name no rule): a template under review or decided on keeps its text.
EDITABLE = ("unsubmitted", "rejected")


def update(store: Store, row: dict, data) -> dict:
    """PUT /v1/Content/{sid} (OAI UpdateContent, ContentUpdateRequest): ``types`` again and
    any of friendly_name, language, variables; the status is kept."""
    fields = _fields(_json_object(data), language_required=False)
    if row["status"] not in EDITABLE:
        raise _bad("Sid", f"the template is {row['status']}: only an unsubmitted or "
                   "rejected template can be updated")
    with store.write():
        store_templates.save_template(store, {
            **{k: row[k] for k in ("sid", "body", "variables", "friendly_name", "language",
                                   "account_sid", "date_created", "status",
                                   "rejection_reason")},
            **fields, "date_updated": store.now()})
    return get(store, row["sid"])


def owned(store: Store, account_sid: str, sid: str, path: str) -> dict:
    """The template ``sid`` the account may see on the Content API, else 20404."""
    row = get(store, sid) if whatsapp.TEMPLATE_SID.fullmatch(sid) else None
    if row is None or row["account_sid"] not in (None, account_sid):
        raise TwilioError(20404, path=path)
    return row


def page(store: Store, account_sid: str, window: Window) -> Page | None:
    found = store_templates.template_page(store, account_sid, window)
    if found is None:
        return None
    now = store.now()
    return Page([_resolved(r, now) for r in found.rows], found.has_next)


def delete(store: Store, sid: str) -> None:
    with store.write():
        store_templates.delete_template(store, sid)


def submit(store: Store, row: dict, data) -> dict:
    """POST /v1/Content/{sid}/ApprovalRequests/whatsapp: ``received`` now, WhatsApp's
    decision (domain/content.py review) REVIEW_SECONDS later on the world's clock (ours)."""
    data = _json_object(data)
    name, category = data.get("name"), data.get("category")
    if not isinstance(name, str) or not content.APPROVAL_NAME.fullmatch(name):
        raise _bad("name", "is required: lowercase letters, digits and underscores")
    if category not in content.CATEGORIES:
        raise _bad("category", f"must be one of {', '.join(content.CATEGORIES)}")
    if row["status"] not in ("unsubmitted", "rejected"):
        raise _bad("ContentSid", f"the template is {row['status']}: only an unsubmitted or "
                   "rejected template can be submitted")
    decision, reason = content.review(row["body"])
    with store.write():
        now = store.now()
        store_templates.save_template(store, {
            **{k: row[k] for k in ("sid", "body", "variables", "friendly_name", "language",
                                   "account_sid", "date_created")},
            "status": "received", "approval_name": name, "approval_category": category,
            "rejection_reason": "", "decide_at": now + content.REVIEW_SECONDS,
            "decision": decision, "decision_reason": reason, "date_updated": now})
    return get(store, row["sid"])
