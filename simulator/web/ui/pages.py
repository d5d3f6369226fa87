"""The dashboard's pages."""

from __future__ import annotations

import json
from urllib.parse import urlencode

from flask import abort, render_template, request
from smsim.domain import scenarios as scenario_files
from smsim.domain.clock import iso8601
from smsim.domain.errors import title
from smsim.domain.phone import parse_number
from smsim.domain.presets import PRESETS
from smsim.domain.sender_queue import default_rate
from smsim.engine import (
    accounts,
    fault_rules,
    handsets,
    inbound,
    messages,
    numbers,
    opt_outs,
    services,
    webhooks,
)
from smsim.engine.log_symptoms import NOT_IN_LOG
from smsim.engine.messages import LOG_SYMPTOMS as SYMPTOMS
from smsim.web import world_context
from smsim.web.api import serialize
from smsim.web.ui.blueprint import bp
from smsim.web.ui.message_view import story, summary_html, timeline_html

PAGE = 50
STATUSES = ("accepted", "queued", "sending", "sent", "delivered", "undelivered", "failed",
            "received", "canceled")


def store():
    return world_context.current_store()


def log_rows(args) -> tuple[list[dict], int | None]:
    """One page of the log, newest first; keyset paging on seq so deep pages stay fast."""
    before = args.get("before", "")
    status = args.get("status")
    rows = messages.log_page(store(), account=args.get("account") or None,
                            number=args.get("number") or None,
                            status=status if status in STATUSES else None,
                            symptom=args.get("symptom"),
                            before=int(before) if before.isdigit() else None, limit=PAGE + 1)
    older = rows[PAGE - 1]["seq"] if len(rows) > PAGE else None
    return [row_view(r) for r in rows[:PAGE]], older


def row_view(row: dict) -> dict:
    return {"sid": row["sid"], "seq": row["seq"], "status": row["status"],
            "direction": row["direction"], "from": row["from_addr"], "to": row["to_addr"],
            "body": row["body"][:60], "error_code": row["error_code"],
            "error_title": title(row["error_code"]) if row["error_code"] else "",
            "created": iso8601(row["date_created"])[:19].replace("T", " "),
            "account": row["account_sid"]}


@bp.get("/")
def log():
    rows, older = log_rows(request.args)
    known = accounts.listing(store())
    kept = [(k, v) for k, v in request.args.items() if k != "before"]
    newest_url = "?" + urlencode(kept) if "before" in request.args else None
    older_url = "?" + urlencode([*kept, ("before", older)]) if older else None
    return render_template("log.html", rows=rows, newest_url=newest_url, older_url=older_url,
                           args=request.args, statuses=STATUSES, symptoms=SYMPTOMS,
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


def handset_numbers() -> list[str]:
    """Registered handsets, then the most recent other parties of our messages."""
    shown = [h.number for h in handsets.registered(store())]
    ours = {n["phone_number"] for n in numbers.listing(store())}
    for parties in messages.recent_parties(store(), 200):
        for party in parties:
            if party and party not in ours and party not in shown:
                shown.append(party)
    return shown[:24]


@bp.get("/handsets")
def handset_page():
    cards = []
    for number in handset_numbers():
        state = handsets.get(store(), number)
        inbox_rows = handsets.latest_inbox(store(), number, 8)
        cards.append({"state": state.as_json(), "inbox": inbox_rows,
                      "outbox": inbound.outbox(store(), number)[-6:][::-1]})
    ours = numbers.listing(store())
    return render_template("handsets.html", cards=cards, ours=ours,
                           iso=lambda t: iso8601(t)[11:19])


@bp.get("/numbers")
def numbers_page():
    now = store().now()
    rows = []
    for number in numbers.by_account(store()):
        queue = store().get("sender_queues", account_sid=number["account_sid"],
                            sender=number["phone_number"])
        rows.append({**number, "queue_seconds": max(0.0, queue["free_at"] - now) if queue
                     else 0.0, "rate": number["send_rate"] or default_rate(
                         parse_number(number["phone_number"])),
                     "service": services.service_of_number(store(), number["sid"])})
    return render_template("numbers.html", numbers=rows,
                           opt_outs=opt_outs.listing(store()),
                           services=[services.get(store(), s["sid"])
                                     for s in services.listing(store())],
                           iso=iso8601)


@bp.get("/faults")
def faults_page():
    return render_template("faults.html", rules=fault_rules.listing(store()),
                           presets=PRESETS.values(), clock=store().clock_state(),
                           now=iso8601(store().now()), dumps=json.dumps)


@bp.get("/send")
def send_page():
    ours = numbers.listing(store(), sms_only=True)
    return render_template("send.html", ours=ours)


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
