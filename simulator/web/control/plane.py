"""The control plane under /_sim: JSON in and out, for tests, the CLI and the dashboard.

Who may call it (loopback, allowed Host names, same-site writes, credentials under
``--control-remote``) is web/access.py's job, checked before any of this runs.
Every refusal is ``{"error": "...", "status": N}`` with a message that names the field.
"""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify, request
from smsim.domain.clock import ClockState
from smsim.domain.handsets import SettingsError
from smsim.engine.clock import ClockError
from smsim.engine.inbound import HandsetTextError
from smsim.engine.worlds import WorldError
from smsim.web import world_context

bp = Blueprint("control", __name__, url_prefix="/_sim")


class ControlError(Exception):
    """A refused control request; the message names the field."""

    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.status = status


@bp.errorhandler(ControlError)
def _control_error(exc: ControlError):
    return jsonify({"error": str(exc), "status": exc.status}), exc.status


@bp.errorhandler(WorldError)
def _world_error(exc: WorldError):
    return jsonify({"error": str(exc), "status": exc.status}), exc.status


@bp.errorhandler(SettingsError)
@bp.errorhandler(ClockError)
@bp.errorhandler(HandsetTextError)
def _settings_error(exc: ValueError):
    return jsonify({"error": str(exc), "status": 400}), 400


# What a developer could not see on real Twilio (switched off by --evidence-off).
EVIDENCE_ENDPOINTS = {
    "control.requests_log", "control.steps", "control.inbox", "control.outbox",
    "control.all_texts", "control.webhook_list", "control.opt_out_list", "control.fault_log",
    "control.handset", "control.handset_list", "control.accounts_collection",
    "control.all_inboxes", "control.messages_evidence", "control.verifications",
}


@bp.before_request
def _evidence_switch():
    if (current_app.config["SMSIM"].evidence_off and request.method == "GET"
            and request.endpoint in EVIDENCE_ENDPOINTS):
        raise ControlError("evidence endpoints are switched off (--evidence-off)", 404)
    return None


def current_store():
    """The world's store, an opaque handle the engine's functions take."""
    return world_context.current_store()


def clock() -> ClockState:
    return current_store().clock_state()
