"""The request log: one row per request to the Twilio surface."""

from __future__ import annotations

from smsim.store.database import Store
from smsim.store.filters import Where


def insert(store: Store, row: dict) -> None:
    store.insert("requests", row)


def query(store: Store, account_sid: str | None, path_prefix: str | None,
          since: float | None, limit: int) -> list[dict]:
    """Logged requests in arrival order; a criterion given as None (or "") is left out."""
    where = (Where().equal("account_sid", account_sid).prefix("path", path_prefix)
             .at_least("time", since))
    return store.select("requests", where.sql, where.params, order="id", limit=limit)
