"""WhatsApp on the Messages API: the facts Twilio documents and a WhatsApp message's future.

A WhatsApp message does not cross an SMS carrier: Twilio hands it to WhatsApp, which delivers
it to the app on the recipient's phone and reports when it is read. Our plan (docs/whatsapp.md):
created -> sending -> sent (handed to WhatsApp) -> delivered (the app has it) -> read (its
holder opened it, after the handset's ``whatsapp.reads_after``). Pure: no I/O, no clock.
"""

from __future__ import annotations

import json
import random
import re

from smsim.domain.errors import title
from smsim.domain.handsets import Handset
from smsim.domain.planner import Step

# Twilio's shared WhatsApp Sandbox number (reference section 13; docs whatsapp/sandbox).
SANDBOX_NUMBER = "+14155238886"
# The customer-service window: free-form messages only within 24 hours of the user's last
# inbound message (reference section 13; docs api/errors/63016).
WINDOW_SECONDS = 24 * 3600
# Ours: Twilio charges a per-message fee for WhatsApp (about USD 0.005) on top of Meta's
# own fees; we show that fee alone, whatever the country.
PRICE = 0.0050
# Sandbox membership lasts 3 days from the user's `join <code>` (reference section 13).
SANDBOX_MEMBERSHIP_SECONDS = 3 * 86400
# The sandbox sends at most one message every 3 seconds (docs whatsapp/sandbox); ours: the
# others wait their turn, as in an SMS sender's queue.
SANDBOX_SPACING = 3.0
# Ours: the words a world's sandbox code is made of (Twilio's codes are two words too).
CODE_WORDS = ("apple", "river", "stone", "cloud", "tiger", "maple", "ocean", "pixel",
              "amber", "cedar", "delta", "ember", "frost", "grape", "harbor", "island")
# Ours: from the API to WhatsApp, and from WhatsApp to the app on the phone.
DEQUEUE_SECONDS = 0.5
HANDOFF_SECONDS = 0.5
LATENCY = (1.0, 3.0)


def window_open(last_inbound_at: float | None, now: float) -> bool:
    """Is the (business, user) window open at ``now``, given the user's last inbound?"""
    return last_inbound_at is not None and 0 <= now - last_inbound_at < WINDOW_SECONDS


# A Content template's SID (OAI CreateMessageRequest ContentSid: ^HX[0-9a-fA-F]{32}$).
TEMPLATE_SID = re.compile(r"^HX[0-9a-fA-F]{32}$")
PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z0-9_]+)\s*\}\}")


def content_variables(raw: str | None) -> dict[str, str]:
    """ContentVariables: a JSON object of strings (numbers are taken as their text);
    ValueError otherwise."""
    if raw is None or raw == "":
        return {}
    try:
        value = json.loads(raw)
    except ValueError:
        raise ValueError("ContentVariables is not JSON") from None
    if not isinstance(value, dict) or not all(
            isinstance(v, str | int | float) and not isinstance(v, bool)
            for v in value.values()):
        raise ValueError("ContentVariables must be a JSON object of strings")
    return {str(k): str(v) for k, v in value.items()}


def render(template: str, variables: dict[str, str]) -> str:
    """The template's text with its {{1}}-style placeholders filled; ours: a placeholder
    without a variable stays as written."""
    return PLACEHOLDER.sub(lambda m: variables.get(m.group(1), m.group(0)), template)


def sandbox_code(seed: str) -> str:
    """The world's sandbox join code, e.g. "amber-river" (fixed by the world's seed)."""
    rng = random.Random(f"{seed}:whatsapp-sandbox")
    return "-".join(rng.sample(CODE_WORDS, 2))


def is_join(body: str, code: str) -> bool:
    """Is ``body`` the message that joins the sandbox ("join <code>", any case)?"""
    return " ".join(body.split()).lower() == f"join {code}"


def sandbox_member(joined_at: float | None, now: float) -> bool:
    return joined_at is not None and 0 <= now - joined_at < SANDBOX_MEMBERSHIP_SECONDS


def plan(created_at: float, initial_status: str, to: str, handset: Handset,
         in_window: bool, rng: random.Random, sandbox_member: bool = True,
         dequeue_at: float | None = None) -> list[Step]:
    """A free-form WhatsApp message's steps (``to``: the recipient's E.164 number);
    ``sandbox_member``: False when sent from the sandbox to someone not (or no longer)
    joined; ``dequeue_at``: when the sandbox's pace lets it go (default: at once)."""
    t0 = created_at
    steps = [Step(t0, "created", initial_status, "accepted by the API (201)")]
    if not sandbox_member:
        # docs whatsapp/sandbox: only users who joined can be messaged (63015).
        return [*steps, Step(t0 + DEQUEUE_SECONDS, "failed", "failed",
                             f"{title(63015)}: {to} has not joined the sandbox in the last "
                             "3 days", 63015)]
    if not in_window:
        # Created, then failed (docs api/errors/63016: the message fails; chosen over a
        # refused create, see docs/whatsapp.md).
        return [*steps, Step(t0 + DEQUEUE_SECONDS, "failed", "failed",
                             f"{title(63016)}: no inbound WhatsApp message from {to} in the "
                             "last 24 hours", 63016)]
    dequeued = max(t0 + DEQUEUE_SECONDS, dequeue_at or 0.0)
    waited = (f" after {dequeued - t0:.1f} s: the sandbox sends one message every "
              f"{SANDBOX_SPACING:g} s" if dequeue_at is not None and dequeued > t0
              + DEQUEUE_SECONDS else "")
    steps.append(Step(dequeued, "dequeued", "sending", "sent to WhatsApp" + waited))
    if not handset.whatsapp.installed:
        return [*steps, Step(dequeued + HANDOFF_SECONDS, "failed", "failed",
                             f"{title(63003)}: {to} has no WhatsApp account", 63003)]
    handed = dequeued + HANDOFF_SECONDS
    steps.append(Step(handed, "handed_to_carrier", "sent", "accepted by WhatsApp"))
    if not handset.reachable:
        state = "switched off" if handset.power == "off" else "out of signal"
        return [*steps, Step(handed, "receipt_missing", None,
                             f"handset {state}: WhatsApp holds the message, it stays sent")]
    arrive = handed + rng.uniform(*LATENCY)
    steps += [Step(arrive, "handset_received", None, "delivered to the WhatsApp app",
                   copy=1, shown=True),
              Step(arrive, "delivered", "delivered", "delivery report from WhatsApp")]
    reads_after = handset.whatsapp.reads_after
    if reads_after is not None:
        steps.append(Step(arrive + reads_after, "read", "read",
                          f"opened by its holder after {reads_after:g} s"))
    return steps


def inbound_fate(handset: Handset, to: str, number_is_sender: bool | None,
                 rng: random.Random, now: float) -> tuple[str, str, str, float | None]:
    """(outcome, cause, reason, arrival time) of a WhatsApp message a handset sends to
    ``to``; ``number_is_sender``: None when ``to`` is no number of ours, else whether it is
    enabled for WhatsApp. The outcomes are the SMS outbox's (domain/inbound_plan.py)."""
    if not handset.reachable:
        state = "switched off" if handset.power == "off" else "without signal"
        return ("not_sent", "switched_off" if handset.power == "off" else "no_signal",
                f"the handset is {state}: the WhatsApp message was never sent", None)
    if number_is_sender is None:
        return ("elsewhere", "not_a_twilio_number",
                f"{to} is not a number of this simulator: it went elsewhere", None)
    if not number_is_sender:
        return ("lost", "not_whatsapp_sender",
                f"{to} is not enabled for WhatsApp: no WhatsApp account to receive it", None)
    latency = rng.uniform(*LATENCY)
    return ("in_transit", "", f"WhatsApp latency {latency:.1f} s", now + latency)
