"""One message's story for the dashboard's timeline: what happened to it and when, the
phases its time went to, and whether more is still to come.

An outbound message's story is its delivery steps (the guide's "delivery steps": created,
queued, left the queue, handed to the carrier, received by the handset, the receipt), with
the time split between the sender's queue and the carrier. An inbound message has no
delivery steps of its own; its story is the handset's text (sent from the phone, received
by Twilio), the incoming-message webhook and the app's answer, and the replies it caused
(a TwiML <Message>, or Twilio's own answer to STOP, START or HELP).

Only what has happened is told: a step still planned is the simulator's secret until its
time comes.
"""

from __future__ import annotations

import json

from smsim.domain import phone
from smsim.engine import delivery, webhooks
from smsim.store import message_story as story_store
from smsim.store.database import Store

FINAL = ("delivered", "undelivered", "failed", "canceled", "received", "read")


def story(store: Store, sid: str, now: float) -> dict | None:
    """``{"message", "origin", "events", "phases", "now", "live", "report"}`` or None.

    ``events``: dicts with ``at``, ``kind``, ``status``, ``reason``, ``error_code``,
    ``copy``, ``shown`` and, for replies, ``sid``; ``phases``: dicts with ``kind``, ``start``,
    ``end`` and ``open`` (still running at ``now``); ``live``: something is still to happen
    (a step, a webhook, a reply on its way), so the timeline should be looked at again."""
    message = store.get("messages", sid=sid)
    if message is None:
        return None
    if message["direction"] == "inbound":
        events, phases, related = _inbound(store, message, now)
        report = None
    else:
        report = delivery.delivery_steps(store, sid, now)
        # A WhatsApp message crosses no carrier: WhatsApp has it (docs/whatsapp.md), and
        # the timeline says so with the channel on each event and its own phase.
        channel = phone.channel_of(message["to_addr"])
        events = [_event(step, channel=channel) for step in report["steps"]]
        phases = _outbound_phases(events, message, now, channel)
        related = []
    sids = [sid, *related]
    live = message["status"] not in FINAL or story_store.anything_to_come(store, sids)
    origin = min((e["at"] for e in events), default=message["date_created"])
    return {"message": message, "origin": origin, "events": events, "phases": phases,
            "now": now, "live": live, "report": report}


def latest_sid(store: Store) -> str | None:
    newest = story_store.newest(store, 1)
    return newest[0]["sid"] if newest else None


def recent(store: Store, limit: int) -> list[dict]:
    return story_store.newest(store, limit)


def _event(step: dict, **extra) -> dict:
    return {"at": step["at"], "kind": step["kind"], "status": step.get("status"),
            "reason": step.get("reason") or "", "error_code": step.get("error_code"),
            "copy": step.get("copy"), "shown": bool(step.get("shown", 1)), **extra}


def _outbound_phases(events: list[dict], message: dict, now: float,
                     channel: str = "sms") -> list[dict]:
    """Scheduled (until SendAt), in the sender's queue, with the carrier (with WhatsApp,
    for a WhatsApp message)."""
    first = {}
    for e in events:
        first.setdefault(e["kind"], e["at"])
    ended = (first.get("delivered") or first.get("receipt_missing") or first.get("undelivered")
             or first.get("failed") or first.get("canceled"))
    created, send_at = first.get("created"), first.get("send_at")
    start = send_at or created
    phases = []
    if created is not None and send_at is not None:
        phases.append({"kind": "scheduled", "start": created, "end": send_at, "open": False})
    if start is not None and message["status"] != "scheduled":
        left = first.get("dequeued")
        end = left if left is not None else (ended if ended is not None else now)
        phases.append({"kind": "queue", "start": start, "end": end,
                       "open": left is None and ended is None})
    handed = first.get("handed_to_carrier")
    if handed is not None:
        phases.append({"kind": "whatsapp" if channel == "whatsapp" else "carrier",
                       "start": handed,
                       "end": ended if ended is not None else now, "open": ended is None})
    return phases


def _inbound(store: Store, message: dict, now: float) -> tuple[list, list, list[str]]:
    events, phases = [], []
    received = message["date_created"]
    text = story_store.handset_text(store, message["sid"])
    if text is not None:
        events.append(_event({"at": text["sent_at"], "kind": "handset_sent",
                              "reason": text["reason"]}))
        phases.append({"kind": "to_twilio", "start": text["sent_at"], "end": received,
                       "open": False})
    events.append(_event({"at": received, "kind": "received", "status": message["status"],
                          "reason": f"{message['to_addr']} received it",
                          "error_code": message["error_code"]}))
    replies = []
    for hook in webhooks.listing(store, message_sid=message["sid"]):
        if hook["kind"] != "incoming_message" or hook["due_at"] > now:
            continue
        attempts = hook["attempts"]
        last = attempts[-1] if attempts else None
        if hook["state"] == "no_url":
            events.append(_event({"at": hook["due_at"], "kind": "webhook_missing",
                                  "reason": "the number has no SMS webhook URL"}))
            continue
        if last is None:
            events.append(_event({"at": hook["due_at"], "kind": "webhook_due",
                                  "reason": f"due to {hook['url']}"}))
            phases.append({"kind": "app", "start": hook["due_at"], "end": now, "open": True})
            continue
        answered = last["at"] + (last["latency_ms"] or 0) / 1000
        events.append(_event({"at": attempts[0]["at"], "kind": "webhook",
                              "status": str(last["status_code"] or ""),
                              "error_code": last["error_code"],
                              "reason": f"{hook['method']} {last['url']}: "
                                        f"{last['status_code'] or last['error'] or ''}"}))
        phases.append({"kind": "app", "start": attempts[0]["at"], "end": answered,
                       "open": False})
        for attempt in attempts:
            if attempt.get("outcome"):
                replies += json.loads(attempt["outcome"]).get("replies", [])
    auto = story_store.keyword_reply(store, message)
    if auto is not None:
        replies.insert(0, auto["sid"])
    for reply in story_store.messages(store, list(dict.fromkeys(replies))):
        if reply["date_created"] > now:
            continue
        events.append(_event({"at": reply["date_created"], "kind": "reply",
                              "status": reply["status"], "error_code": reply["error_code"],
                              "reason": reply["body"]}, sid=reply["sid"]))
        steps = delivery.delivery_steps(store, reply["sid"], now)["steps"]
        end = next((s for s in steps if s["kind"] in ("delivered", "undelivered", "failed")),
                   None)
        if end is not None:
            events.append(_event({**end, "kind": f"reply_{end['kind']}"}, sid=reply["sid"]))
    events.sort(key=lambda e: e["at"])
    return events, phases, [sid for sid in dict.fromkeys(replies)]
