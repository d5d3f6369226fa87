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
from smsim.domain.diagnosis.symptoms import ASYNC_CODES
from smsim.domain.errors import title

DUPLICATE_WINDOW = 10.0  # seconds: "two or more log records ... within a few seconds"
DELAYED = 30.0  # the guide: over 30 s counts as delayed
OUTBOUND = ("outbound-api", "outbound-reply", "outbound-call")
INBOUND_CAUSES = {"short_code_sender": "inbound-short-code-sender",
                  "blocked_country": "inbound-international-sender",
                  "roaming": "inbound-roaming-sender", "no_signal": "inbound-roaming-sender",
                  "switched_off": "inbound-roaming-sender", "poor_signal":
                  "inbound-roaming-sender", "no_sms_capability": "number-not-sms-capable"}


class Findings:
    def __init__(self):
        self.by_id: dict[str, dict] = {}

    def add(self, symptom: str, fact: str, sid: str | None = None) -> None:
        finding = self.by_id.setdefault(symptom, {"message_sids": [], "evidence": []})
        if sid and sid not in finding["message_sids"]:
            finding["message_sids"].append(sid)
        if fact not in finding["evidence"]:
            finding["evidence"].append(fact)


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
    return found


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
            found.add("wrong-credentials", f"{r['method']} {r['path']} at "
                      f"{clock_text(r['time'])} answered 401 / 20003 (Authenticate)")
    creates = _creates(mine)
    for r in creates:
        params = r["params"]
        who = f"POST at {clock_text(r['time'])} To={params.get('To')} From={params.get('From')}"
        if test and r["account_sid"] == test and r["status"] == 201:
            found.add("test-credentials", f"{who} used the test Account SID {test}: answered "
                      f"201 queued ({r['sid']}), and the message is not in the live account's "
                      "log", r["sid"])
        elif r["status"] >= 400 and r["error_code"] and r["error_code"] != 20003:
            code = r["error_code"]
            fact = f"{who} answered {r['status']} / {code} ({title(code)})"
            if code == 21610:
                found.add("opted-out", fact + "; not charged")
                _opt_out_facts(ev, params.get("To"), found)
            elif code == 21606 and _number_without_sms(ev, params.get("From")):
                found.add("number-not-sms-capable", fact + f"; {params.get('From')} has no "
                          "SMS capability")
            else:
                found.add("api-rejected", fact)
    ours = {n["phone_number"] for n in ev.numbers}
    if (ev.scope.to or ev.scope.from_) and not ev.scope.message_sid and not ev.messages \
            and not creates and ev.scope.to not in ours and not _texts(ev):
        # (Asked about one of our own numbers as To, or about a handset that texted us, it
        # is an inbound question: section 2.)
        found.add("app-error-before-api", "no message in the log and no API request for "
                  f"To={ev.scope.to or 'any'} From={ev.scope.from_ or 'any'}"
                  + (" in the window" if ev.since is not None else ""))


def _opt_out_facts(ev: Evidence, recipient: str | None, found: Findings) -> None:
    for entry in ev.opt_outs() or []:
        if entry["recipient"] == recipient:
            scope = entry.get("number") or entry.get("messaging_service_sid")
            found.add("opted-out", f"{recipient} texted {entry['keyword']} to {scope} at "
                      f"{entry['time'][11:19]} ({entry['message_sid']})",
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
        times = " and ".join(clock_text(m["created"]) for m in close)
        posts = [r for r in requests or [] if r["sid"] in {m["sid"] for m in close}]
        fact = f"{len(close)} records at {times} with the same To, From and Body"
        if requests is not None:
            fact = (f"{len(posts)} POSTs at "
                    + " and ".join(clock_text(r["time"]) for r in posts)
                    + f" with the same To ({to}) and Body ({body[:30]!r})")
        for m in close:
            found.add("app-duplicate", fact, m["sid"])


def _outbound(ev: Evidence, m: dict, found: Findings) -> None:
    sid, status, code = m["sid"], m["status"], m["error_code"]
    if status in ("failed", "undelivered"):
        symptom = ASYNC_CODES.get(code, "delivery-failed")
        fact = f"{sid} to {m['to']}: {status}, error {code} ({title(code)})" if code else \
            f"{sid} to {m['to']}: {status}"
        found.add(symptom, fact, sid)
        if symptom == "handset-unreachable":
            _handset_facts(ev, m["to"], symptom, found)
        if symptom == "carrier-filtered-sender":
            others = [o for o in ev.messages if o["from"] == m["from"] and o["error_code"] ==
                      30007]
            found.add(symptom, f"{len(others)} message(s) from {m['from']} filtered (30007) "
                      f"across {len({o['to'] for o in others})} recipient(s)")
        return
    if status not in ("sent", "delivered"):
        return  # still queued or sending, or canceled: nothing to say yet
    steps = ev.steps(sid)
    if steps is not None and not steps["complete"]:
        # The carrier has not finished with it: only an unreachable handset says anything
        # yet ("a sent message with no delivery; handset state").
        handset = ev.handset(m["to"]) if status == "sent" else None
        if handset and (handset["power"] == "off" or handset["signal"] == "none"
                        or not handset["active"]):
            found.add("handset-unreachable", f"{sid} to {m['to']} is sent with no delivery "
                      "yet", sid)
            _handset_facts(ev, m["to"], "handset-unreachable", found)
        return
    copies = ev.copies(sid, m["to"])
    if copies is not None:
        shown = [row for row in copies if row["shown"]]
        if not shown:
            handset = ev.handset(m["to"])
            if handset and m["from"] in handset.get("blocked_senders", []):
                found.add("handset-blocked-sender", f"{sid} is {status} but not in "
                          f"{m['to']}'s inbox: the handset blocks {m['from']}", sid)
            else:
                found.add("sent-not-received", f"{sid} is {status} but {m['to']}'s inbox has "
                          "no copy of it", sid)
        elif len(shown) > 1:
            times = ", ".join(row["received_at"][11:19] for row in shown)
            found.add("carrier-duplicate", f"one record {sid}, {m['to']} received "
                      f"{len(shown)} copies (at {times})", sid)
    if status == "delivered" and steps is not None and steps["total_seconds"] is not None \
            and steps["total_seconds"] > DELAYED:
        queue, carrier = steps["queue_wait_seconds"] or 0, steps["carrier_seconds"] or 0
        symptom = "delayed-queue" if queue >= carrier else "delayed-carrier"
        found.add(symptom, f"{sid} took {steps['total_seconds']:.0f} s: {queue:.0f} s in "
                  f"{m['from']}'s queue, {carrier:.0f} s with the carrier", sid)


def _handset_facts(ev: Evidence, number: str, symptom: str, found: Findings) -> None:
    handset = ev.handset(number)
    if handset is None:
        return
    state = [f"power {handset['power']}", f"signal {handset['signal']}",
             "active" if handset["active"] else "not in service"]
    found.add(symptom, f"handset {number}: " + ", ".join(state))


def _inbound_webhook(ev: Evidence, m: dict, found: Findings) -> None:
    number = next((n for n in ev.numbers if n["phone_number"] == m["to"]), None)
    if number is None:
        return
    hooks = ev.webhooks(m["sid"])
    if hooks is not None:
        if any(h["kind"] == "incoming_message" and h["state"] == "no_url" for h in hooks):
            found.add("inbound-no-webhook", f"{m['sid']} from {m['from']} reached "
                      f"{m['to']}, which has no SMS webhook URL: nothing was posted to the app",
                      m["sid"])
        return
    if not number["sms_url"] and not m["messaging_service_sid"]:
        found.add("inbound-no-webhook", f"{m['sid']} from {m['from']} reached {m['to']}, "
                  "whose sms_url is empty", m["sid"])


def _numbers(ev: Evidence, requests: list[dict] | None, found: Findings) -> None:
    for text in _texts(ev):
        symptom = INBOUND_CAUSES.get(text["cause"] or "")
        if symptom is None:
            continue
        late = text["outcome"] == "delivered" and text["arrives_at"] and (
            _seconds(text["arrives_at"]) - _seconds(text["sent_at"]) > DELAYED)
        if text["outcome"] == "delivered" and not late:
            continue
        what = "arrived late" if late else "never reached Twilio"
        found.add(symptom, f"text from {text['from']} to {text['to']} at "
                  f"{text['sent_at'][11:19]} {what}: {text['reason']}", text["message_sid"])
    for number in ev.numbers:
        phone = number["phone_number"]
        if ev.scope.to == phone and not ev.scope.message_sid \
                and not number["capabilities"].get("sms"):
            found.add("number-not-sms-capable", f"{phone} has no SMS capability "
                      f"(capabilities {number['capabilities']})")


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
