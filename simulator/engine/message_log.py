"""The message log as the dashboard pages through it, and a sender's queue length."""

from __future__ import annotations

from smsim.domain.diagnosis.symptoms import ASYNC_CODES
from smsim.store import message_log as message_log_store
from smsim.store.database import Store

# The symptoms the log can be filtered on.
SYMPTOMS = ("delivery-failed", "handset-unreachable", "carrier-filtered-sender",
            "test-credentials")


def page(store: Store, *, account: str | None = None, number: str | None = None,
         status: str | None = None, symptom: str | None = None, before: int | None = None,
         limit: int) -> list[dict]:
    """Messages newest first, before seq ``before``, filtered on what the log offers."""
    criteria = {}
    if symptom == "test-credentials":
        criteria["test_accounts"] = True
    elif symptom in SYMPTOMS:
        if symptom == "delivery-failed":
            criteria["failed_except_codes"] = list(ASYNC_CODES)
        else:
            criteria["error_codes"] = [c for c, s in ASYNC_CODES.items() if s == symptom]
    return message_log_store.page(store, account=account, number=number, status=status,
                                  before=before, limit=limit, **criteria)


def recent_parties(store: Store, limit: int) -> list[tuple[str | None, str | None]]:
    """(to, from) of the newest ``limit`` messages, newest first."""
    return message_log_store.recent_parties(store, limit)


def queued_count(store: Store, account_sid: str, sender: str) -> int:
    return message_log_store.queued_count(store, account_sid, sender)
