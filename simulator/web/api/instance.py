"""One record's URL as Twilio answers it: GET reads, POST updates, DELETE removes (204)."""

from __future__ import annotations

from flask import request


def answer(row: dict, *, delete, update, serialize):
    """``delete()`` on DELETE; ``update(row)`` (the new row) on POST; then ``serialize``."""
    if request.method == "DELETE":
        delete()
        return "", 204
    if request.method == "POST":
        row = update(row)
    return serialize(row)
