"""The dashboard's pages."""

from __future__ import annotations

import json
from urllib.parse import urlencode

from flask import abort, current_app, g, render_template, request
from smsim.domain.clock import iso8601
from smsim.domain.diagnosis.symptoms import ASYNC_CODES
from smsim.domain.errors import title
from smsim.domain.phone import parse_number
from smsim.domain.presets import PRESETS
from smsim.domain.sender_queue import default_rate
from smsim.engine import delivery, fault_rules, handsets, inbound, opt_outs, services, webhooks
from smsim.web.api import serialize
from smsim.web.ui.blueprint import bp
from smsim.web.ui.timeline import svg

PAGE = 50
STATUSES = ("accepted", "queued", "sending", "sent", "delivered", "undelivered", "failed",
            "received", "canceled")
SYMPTOMS = ("delivery-failed", "handset-unreachable", "carrier-filtered-sender",
            "test-credentials")


def store():
    return current_app.config["STORE"]


def log_query(args) -> tuple[str, list]:
    """The log's filters as SQL over the messages table (indexed columns first)."""
    where, params = ["1"], []
    if args.get("account"):
        where.append("account_sid = ?")
        params.append(args["account"])
    if args.get("number"):
        where.append("(to_addr = ? OR from_addr = ?)")
        params += [args["number"], args["number"]]
    if args.get("status") in STATUSES:
        where.append("status = ?")
        params.append(args["status"])
    symptom = args.get("symptom")
    if symptom == "test-credentials":
        where.append("account_sid IN (SELECT sid FROM accounts WHERE kind = 'test')")
    elif symptom in SYMPTOMS:
        codes = [c for c, s in ASYNC_CODES.items() if s == symptom]
        if symptom == "delivery-failed":
            where.append("status IN ('failed', 'undelivered') AND (error_code IS NULL OR "
                         f"error_code NOT IN ({','.join('?' * len(ASYNC_CODES))}))")
            params += list(ASYNC_CODES)
        else:
            where.append(f"error_code IN ({','.join('?' * len(codes))})")
            params += codes
    return " AND ".join(where), params


def log_rows(args) -> tuple[list[dict], int | None]:
    """One page of the log, newest first; keyset paging on seq so deep pages stay fast."""
    where, params = log_query(args)
    before = args.get("before", "")
    if before.isdigit():
        where += " AND seq < ?"
        params.append(int(before))
    rows = store().select("messages", where, params, order="seq DESC", limit=PAGE + 1)
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
    accounts = store().select("accounts", order="kind, date_created")
    kept = [(k, v) for k, v in request.args.items() if k != "before"]
    newest_url = "?" + urlencode(kept) if "before" in request.args else None
    older_url = "?" + urlencode([*kept, ("before", older)]) if older else None
    return render_template("log.html", rows=rows, newest_url=newest_url, older_url=older_url,
                           args=request.args, statuses=STATUSES, symptoms=SYMPTOMS,
                           accounts=accounts)


@bp.get("/messages/<sid>")
def message(sid):
    row = store().get("messages", sid=sid)
    if row is None:
        abort(404)
    now = store().now()
    report = delivery.delivery_steps(store(), sid, now)
    created = row["date_created"]
    steps = [{"offset_seconds": round(s["at"] - created, 3), "kind": s["kind"],
              "status": s["status"], "reason": s["reason"], "copy": s["copy"],
              "time": iso8601(s["at"]), "error_code": s["error_code"]}
             for s in report["steps"]]
    hooks = webhooks.listing(store(), message_sid=sid)
    for hook in hooks:
        hook["due"] = iso8601(hook["due_at"])
    return render_template(
        "message.html", message=serialize.message(row), steps=steps, report=report,
        timeline=svg(steps, g.t["delayed"]), hooks=hooks,
        faults=fault_rules.log(store(), message_sid=sid, fired=True))


def handset_numbers() -> list[str]:
    """Registered handsets, then the most recent other parties of our messages."""
    numbers = [h.number for h in handsets.registered(store())]
    ours = {n["phone_number"] for n in store().select("numbers")}
    for row in store().db.conn.execute(
            "SELECT to_addr, from_addr FROM messages ORDER BY seq DESC LIMIT 200"):
        for party in row:
            if party and party not in ours and party not in numbers:
                numbers.append(party)
    return numbers[:24]


@bp.get("/handsets")
def handset_page():
    cards = []
    for number in handset_numbers():
        state = handsets.get(store(), number)
        inbox_rows = store().select("inbox", "number = ?", [number], order="id DESC", limit=8)
        cards.append({"state": state.as_json(), "inbox": inbox_rows,
                      "outbox": inbound.outbox(store(), number)[-6:][::-1]})
    ours = store().select("numbers", order="phone_number")
    return render_template("handsets.html", cards=cards, ours=ours,
                           iso=lambda t: iso8601(t)[11:19])


@bp.get("/numbers")
def numbers_page():
    now = store().now()
    rows = []
    for number in store().select("numbers", order="account_sid, phone_number"):
        queue = store().get("sender_queues", account_sid=number["account_sid"],
                            sender=number["phone_number"])
        rows.append({**number, "queue_seconds": max(0.0, queue["free_at"] - now) if queue
                     else 0.0, "rate": number["send_rate"] or default_rate(
                         parse_number(number["phone_number"])),
                     "service": services.service_of_number(store(), number["sid"])})
    return render_template("numbers.html", numbers=rows,
                           opt_outs=opt_outs.listing(store()),
                           services=[services.get(store(), s["sid"])
                                     for s in store().select("services")],
                           iso=iso8601)


@bp.get("/faults")
def faults_page():
    return render_template("faults.html", rules=fault_rules.listing(store()),
                           presets=PRESETS.values(), clock=store().clock_state(),
                           now=iso8601(store().now()), dumps=json.dumps)


@bp.get("/send")
def send_page():
    ours = store().select("numbers", "cap_sms = 1", order="phone_number")
    return render_template("send.html", ours=ours)


@bp.get("/scenarios")
def scenarios_page():
    from smsim.clients.scenarios.loader import ScenarioError, default_dir, discover, load

    try:
        scenarios = [load(p) for p in discover(default_dir()).values()]
    except ScenarioError as exc:
        scenarios, error = [], str(exc)
    else:
        error = None
    return render_template("scenarios.html", scenarios=scenarios, error=error)
