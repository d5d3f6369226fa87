"""The schema: named migrations, applied in order once, and the order a wipe empties tables."""

from __future__ import annotations

from importlib import resources


def _migrations() -> list[tuple[str, str]]:
    """(name, SQL) of every file in migrations/, in the order of their names (001_, 002_ ...);
    a name once applied is never applied again, so a file is never edited, only added."""
    folder = resources.files("smsim.store").joinpath("migrations")
    files = sorted((f for f in folder.iterdir() if f.name.endswith(".sql")), key=lambda f: f.name)
    return [(f.name.removesuffix(".sql"), f.read_text(encoding="utf-8")) for f in files]


MIGRATIONS = _migrations()


# Children before parents, so foreign keys never object.
WIPE_ORDER = (
    "verification_attempts", "verifications", "verify_services", "whatsapp_sandbox",
    "whatsapp_templates", "message_buttons",
    "fault_log", "faults", "outbox", "opt_outs", "sticky_senders", "channel_senders",
    "service_numbers",
    "services", "webhook_attempts", "webhooks", "inbox", "carrier_counts", "carriers",
    "handsets", "sender_queues", "steps", "requests", "media", "messages", "numbers",
    "api_keys", "accounts",
)
