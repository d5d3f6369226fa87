"""Which symptoms of the guide (shared/guide/symptoms.md) the dashboard's message log can be
filtered on, and which it cannot.

A symptom is in the log when a message record shows it: its status and error code, its
delivery steps, the handset's copies, its webhook, the text it came from. Six symptoms leave
no record by their nature: the application failed before calling the API, the API refused
the request (4xx, 20003, 21606: Twilio keeps no message for a refused create), or a text to
our number never reached Twilio (a short-code sender, a country whose carriers cannot hand
SMS over). The log offers those too, disabled, naming where to look instead. The WhatsApp
symptoms (ours, beyond the guide: domain/diagnosis/symptoms.py GUIDE_IDS) are not offered
yet; `smsim diagnose` finds them.
"""

from __future__ import annotations

from smsim.domain.diagnosis.symptoms import ASYNC_CODES
from smsim.store import log_symptoms as log_symptoms_store
from smsim.store.filters import Where

# In the guide's order: not delivered, delayed and duplicated, inbound, healthy.
LOG_SYMPTOMS = (
    "delivery-failed", "handset-unreachable", "carrier-filtered-sender", "sent-not-received",
    "handset-blocked-sender", "opted-out", "test-credentials", "delayed-queue",
    "delayed-carrier", "carrier-duplicate", "app-duplicate", "inbound-no-webhook",
    "inbound-roaming-sender", "healthy",
)
NOT_IN_LOG = (
    "app-error-before-api", "api-rejected", "wrong-credentials", "number-not-sms-capable",
    "inbound-international-sender", "inbound-short-code-sender",
)


def condition(symptom: str | None) -> Where | None:
    """The log's condition for ``symptom``; None (no filter) for anything else."""
    if symptom not in LOG_SYMPTOMS:
        return None
    return log_symptoms_store.clause(symptom, ASYNC_CODES)
