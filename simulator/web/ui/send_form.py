"""The send form (the guide's API Explorer step), through the Twilio API itself.

Each message is a ``POST /2010-04-01/Accounts/{AC}/Messages.json`` with the account's
credentials (live, or its test credentials), dispatched through this app's own WSGI stack in
process: the request is authenticated, meets the api fault rules and lands in the request
log exactly as an SDK's would, and a refusal comes back as Twilio's error body (code,
message, more_info) for the page to show. A burst is that many separate creates.
"""

from __future__ import annotations

import contextvars
import time

from flask import Flask, current_app, g, render_template, request
from smsim.domain import test_credentials
from smsim.domain.errors import title
from smsim.domain.statuses import FINAL
from smsim.engine import accounts, numbers
from smsim.web.ui.blueprint import bp, current_world
from smsim.web.ui.pages import store

MESSAGES_PATH = "/2010-04-01/Accounts/{sid}/Messages.json"
MAX_COUNT = 100
BURST_SECONDS = 60.0


@bp.get("/send")
def send_page():
    """The form: our SMS numbers, then Twilio's magic From numbers for test credentials."""
    magic = [(test_credentials.PASSING_FROM, None),
             *sorted(test_credentials.MAGIC_FROM.items())]
    return render_template("send.html", ours=numbers.listing(store(), sms_only=True),
                           magic_from=magic,
                           magic_to=sorted(test_credentials.MAGIC_TO.items()),
                           max_count=MAX_COUNT)


def _refused(message: str, field: str):
    """The form's own refusal, in the page's language, naming the field."""
    return {"error": message, "field": field, "status": 400}, 400


def _count(raw) -> int | None:
    """1..MAX_COUNT from a number or a string of digits; None for anything else."""
    if isinstance(raw, bool):
        return None
    if isinstance(raw, str) and raw.strip().isdigit():
        raw = int(raw.strip())
    if isinstance(raw, int) and 1 <= raw <= MAX_COUNT:
        return raw
    return None


def _account_for(sender: str) -> dict | None:
    """The account that sends: the owner of the From number when it is one of ours, else
    (Twilio's magic test numbers) the account of the world the page shows."""
    number = store().get("numbers", phone_number=sender) if sender else None
    if number is not None:
        return accounts.get(store(), number["account_sid"])
    world = current_world()
    return accounts.get(store(), world) if world else accounts.default(store())


def _create(app: Flask, account_sid: str, credentials: tuple[str, str], form: dict) -> dict:
    """One create through the app, as a client would make it; Twilio's answer, trimmed to
    what the page shows."""
    answer = app.test_client().post(MESSAGES_PATH.format(sid=account_sid), data=form,
                                    auth=credentials,
                                    headers={"User-Agent": "smsim-dashboard/send-form"})
    body = answer.get_json(silent=True) or {}
    if answer.status_code == 201:
        return {"created": True, "attempted": True, "http_status": 201, "sid": body.get("sid"),
                "status": body.get("status")}
    return {"created": False, "attempted": True, "http_status": answer.status_code,
            "code": body.get("code"),
            "message": body.get("message") or f"HTTP {answer.status_code}",
            "more_info": body.get("more_info")}


def _burst(app: Flask, account_sid: str, credentials: tuple[str, str], form: dict,
           count: int) -> list[dict]:
    """One create after another, as an app's loop sends. An api ``latency`` fault delays each
    (up to 10 s): past BURST_SECONDS of wall time the rest are not attempted, so the page
    answers within a browser's patience."""
    started, results = time.monotonic(), []
    for _ in range(count):
        if time.monotonic() - started > BURST_SECONDS:
            results.append({"created": False, "attempted": False})
            continue
        results.append(_create(app, account_sid, credentials, form))
    return results


@bp.post("/ui/api/send")
def send():
    """``{"from", "to", "body", "count": 1..100, "test": bool}``: ``count`` creates as the
    From number's account, each answered as the API answered it."""
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        return _refused(g.t["send_bad_request"], "body")
    count = _count(data.get("count", 1))
    if count is None:
        return _refused(g.t["send_count_invalid"], "count")
    sender = str(data.get("from") or "").strip()
    account = _account_for(sender)
    if account is None:
        return _refused(g.t["send_no_account"], "from")
    test = data.get("test") is True
    path_sid, credentials = ((account["test_sid"], (account["test_sid"], account["test_token"]))
                             if test else
                             (account["sid"], (account["sid"], account["auth_token"])))
    form = {"From": sender, "To": str(data.get("to") or "").strip(),
            "Body": str(data.get("body") or "")}
    # Each dispatched request pushes its own app context (its own ``g``), as it would
    # arriving over HTTP, not this request's: a fresh context for the burst.
    results = contextvars.Context().run(_burst, current_app._get_current_object(), path_sid,
                                        credentials, form, count)
    return {"account_sid": path_sid, "credentials": "test" if test else "live",
            "results": results}


@bp.get("/ui/api/send/states")
def send_states():
    """The current status of the form's messages (``?sid=SM…`` repeated, at most 100)."""
    states = {}
    for sid in request.args.getlist("sid")[:MAX_COUNT]:
        row = store().get("messages", sid=sid)
        if row is not None:
            states[sid] = {"status": row["status"], "error_code": row["error_code"],
                           "error_title": title(row["error_code"]) if row["error_code"]
                           else None, "final": row["status"] in FINAL}
    return {"states": states}
