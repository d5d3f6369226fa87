"""The numbers page: each of our numbers with its capabilities, its webhooks (SmsUrl, the
status callback), its send rate and why (domain/sender_queue.py), its queue, and the
webhooks sent for it lately (as ``GET /_sim/webhooks`` lists them); then the Messaging
Services and the opt-outs."""

from __future__ import annotations

from flask import g, render_template
from smsim.domain.clock import iso8601
from smsim.domain.phone import parse_number
from smsim.engine import messages, numbers, opt_outs, services, webhooks
from smsim.web.ui import describe
from smsim.web.ui.blueprint import bp
from smsim.web.ui.pages import store

# How far back "lately" looks: the world's newest webhooks, shared out among its numbers.
RECENT_WEBHOOKS = 300
PER_NUMBER = 5


def _parties(hook: dict) -> set[str]:
    """The numbers a webhook is about: a status callback's From (our sender), an incoming
    message's To (our number)."""
    params = hook["params"]
    return {params.get("From", ""), params.get("To", "")}


def _hook_view(hook: dict) -> dict:
    params = hook["params"]
    last = hook["attempts"][-1] if hook["attempts"] else None
    if hook["state"] == "done" and last is not None:
        # Sent: what came back is the point (the app's HTTP status, or none: 11200).
        answer = (f"HTTP {last['status_code']}" if last["status_code"]
                  else g.t["number_hook_no_answer"])
        detail = last["error"] or ""
    else:
        answer, detail = g.t.get(f"number_hook_state_{hook['state']}", hook["state"]), ""
    return {"time": iso8601(hook["due_at"])[:19].replace("T", " "), "kind": hook["kind"],
            "kind_label": g.t.get(f"number_hook_kind_{hook['kind']}", hook["kind"]),
            "message_sid": hook["message_sid"],
            "status": params.get("MessageStatus") or params.get("SmsStatus") or "",
            "url": hook["url"], "answer": answer, "detail": detail,
            "error_code": last["error_code"] if last else None}


def number_rows() -> list[dict]:
    now = store().now()
    rows = numbers.by_account(store())
    ours = {row["phone_number"] for row in rows}
    recent: dict[str, list[dict]] = {number: [] for number in ours}
    for hook in webhooks.recent(store(), RECENT_WEBHOOKS,
                                keep=lambda h: bool(_parties(h) & ours)):
        for number in _parties(hook) & ours:
            if len(recent[number]) < PER_NUMBER:
                recent[number].append(_hook_view(hook))
    shown = []
    for number in rows:
        address = parse_number(number["phone_number"])
        queue = store().get("sender_queues", account_sid=number["account_sid"],
                            sender=number["phone_number"])
        shown.append({
            **number,
            "queue_seconds": max(0.0, queue["free_at"] - now) if queue else 0.0,
            "queued_messages": messages.queued_count(store(), number["account_sid"],
                                                     number["phone_number"]),
            "rate": describe.rate_of(address, number["send_rate"]),
            "rate_reason": describe.rate_reason(address, number["send_rate"] is not None, g.t),
            "service": services.service_of_number(store(), number["sid"]),
            "webhooks": recent[number["phone_number"]]})
    return shown


@bp.get("/numbers")
def numbers_page():
    return render_template("numbers.html", numbers=number_rows(),
                           opt_outs=opt_outs.listing(store()),
                           services=[services.get(store(), s["sid"])
                                     for s in services.listing(store())],
                           iso=lambda t: iso8601(t)[:19].replace("T", " "))
