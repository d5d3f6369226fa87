"""Injected API faults: an error Twilio could answer, or extra latency, per fault rules."""

from __future__ import annotations

import time

from flask import g, request
from smsim.domain.errors import TwilioError
from smsim.domain.phone import parse_recipient, parse_sender
from smsim.engine import fault_rules
from smsim.web import world_context

CREATE_ENDPOINTS = {"messages.messages"}
# Starting a verification (POST /v2/Services/VA…/Verifications): match.request "verify".
VERIFY_ENDPOINTS = {"verify.verifications"}


def _normalised(raw: str | None, parse) -> str | None:
    if not raw:
        return None
    address = parse(raw)
    return address.value if address else raw


def request_facts() -> dict:
    facts = {"account": getattr(g, "path_account_sid", None)}
    if request.method == "POST" and request.endpoint in CREATE_ENDPOINTS:
        form = request.form
        to = parse_recipient(form.get("To") or "")
        facts.update(to=_normalised(form.get("To"), parse_recipient),
                     channel=to.channel if to else None,
                     **{"from": _normalised(form.get("From"), parse_sender)},
                     body=form.get("Body"), messaging_service=form.get("MessagingServiceSid"),
                     direction="outbound-api", request="create")
    elif request.method == "POST" and request.endpoint in VERIFY_ENDPOINTS:
        facts.update(to=_normalised(request.form.get("To"), parse_recipient),
                     request="verify")
    return facts


def inject_api_faults() -> None:
    store = world_context.current_store()
    if not fault_rules.any_rules(store):
        return  # the usual case: no rule, no facts to gather (number parsing is not free)
    facts = request_facts()
    fired = fault_rules.evaluate(store, "api", facts, request=f"{request.method} {request.path}")
    if fired is None:
        return
    g.fault_rule = fired.rule_id
    delay = fault_rules.wall_sleep_seconds(fired)
    if delay:
        time.sleep(delay)  # real-time latency is the fault's point; capped at 10 s
    for effect in fired.effects:
        if effect["type"] == "api_error":
            raise TwilioError(effect["code"], status=effect.get("status"),
                              to=facts.get("to") or "", from_=facts.get("from") or "",
                              path=request.path, number=facts.get("to") or "", url="",
                              sid=facts.get("messaging_service") or "", state="",
                              field=fired.label(), detail="injected")
