"""The faults & clock page: the clock's state and actions, the active fault rules each read
as a sentence (what it matches, what it does, how often it fired), and the presets, each
saying whether it is on; a preset is switched on from the page's script through
``POST /_sim/faults/presets/{name}``, narrowed to a From and a To when they are given, as
``smsim faults preset NAME --from … --to …`` does."""

from __future__ import annotations

from flask import g, render_template
from smsim.domain.clock import iso8601
from smsim.domain.presets import PRESETS
from smsim.engine import fault_rules
from smsim.web.ui import describe
from smsim.web.ui.blueprint import bp
from smsim.web.ui.pages import store


def preset_of(rule: dict) -> str | None:
    """The preset a rule came from: ``rules_for`` names each ``"{preset}: {rule name}"``."""
    prefix = rule["name"].split(": ", 1)[0]
    return prefix if ": " in rule["name"] and prefix in PRESETS else None


@bp.get("/faults")
def faults_page():
    rules = fault_rules.listing(store())
    loaded: dict[str, list[int]] = {}
    for rule in rules:
        rule["sentence"] = describe.rule_sentence(rule, g.t)
        name = preset_of(rule)
        if name:
            loaded.setdefault(name, []).append(rule["id"])
    presets = [{"name": p.name, "symptom": p.symptom, "section": p.section,
                "title": p.title_in(g.lang), "description": p.description_in(g.lang),
                "rule_ids": loaded.get(p.name, [])} for p in PRESETS.values()]
    clock = store().clock_state()
    return render_template("faults.html", rules=rules, presets=presets, clock=clock,
                           clock_state=describe.clock_sentence(clock, g.t),
                           now=iso8601(store().now())[:19].replace("T", " ") + " UTC")
