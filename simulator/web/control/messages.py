"""Per-message evidence: delivery steps and webhook attempts, one message's or many's."""

from __future__ import annotations

from flask import request
from smsim.domain.clock import iso8601, rfc2822
from smsim.engine import delivery, evidence, fault_rules, messages, webhooks, whatsapp_buttons
from smsim.web.control.inbox_copies import copy_json
from smsim.web.control.params import limit_param, since_param
from smsim.web.control.plane import ControlError, bp, current_store


@bp.get("/messages/<sid>/steps")
def steps(sid):
    store = current_store()
    message = messages.get(store, sid)
    if message is None:
        raise ControlError(f"message {sid} does not exist", 404)
    now = store.now()
    report = delivery.delivery_steps(store, sid, now,
                                     include_plan=request.args.get("plan") == "true")
    return {**_steps_json(message, report, now),
            "fault_rules": fault_rules.log(store, message_sid=sid, fired=True)}


def _steps_json(message: dict, report: dict, now: float) -> dict:
    created = message["date_created"]
    report["steps"] = [{
        "time": iso8601(s["at"]), "date": rfc2822(s["at"]), "offset_seconds":
        round(s["at"] - created, 3), "kind": s["kind"], "status": s["status"],
        "reason": s["reason"], "error_code": s["error_code"], "copy": s["copy"],
        "shown": bool(s["shown"]), "revealed": s["at"] <= now,
    } for s in report["steps"]]
    return {"message_sid": message["sid"], "status": message["status"],
            "from": message["from_addr"], "to": message["to_addr"],
            "created": iso8601(created), **report}


@bp.get("/messages/evidence")
def messages_evidence():
    """Many messages' evidence in one read, for diagnose: the newest ``limit`` (default
    5000) messages of ``account``, created ``since``, ``to`` and ``from`` a number; for each,
    its delivery steps (as /messages/SID/steps, without ``fault_rules``), the copies handsets
    received of it (as /handsets/N/inbox?all=true, with ``number``) and its webhooks (as
    /webhooks?message=SID) and the Verify verification whose code it carried
    (``{"sid": "VE…", "status": …}``, or null)."""
    store = current_store()
    now = store.now()
    found = evidence.for_scope(
        store, account_sid=request.args.get("account"),
        since=since_param(request.args.get("since")), to=request.args.get("to"),
        from_=request.args.get("from"), limit=limit_param(5000))
    # The copies' media and buttons read once for every message in scope.
    extras = whatsapp_buttons.attachments(
        store, [c["message_sid"] for item in found.values() for c in item["copies"]])
    return {"messages": {sid: {
        "steps": _steps_json(item["message"], evidence.steps_report(item["steps"], now), now),
        "inbox": [copy_json(c, extras.get(c["message_sid"], {})) for c in item["copies"]],
        "webhooks": [_webhook_json(w) for w in item["webhooks"]],
        "verification": item["verification"],
    } for sid, item in found.items()}}


def _webhook_json(row: dict) -> dict:
    row["due"] = iso8601(row.pop("due_at"))
    row.pop("created_at")
    for attempt in row["attempts"]:
        attempt["time"] = iso8601(attempt.pop("at"))
    return row


@bp.get("/webhooks")
def webhook_list():
    rows = webhooks.listing(current_store(), account_sid=request.args.get("account"),
                            message_sid=request.args.get("message"), limit=limit_param())
    return {"webhooks": [_webhook_json(row) for row in rows]}
