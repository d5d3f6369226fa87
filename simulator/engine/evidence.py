"""Diagnose's per-message evidence for many messages at once: each message's delivery steps,
the copies of it handsets received and its webhooks with their attempts, read with a fixed
number of queries (store/evidence.py) rather than several per message."""

from __future__ import annotations

import json

from smsim.engine import delivery
from smsim.store import evidence as evidence_store
from smsim.store import verify as verify_store
from smsim.store.database import Store

MAX_MESSAGES = 20_000


def for_scope(store: Store, *, account_sid: str | None, since: float | None, to: str | None,
              from_: str | None, limit: int) -> dict[str, dict]:
    """SID -> {"message": row, "steps": [...], "copies": [...], "webhooks": [...],
    "verification": {"sid", "status"} or None} for the scope's newest ``limit`` messages; rows
    as stored, webhooks' params parsed and their attempts attached; ``verification``: the
    Verify verification whose code the message carried."""
    messages = evidence_store.scope_messages(store, account_sid, since, to, from_, limit)
    sids = [m["sid"] for m in messages]
    found = {m["sid"]: {"message": m, "steps": [], "copies": [], "webhooks": [],
                        "verification": None} for m in messages}
    if not sids:
        return found
    for step in evidence_store.steps(store, sids):
        found[step["message_sid"]]["steps"].append(step)
    for link in verify_store.of_messages(store, sids):
        found[link["message_sid"]]["verification"] = {"sid": link["verification_sid"],
                                                      "status": link["status"]}
    for copy in evidence_store.copies(store, sids):
        found[copy["message_sid"]]["copies"].append(copy)
    hooks = evidence_store.webhooks(store, sids)
    attempts: dict[int, list[dict]] = {}
    for attempt in evidence_store.attempts(store, [h["id"] for h in hooks]):
        attempts.setdefault(attempt["webhook_id"], []).append(attempt)
    for hook in hooks:
        hook["params"] = json.loads(hook["params"])
        hook["attempts"] = attempts.get(hook["id"], [])
        found[hook["message_sid"]]["webhooks"].append(hook)
    return found


def steps_report(steps: list[dict], now: float) -> dict:
    """A message's delivery steps report (delivery.delivery_steps) from its steps."""
    return delivery.steps_report(steps, now)
