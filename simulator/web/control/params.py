"""A control request's body and query parameters, refused with a message naming the field."""

from __future__ import annotations

from flask import request
from smsim.domain.clock import parse_iso8601
from smsim.web.control.plane import ControlError


def json_body() -> dict:
    if not request.content_length:
        return {}
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        raise ControlError("the request body must be a JSON object")
    return data

def limit_param(default: int = 1000) -> int:
    try:
        limit = int(request.args.get("limit", default))
    except ValueError:
        raise ControlError("limit must be an integer") from None
    if not 1 <= limit <= 100_000:
        raise ControlError("limit must be between 1 and 100000")
    return limit


def since_param(raw: str | None) -> float | None:
    """A ``since`` query value: epoch seconds or an ISO 8601 time."""
    if not raw:
        return None
    try:
        return float(raw)
    except ValueError:
        pass
    try:
        return parse_iso8601(raw)
    except ValueError:
        raise ControlError(f"since: {raw!r} is neither epoch seconds nor an ISO 8601 time") \
            from None
