"""A Messaging Service's ChannelSenders overrides (table channel_senders): which WhatsApp
numbers were added to a service, or taken out of it, through that subresource."""

from __future__ import annotations

from smsim.store.database import Store


def of_service(store: Store, service_sid: str) -> list[dict]:
    """The service's overrides, oldest first."""
    return store.select("channel_senders", "service_sid = ?", [service_sid],
                        order="date_created, rowid")


def of_number(store: Store, number_sid: str) -> list[dict]:
    """Every service's override of one number."""
    return store.select("channel_senders", "number_sid = ?", [number_sid])


def put(store: Store, row: dict) -> None:
    """Set a number's override in a service (one per pair: a later one replaces it)."""
    with store.write() as db:
        db.conn.execute(
            "INSERT INTO channel_senders(service_sid, number_sid, member, date_created, "
            "date_updated) VALUES (:service_sid, :number_sid, :member, :date_created, "
            ":date_updated) ON CONFLICT(service_sid, number_sid) DO UPDATE SET "
            "member = excluded.member, date_created = excluded.date_created, "
            "date_updated = excluded.date_updated", row)


def remove(store: Store, service_sid: str, number_sid: str) -> None:
    with store.write() as db:
        db.conn.execute("DELETE FROM channel_senders WHERE service_sid = ? AND number_sid = ?",
                        [service_sid, number_sid])


def forget_whatsapp_sticky(store: Store, service_sid: str, number_sid: str) -> None:
    """A sender leaving a service takes its WhatsApp sticky mappings with it, as a number
    leaving the pool does (support 223181288); its SMS mappings stay."""
    with store.write() as db:
        db.conn.execute("DELETE FROM sticky_senders WHERE service_sid = ? AND number_sid = ? "
                        "AND recipient LIKE 'whatsapp:%'", [service_sid, number_sid])
