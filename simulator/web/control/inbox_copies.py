"""The copies of messages a handset received, as every control-plane answer writes them: one
handset's inbox, every inbox, and diagnose's bulk evidence (which must say exactly what the
per-message endpoints say, tests/test_evidence_bulk.py)."""

from __future__ import annotations

from smsim.domain import phone
from smsim.domain.clock import iso8601
from smsim.engine import whatsapp_buttons


def copies_json(store, rows: list[dict], with_number: bool = True) -> list[dict]:
    """``rows``: inbox rows; ``with_number``: say which handset (answers spanning handsets).
    Their media URLs (MMS, WhatsApp media) and quick-reply buttons are read in one go."""
    extras = whatsapp_buttons.attachments(store, [r["message_sid"] for r in rows])
    return [copy_json(r, extras.get(r["message_sid"], {}), with_number) for r in rows]


def copy_json(row: dict, extra: dict, with_number: bool = True) -> dict:
    copy = {"number": row["number"]} if with_number else {}
    copy.update({
        # The sandbox's own replies are no Message: no SID (engine/whatsapp.answer_handset).
        "message_sid": row["message_sid"] or None, "from": row["from_addr"],
        "body": row["body"], "received_at": iso8601(row["received_at"]), "copy": row["copy"],
        "shown": bool(row["shown"]),
        # A WhatsApp message reached the app, not the SMS inbox: its from says whatsapp:.
        "channel": phone.channel_of(row["from_addr"]),
        "media": extra.get("media", []), "buttons": extra.get("buttons", [])})
    return copy
