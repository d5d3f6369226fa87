"""Sentences a trainer reads instead of raw values: what a fault rule matches and does, what
a handset's carrier does, where a handset's text stopped, why a number sends at its rate,
and the clock's state. Each takes the page's labels (``g.t``), whose templates put the
pieces in each language's own order, so a Japanese page reads as Japanese."""

from __future__ import annotations

from smsim.domain.clock import ClockState
from smsim.domain.errors import CATALOGUE, title
from smsim.domain.handsets import Carrier
from smsim.domain.phone import Address
from smsim.domain.sender_queue import default_rate

Labels = dict[str, str]


def number(value: float) -> str:
    """4.0 -> "4", 2.5 -> "2.5": seconds and rates as people write them."""
    return f"{value:g}"


# --- fault rules --------------------------------------------------------------------------------

def _criteria(match: dict, t: Labels) -> list[str]:
    parts = []
    if "account" in match:
        parts.append(t["fault_rule_account"].format(sid=match["account"]))
    if "from" in match:
        parts.append(t["fault_rule_from"].format(number=match["from"]))
    if "to" in match:
        parts.append(t["fault_rule_to"].format(number=match["to"]))
    if "messaging_service" in match:
        parts.append(t["fault_rule_service"].format(sid=match["messaging_service"]))
    if "direction" in match:
        parts.append(t["fault_rule_direction"].format(direction=match["direction"]))
    if "body" in match:
        parts.append(t["fault_rule_body"].format(pattern=match["body"]))
    window = match.get("window") or {}
    if "start" in window and "end" in window:
        parts.append(t["fault_rule_window"].format(start=window["start"], end=window["end"]))
    elif "start" in window:
        parts.append(t["fault_rule_window_from"].format(start=window["start"]))
    elif "end" in window:
        parts.append(t["fault_rule_window_until"].format(end=window["end"]))
    if "nth" in match:
        parts.append(t["fault_rule_nth"].format(n=match["nth"]))
    if "first" in match:
        parts.append(t["fault_rule_first"].format(n=match["first"]))
    if "probability" in match:
        percent = number(match["probability"] * 100)
        parts.append(t["fault_rule_probability"].format(percent=percent))
    return parts


def _effect(effect: dict, t: Labels) -> str:
    kind = effect["type"]
    if kind == "api_error":
        code = effect["code"]
        status = effect.get("status") or CATALOGUE[code].status
        return t["fault_effect_api_error"].format(status=status, code=code, title=title(code))
    if kind == "fail":
        return t["fault_effect_fail"].format(at=t[f"fault_fail_at_{effect['at']}"],
                                             status=effect["status"], code=effect["code"],
                                             title=title(effect["code"]))
    if kind == "duplicate":
        return t["fault_effect_duplicate"].format(copies=effect["copies"],
                                                  spacing=number(effect["spacing"]))
    if kind in ("callback", "inbound_webhook"):
        return t[f"fault_effect_webhook_{effect['action']}"].format(
            seconds=number(effect.get("seconds", 0)))
    return t[f"fault_effect_{kind}"].format(seconds=number(effect.get("seconds", 0)))


def rule_sentence(rule: dict, t: Labels) -> dict:
    """``rule`` as ``fault_rules.listing`` gives it: {"matches", "does", "fired"} sentences."""
    what = rule["point"]
    if what == "api" and rule["match"].get("request") == "create":
        what = "api_create"  # a preset standing for a bad send: creates only, never reads
    criteria = _criteria(rule["match"], t)
    if criteria:
        matches = t["fault_rule_matches_some"].format(
            what=t[f"fault_rule_some_{what}"], criteria=t["tools_list_sep"].join(criteria))
    else:
        matches = t["fault_rule_matches_all"].format(what=t[f"fault_rule_every_{what}"])
    does = t["fault_rule_does"].format(effects=t["tools_and_sep"].join(
        _effect(e, t) for e in rule["effects"]))
    fired = t["fault_rule_fired"].format(fired=rule["fired"], seen=rule["seen"])
    return {"matches": matches, "does": does, "fired": fired}


# --- handsets and carriers ----------------------------------------------------------------------

def carrier_sentence(carrier: Carrier, t: Labels) -> str:
    """What the carrier does to every message it carries (only what differs from a plain
    carrier, after its latency)."""
    spacing = number(carrier.duplicate_spacing)
    parts = [t["handset_carrier_latency"].format(low=number(carrier.latency_min),
                                                 high=number(carrier.latency_max))]
    if carrier.congestion_delay:
        parts.append(t["handset_carrier_congestion"].format(
            seconds=number(carrier.congestion_delay)))
    if carrier.duplicate_copies == 1:
        parts.append(t["handset_carrier_twice"].format(spacing=spacing))
    elif carrier.duplicate_copies > 1:
        parts.append(t["handset_carrier_times"].format(times=carrier.duplicate_copies + 1,
                                                       spacing=spacing))
    if carrier.drop_receipts:
        parts.append(t["handset_carrier_drop_receipts"])
    if carrier.unreachable:
        parts.append(t["handset_carrier_unreachable"])
    if carrier.filter_after is not None:
        parts.append(t["handset_carrier_filter_after"].format(n=carrier.filter_after))
    if not carrier.reaches_twilio:
        parts.append(t["handset_carrier_no_twilio"])
    return t["tools_list_sep"].join(parts)


def carrier_is_plain(carrier: Carrier) -> bool:
    """A carrier that only delivers, late or not (the card highlights the others)."""
    return not (carrier.congestion_delay or carrier.duplicate_copies or carrier.drop_receipts
                or carrier.unreachable or carrier.filter_after is not None
                or not carrier.reaches_twilio)


def outbox_key(outcome: str, cause: str | None, t: Labels) -> str:
    """The label of a handset text's fate: by outcome and cause, else by outcome alone."""
    specific = f"outbox_{outcome}_{cause or 'none'}"
    return specific if specific in t else f"outbox_{outcome}"


def outbox_sentence(text: dict, t: Labels) -> str:
    """``text``: an outbox row (number, to_addr, outcome, cause, sent_at, arrive_at,
    message_sid)."""
    seconds = (text["arrive_at"] - text["sent_at"]) if text.get("arrive_at") else 0
    return t[outbox_key(text["outcome"], text.get("cause"), t)].format(
        to=text["to_addr"], sender=text["number"], seconds=f"{seconds:.0f}",
        sid=text.get("message_sid") or "")


# --- numbers and the clock ----------------------------------------------------------------------

def rate_reason(address: Address | None, overridden: bool, t: Labels) -> str:
    """Why the number sends at its rate (domain/sender_queue.py's table)."""
    if overridden:
        return t["number_rate_overridden"]
    if address is None:
        return ""
    if address.kind == "short_code":
        return t["number_rate_short_code"]
    if address.kind == "alphanumeric":
        return t["number_rate_alphanumeric"]
    if address.country in ("US", "CA"):
        toll_free = address.line_type == "toll_free"
        return t["number_rate_toll_free"] if toll_free else t["number_rate_us_long"]
    return t["number_rate_other"]


def rate_of(address: Address | None, send_rate: float | None) -> float:
    return send_rate or (default_rate(address) if address else 1.0)


def clock_sentence(state: ClockState, t: Labels) -> str:
    if state.mode == "manual":
        return t["faults_clock_manual"]
    return t["faults_clock_realtime"].format(speed=number(state.speed))
