"""The guide's decision tree over the evidence (shared/guide/symptoms.md).

Order of checks, as the guide asks: was there an API request at all and what did it get
(request log); is there a record, and what is its status (Messages API); did the handset get
it (inbox, handset state); how long did it take (delivery steps); and for the other direction,
where did a text to our number stop (handset outboxes, numbers' capabilities and webhooks).
Each finding is the most specific id that fits ("One finding, the most specific id").
"""

from __future__ import annotations

from collections import defaultdict
from urllib.parse import unquote

from smsim.domain.diagnosis.evidence import Evidence, clock_text, epoch
from smsim.domain.diagnosis.facts import Fact, fact
from smsim.domain.diagnosis.symptoms import ASYNC_CODES
from smsim.domain.phone import plain_number

DUPLICATE_WINDOW = 10.0  # seconds: "two or more log records ... within a few seconds"
DELAYED = 30.0  # the guide: over 30 s counts as delayed
# Ours (docs/diagnose.md): a WhatsApp message delivered this long ago and not read is
# "unread" -- long enough for someone with the app at hand to have opened it.
UNREAD_AFTER = 3600.0
# A create refused for its template (docs api/errors/2165x): ContentVariables without a
# ContentSid, an invalid ContentSid, invalid or too long ContentVariables.
TEMPLATE_CODES = {21654, 21655, 21656, 21658}
# A template message failed by the channel: variables that do not match (63028), the
# template rejected, paused or disabled (63040-63042).
TEMPLATE_FAILURES = {63028, 63040, 63041, 63042}
OUTBOUND = ("outbound-api", "outbound-reply", "outbound-call")
INBOUND_CAUSES = {"short_code_sender": "inbound-short-code-sender",
                  "blocked_country": "inbound-international-sender",
                  "roaming": "inbound-roaming-sender", "no_signal": "inbound-roaming-sender",
                  "switched_off": "inbound-roaming-sender", "poor_signal":
                  "inbound-roaming-sender", "no_sms_capability": "number-not-sms-capable"}


class Findings:
    def __init__(self):
        self.by_id: dict[str, dict] = {}

    def add(self, symptom: str, seen: Fact, sid: str | None = None) -> None:
        """``seen``: what proves it, written out in the report's language (facts.py)."""
        finding = self.by_id.setdefault(symptom, {"message_sids": [], "evidence": []})
        if sid and sid not in finding["message_sids"]:
            finding["message_sids"].append(sid)
        if seen not in finding["evidence"]:
            finding["evidence"].append(seen)


def diagnose(ev: Evidence) -> Findings:
    found = Findings()
    requests = ev.requests()
    _request_log(ev, requests, found)
    _duplicates(ev, requests, found)
    for message in ev.messages:
        if message["direction"] in OUTBOUND:
            _outbound(ev, message, found)
        elif message["direction"] == "inbound":
            _inbound_webhook(ev, message, found)
    _numbers(ev, requests, found)
    _verifications(ev, found)
    return found


# Symptoms that mean the SMS never showed on the phone: its verification cannot be approved
# with the code it carried.
NOT_RECEIVED = {"handset-unreachable", "sent-not-received", "handset-blocked-sender",
                "delivery-failed", "carrier-filtered-sender", "opted-out"}


def _verifications(ev: Evidence, found: Findings) -> None:
    """A Verify code is an ordinary SMS, so its symptom is the SMS's; say which verification
    it belongs to (and what became of it) beside the message, for the outbound messages a
    finding already names, so nothing outside the scope is read or said."""
    outbound = {m["sid"] for m in ev.messages if m["direction"] in OUTBOUND}
    for symptom, finding in list(found.by_id.items()):
        for sid in list(finding["message_sids"]):
            if sid not in outbound:
                continue
            verification = ev.verification(sid)
            if verification is None:
                continue
            found.add(symptom, fact("verification-code", verification=verification["sid"],
                                    status=verification["status"], sid=sid,
                                    lost=symptom in NOT_RECEIVED), sid)


def _request_in_scope(ev: Evidence, r: dict) -> bool:
    """A request is about one message only if it created it (a refused create made no
    message: ask about its To/From instead); about a To/From scope if its parameters name
    that pair (a request naming no number, e.g. reading an account, is in no pair's scope);
    the window is the request log's own ``since``."""
    scope = ev.scope
    if scope.message_sid:
        return r["sid"] == scope.message_sid
    if scope.to or scope.from_:
        return scope.pair_holds(r["params"].get("To"), r["params"].get("From"))
    return True


def _creates(requests: list[dict]) -> list[dict]:
    return [r for r in requests if r["method"] == "POST"
            and unquote(r["path"]).endswith("/Messages.json")]


def _request_log(ev: Evidence, requests: list[dict] | None, found: Findings) -> None:
    if requests is None:
        return
    live = ev.account_sid
    test = ev.test_account_sid()
    mine = [r for r in requests if r["account_sid"] in {live, test} - {None}
            and _request_in_scope(ev, r)]
    for r in mine:
        if r["status"] == 401 and r["error_code"] == 20003:
            found.add("wrong-credentials", fact("auth-refused", method=r["method"],
                                                path=r["path"], time=clock_text(r["time"])))
    creates = _creates(mine)
    for r in creates:
        params = r["params"]
        post = {"time": clock_text(r["time"]), "to": str(params.get("To")),
                "from": str(params.get("From"))}
        if test and r["account_sid"] == test and r["status"] == 201:
            found.add("test-credentials", fact("test-credentials", **post, test_sid=test,
                                               sid=r["sid"]), r["sid"])
        elif r["status"] >= 400 and r["error_code"] and r["error_code"] != 20003:
            code = r["error_code"]
            refused = {**post, "status": r["status"], "code": code}
            if code == 21610:
                found.add("opted-out", fact("api-refused-opted-out", **refused))
                _opt_out_facts(ev, params.get("To"), found)
            elif code in TEMPLATE_CODES:
                found.add("whatsapp-template-rejected", fact("api-refused", **refused))
            elif code == 21606 and _number_without_sms(ev, params.get("From")):
                found.add("number-not-sms-capable", fact("api-refused-no-sms", **refused))
            else:
                found.add("api-rejected", fact("api-refused", **refused))
    ours = {n["phone_number"] for n in ev.numbers}
    if (ev.scope.to or ev.scope.from_) and not ev.scope.message_sid and not ev.messages \
            and not creates and ev.scope.to not in ours and not _texts(ev):
        # (Asked about one of our own numbers as To, or about a handset that texted us, it
        # is an inbound question: section 2.)
        found.add("app-error-before-api", fact("no-message-no-request", to=ev.scope.to,
                                               **{"from": ev.scope.from_},
                                               window=ev.since is not None))


def _opt_out_facts(ev: Evidence, recipient: str | None, found: Findings) -> None:
    for entry in ev.opt_outs() or []:
        if entry["recipient"] == recipient:
            scope = entry.get("number") or entry.get("messaging_service_sid")
            found.add("opted-out", fact("opt-out-record", recipient=recipient,
                                        keyword=entry["keyword"], scope=scope,
                                        time=entry["time"][11:19], sid=entry["message_sid"]),
                      entry["message_sid"])


def _number_without_sms(ev: Evidence, number: str | None) -> bool:
    return any(n["phone_number"] == number and not n["capabilities"].get("sms")
               for n in ev.numbers)


def _duplicates(ev: Evidence, requests: list[dict] | None, found: Findings) -> None:
    groups = defaultdict(list)
    for m in ev.messages:
        if m["direction"] == "outbound-api":
            groups[(m["to"], m["from"], m["body"])].append(m)
    for (to, _sender, body), group in groups.items():
        close = [m for i, m in enumerate(group)
                 if any(abs(m["created"] - o["created"]) <= DUPLICATE_WINDOW
                        for j, o in enumerate(group) if i != j)]
        if len(close) < 2:
            continue
        posts = [r for r in requests or [] if r["sid"] in {m["sid"] for m in close}]
        seen = fact("same-records", count=len(close),
                    times=[clock_text(m["created"]) for m in close])
        if requests is not None:
            seen = fact("same-posts", count=len(posts),
                        times=[clock_text(r["time"]) for r in posts], to=to, body=body[:30])
        for m in close:
            found.add("app-duplicate", seen, m["sid"])


def _outbound(ev: Evidence, m: dict, found: Findings) -> None:
    sid, status, code = m["sid"], m["status"], m["error_code"]
    if status in ("failed", "undelivered"):
        symptom = ASYNC_CODES.get(code, "delivery-failed")
        template = _template_sid(ev, sid) if code == 63016 else None
        if template:
            symptom = "whatsapp-template-rejected"  # an unapproved template is free-form
        found.add(symptom, fact("message-failed", sid=sid, to=m["to"], status=status,
                                code=code), sid)
        if template and _sent_with_freeform(ev, sid):
            # Outside the window a template goes as ContentSid alone (reference section 13).
            found.add(symptom, fact("template-with-body", sid=sid, template=template))
        elif template:
            found.add(symptom, fact("template-not-approved", sid=sid, template=template))
        elif code in TEMPLATE_FAILURES:
            found.add(symptom, fact("template-failed", sid=sid, code=code,
                                    template=_template_sid(ev, sid) or "?"))
        elif code == 63016:
            found.add(symptom, fact("window-closed", sid=sid, to=m["to"],
                                    **{"from": m["from"]}))
        elif code == 63015:
            found.add(symptom, fact("sandbox-not-joined", sid=sid, to=m["to"]))
        if symptom == "handset-unreachable":
            _handset_facts(ev, m["to"], symptom, found)
        if symptom == "carrier-filtered-sender":
            others = [o for o in ev.messages if o["from"] == m["from"] and o["error_code"] ==
                      30007]
            found.add(symptom, fact("sender-filtered", count=len(others), sender=m["from"],
                                    recipients=len({o["to"] for o in others})))
        return
    if status not in ("sent", "delivered"):
        return  # still queued or sending, read, or canceled: nothing to say yet
    steps = ev.steps(sid)
    if m["to"].startswith("whatsapp:"):
        _whatsapp_delivered(ev, m, steps, found)
        return
    if steps is not None and not steps["complete"]:
        # The carrier has not finished with it: only an unreachable handset says anything
        # yet ("a sent message with no delivery; handset state").
        handset = ev.handset(m["to"]) if status == "sent" else None
        if handset and (handset["power"] == "off" or handset["signal"] == "none"
                        or not handset["active"]):
            found.add("handset-unreachable", fact("sent-no-delivery", sid=sid, to=m["to"]),
                      sid)
            _handset_facts(ev, m["to"], "handset-unreachable", found)
        return
    copies = ev.copies(sid, m["to"])
    if copies is not None:
        shown = [row for row in copies if row["shown"]]
        if not shown:
            handset = ev.handset(m["to"])
            if handset and m["from"] in handset.get("blocked_senders", []):
                found.add("handset-blocked-sender", fact(
                    "blocked-sender", sid=sid, status=status, to=m["to"], sender=m["from"]),
                    sid)
            else:
                found.add("sent-not-received", fact("not-in-inbox", sid=sid, status=status,
                                                    to=m["to"]), sid)
        elif len(shown) > 1:
            found.add("carrier-duplicate", fact(
                "copies", sid=sid, to=m["to"], count=len(shown),
                times=[row["received_at"][11:19] for row in shown]), sid)
    if status == "delivered" and steps is not None and steps["total_seconds"] is not None \
            and steps["total_seconds"] > DELAYED:
        queue, carrier = steps["queue_wait_seconds"] or 0, steps["carrier_seconds"] or 0
        symptom = "delayed-queue" if queue >= carrier else "delayed-carrier"
        found.add(symptom, fact("delayed", sid=sid, total=steps["total_seconds"],
                                queue=queue, sender=m["from"], carrier=carrier), sid)


def _template_sid(ev: Evidence, sid: str) -> str | None:
    """The ContentSid the message's own create request named (the request log; None when it
    named none or the log cannot be read)."""
    for r in ev.requests() or []:
        if r["sid"] == sid:
            return r["params"].get("ContentSid") or None
    return None


def _sent_with_freeform(ev: Evidence, sid: str) -> bool:
    """Did the message's create request carry Body or MediaUrl besides its ContentSid?"""
    return any(r["sid"] == sid and (r["params"].get("Body") or r["params"].get("MediaUrl"))
               for r in ev.requests() or [])


def _whatsapp_delivered(ev: Evidence, m: dict, steps: dict | None, found: Findings) -> None:
    """A WhatsApp message crosses no carrier (the SMS checks of inbox copies and carrier
    time do not apply): held ``sent`` because the phone is off or out of signal, or
    delivered and never read."""
    if m["status"] == "sent":
        number = plain_number(m["to"])
        handset = ev.handset(number)
        if handset and (handset["power"] == "off" or handset["signal"] == "none"):
            found.add("handset-unreachable", fact("sent-no-delivery", sid=m["sid"],
                                                  to=m["to"]), m["sid"])
            _handset_facts(ev, number, "handset-unreachable", found)
        return
    if steps is None:
        return
    delivered = next((epoch(s["time"]) for s in steps["steps"]
                      if s["kind"] == "delivered" and s["revealed"]), None)
    if delivered is None or ev.now - delivered < UNREAD_AFTER:
        return
    found.add("whatsapp-unread", fact("unread", sid=m["sid"], to=m["to"],
                                      minutes=(ev.now - delivered) / 60), m["sid"])


def _handset_facts(ev: Evidence, number: str, symptom: str, found: Findings) -> None:
    handset = ev.handset(number)
    if handset is None:
        return
    found.add(symptom, fact("handset-state", number=number, power=handset["power"],
                            signal=handset["signal"], active=bool(handset["active"])))


def _inbound_webhook(ev: Evidence, m: dict, found: Findings) -> None:
    number = next((n for n in ev.numbers if n["phone_number"] == m["to"]), None)
    if number is None:
        return
    hooks = ev.webhooks(m["sid"])
    if hooks is not None:
        if any(h["kind"] == "incoming_message" and h["state"] == "no_url" for h in hooks):
            found.add("inbound-no-webhook", fact("no-webhook-posted", sid=m["sid"],
                                                 sender=m["from"], to=m["to"]), m["sid"])
        return
    if not number["sms_url"] and not m["messaging_service_sid"]:
        found.add("inbound-no-webhook", fact("sms-url-empty", sid=m["sid"], sender=m["from"],
                                             to=m["to"]), m["sid"])


def _numbers(ev: Evidence, requests: list[dict] | None, found: Findings) -> None:
    for text in _texts(ev):
        symptom = INBOUND_CAUSES.get(text["cause"] or "")
        if symptom is None:
            continue
        delay = (_seconds(text["arrives_at"]) - _seconds(text["sent_at"])
                 if text["outcome"] == "delivered" and text["arrives_at"] else 0.0)
        late = delay > DELAYED
        if text["outcome"] == "delivered" and not late:
            continue
        found.add(symptom, fact("text-lost-or-late", sender=text["from"], to=text["to"],
                                time=text["sent_at"][11:19], late=late, delay=delay,
                                reason=text["reason"], cause=text["cause"] or ""),
                  text["message_sid"])
    for number in ev.numbers:
        phone = number["phone_number"]
        if ev.scope.to == phone and not ev.scope.message_sid \
                and not number["capabilities"].get("sms"):
            found.add("number-not-sms-capable", fact("no-sms-capability", number=phone,
                                                     capabilities=number["capabilities"]))


def _texts(ev: Evidence) -> list[dict]:
    """The handsets' texts to our numbers that are in scope, oldest first: to the scope's
    number, from its sender, in its window; for one message, the text that became it.
    (Texts to every other number are another question: walking them all made a healthy
    message's diagnosis report a stranger's text to the +81 number.)"""
    scope = ev.scope
    if scope.message_sid:
        message = next((m for m in ev.messages if m["sid"] == scope.message_sid), None)
        if message is None or message["direction"] != "inbound":
            return []  # only an inbound message came from a handset's text
        phones = [message["to"]]
    else:
        phones = [n["phone_number"] for n in ev.numbers]
        if scope.to:
            phones = [p for p in phones if p == scope.to]
    texts = []
    for phone in phones:
        for text in ev.texts_to(phone) or []:
            if scope.message_sid and text["message_sid"] != scope.message_sid:
                continue
            if not scope.pair_holds(text["to"], text["from"]):
                continue
            if ev.since is not None and _seconds(text["sent_at"]) < ev.since:
                continue
            texts.append(text)
    return texts


def _seconds(iso: str) -> float:
    return epoch(iso)
