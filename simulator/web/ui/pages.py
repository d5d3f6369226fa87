"""The dashboard's pages: the message log, a message, the scenarios. The handsets, numbers,
faults and send pages have modules of their own (handsets_page.py, numbers_page.py,
faults_page.py, send_form.py), and so has the request log (requests_page.py)."""

from __future__ import annotations

from urllib.parse import urlencode

from flask import abort, render_template, request
from smsim.domain import scenarios as scenario_files
from smsim.domain.clock import iso8601
from smsim.domain.errors import title
from smsim.domain.phone import channel_of
from smsim.engine import (
    accounts,
    fault_rules,
    log_symptoms,
    webhooks,
)
from smsim.engine.log_symptoms import GUIDE_IN_LOG, NOT_IN_LOG, WHATSAPP_IN_LOG
from smsim.web import world_context
from smsim.web.api import serialize
from smsim.web.ui.blueprint import bp
from smsim.web.ui.message_view import story, summary_html, timeline_html

PAGE = 50
STATUSES = ("accepted", "queued", "sending", "sent", "delivered", "undelivered", "failed",
            "received", "read", "canceled")


def store():
    return world_context.current_store()


def log_rows(args) -> tuple[list[dict], int | None]:
    """One page of the log, newest first; keyset paging on seq so deep pages stay fast."""
    before = args.get("before", "")
    status = args.get("status")
    rows = log_symptoms.log_page(store(), account=args.get("account") or None,
                                 number=args.get("number") or None,
                                 status=status if status in STATUSES else None,
                                 symptom=args.get("symptom"),
                                 before=int(before) if before.isdigit() else None,
                                 limit=PAGE + 1)
    older = rows[PAGE - 1]["seq"] if len(rows) > PAGE else None
    return [row_view(r) for r in rows[:PAGE]], older


def row_view(row: dict) -> dict:
    return {"sid": row["sid"], "seq": row["seq"], "status": row["status"],
            "direction": row["direction"], "from": row["from_addr"], "to": row["to_addr"],
            "body": row["body"][:60], "error_code": row["error_code"],
            "error_title": title(row["error_code"]) if row["error_code"] else "",
            "created": iso8601(row["date_created"])[:19].replace("T", " "),
            "account": row["account_sid"],
            # A WhatsApp message keeps whatsapp: in its addresses (docs/whatsapp.md).
            "channel": channel_of(row["to_addr"] or row["from_addr"])}


@bp.get("/")
def log():
    rows, older = log_rows(request.args)
    known = accounts.listing(store())
    kept = [(k, v) for k, v in request.args.items() if k != "before"]
    newest_url = "?" + urlencode(kept) if "before" in request.args else None
    older_url = "?" + urlencode([*kept, ("before", older)]) if older else None
    return render_template("log.html", rows=rows, newest_url=newest_url, older_url=older_url,
                           args=request.args, statuses=STATUSES, symptoms=GUIDE_IN_LOG,
                           whatsapp_symptoms=WHATSAPP_IN_LOG,
                           symptoms_elsewhere=NOT_IN_LOG, accounts=known)


@bp.get("/messages/<sid>")
def message(sid):
    told = story(sid)
    if told is None:
        abort(404)
    hooks = webhooks.listing(store(), message_sid=sid)
    for hook in hooks:
        hook["due"] = iso8601(hook["due_at"])
    return render_template(
        "message.html", message=serialize.message(told["message"]), told=told,
        summary=summary_html(told), timeline=timeline_html(told, None, "page"), hooks=hooks,
        faults=fault_rules.log(store(), message_sid=sid, fired=True))


@bp.get("/scenarios")
def scenarios_page():
    try:
        scenarios = [scenario_files.load(p)
                     for p in scenario_files.discover(scenario_files.default_dir()).values()]
    except scenario_files.ScenarioError as exc:
        scenarios, error = [], str(exc)
    else:
        error = None
    return render_template("scenarios.html", scenarios=scenarios, error=error)
