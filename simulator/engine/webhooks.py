"""The queue of webhooks the simulator sends: status callbacks and incoming messages.

Each is a row first (``pending``, due at its step's time), then claimed by exactly one
deliverer (``delivering``) and sent with Twilio's headers and signature, then ``done`` with
its attempt recorded: the app's status, the latency, or the connection error. Callbacks of
one message go out one at a time, in order. A failed attempt is recorded as Twilio's debugger
records it, error 11200 (docs errors/11200 "HTTP retrieval failure"); the sending itself is
engine/webhook_sender.py.
"""

from __future__ import annotations

import hashlib
import json
import time
import uuid

from smsim.domain import phone, statuses, whatsapp
from smsim.engine import fault_rules
from smsim.store import messages as messages_store
from smsim.store import steps as steps_store
from smsim.store import webhooks as webhooks_store
from smsim.store.database import Store

API_VERSION = "2010-04-01"
# When no deliverer has recorded its timeout (a process started without a dispatcher), the
# hold below uses the setting's default (web/settings.py, --webhook-timeout).
DEFAULT_TIMEOUT = 15.0
# Beyond the timeout a due webhook keeps holding the realtime world for this much wall time:
# a deliverer looks every 50 ms, and recording the failed attempt takes a moment more.
HOLD_GRACE = 0.5


def _token(seed: str, *parts: str) -> str:
    digest = hashlib.sha256(":".join((seed, *parts)).encode()).digest()
    return str(uuid.UUID(bytes=digest[:16]))


def raw_dlr_done_date(epoch: float) -> str:
    """RawDlrDoneDate: YYMMDDhhmm, minute precision, no zone (Twilio changelog 2023-02-14)."""
    return time.strftime("%y%m%d%H%M", time.gmtime(epoch))


def status_params(message: dict) -> dict:
    """Twilio's status-callback parameters (reference 4.1, captured real payloads)."""
    status = message["status"]
    params = {
        "MessageSid": message["sid"], "SmsSid": message["sid"],
        "MessageStatus": status, "SmsStatus": status,
        "AccountSid": message["account_sid"], "From": message["from_addr"] or "",
        "To": message["to_addr"], "ApiVersion": API_VERSION,
    }
    if message.get("messaging_service_sid"):
        params["MessagingServiceSid"] = message["messaging_service_sid"]
    if status in statuses.WITH_ERROR and message.get("error_code"):
        params["ErrorCode"] = str(message["error_code"])
    if phone.channel_of(message["to_addr"]) == "whatsapp":
        # WhatsApp's own parameters (domain/whatsapp.py); no RawDlrDoneDate: WhatsApp's
        # reports are not carrier receipts.
        params.update(whatsapp.status_callback_params(
            phone.plain_number(message["from_addr"] or ""),
            phone.plain_number(message["to_addr"]), status, message.get("error_message")))
    elif status in statuses.FROM_RECEIPT:
        # An SMS carrier's receipt date.
        params["RawDlrDoneDate"] = raw_dlr_done_date(message["date_updated"])
    return params


def status_changed(message: dict, at: float, store: Store) -> None:
    """Queue a status callback for a change after the initial status, if there is a URL."""
    url = message.get("callback_url")
    if not url:
        return
    enqueue(store, account_sid=message["account_sid"], message_sid=message["sid"],
            kind="status_callback", url=url, method="POST", params=status_params(message),
            due_at=at)


def enqueue(store: Store, *, account_sid: str, message_sid: str | None, kind: str, url: str,
            method: str, params: dict, due_at: float, fallback_url: str | None = None,
            fallback_method: str = "POST", state: str = "pending") -> None:
    """``state`` "no_url" records a webhook that had nowhere to go (never sent)."""
    token = _token(store.seed(), kind, message_sid or "", params.get("MessageStatus", ""),
                   str(due_at), url)
    row = {"account_sid": account_sid, "message_sid": message_sid, "kind": kind, "url": url,
           "method": method, "params": json.dumps(params), "due_at": due_at, "state": state,
           "idempotency_token": token, "created_at": due_at, "fallback_url": fallback_url,
           "fallback_method": fallback_method, "ordered": 1, "bad_signature": 0}
    copies = 1
    fired = None
    if state == "pending" and fault_rules.any_for(store, kind):
        message = messages_store.get(store, message_sid) if message_sid else None
        facts = (fault_rules.message_facts(message) if message
                 else {"account": account_sid})
        fired = fault_rules.evaluate(store, kind, facts, message_sid=message_sid, now=due_at)
    for effect in fired.effects if fired else ():
        action = effect["action"]
        if action == "drop":
            row["state"] = "dropped"  # recorded, never sent
        elif action == "delay":
            row["due_at"] = due_at + effect["seconds"]
        elif action == "out_of_order":
            # Later callbacks of the message overtake it.
            row.update(due_at=due_at + effect["seconds"], ordered=0)
        elif action == "duplicate":
            copies = 2  # the same request twice, same idempotency token
        elif action == "bad_signature":
            row["bad_signature"] = 1
    for _ in range(copies):
        webhooks_store.insert(store, row)


def claim_next(store: Store, now: float) -> dict | None:
    """The earliest due webhook whose message has no earlier one outstanding, claimed.
    Only up to the time the world's steps have been applied (see delivery.mark_applied)."""
    applied = steps_store.applied_until(store)
    if applied is not None and applied < now and not steps_store.anything_due(store, now):
        applied = now  # nothing is left to apply by now: the world stands applied to it
    now = min(now, applied) if applied is not None else now
    if not webhooks_store.any_due(store, now):
        return None
    webhook_id = webhooks_store.claim_next(store, now)
    return webhooks_store.get(store, webhook_id) if webhook_id else None


def earliest_held(store: Store, after: float) -> float | None:
    """The due time of the earliest webhook after ``after`` still pending or being delivered:
    the world must not be applied past it until it is done (see delivery.apply_until)."""
    return webhooks_store.earliest_outstanding(store, after)


def note_timeout(store: Store, seconds: float) -> None:
    """Record the deliverers' timeout, so every process's catch-up knows how long a due
    webhook may hold the realtime world back."""
    if webhooks_store.timeout(store) != float(seconds):
        webhooks_store.set_timeout(store, seconds)


def hold_seconds(store: Store) -> float:
    """Wall seconds a due webhook may hold the realtime world back: its timeout, then the
    attempt has failed (11200) or the deliverer is gone, and the world moves on."""
    recorded = webhooks_store.timeout(store)
    return (DEFAULT_TIMEOUT if recorded is None else recorded) + HOLD_GRACE


def outstanding(store: Store, now: float) -> int:
    """Webhooks due by ``now`` that are not done yet (pending or being delivered)."""
    return webhooks_store.outstanding(store, now)


def delivering(store: Store, now: float) -> int:
    """Webhooks due by ``now`` someone is sending right now."""
    return webhooks_store.delivering(store, now)


def recover_interrupted(store: Store) -> None:
    """At start, before any worker runs: deliveries cut off by a stop are due again."""
    webhooks_store.requeue_delivering(store)


def recent(store: Store, limit: int, keep=None) -> list[dict]:
    """The world's newest ``limit`` webhooks, newest first, those ``keep(row)`` accepts (all
    without it; params parsed), each with its attempts."""
    rows = webhooks_store.newest(store, limit)
    for row in rows:
        row["params"] = json.loads(row["params"])
    rows = [row for row in rows if keep is None or keep(row)]
    attempts: dict[int, list[dict]] = {row["id"]: [] for row in rows}
    for attempt in webhooks_store.attempts_of(store, list(attempts)):
        attempts[attempt["webhook_id"]].append(attempt)
    for row in rows:
        row["attempts"] = attempts[row["id"]]
    return rows


def listing(store: Store, account_sid: str | None = None, message_sid: str | None = None,
            limit: int = 1000) -> list[dict]:
    rows = webhooks_store.listing(store, account_sid, message_sid, limit)
    for row in rows:
        row["params"] = json.loads(row["params"])
        row["attempts"] = webhooks_store.attempts(store, row["id"])
    return rows
