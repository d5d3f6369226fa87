"""What the dashboard's script asks for: live fragments, the test-message form, diagnose,
and scenario runs. Changes to handsets, faults and the clock go to /_sim directly."""

from __future__ import annotations

import json
import threading

from flask import current_app, render_template, request
from smsim.domain.errors import TwilioError, title
from smsim.engine import accounts, messages
from smsim.web.ui.blueprint import bp
from smsim.web.ui.pages import log_rows, store


@bp.get("/ui/fragment/log")
def log_fragment():
    rows, older = log_rows(request.args)
    return render_template("_rows.html", rows=rows)


@bp.get("/ui/api/messages/<sid>")
def message_state(sid):
    row = store().get("messages", sid=sid)
    if row is None:
        return {"error": f"message {sid} does not exist"}, 404
    return {"sid": sid, "status": row["status"], "error_code": row["error_code"],
            "error_title": title(row["error_code"]) if row["error_code"] else None}


@bp.post("/ui/api/send")
def send():
    """The guide's API Explorer step: one message from one of our numbers, as its account."""
    data = request.get_json(silent=True) or {}
    number = store().get("numbers", phone_number=data.get("from") or "")
    if number is None:
        return {"error": "from: choose one of the simulator's numbers"}, 400
    req = messages.CreateRequest(to=data.get("to") or None, from_=number["phone_number"],
                                 messaging_service_sid=None, body=data.get("body") or None)
    try:
        row = messages.create(store(), number["account_sid"], req)
    except TwilioError as exc:
        return {"code": exc.code, "message": exc.message, "status": exc.status}, exc.status
    return {"sid": row["sid"], "status": row["status"]}, 201


@bp.get("/ui/api/diagnose/<sid>")
def diagnose_message(sid):
    """``smsim diagnose --message SID``'s finding, computed over HTTP against this server
    (the diagnostic never reads the store)."""
    from smsim.clients.sdk import client_for
    from smsim.clients.sim_client import SimClient
    from smsim.domain.diagnosis import evidence, report, tree

    row = store().get("messages", sid=sid)
    if row is None:
        return {"error": f"message {sid} does not exist"}, 404
    account = accounts.get(store(), row["account_sid"])
    if account is None:
        return {"error": "messages of test credentials cannot be read through the API"}, 400
    url = current_app.config["SMSIM"].public_url
    client = client_for(url, account["sid"], account["auth_token"])
    ev = evidence.gather(client, SimClient(url), evidence.Scope(message_sid=sid))
    lang = request.args.get("lang", "en")
    return report.as_json(ev, tree.diagnose(ev), "ja" if lang == "ja" else "en")


@bp.post("/ui/api/scenarios/<name>/run")
def run_scenario(name):
    """Start a scenario (it resets the world) and let the trainer watch it in the log."""
    from smsim.clients.scenarios import loader, runner
    from smsim.clients.sim_client import SimClient

    paths = loader.discover(loader.default_dir())
    if name not in paths:
        return {"error": f"no scenario named {name!r}"}, 404
    scenario = loader.load(paths[name])
    url = current_app.config["SMSIM"].public_url
    db = store()

    def play():
        try:
            result = runner.run(SimClient(url), scenario).as_json()
        except Exception as exc:  # reported to the page, not lost in a thread
            result = {"scenario": name, "error": str(exc)}
        db.meta_set("scenario_run", json.dumps(result))

    db.meta_set("scenario_run", json.dumps({"scenario": name, "running": True}))
    threading.Thread(target=play, name=f"scenario-{name}", daemon=True).start()
    return {"scenario": name, "running": True}, 202


@bp.get("/ui/api/scenarios/last")
def last_scenario():
    raw = store().meta_get("scenario_run")
    return json.loads(raw) if raw else {}
