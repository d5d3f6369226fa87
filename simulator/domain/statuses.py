"""A message's statuses and the transitions between them, as a table.

Order (Twilio docs "outbound message status in status callbacks"; reference section 4.1):
``queued -> sending -> sent -> delivered | undelivered``, or ``-> failed``; ``canceled`` for a
message called off before it left the queue; WhatsApp adds ``delivered -> read``. Inbound:
``receiving -> received``. A status callback is sent for every change after the initial
status ("A status callback request is not sent for the initial status").
"""

from __future__ import annotations

INITIAL = {"queued", "accepted", "scheduled", "receiving", "received"}

TRANSITIONS: dict[str, set[str]] = {
    "accepted": {"queued", "failed", "canceled"},
    "scheduled": {"queued", "canceled"},
    "queued": {"sending", "failed", "canceled"},
    "sending": {"sent", "failed", "undelivered"},
    "sent": {"delivered", "undelivered"},
    "receiving": {"received"},
    # WhatsApp only (OAI message_enum_status): the recipient opened it.
    "delivered": {"read"},
    "read": set(),
    "undelivered": set(),
    "failed": set(),
    "canceled": set(),
    "received": set(),
}

# A delivered message is final for SMS; a WhatsApp one may still be read.
FINAL = {status for status, nexts in TRANSITIONS.items() if not nexts} | {"delivered"}
# Statuses whose callback carries ErrorCode (captured callbacks, reference section 4.1).
WITH_ERROR = {"failed", "undelivered"}
# A carrier's delivery receipt (DLR) ends these; RawDlrDoneDate goes with them.
FROM_RECEIPT = {"delivered", "undelivered"}


def can_move(current: str, new: str) -> bool:
    return new in TRANSITIONS.get(current, set())
