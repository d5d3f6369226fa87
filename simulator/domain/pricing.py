"""What a message costs: our plausible prices, per segment or per MMS."""

from __future__ import annotations

from smsim.domain import whatsapp
from smsim.domain.phone import WHATSAPP_PREFIX

# Our plausible prices, USD per segment (Twilio's US SMS list price is about 0.0079).
PRICE_PER_SEGMENT = {"US": 0.0079, "CA": 0.0079}
OTHER_PRICE = 0.0500
MMS_PRICE = 0.0200


def price(message: dict, to_country: str | None) -> str:
    if message["free"]:
        return "0.00000"
    if (message["to_addr"] or "").startswith(WHATSAPP_PREFIX):
        amount = whatsapp.PRICE  # one price per message, media or not (docs/whatsapp.md)
    elif message["num_media"]:
        amount = MMS_PRICE
    else:
        per = PRICE_PER_SEGMENT.get(to_country or "", OTHER_PRICE)
        amount = per * max(message["num_segments"], 1)
    return f"-{amount:.5f}"
