"""Fault rules, their log and the presets."""

from __future__ import annotations

from flask import request
from smsim.domain.fault_rules import RuleError, parse_rule
from smsim.domain.presets import PRESETS, rules_for
from smsim.engine import fault_rules
from smsim.web.control.params import json_body, limit_param
from smsim.web.control.plane import ControlError, bp, current_store


@bp.errorhandler(RuleError)
def _rule_error(exc: RuleError):
    return {"error": str(exc), "status": 400}, 400


@bp.route("/faults", methods=["GET", "POST", "DELETE"])
def faults_collection():
    store = current_store()
    if request.method == "POST":
        return fault_rules.add(store, json_body()), 201
    if request.method == "DELETE":
        return {"deleted": fault_rules.clear(store)}
    return {"faults": fault_rules.listing(store)}


def _rule_id(raw: str) -> int:
    if not raw.isdigit() or len(raw) > 12:
        raise ControlError(f"fault rule id must be a number, got {raw!r}", 404)
    return int(raw)


@bp.route("/faults/<raw>", methods=["GET", "DELETE"])
def fault(raw):
    store = current_store()
    rule_id = _rule_id(raw)
    rule = fault_rules.get(store, rule_id)
    if rule is None:
        raise ControlError(f"fault rule {rule_id} does not exist", 404)
    if request.method == "DELETE":
        fault_rules.remove(store, rule_id)
        return "", 204
    return rule


@bp.get("/faults/log")
def fault_log():
    fired = request.args.get("fired")
    if fired not in (None, "true", "false"):
        raise ControlError("fired must be true or false")
    rule = request.args.get("rule")
    return {"log": fault_rules.log(current_store(), message_sid=request.args.get("message"),
                                   rule_id=_rule_id(rule) if rule else None,
                                   fired=None if fired is None else fired == "true",
                                   limit=limit_param())}


@bp.get("/faults/presets")
def preset_list():
    return {"presets": [{"name": p.name, "symptom": p.symptom, "guide_section": p.section,
                         "description": p.description, "rules": list(p.rules)}
                        for p in PRESETS.values()]}


@bp.post("/faults/presets/<name>")
def load_preset(name):
    if name not in PRESETS:
        raise ControlError(f"no preset named {name!r} (GET /_sim/faults/presets lists them)",
                           404)
    body = json_body()
    unknown = set(body) - {"match"}
    if unknown:
        raise ControlError(f"unknown field(s): {', '.join(sorted(unknown))}")
    rules = rules_for(name, body.get("match"))
    for rule in rules:  # all or nothing: validate every rule before adding any
        parse_rule(rule)
    store = current_store()
    return {"preset": name, "faults": [fault_rules.add(store, rule) for rule in rules]}, 201
