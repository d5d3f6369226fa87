"""What the dashboard's script asks for: live fragments, diagnose and scenario runs (the
test-message form is send_form.py). Changes to handsets, faults and the clock go to /_sim
directly."""

from __future__ import annotations

import json

from flask import current_app, g, render_template, request
from smsim.domain import scenarios as scenario_files
from smsim.domain.errors import title
from smsim.engine import accounts
from smsim.engine.worlds import WorldError
from smsim.web import settings, world_context
from smsim.web.ui import scenario_page, scenario_runs  # noqa: F401  (page's template global)
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
    """Start a scenario in a new world of its own, named after the scenario's title (the
    world POST /_sim/accounts makes): the run resets and moves that world only, never the one
    the page shows. The page links the run's world at once, to watch it and look afterwards;
    the world the page shows keeps a note of each scenario's last run."""
    directory = scenario_files.default_dir()
    try:
        paths = scenario_files.discover(directory)
        if name not in paths:
            return {"error": f"no scenario named {name!r}"}, 404
        scenario = scenario_files.load(paths[name])  # a broken file is refused before a run
    except scenario_files.ScenarioError as exc:
        return {"error": str(exc)}, 400
    config = current_app.config["SMSIM"]
    registry = world_context.worlds()
    _, account = registry.create(scenario.title_in(g.lang), mode=config.clock,
                                 speed=config.speed,
                                 public_url=config.public_url,
                                 webhook_timeout=config.webhook_timeout)
    run_world = account["sid"]
    page_world = store()
    key = scenario_runs.note_key(name)
    record = {"scenario": name, "world": run_world, "running": True}
    page_world.meta_set(key, json.dumps(record))
    # The run reaches this server on loopback when it can (no credentials asked); bound to
    # one other address, it carries the default world's default account's credentials, the
    # only ones the control plane takes from a remote client (web/access.py).
    default = accounts.default(registry.default)
    credentials = (default["sid"], default["auth_token"]) if default else None
    scenario_runs.start(
        name, directory, settings.local_url(config), run_world,
        lambda result: page_world.meta_set(key, json.dumps(
            {**result, "world": run_world, "running": False})), credentials)
    return {**record, "world_exists": True}, 202


@bp.get("/ui/api/scenarios/last")
def last_scenario():
    """The last run of each scenario started from this world's page (``?scenario=NAME``:
    that one's alone, {} if none): running or its result, its world, and whether that world
    still exists (a deleted world has no link)."""
    db = store()
    try:
        names = [request.args["scenario"]] if request.args.get("scenario") else \
            list(scenario_files.discover(scenario_files.default_dir()))
    except scenario_files.ScenarioError as exc:
        return {"error": str(exc)}, 400
    runs = {}
    for name in names:
        raw = db.meta_get(scenario_runs.note_key(name))
        if raw:
            record = json.loads(raw)
            record["world_exists"] = _world_exists(record.get("world"))
            runs[name] = record
    if request.args.get("scenario"):
        return runs.get(request.args["scenario"], {})
    return {"runs": runs}


def _world_exists(sid: str | None) -> bool:
    if not sid:
        return False
    try:
        world_context.worlds().named(sid)
    except WorldError:
        return False
    return True
