"""Diagnose's evidence read in bulk: the messages of a scope (an account's, since a time, to
or from a number, newest first) and their steps, inbox copies and webhooks, each kind in one
query however many messages there are (web/control/messages.py /messages/evidence)."""

from __future__ import annotations

import json

from smsim.store.database import Store
from smsim.store.filters import Where


def scope_messages(store: Store, account_sid: str | None, since: float | None,
                   to: str | None, from_: str | None, limit: int) -> list[dict]:
    """The scope's messages (sid, status, from_addr, to_addr, date_created), newest first,
    at most ``limit``."""
    where = Where().equal("account_sid", account_sid).equal("to_addr", to) \
        .equal("from_addr", from_).at_least("date_created", since)
    return store.rows(
        "SELECT sid, status, from_addr, to_addr, date_created FROM messages "
        f"WHERE {where.sql} ORDER BY seq DESC LIMIT ?", [*where.params, limit])


def _of(store: Store, table: str, column: str, keys, order: str) -> list[dict]:
    """Rows of ``table`` whose ``column`` is one of ``keys``, in one query however many."""
    return store.rows(f"SELECT * FROM [{table}] WHERE [{column}] IN "
                      f"(SELECT value FROM json_each(?)) ORDER BY {order}",
                      [json.dumps(list(keys))])


def steps(store: Store, sids) -> list[dict]:
    """The steps of these messages, each message's in time order."""
    return _of(store, "steps", "message_sid", sids, "message_sid, at, id")


def copies(store: Store, sids) -> list[dict]:
    """The inbox copies of these messages (shown or not), oldest first."""
    return _of(store, "inbox", "message_sid", sids, "received_at, id")


def webhooks(store: Store, sids) -> list[dict]:
    """The webhooks of these messages in due order; params still JSON text."""
    return _of(store, "webhooks", "message_sid", sids, "due_at, id")


def attempts(store: Store, webhook_ids) -> list[dict]:
    """The attempts of these webhooks, in order."""
    return _of(store, "webhook_attempts", "webhook_id", webhook_ids, "id")
