"""The fate of a text a handset sends to a Twilio number (the guide's section 2, "my number
does not receive SMS"), decided when it is sent, from the facts the engine reads."""

from __future__ import annotations

import random

from smsim.domain import phone
from smsim.domain.handsets import Carrier, Handset


def fate(sender: phone.Address, to: phone.Address, handset: Handset, carrier: Carrier,
         to_sms: bool | None, blocked_countries: list[str], rng: random.Random,
         now: float) -> tuple[str, str, str, float | None]:
    """(outcome, cause, reason, arrival time or None) by the guide's section 2. The cause is
    a stable word for programs (the diagnostic); the reason is for people. ``handset`` is
    the sender's, ``carrier`` its carrier; ``to_sms`` is None when ``to`` is not a number of
    this simulator, else whether that number has SMS capability."""
    if sender.kind == "short_code":
        return ("lost", "short_code_sender",
                f"{sender.value} is a short code: short-code carriers only deliver to "
                        "mobile numbers, and a Twilio number is not one", None)
    if handset.power == "off":
        return ("not_sent", "switched_off", "the handset is switched off: the text was never "
                "sent", None)
    if handset.signal == "none":
        return ("not_sent", "no_signal", "the handset has no signal: the text was never sent",
                None)
    if to_sms is None:
        return ("elsewhere", "not_a_twilio_number", f"{to.value} is not a number of this "
                "simulator", None)
    country = handset.country or sender.country
    if country in blocked_countries or not carrier.reaches_twilio:
        return ("lost", "blocked_country", f"carriers in {country} ({carrier.name}) cannot "
                "hand SMS to "
                        "Twilio's network", None)
    if not to_sms:
        return ("lost", "no_sms_capability", f"{to.value} has no SMS capability: it cannot "
                "receive texts", None)
    latency = rng.uniform(carrier.latency_min, carrier.latency_max) + carrier.congestion_delay
    reasons = [f"carrier latency {latency:.1f} s"]
    if handset.roaming:
        if rng.random() < carrier.roaming_loss_probability:
            return ("lost", "roaming", "the sender is roaming: the visited network dropped "
                    "the text",
                    None)
        extra = rng.uniform(0, carrier.roaming_delay)
        latency += extra
        reasons.append(f"roaming +{extra:.1f} s")
    if handset.signal == "poor":
        extra = rng.uniform(0, carrier.poor_signal_delay)
        latency += extra
        reasons.append(f"poor signal +{extra:.1f} s")
    cause = "roaming" if handset.roaming else ("poor_signal" if handset.signal == "poor"
                                                 else "")
    return "in_transit", cause, "; ".join(reasons), now + latency
