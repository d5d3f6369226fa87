"""Webhooks the simulator sends: status callbacks now, inbound messages later.

Each is a row first (``pending``, due at its step's time), then claimed by exactly one
deliverer (``delivering``) and sent with Twilio's headers and signature, then ``done`` with
its attempt recorded: the app's status, the latency, or the connection error. Callbacks of
one message go out one at a time, in order. A failed attempt is recorded as Twilio's debugger
records it, error 11200 (docs errors/11200 "HTTP retrieval failure").
"""

from __future__ import annotations

import hashlib
import json
import time
import uuid
from urllib.parse import urlencode

import requests
from smsim.domain import signature, statuses
from smsim.domain.clock import ClockState
from smsim.engine import fault_rules
from smsim.store.database import Store

API_VERSION = "2010-04-01"
# Headers Twilio's webhooks carry (twilio-labs/plugin-webhook _base.js; reference 4.2).
HEADERS = {"User-Agent": "TwilioProxy/1.1", "Accept": "*/*", "X-Home-Region": "us1"}
MAX_RESPONSE_BODY = 2000


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
    if status in statuses.FROM_RECEIPT:
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
        message = store.get("messages", sid=message_sid) if message_sid else None
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
        store.insert("webhooks", row)


def claim_next(store: Store, now: float) -> dict | None:
    """The earliest due webhook whose message has no earlier one outstanding, claimed.
    Only up to the time the world's steps have been applied (see delivery.mark_applied)."""
    applied = store.meta_get("applied_until")
    now = min(now, float(applied)) if applied is not None else now
    if store.db.conn.execute("SELECT 1 FROM webhooks WHERE state = 'pending' AND due_at <= ? "
                             "LIMIT 1", [now]).fetchone() is None:
        return None
    with store.write() as db:
        row = db.conn.execute(
            "UPDATE webhooks SET state = 'delivering' WHERE id = ("
            " SELECT w.id FROM webhooks w WHERE w.state = 'pending' AND w.due_at <= ?"
            # In order per message: wait for an earlier one still outstanding; one put out of
            # order waits for every one of its message due before it.
            " AND NOT EXISTS (SELECT 1 FROM webhooks e WHERE e.message_sid = w.message_sid"
            "   AND e.state IN ('pending', 'delivering') AND e.id != w.id"
            "   AND ((e.ordered = 1 AND e.id < w.id)"
            "        OR (w.ordered = 0 AND e.due_at < w.due_at)))"
            " ORDER BY w.due_at, w.id LIMIT 1) RETURNING id", [now]).fetchone()
    return store.get("webhooks", id=row[0]) if row else None


def outstanding(store: Store, now: float) -> int:
    """Webhooks due by ``now`` that are not done yet (pending or being delivered)."""
    return store.count("webhooks", "state IN ('pending', 'delivering') AND due_at <= ?",
                       [now])


def _request(auth_token: str, webhook: dict, url: str, method: str, params: dict,
             timeout: float, clock: ClockState) -> tuple[dict, requests.Response | None]:
    """One signed HTTP request to the app: the attempt's record and the response."""
    signed_url = url
    if method == "GET":
        signed_url = f"{url}{'&' if '?' in url else '?'}{urlencode(params)}"
    if webhook["bad_signature"]:
        auth_token = "bad" + auth_token  # a fault rule: signed, but not with the auth token
    sig = signature.sign(auth_token, signed_url, {} if method == "GET" else params)
    headers = {**HEADERS, "X-Twilio-Signature": sig,
               "I-Twilio-Idempotency-Token": webhook["idempotency_token"]}
    started = time.time()
    attempt = {"webhook_id": webhook["id"], "url": url, "at": clock.now(time.time()),
               "wall_time": started, "status_code": None, "latency_ms": None, "error": None,
               "error_code": None, "response_body": None, "signature": sig, "outcome": None}
    response = None
    try:
        if method == "GET":
            response = requests.get(signed_url, headers=headers, timeout=timeout,
                                    allow_redirects=False)
        else:
            response = requests.post(url, data=params, headers=headers, timeout=timeout,
                                     allow_redirects=False)
        attempt.update(status_code=response.status_code,
                       response_body=response.text[:MAX_RESPONSE_BODY])
        if not 200 <= response.status_code < 300:
            attempt.update(error=f"HTTP {response.status_code}", error_code=11200)
    except requests.Timeout:
        attempt.update(error=f"timed out after {timeout:g} s", error_code=11200)
    except requests.RequestException as exc:
        attempt.update(error=f"connection failed: {type(exc).__name__}", error_code=11200)
    except (ValueError, UnicodeError) as exc:
        # A URL requests cannot even parse ("http://a..b"): Twilio cannot retrieve it either.
        attempt.update(error=f"invalid URL: {exc}", error_code=11200)
    attempt["latency_ms"] = round((time.time() - started) * 1000, 1)
    return attempt, response


def deliver(store: Store, webhook: dict, timeout: float, clock: ClockState) -> list[dict]:
    """Send one claimed webhook, record its attempts; never raises for the app's faults.

    An incoming-message webhook's answer is TwiML to execute; when the app cannot be reached
    or answers what Twilio cannot execute, its fallback URL is tried (docs errors/11200).
    """
    attempts: list[dict] = []
    try:
        _attempt_all(store, webhook, timeout, clock, attempts)
    finally:
        # Whatever happened, the webhook is finished: one left "delivering" would hold back
        # every later webhook of its message. The token check keeps a delivery that outlived
        # a reset (ids start again at 1) from closing someone else's webhook.
        with store.write() as db:
            closed = db.conn.execute(
                "UPDATE webhooks SET state = 'done' WHERE id = ? AND state = 'delivering' "
                "AND idempotency_token = ?", [webhook["id"], webhook["idempotency_token"]]
            ).rowcount
            if closed:
                for attempt in attempts:
                    store.insert("webhook_attempts", attempt)
    return attempts


def _attempt_all(store: Store, webhook: dict, timeout: float, clock: ClockState,
                 attempts: list[dict]) -> None:
    account = store.get("accounts", sid=webhook["account_sid"])
    params = json.loads(webhook["params"])
    targets = [(webhook["url"], webhook["method"])]
    if webhook["kind"] == "incoming_message" and webhook["fallback_url"]:
        targets.append((webhook["fallback_url"], webhook["fallback_method"] or "POST"))
    for url, method in targets:
        attempt, response = _request(account["auth_token"], webhook, url, method, params,
                                     timeout, clock)
        attempts.append(attempt)
        if webhook["kind"] != "incoming_message" or response is None or attempt["error_code"]:
            continue
        from smsim.engine import replies  # replies -> messages -> delivery -> webhooks

        outcome = replies.run(store, webhook, params, response, url, clock,
                              lambda u, m: _request(account["auth_token"], webhook, u, m,
                                                    params, timeout, clock))
        attempt["outcome"] = json.dumps(outcome["summary"])
        attempts.extend(outcome["redirect_attempts"])
        if outcome["summary"].get("twiml_error") is None:
            break
        attempt.update(error_code=outcome["summary"]["twiml_error"],
                       error=outcome["summary"]["twiml_message"])


def recover_interrupted(store: Store) -> None:
    """At start, before any worker runs: deliveries cut off by a stop are due again."""
    with store.write() as db:
        db.conn.execute("UPDATE webhooks SET state = 'pending' WHERE state = 'delivering'")


def listing(store: Store, account_sid: str | None = None, message_sid: str | None = None,
            limit: int = 1000) -> list[dict]:
    where, params = ["1"], []
    if account_sid:
        where.append("account_sid = ?")
        params.append(account_sid)
    if message_sid:
        where.append("message_sid = ?")
        params.append(message_sid)
    rows = store.select("webhooks", " AND ".join(where), params, order="due_at, id",
                        limit=limit)
    for row in rows:
        row["params"] = json.loads(row["params"])
        row["attempts"] = store.select("webhook_attempts", "webhook_id = ?", [row["id"]],
                                       order="id")
    return rows
