"""What the Scenarios page draws beyond the scenario files: each symptom id's title in the
page's language (the catalogue of the guide), shown beside the id (the id itself is data)."""

from __future__ import annotations

from flask import g
from smsim.domain.diagnosis.symptoms import CATALOGUE
from smsim.web.ui.blueprint import bp


@bp.app_template_global()
def symptom_title(symptom_id: str) -> str:
    symptom = CATALOGUE.get(symptom_id)
    return symptom.title[g.get("lang", "en")] if symptom else ""


@bp.app_template_global()
def symptom_titles() -> dict[str, str]:
    """Every symptom id's title in the page's language: the page's script names the symptoms
    a run detected with them."""
    lang = g.get("lang", "en")
    return {symptom_id: symptom.title[lang] for symptom_id, symptom in CATALOGUE.items()}
