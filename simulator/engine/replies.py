"""Execute an app's TwiML answer to an incoming message: each <Message> becomes an
``outbound-reply`` message through the normal lifecycle; <Redirect> fetches more TwiML."""

from __future__ import annotations

import time

from smsim.domain import twiml
from smsim.domain.clock import ClockState
from smsim.domain.errors import TwilioError
from smsim.engine import messages
from smsim.store.database import Store

MAX_REDIRECTS = 10  # ours: a loop of redirects ends here, recorded as 12200


def run(store: Store, webhook: dict, params: dict, response, url: str, clock: ClockState,
        fetch) -> dict:
    """Execute the answer. ``fetch(url, method)`` performs a signed request for <Redirect>.
    Returns {"summary": {...}, "redirect_attempts": [...]}. In manual mode the app answers in
    no simulated time, so replies are created at the webhook's time; in realtime, now."""
    at = (webhook["due_at"] if clock.mode == "manual"
          else max(webhook["due_at"], clock.now(time.time())))
    summary = {"replies": [], "errors": [], "twiml_error": None, "twiml_message": None}
    redirect_attempts = []
    text, content_type, base = response.text, response.headers.get("Content-Type", ""), url
    for _ in range(MAX_REDIRECTS + 1):
        try:
            document = twiml.parse(text, content_type, base)
        except twiml.TwimlError as exc:
            summary.update(twiml_error=exc.code, twiml_message=str(exc))
            break
        redirect = None
        for verb in document.verbs:
            if isinstance(verb, twiml.Redirect):
                redirect = verb
                break
            _reply(store, webhook, params, verb, at, summary)
        if redirect is None:
            break
        attempt, followed = fetch(redirect.url, redirect.method)
        redirect_attempts.append(attempt)
        if followed is None or attempt["error_code"]:
            summary["errors"].append({"code": 11200, "message": f"<Redirect> to "
                                      f"{redirect.url} failed: {attempt['error']}"})
            break
        text, content_type, base = followed.text, followed.headers.get("Content-Type", ""), \
            redirect.url
    else:
        summary.update(twiml_error=12200, twiml_message=f"more than {MAX_REDIRECTS} redirects")
    return {"summary": summary, "redirect_attempts": redirect_attempts}


def _reply(store: Store, webhook: dict, params: dict, verb: twiml.Reply, at: float,
           summary: dict) -> None:
    # Defaults (docs sms/twiml/message): to the sender, from the number that received it.
    request = messages.CreateRequest(
        to=verb.to or params["From"], from_=verb.from_ or params["To"],
        messaging_service_sid=None, body=verb.body, media_urls=list(verb.media))
    try:
        row = messages.create(store, webhook["account_sid"], request, messages.Origin(
            direction="outbound-reply", at=at, callback_url=verb.action))
    except TwilioError as exc:
        summary["errors"].append({"code": exc.code, "message": exc.message})
        return
    summary["replies"].append(row["sid"])
