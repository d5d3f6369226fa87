"""Verifications as the simulator saw them: status, code, and the SMS that carried each send
(what Twilio's Console would not show a developer: evidence)."""

from __future__ import annotations

from flask import request
from smsim.domain.clock import iso8601
from smsim.engine import verify
from smsim.web.control.params import limit_param
from smsim.web.control.plane import bp, current_store


@bp.get("/verifications")
def verifications():
    """``to``: only those to this number; ``message``: the one whose code that SMS carried.
    ``messages`` lists each SMS with its current status."""
    store = current_store()
    rows = verify.listing(store, limit_param(200), to=request.args.get("to"),
                          message_sid=request.args.get("message"))
    return {"verifications": [{
        "sid": v["sid"], "service_sid": v["service_sid"], "account_sid": v["account_sid"],
        "to": v["to_addr"], "channel": v["channel"], "status": v["status"], "code": v["code"],
        "wrong_checks": v["checks"], "date_created": iso8601(v["date_created"]),
        "message_sids": [a["message_sid"] for a in v["attempts"] if a["message_sid"]],
        "messages": [{"sid": a["message_sid"], "status": a["message_status"]}
                     for a in v["attempts"] if a["message_sid"]],
        "send_code_attempts": [{"attempt_sid": a["sid"], "time": iso8601(a["at"]),
                                "channel": a["channel"], "message_sid": a["message_sid"]}
                               for a in v["attempts"]],
    } for v in rows]}
