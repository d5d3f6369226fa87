"""Per-message evidence: delivery steps and webhook attempts."""

from __future__ import annotations

from flask import request
from smsim.domain.clock import iso8601, rfc2822
from smsim.engine import delivery, fault_rules, messages, webhooks
from smsim.web.control.params import limit_param
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
    created = message["date_created"]
    report["steps"] = [{
        "time": iso8601(s["at"]), "date": rfc2822(s["at"]), "offset_seconds":
        round(s["at"] - created, 3), "kind": s["kind"], "status": s["status"],
        "reason": s["reason"], "error_code": s["error_code"], "copy": s["copy"],
        "shown": bool(s["shown"]), "revealed": s["at"] <= now,
    } for s in report["steps"]]
    return {"message_sid": sid, "status": message["status"], "from": message["from_addr"],
            "to": message["to_addr"], "created": iso8601(created), **report,
            "fault_rules": fault_rules.log(store, message_sid=sid, fired=True)}


@bp.get("/webhooks")
def webhook_list():
    rows = webhooks.listing(current_store(), account_sid=request.args.get("account"),
                            message_sid=request.args.get("message"), limit=limit_param())
    for row in rows:
        row["due"] = iso8601(row.pop("due_at"))
        row.pop("created_at")
        for attempt in row["attempts"]:
            attempt["time"] = iso8601(attempt.pop("at"))
    return {"webhooks": rows}
