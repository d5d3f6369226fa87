"""The request log's row of a Twilio-surface request: what a developer would see in the
Console's request inspector (our /_sim/requests)."""

from __future__ import annotations

from flask import g, request
from smsim.engine import request_log
from smsim.web import world_context


def log_request(status: int) -> None:
    """The request-log row of this Twilio-surface request. A create writes it inside its own
    transaction (web/api/messages.py), so it is not written again after the response."""
    path_account = getattr(g, "path_account_sid", None)
    if path_account is None:
        path_account = _account_from_path(request.path)
    request_log.record(
        world_context.current_store(), method=request.method, path=request.path,
        query=request.query_string.decode("latin-1"), account_sid=path_account,
        credential=getattr(g, "credential", None) or (
            request.authorization.username if request.authorization else None),
        params=_request_params(), status=status,
        error_code=getattr(g, "error_code", None), sid=getattr(g, "created_sid", None))
    g.request_logged = True


def _request_params() -> dict:
    merged = {}
    for source in (request.args, request.form if request.method == "POST" else {}):
        for key in source:
            values = source.getlist(key)
            merged[key] = values[0] if len(values) == 1 else values
    return merged


def _account_from_path(path: str) -> str | None:
    parts = path.split("/")
    if len(parts) > 3 and parts[2] == "Accounts":
        return parts[3].removesuffix(".json")
    return None
