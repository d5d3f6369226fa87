"""Sending the webhooks the queue (engine/webhooks.py) holds: signed HTTP requests to the
app, their attempts recorded, and an incoming message's TwiML answer executed.

A failed attempt is recorded as Twilio's debugger records it, error 11200 (docs errors/11200
"HTTP retrieval failure").
"""

from __future__ import annotations

import json
import time
from urllib.parse import urlencode

import requests
from smsim.domain import signature
from smsim.domain.clock import ClockState
from smsim.engine import replies, webhooks
from smsim.store import webhooks as webhooks_store
from smsim.store.database import Store

# Headers Twilio's webhooks carry (twilio-labs/plugin-webhook _base.js; reference 4.2).
HEADERS = {"User-Agent": "TwilioProxy/1.1", "Accept": "*/*", "X-Home-Region": "us1"}
MAX_RESPONSE_BODY = 2000


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
        with store.write():
            if webhooks_store.close(store, webhook["id"], webhook["idempotency_token"]):
                for attempt in attempts:
                    webhooks_store.insert_attempt(store, attempt)
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
        outcome = replies.run(store, webhook, params, response, url, clock,
                              lambda u, m: _request(account["auth_token"], webhook, u, m,
                                                    params, timeout, clock))
        attempt["outcome"] = json.dumps(outcome["summary"])
        attempts.extend(outcome["redirect_attempts"])
        if outcome["summary"].get("twiml_error") is None:
            break
        attempt.update(error_code=outcome["summary"]["twiml_error"],
                       error=outcome["summary"]["twiml_message"])


def drain(store: Store, now: float, timeout: float) -> tuple[int, int]:
    """Deliver webhooks due by ``now`` from this thread; wait (bounded) for ones others
    deliver. Returns (delivered here, still outstanding)."""
    deadline = time.monotonic() + timeout + 2
    delivered = 0
    while time.monotonic() < deadline:
        webhook = webhooks.claim_next(store, now)
        if webhook is not None:
            deliver(store, webhook, timeout, store.clock_state())
            delivered += 1
            # Each delivery here is bounded by the timeout already; only the wait for
            # others' deliveries needs a deadline, so every one due gets its turn.
            deadline = time.monotonic() + timeout + 2
            continue
        # Nothing to claim. Only a delivery under way elsewhere (another thread's or
        # worker's) can free what is left: one of its message waits for it. What waits for
        # a webhook not yet due (a delayed callback) is not worth a wait.
        if webhooks.delivering(store, now) == 0:
            break
        time.sleep(0.01)  # another worker's dispatcher holds one; it finishes within timeout
    return delivered, webhooks.outstanding(store, now)
