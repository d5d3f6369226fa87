"""The request log: every request to the Twilio surface, as a developer's server log would show.

The guide's first check for an undelivered message is "look at your HTTP request logs": was
there a POST at all, and what did the API answer? Secrets never enter the log.
"""

from __future__ import annotations

import json
import re
import time

from smsim.store import requests as requests_store
from smsim.store.database import Store

SECRET_NAMES = re.compile(r"token|secret|password|authorization", re.IGNORECASE)


def scrub(params: dict) -> dict:
    return {k: ("[removed]" if SECRET_NAMES.search(k) else v) for k, v in params.items()}


def record(store: Store, *, method: str, path: str, query: str, account_sid: str | None,
           credential: str | None, params: dict, status: int, error_code: int | None,
           sid: str | None) -> None:
    requests_store.insert(store, {
        "time": store.now(), "wall_time": time.time(), "method": method, "path": path,
        "query": query, "account_sid": account_sid, "credential": credential,
        "params": json.dumps(scrub(params), sort_keys=True), "status": status,
        "error_code": error_code, "sid": sid})


def query(store: Store, account_sid: str | None = None, path: str | None = None,
          since: float | None = None, limit: int = 1000) -> list[dict]:
    rows = requests_store.query(store, account_sid, path, since, limit)
    for row in rows:
        row["params"] = json.loads(row["params"])
    return rows


def newest(store: Store, *, path: str | None = None, status_from: int | None = None,
           status_below: int | None = None, before_id: int | None = None,
           limit: int = 50) -> list[dict]:
    """The request log newest first, keyset-paged on ``id`` (the dashboard's request-log
    page); the same rows as ``query``, with a status range instead of a time."""
    rows = requests_store.newest(store, path, status_from, status_below, before_id, limit)
    for row in rows:
        row["params"] = json.loads(row["params"])
    return rows
