"""The dashboard's blueprint, the language every page is drawn in, and the world it shows.

A page shows one world at a time: the one ``world_context.resolve`` found for the request
(``?world=AC…`` or the header ``X-Smsim-Account``), the default world without either. Every
link and form of a page carries the choice on (``ui_url``, ``carried_fields``), and the
page's script sends it as the header on every request it makes (``data-world``).
"""

from __future__ import annotations

from urllib.parse import urlencode

from flask import Blueprint, g, make_response, render_template, request, url_for
from smsim.engine import accounts
from smsim.web import quiz_access, world_context
from smsim.web.ui import step_labels
from smsim.web.ui.labels import LABELS, pick_language

bp = Blueprint("ui", __name__, template_folder="templates", static_folder="static",
               static_url_path="/ui/static")

# Endpoints that answer the page's script (JSON or an HTML fragment), not a browser's visit.
SCRIPT_ENDPOINTS = ("ui.log_fragment", "ui.message_state", "ui.send", "ui.diagnose_message",
                    "ui.run_scenario", "ui.last_scenario", "ui.static", "ui.send_states",
                    "ui.timeline_fragment")


# The navigation bar: (endpoint, label key), in order. A feature adds its page here.
NAV = [
    ("ui.log", "log"),
    ("ui.requests_page", "requests"),
    ("ui.send_page", "send"),
    ("ui.handset_page", "handsets"),
    ("ui.numbers_page", "numbers"),
    ("ui.verifications_page", "verifications"),
    ("ui.faults_page", "faults"),
    ("ui.scenarios_page", "scenarios"),
    ("ui.lessons_page", "lessons"),
    ("ui.quiz_page", "quiz"),
    ("ui.present", "present"),
]


@bp.app_template_global()
def nav_entries() -> list[tuple[str, str]]:
    return NAV


@bp.before_request
def _language():
    g.lang = pick_language(request.args.get("lang"), request.headers.get("Accept-Language"))
    g.t = LABELS[g.lang]
    # The world's own SID (None: the default world), whichever of its SIDs named it.
    g.ui_world = world_context.worlds().sid_of(world_context.current_store())


def current_world() -> str | None:
    return g.get("ui_world")


@bp.app_template_global()
def other_language_url() -> str:
    args = {**request.args, "lang": "en" if g.get("lang") == "ja" else "ja"}
    return f"{request.path}?{urlencode(args)}"


@bp.app_template_global()
def carried() -> dict:
    """The query parameters every dashboard link keeps: the language and the world."""
    kept = {}
    if g.get("lang") == "ja":
        kept["lang"] = "ja"
    if current_world():
        kept["world"] = current_world()
    return kept


@bp.app_template_global()
def ui_url(endpoint: str, **values) -> str:
    """``url_for`` with the language and the world carried on."""
    return url_for(endpoint, **{**carried(), **values})


@bp.app_template_global()
def world_choices() -> list[dict]:
    """The selector's options: the default world, then each account's world, labelled with
    the account's friendly name and SID."""
    choices = []
    for sid, handle in world_context.worlds().all():
        if not quiz_access.lists_world(sid):
            continue  # a quiz trainee over the network sees their own world only
        account = accounts.get(handle, sid) if sid else accounts.default(handle)
        name = account["friendly_name"] if account else ""
        if sid is None:
            label = g.t["default_world"] + (f": {name} ({account['sid']})" if account else "")
        else:
            label = f"{name} ({sid})" if name else sid
        choices.append({"value": sid or "", "label": label,
                        "selected": (sid or None) == current_world()})
    return choices


@bp.app_template_global()
def world_selector_action() -> str:
    """Where choosing a world leads: the same page, but a message's page shows the log (the
    message is not in the other world)."""
    return url_for("ui.log") if request.endpoint == "ui.message" else request.path


@bp.after_app_request
def _unknown_world_page(response):
    """``world_context.resolve`` refuses a world no account names (404) before any page
    runs; a browser's visit gets a page saying so, not the control plane's JSON."""
    endpoint = request.endpoint or ""
    if (response.status_code == 404 and endpoint.startswith("ui.")
            and endpoint not in SCRIPT_ENDPOINTS and "store" not in g):
        g.lang = pick_language(request.args.get("lang"),
                               request.headers.get("Accept-Language"))
        g.t = LABELS[g.lang]
        g.ui_world = None
        named = request.headers.get(world_context.HEADER) or request.args.get("world", "")
        return make_response(error_page(g.t["unknown_world"].format(sid=named.strip()), 404,
                                        url_for("ui.log", **carried()),
                                        g.t["open_default_world"]))
    return response


def error_page(message: str, status: int, back_url: str, back_label: str):
    return render_template("error.html", message=message, back_url=back_url,
                           back_label=back_label), status


@bp.errorhandler(404)
def _not_found(exc):
    """A page of the dashboard that is not there (a message of another world) says so."""
    if request.endpoint in SCRIPT_ENDPOINTS:
        return {"error": exc.description, "status": 404}, 404
    return error_page(g.t["not_found"], 404, ui_url("ui.log"), g.t["log"])


# Twilio's own values shown in the page's language (labels/vocabulary.toml); the API and the
# control plane keep Twilio's English. An unknown value is shown as it is.
@bp.app_template_global()
def status_label(status: str | None) -> str:
    return g.t.get(f"status_{status}", status or "")


@bp.app_template_global()
def status_labels() -> dict[str, str]:
    """Every status in the page's language, for a page's script (a JSON block of labels)."""
    return {key.removeprefix("status_"): text for key, text in g.t.items()
            if key.startswith("status_")}


@bp.app_template_global()
def direction_label(direction: str | None) -> str:
    return g.t.get(f"direction_{(direction or '').replace('-', '_')}", direction or "")


@bp.app_template_global()
def error_label(code: int | None) -> str:
    """The title of a Twilio error code in the page's language ("" without a code)."""
    if not code:
        return ""
    return g.t.get(f"error_{code}", g.t.get("error_unknown", str(code)))


# A delivery step's kind and reason in the page's language (labels/steps.toml); the control
# plane keeps the planner's English. ``reason_label(reason, html=True)`` marks each value
# (numbers, carriers, SIDs) translate="no" for an HTML page; plain text fits an SVG <title>.
@bp.app_template_global()
def step_label(kind: str | None) -> str:
    return step_labels.kind_text(kind, g.get("lang", "en"))


@bp.app_template_global()
def reason_label(reason: str | None, html: bool = False) -> str:
    return step_labels.reason_text(reason, g.get("lang", "en"), html)
