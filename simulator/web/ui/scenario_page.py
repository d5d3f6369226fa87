"""What the Scenarios page draws beyond the scenario files: each symptom id's title in the
page's language (the catalogue of the guide), shown when a reader points at the id."""

from __future__ import annotations

from flask import g
from smsim.domain.diagnosis.symptoms import CATALOGUE
from smsim.web.ui.blueprint import bp


@bp.app_template_global()
def symptom_title(symptom_id: str) -> str:
    symptom = CATALOGUE.get(symptom_id)
    return symptom.title[g.get("lang", "en")] if symptom else ""
