"""What a handset shows of a WhatsApp message beyond its text, and the answer a user gives by
tapping one of its quick-reply buttons (docs/whatsapp.md, Templates).

A twilio/quick-reply template's buttons are kept with each message sent from it
(store/whatsapp.py message_buttons); a tap picks one of them from a message the handset
received, and the answer reaches the business as WhatsApp does it: Body is the button's title,
with ButtonText, ButtonPayload and the replied-to message (engine/inbound.py).
"""

from __future__ import annotations

from smsim.domain import phone
from smsim.store import handset_texts
from smsim.store import whatsapp as whatsapp_store
from smsim.store.database import Store


class ButtonError(ValueError):
    """A tap that cannot be made; the message names the field."""


def attachments(store: Store, sids) -> dict[str, dict]:
    """For each message in ``sids`` with media or buttons: ``{"media": [urls], "buttons":
    [{"id", "title"}]}`` as the handset's inbox shows them."""
    sids = sorted({s for s in sids if s})
    media = whatsapp_store.media_of(store, sids)
    buttons = whatsapp_store.buttons_of(store, sids)
    return {sid: {"media": [m["url"] for m in media.get(sid, [])],
                  "buttons": [{"id": b["payload"], "title": b["title"]}
                              for b in buttons.get(sid, [])]}
            for sid in sids if sid in media or sid in buttons}


def tap(store: Store, number: str, business: str, button, in_reply_to) -> dict:
    """The button ``button`` (its id or its title) of the message ``in_reply_to`` the handset
    at ``number`` received from ``business`` (E.164) — by default the latest such message with
    buttons. Returns {"text", "payload", "replied_sid", "replied_sender"}."""
    if not isinstance(button, str) or not button:
        raise ButtonError("button must be the id or the title of a button of the message")
    if in_reply_to is not None and not isinstance(in_reply_to, str):
        raise ButtonError("in_reply_to must be a message SID")
    sender = phone.WHATSAPP_PREFIX + business
    copies = [c for c in reversed(handset_texts.inbox(store, number, shown_only=False))
              if c["from_addr"] == sender and c["message_sid"]
              and (in_reply_to is None or c["message_sid"] == in_reply_to)]
    sids = [c["message_sid"] for c in copies]
    found = whatsapp_store.buttons_of(store, sids)
    chosen = next((sid for sid in sids if sid in found), None)
    if chosen is None:
        which = in_reply_to or f"any message from {sender}"
        raise ButtonError(f"in_reply_to: {number} has not received {which} with buttons")
    buttons = found[chosen]
    match = next((b for b in buttons if button in (b["payload"], b["title"])), None)
    if match is None:
        offered = ", ".join(f"{b['payload']!r} ({b['title']})" for b in buttons)
        raise ButtonError(f"button: {button!r} is not a button of {chosen}; its buttons: "
                          f"{offered}")
    return {"text": match["title"], "payload": match["payload"], "replied_sid": chosen,
            "replied_sender": sender}


def webhook_params(answer: dict) -> dict:
    """WhatsApp's parameters for a button answer, as a captured inbound webhook shows them
    (docs/whatsapp.md cites it): ButtonText, ButtonPayload, OriginalRepliedMessageSid and
    OriginalRepliedMessageSender."""
    return {"ButtonText": answer["text"], "ButtonPayload": answer["payload"],
            "OriginalRepliedMessageSid": answer["replied_sid"],
            "OriginalRepliedMessageSender": answer["replied_sender"]}
