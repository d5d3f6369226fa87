"""Looking up one record of an account by SID, as every instance URL does."""

from __future__ import annotations

from smsim.domain import ids
from smsim.domain.errors import TwilioError
from smsim.store.database import Store


def owned(store: Store, table: str, sid: str, prefixes: str | tuple[str, ...],
          account_sid: str, path: str) -> dict:
    """The row, or Twilio's 404 / 20404 when the SID is malformed, unknown or not this
    account's (Twilio never tells one account that another's SID exists)."""
    row = store.get(table, sid=sid) if ids.is_sid(sid, prefixes) else None
    if row is None or row["account_sid"] != account_sid:
        raise TwilioError(20404, path=path)
    return row
