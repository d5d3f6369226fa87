"""What the dashboard's script asks for: live fragments, diagnose and scenario runs (the
test-message form is send_form.py). Changes to handsets, faults and the clock go to /_sim
directly."""

from __future__ import annotations

import json

from flask import current_app, render_template, request
from smsim.domain import scenarios as scenario_files
from smsim.domain.errors import title
from smsim.engine import accounts
from smsim.web import settings
from smsim.web.ui import scenario_runs
from smsim.web.ui.blueprint import bp, current_world
from smsim.web.ui.diagnosis import diagnose_message as diagnose_in_process
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


@bp.get("/ui/api/diagnose/<sid>")
def diagnose_message(sid):
    """``smsim diagnose --message SID``'s finding, computed over this server's own API and
    control plane, in process (the diagnostic never reads the store)."""
    row = store().get("messages", sid=sid)
    if row is None:
        return {"error": f"message {sid} does not exist"}, 404
    account = accounts.get(store(), row["account_sid"])
    if account is None:
        return {"error": "messages of test credentials cannot be read through the API"}, 400
    lang = request.args.get("lang", "en")
    return diagnose_in_process(current_app._get_current_object(),
                               current_app.config["SMSIM"].public_url, account, sid,
                               "ja" if lang == "ja" else "en", world=current_world())


@bp.post("/ui/api/scenarios/<name>/run")
def run_scenario(name):
    """Start a scenario in the world the page shows (it resets that world) and let the
    trainer watch it in the log."""
    directory = scenario_files.default_dir()
    paths = scenario_files.discover(directory)
    if name not in paths:
        return {"error": f"no scenario named {name!r}"}, 404
    scenario_files.load(paths[name])  # a broken file is refused here, as before a run
    db = store()
    # The run names the world by its account (the default world's own default account).
    default = accounts.default(db)
    account_sid = current_world() or (default["sid"] if default else None)
    db.meta_set("scenario_run", json.dumps({"scenario": name, "running": True}))
    # The run reaches this server on loopback when it can (no credentials asked); bound to
    # one other address, it carries the default account's credentials (web/access.py).
    config = current_app.config["SMSIM"]
    credentials = (default["sid"], default["auth_token"]) if default else None
    scenario_runs.start(name, directory, settings.local_url(config), account_sid,
                        lambda result: db.meta_set("scenario_run", json.dumps(result)),
                        credentials)
    return {"scenario": name, "running": True}, 202


@bp.get("/ui/api/scenarios/last")
def last_scenario():
    raw = store().meta_get("scenario_run")
    return json.loads(raw) if raw else {}
