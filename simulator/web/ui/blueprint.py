"""The dashboard's blueprint and the language every page is drawn in."""

from __future__ import annotations

from flask import Blueprint, g, request
from smsim.web.ui.labels import LABELS, pick_language

bp = Blueprint("ui", __name__, template_folder="templates", static_folder="static",
               static_url_path="/ui/static")


@bp.before_request
def _language():
    g.lang = pick_language(request.args.get("lang"), request.headers.get("Accept-Language"))
    g.t = LABELS[g.lang]


@bp.app_template_global()
def other_language_url() -> str:
    args = {**request.args, "lang": "en" if g.get("lang") == "ja" else "ja"}
    from urllib.parse import urlencode

    return f"{request.path}?{urlencode(args)}"


@bp.app_template_global()
def lang_query() -> str:
    return "?lang=ja" if g.get("lang") == "ja" else ""

