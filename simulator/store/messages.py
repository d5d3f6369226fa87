"""Messages and their media."""

from __future__ import annotations

from smsim.domain.paging import Bound, Page, Window
from smsim.store import pages
from smsim.store.database import Store
from smsim.store.filters import Where
from smsim.store.records import Records

get, _insert, update, delete = Records("messages").crud


def insert(store: Store, row: dict) -> dict:
    """Insert a message and read it back whole (seq, defaults) in the same statement."""
    return store.insert_returning("messages", row)


def on_their_way_to(store: Store, number: str, step_kinds) -> list[dict]:
    """Messages to ``number`` not yet final with a future step of one of ``step_kinds``."""
    step_kinds = list(step_kinds)
    return store.select(
        "messages", "to_addr = ? AND status IN ('queued', 'sending', 'sent') AND sid IN "
        "(SELECT message_sid FROM steps WHERE done = 0 AND kind IN "
        f"({','.join('?' * len(step_kinds))}))", [number, *step_kinds])


def delivered_whatsapp(store: Store, to_addr: str) -> list[dict]:
    """WhatsApp messages to ``to_addr`` (whatsapp:+E164) delivered and not read yet."""
    return store.select("messages", "to_addr = ? AND status = 'delivered'", [to_addr])


def waiting_whatsapp(store: Store, to_addr: str) -> list[dict]:
    """WhatsApp messages to ``to_addr`` (whatsapp:+E164) not yet delivered nor final: on
    their way to WhatsApp, or held by it (sent, with no step left to happen)."""
    return store.select("messages", "to_addr = ? AND status IN "
                        "('accepted', 'scheduled', 'queued', 'sending', 'sent')", [to_addr])


def page(store: Store, account_sid: str, window: Window, to: str | None = None,
         from_: str | None = None, sent: list[Bound] = ()) -> Page | None:
    """The account's messages, newest first: to, from, and bounds on the time sent."""
    where = pages.bounded(Where().equal("account_sid", account_sid).equal("to_addr", to)
                          .equal("from_addr", from_), "date_sent", sent)
    # The index to walk, newest first, chosen here: with a DateSent bound, SQLite alone
    # picks the DateSent index and sorts every match (0.8 s for a recent range at a
    # million messages), or walks every message for a range that matches none (0.37 s).
    if to:
        index = "messages_account_to"
    elif from_:
        index = "messages_account_from"
    elif sent and _few_sent(store, where):
        # Few messages in the range: read them through the DateSent index and order those.
        index = "messages_account_sent"
    else:
        index = "messages_account"
    return pages.page(store, "messages", where, window, index=index)


SENT_FEW = 5000  # up to this many matches, the DateSent index and a sort win


def _few_sent(store: Store, where: Where) -> bool:
    (count,) = store.db.conn.execute(
        "SELECT COUNT(*) FROM (SELECT 1 FROM messages INDEXED BY messages_account_sent "
        f"WHERE {where.sql} LIMIT {SENT_FEW + 1})", where.params).fetchone()
    return count <= SENT_FEW


# --- media -------------------------------------------------------------------------------

def insert_media(store: Store, row: dict) -> None:
    store.insert("media", row)


def media(store: Store, sid: str) -> dict | None:
    return store.get("media", sid=sid)


def delete_media(store: Store, sid: str) -> None:
    store.delete("media", sid)


def media_page(store: Store, message_sid: str, window: Window,
               created: list[Bound] = ()) -> Page | None:
    """A message's media, newest first, within bounds on the time created."""
    where = Where().equal("message_sid", message_sid)
    return pages.page(store, "media", pages.bounded(where, "date_created", created), window)


# --- the dashboard's log and the control plane's number view ------------------------------

def log_page(store: Store, *, account: str | None = None, number: str | None = None,
             status: str | None = None, condition: Where | None = None,
             before: int | None = None, limit: int) -> list[dict]:
    """Messages newest first (keyset paging on seq, ``before`` excluded), filtered: of an
    account, to or from a number, in a status, meeting ``condition`` (a symptom's, on the
    row ``m``: store/log_symptoms.py). Indexed columns first."""
    where = Where().equal("account_sid", account)
    if number:
        # Each side by its own index (messages_to, messages_from_seq), not a scan of all.
        where.clause("seq IN (SELECT seq FROM messages WHERE to_addr = ? UNION ALL "
                     "SELECT seq FROM messages WHERE from_addr = ?)", number, number)
    where.equal("status", status)
    if condition is not None:
        where.clause(condition.sql, *condition.params)
    where.before("seq", before)
    return store.rows(f"SELECT m.* FROM messages AS m WHERE {where.sql} ORDER BY seq DESC "
                      f"LIMIT {int(limit)}", where.params)


def recent_parties(store: Store, limit: int) -> list[tuple[str | None, str | None]]:
    """(to, from) of the newest ``limit`` messages, newest first."""
    return [tuple(row) for row in store.db.conn.execute(
        "SELECT to_addr, from_addr FROM messages ORDER BY seq DESC LIMIT ?", [limit])]


def queued_count(store: Store, account_sid: str, sender: str) -> int:
    """Messages of an account waiting in ``sender``'s queue."""
    return store.count("messages", "account_sid = ? AND from_addr = ? AND status = 'queued'",
                       [account_sid, sender])


def last_inbound_at(store: Store, from_addr: str, to_addr: str, until: float) -> float | None:
    """When ``from_addr`` last sent ``to_addr`` a message that was received, up to ``until``
    (a WhatsApp user's last message to a business: its 24-hour window)."""
    row = store.execute(
        "SELECT MAX(date_created) FROM messages WHERE direction = 'inbound' AND from_addr = ? "
        "AND to_addr = ? AND status = 'received' AND date_created <= ?",
        [from_addr, to_addr, until]).fetchone()
    return row[0] if row else None
