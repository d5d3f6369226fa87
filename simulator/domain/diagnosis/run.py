"""The one diagnosis: gather the evidence from a source, walk the guide's decision tree,
report. The CLI, the scenario runner, the pytest plugin and the dashboard all call this."""

from __future__ import annotations

from smsim.domain.diagnosis import evidence, report, tree


def diagnose(source: evidence.Source, scope: evidence.Scope, lang: str = "en") -> dict:
    """The report's JSON: ``{"symptoms": [...], "checks_skipped": [...]}``."""
    ev = evidence.gather(source, scope)
    return report.as_json(ev, tree.diagnose(ev), lang)
