"""Which symptoms of the guide (shared/guide/symptoms.md) the dashboard's message log can be
filtered on, and which it cannot.

A symptom is in the log when a message record shows it: its status and error code, its
delivery steps, the handset's copies, its webhook, the text it came from. Six symptoms leave
no record by their nature: the application failed before calling the API, the API refused
the request (4xx, 20003, 21606: Twilio keeps no message for a refused create), or a text to
our number never reached Twilio (a short-code sender, a country whose carriers cannot hand
SMS over). The log offers those too, disabled, naming where to look instead. The WhatsApp
symptoms (ours, beyond the guide: domain/diagnosis/symptoms.py section "W") are offered in a
group of their own; a template refused at create (21656, an unknown ContentSid) leaves no
record either, and is in the request log.
"""

from __future__ import annotations

from smsim.domain.diagnosis.symptoms import ASYNC_CODES
from smsim.domain.diagnosis.tree import UNREAD_AFTER
from smsim.store import log_symptoms as log_symptoms_store
from smsim.store import messages as messages_store
from smsim.store.database import Store
from smsim.store.filters import Where

# In the guide's order: not delivered, delayed and duplicated, inbound, healthy.
GUIDE_IN_LOG = (
    "delivery-failed", "handset-unreachable", "carrier-filtered-sender", "sent-not-received",
    "handset-blocked-sender", "opted-out", "test-credentials", "delayed-queue",
    "delayed-carrier", "carrier-duplicate", "app-duplicate", "inbound-no-webhook",
    "inbound-roaming-sender", "healthy",
)
# Ours, for WhatsApp (docs/whatsapp.md), in the catalogue's order.
WHATSAPP_IN_LOG = ("whatsapp-window-closed", "whatsapp-template-rejected",
                   "whatsapp-sandbox-not-joined", "whatsapp-unread")
LOG_SYMPTOMS = GUIDE_IN_LOG + WHATSAPP_IN_LOG
NOT_IN_LOG = (
    "app-error-before-api", "api-rejected", "wrong-credentials", "number-not-sms-capable",
    "inbound-international-sender", "inbound-short-code-sender",
)


def condition(symptom: str | None, now: float | None = None) -> Where | None:
    """The log's condition for ``symptom``; None (no filter) for anything else. ``now``:
    the world's time, which "delivered over an hour ago, never read" is measured from
    (without it, that symptom filters nothing)."""
    if symptom not in LOG_SYMPTOMS:
        return None
    unread_before = None if now is None else now - UNREAD_AFTER
    if symptom == "whatsapp-unread" and unread_before is None:
        return None
    return log_symptoms_store.clause(symptom, ASYNC_CODES, unread_before)


def log_page(store: Store, *, account: str | None = None, number: str | None = None,
             status: str | None = None, symptom: str | None = None,
             before: int | None = None, limit: int) -> list[dict]:
    """The dashboard log's page filtered on ``symptom`` at the world's time (the WhatsApp
    "unread" symptom needs the clock; engine/messages.py log_page has no symptom clock)."""
    return messages_store.log_page(store, account=account, number=number, status=status,
                                  condition=condition(symptom, store.now()), before=before,
                                  limit=limit)
