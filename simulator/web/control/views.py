"""Our own JSON shapes for the control plane (not Twilio's): accounts with their numbers."""

from __future__ import annotations

from smsim.engine import numbers
from smsim.web.api import serialize


def account(store, row: dict) -> dict:
    """``store`` is the world's handle (``world_context.current_store()``)."""
    return {
        "account_sid": row["sid"],
        "auth_token": row["auth_token"],
        "friendly_name": row["friendly_name"],
        "test_account_sid": row["test_sid"],
        "test_auth_token": row["test_token"],
        "default": bool(row["is_default"]),
        "numbers": [serialize.number(n) for n in numbers.of_account(store, row["sid"])],
    }
