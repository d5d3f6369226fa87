"""What the dashboard's timeline of one message reads besides its steps: the handset text
an inbound message came from, its replies, and whether anything is still to happen."""

from __future__ import annotations

from smsim.store.database import Store


def handset_text(store: Store, message_sid: str) -> dict | None:
    """The text a handset sent that became this (inbound) message."""
    return store.row("SELECT * FROM outbox WHERE message_sid = ? LIMIT 1", [message_sid])


def keyword_reply(store: Store, inbound: dict) -> dict | None:
    """Twilio's own answer to STOP, START or HELP: a free reply from the number to the
    sender, made at the very instant the keyword arrived."""
    return store.row(
        "SELECT * FROM messages WHERE to_addr = ? AND direction = 'outbound-reply' "
        "AND free = 1 AND from_addr = ? AND date_created = ? LIMIT 1",
        [inbound["from_addr"], inbound["to_addr"], inbound["date_created"]])


def messages(store: Store, sids: list[str]) -> list[dict]:
    if not sids:
        return []
    return store.rows(f"SELECT * FROM messages WHERE sid IN ({','.join('?' * len(sids))}) "
                      "ORDER BY seq", sids)


def anything_to_come(store: Store, sids: list[str]) -> bool:
    """Does a step or a webhook of one of these messages remain to happen?"""
    marks = ",".join("?" * len(sids))
    return store.db.conn.execute(
        f"SELECT EXISTS(SELECT 1 FROM steps WHERE done = 0 AND message_sid IN ({marks})) "
        f"OR EXISTS(SELECT 1 FROM webhooks WHERE state IN ('pending', 'delivering') "
        f"AND message_sid IN ({marks}))", [*sids, *sids]).fetchone()[0] == 1


def newest(store: Store, limit: int) -> list[dict]:
    """The newest messages of the world, newest first."""
    return store.select("messages", order="seq DESC", limit=int(limit))
