"""WhatsApp on the Messages API: the facts Twilio documents and a WhatsApp message's future.

A WhatsApp message does not cross an SMS carrier: Twilio hands it to WhatsApp, which delivers
it to the app on the recipient's phone and reports when it is read. Our plan (docs/whatsapp.md):
created -> sending -> sent (handed to WhatsApp) -> delivered (the app has it) -> read (its
holder opened it, after the handset's ``whatsapp.reads_after``). Pure: no I/O, no clock.
"""

from __future__ import annotations

import hashlib
import random
import re
from dataclasses import dataclass

from smsim.domain.errors import title
from smsim.domain.handsets import Handset
from smsim.domain.planner import Step

# Twilio's shared WhatsApp Sandbox number (reference section 13; docs whatsapp/sandbox).
SANDBOX_NUMBER = "+14155238886"
# The customer-service window: free-form messages only within 24 hours of the user's last
# inbound message (reference section 13; docs api/errors/63016).
WINDOW_SECONDS = 24 * 3600
# Twilio's per-message fee for WhatsApp is USD 0.005, inbound or outbound (twilio.com/
# whatsapp/pricing); ours: we show that fee alone (not Meta's per-template fees), any country.
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


def channel_install_sid(sender: str) -> str:
    """The Installed Channel SID of a WhatsApp sender (``XE`` + 32 hex, the prefix of a
    Messaging Service's ChannelSender SIDs in OAI messaging.v1.service.channel_sender).
    Ours: derived from the sender's number, so one sender always shows the same SID (as
    captured callbacks from the sandbox do across accounts)."""
    digest = hashlib.sha256(f"whatsapp-channel:{sender}".encode()).hexdigest()
    return "XE" + digest[:32]


def status_callback_params(sender: str, to: str, status: str,
                           error_message: str | None) -> dict[str, str]:
    """What a WhatsApp message's status callback carries besides the SMS parameters
    (``sender``/``to``: E.164 numbers without the prefix).

    docs messaging/guides/track-outbound-message-status, "WhatsApp and other messaging
    channels": ChannelInstallSid, ChannelPrefix, ChannelStatusMessage (only when delivery
    failed), EventType READ once read. Captured WhatsApp callbacks (pasted in public code:
    a PHP webhook with sent/read payloads from the sandbox, and a REDCap module's comment)
    add ChannelToAddress, the recipient with its last four digits masked (+1650380XXXX for
    whatsapp:+16503803405), StructuredMessage=false on sent, and EventType=DELIVERED on
    delivered. Not sent: EventType on failed or undelivered (one capture's comment shows
    UNDELIVERED; not confirmed). ChannelStatusMessage's text is ours (the error's title)."""
    params = {"ChannelPrefix": "whatsapp", "ChannelInstallSid": channel_install_sid(sender),
              "ChannelToAddress": mask(to)}
    if status == "sent":
        params["StructuredMessage"] = "false"
    elif status == "delivered":
        params["EventType"] = "DELIVERED"
    elif status == "read":
        params["EventType"] = "READ"
    elif status in ("failed", "undelivered") and error_message:
        params["ChannelStatusMessage"] = error_message
    return params


def mask(number: str) -> str:
    """An E.164 number with its last four digits as XXXX (captured ChannelToAddress)."""
    return number[:-4] + "XXXX" if len(number) > 5 else number


def sandbox_code(seed: str) -> str:
    """The world's sandbox join code, e.g. "amber-river" (fixed by the world's seed)."""
    rng = random.Random(f"{seed}:whatsapp-sandbox")
    return "-".join(rng.sample(CODE_WORDS, 2))


def is_join(body: str, code: str) -> bool:
    """Is ``body`` the message that joins the sandbox ("join <code>", any case)?"""
    return " ".join(body.split()).lower() == f"join {code}"


def sandbox_member(joined_at: float | None, now: float) -> bool:
    return joined_at is not None and 0 <= now - joined_at < SANDBOX_MEMBERSHIP_SECONDS


# What the sandbox answers a handset that joined: Twilio's wording as users quote it (several
# public READMEs paste the same reply; Twilio's docs do not print it).
JOIN_CONFIRMATION = ("Twilio Sandbox: \u2705 You are all set! The sandbox can now send/receive "
                     f"messages from whatsapp:{SANDBOX_NUMBER}. Reply stop to leave the "
                     "sandbox any time.")


def leave_confirmation(code: str) -> str:
    """What the sandbox answers a member's `stop` (ours: Twilio's wording is not quoted)."""
    return (f"Twilio Sandbox: you have left the sandbox. Send join {code} to "
            f"whatsapp:{SANDBOX_NUMBER} to join it again.")


def is_stop(body: str) -> bool:
    """Does ``body`` leave the sandbox? The join reply says "Reply stop to leave the sandbox";
    any case, spaces around ignored."""
    return body.strip().lower() == "stop"


# The sandbox's settings (Twilio's console "Sandbox Configuration": "When a message comes in"
# with its method, and "Status callback URL"); ours: set with PUT /_sim/whatsapp/sandbox.
SANDBOX_SETTINGS = {"inbound_url": None, "inbound_method": "POST",
                    "status_callback_url": None, "account_sid": None}
WEBHOOK_METHODS = ("POST", "GET")


def sandbox_settings(current: dict, changes: dict) -> dict:
    """``current`` with ``changes`` applied; ValueError naming the field at fault. A URL may
    be null or "" to clear it."""
    if not isinstance(changes, dict):
        raise ValueError("the body must be a JSON object")
    unknown = set(changes) - {"inbound_url", "inbound_method", "status_callback_url"}
    if unknown:
        raise ValueError(f"{sorted(unknown)[0]}: unknown field (inbound_url, inbound_method, "
                         "status_callback_url)")
    merged = {**SANDBOX_SETTINGS, **current}
    for field in ("inbound_url", "status_callback_url"):
        if field in changes:
            url = changes[field]
            if url in (None, ""):
                merged[field] = None
            elif not isinstance(url, str) or not re.match(r"^https?://[^\s/]+", url):
                raise ValueError(f"{field}: {url!r} is not an http(s) URL")
            else:
                merged[field] = url
    if "inbound_method" in changes:
        method = changes["inbound_method"]
        if not isinstance(method, str) or method.upper() not in WEBHOOK_METHODS:
            raise ValueError(f"inbound_method must be POST or GET, got {method!r}")
        merged["inbound_method"] = method.upper()
    return merged


# Why a template message failed, by code (domain/content.py window_failure).
TEMPLATE_REASONS = {
    63028: "its ContentVariables do not match the template's placeholders",
    63040: "WhatsApp rejected the template", 63041: "WhatsApp paused the template",
    63042: "WhatsApp disabled the template",
    63016: "outside the 24-hour window only an approved template, sent as ContentSid "
           "without Body or MediaUrl, goes out"}


def plan(created_at: float, initial_status: str, to: str, handset: Handset,
         in_window: bool, rng: random.Random, sandbox_member: bool = True,
         dequeue_at: float | None = None, faults: Faults | None = None,
         template_failure: int | None = None) -> list[Step]:
    """A WhatsApp message's steps (``to``: the recipient's E.164 number);
    ``sandbox_member``: False when sent from the sandbox to someone not (or no longer)
    joined; ``dequeue_at``: when the sandbox's pace lets it go (default: at once);
    ``faults``: what plan-point fault rules change; ``template_failure``: the code its
    Content template fails with (domain/content.py window_failure).

    Through a Messaging Service (``initial_status`` accepted, or scheduled from its SendAt
    on) the message is queued once the service has picked its WhatsApp sender, as an SMS
    message is (docs outbound message status: accepted -> queued)."""
    t0 = created_at
    steps = [Step(t0, "created", initial_status, "accepted by the API (201)")
             if initial_status != "scheduled" else
             Step(t0, "send_at", None, "its SendAt time: it goes to WhatsApp")]
    if initial_status in ("accepted", "scheduled"):
        steps.append(Step(t0, "queued", "queued",
                          "WhatsApp sender picked from the Messaging Service's pool"))
    if not sandbox_member:
        # docs whatsapp/sandbox: only users who joined can be messaged (63015).
        return [*steps, Step(t0 + DEQUEUE_SECONDS, "failed", "failed",
                             f"{title(63015)}: {to} has not joined the sandbox in the last "
                             "3 days", 63015)]
    if template_failure is not None:
        # Created, then failed, like 63016 below (the 63xxx codes come from the channel).
        return [*steps, Step(t0 + DEQUEUE_SECONDS, "failed", "failed",
                             f"{title(template_failure)}: "
                             f"{TEMPLATE_REASONS.get(template_failure, '')}",
                             template_failure)]
    if not in_window:
        # Created, then failed (docs api/errors/63016: the message fails; chosen over a
        # refused create, see docs/whatsapp.md).
        return [*steps, Step(t0 + DEQUEUE_SECONDS, "failed", "failed",
                             f"{title(63016)}: no inbound WhatsApp message from {to} in the "
                             "last 24 hours", 63016)]
    faults = faults or Faults()
    paced = max(t0 + DEQUEUE_SECONDS, dequeue_at or 0.0)
    dequeued = paced + faults.delay
    waited = (f" after {paced - t0:.1f} s: the sandbox sends one message every "
              f"{SANDBOX_SPACING:g} s" if dequeue_at is not None and paced > t0
              + DEQUEUE_SECONDS else "")
    if faults.delay:
        waited += f" ({faults.delay:g} s later than planned: {faults.why})"
    steps.append(Step(dequeued, "dequeued", "sending", "sent to WhatsApp" + waited))
    if not handset.whatsapp.installed:
        return [*steps, Step(dequeued + HANDOFF_SECONDS, "failed", "failed",
                             f"{title(63003)}: {to} has no WhatsApp account", 63003)]
    handed = dequeued + HANDOFF_SECONDS
    steps.append(Step(handed, "handed_to_carrier", "sent", "accepted by WhatsApp"))
    return steps + arrival(handed, handset, rng, faults=faults)


# The steps after WhatsApp accepted a message: the app on the phone gets it (or WhatsApp
# holds it), then its holder reads it. Re-planned when the handset changes.
ARRIVAL_KINDS = ("handset_received", "delivered", "read", "receipt_missing")
# WhatsApp retries a message it could not deliver for its time-to-live, 30 days by default
# (Meta's WhatsApp Business Platform docs, "Configure message time-to-live"); ours: a phone
# back later than that never gets it, and the message stays sent.
HOLD_SECONDS = 30 * 86400


@dataclass(frozen=True)
class Faults:
    """Plan-point fault effects on a WhatsApp message (docs/faults.md): ``delay`` before it
    goes to WhatsApp (queue_delay), ``slow`` seconds more from WhatsApp to the phone
    (carrier_delay), no delivery or read report (drop_receipt); ``why`` names the rule."""

    delay: float = 0.0
    slow: float = 0.0
    no_receipt: bool = False
    why: str = ""


def arrival(start: float, handset: Handset, rng: random.Random,
            held_since: float | None = None, faults: Faults | None = None) -> list[Step]:
    """From ``start`` (WhatsApp has the message): delivered to the app and read, or held
    while the phone is off or out of signal. ``held_since``: when WhatsApp began holding
    it, for a message delivered once the phone is back."""
    faults = faults or Faults()
    if not handset.reachable or not handset.whatsapp.installed:
        state = ("without WhatsApp" if handset.reachable else "switched off"
                 if handset.power == "off" else "out of signal")
        return [Step(start, "receipt_missing", None,
                     f"handset {state}: WhatsApp holds the message, it stays sent")]
    arrive = start + rng.uniform(*LATENCY) + faults.slow
    back = (f" once the phone was back ({arrive - held_since:.0f} s after WhatsApp took it)"
            if held_since is not None else "")
    if faults.slow:
        back += f" ({faults.slow:g} s slower: {faults.why})"
    steps = [Step(arrive, "handset_received", None, "delivered to the WhatsApp app" + back,
                  copy=1, shown=True)]
    if faults.no_receipt:
        return [*steps, Step(arrive, "receipt_missing", None,
                             f"no delivery report from WhatsApp ({faults.why}): it stays sent")]
    steps.append(Step(arrive, "delivered", "delivered", "delivery report from WhatsApp"))
    read = read_step(arrive, handset.whatsapp.reads_after, arrive)
    return steps + ([read] if read else [])


def read_step(arrived: float, reads_after: float | None, now: float) -> Step | None:
    """When the holder of a phone that got a message at ``arrived`` opens it: ``reads_after``
    seconds later, or ``now`` if that time has passed (ours: a holder told to read sooner
    than the message has already waited reads it at once); None: never read."""
    if reads_after is None:
        return None
    return Step(max(arrived + reads_after, now), "read", "read",
                f"opened by its holder after {reads_after:g} s")


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
