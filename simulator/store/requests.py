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


def newest(store: Store, path_prefix: str | None, status_from: int | None,
           status_below: int | None, before_id: int | None, limit: int) -> list[dict]:
    """Logged requests newest first (the dashboard's page), keyset-paged on id: those with an
    id below ``before_id``, a path starting with ``path_prefix``, a status in
    [``status_from``, ``status_below``). A criterion given as None is left out."""
    where = (Where().prefix("path", path_prefix).at_least("status", status_from)
             .before("status", status_below).before("id", before_id))
    return store.select("requests", where.sql, where.params, order="id DESC", limit=limit)
