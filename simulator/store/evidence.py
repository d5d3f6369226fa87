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
    return list(store.db.query(
        "SELECT sid, status, from_addr, to_addr, date_created FROM messages "
        f"WHERE {where.sql} ORDER BY seq DESC LIMIT ?", [*where.params, limit]))


def _sids(sids) -> list:
    return [json.dumps(list(sids))]


def steps(store: Store, sids) -> list[dict]:
    """The steps of these messages, each message's in time order."""
    return list(store.db.query(
        "SELECT * FROM steps WHERE message_sid IN (SELECT value FROM json_each(?)) "
        "ORDER BY message_sid, at, id", _sids(sids)))


def copies(store: Store, sids) -> list[dict]:
    """The inbox copies of these messages (shown or not), oldest first."""
    return list(store.db.query(
        "SELECT * FROM inbox WHERE message_sid IN (SELECT value FROM json_each(?)) "
        "ORDER BY received_at, id", _sids(sids)))


def webhooks(store: Store, sids) -> list[dict]:
    """The webhooks of these messages in due order; params still JSON text."""
    return list(store.db.query(
        "SELECT * FROM webhooks WHERE message_sid IN (SELECT value FROM json_each(?)) "
        "ORDER BY due_at, id", _sids(sids)))


def attempts(store: Store, webhook_ids) -> list[dict]:
    """The attempts of these webhooks, in order."""
    return list(store.db.query(
        "SELECT * FROM webhook_attempts WHERE webhook_id IN (SELECT value FROM json_each(?)) "
        "ORDER BY id", _sids(webhook_ids)))
