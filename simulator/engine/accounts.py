"""Accounts, their test credentials and API keys; who a request authenticates as.

Each account is a live account with a second ``AC...`` SID and token for Twilio's test
credentials (docs iam/test-credentials). API keys (``SK...`` + secret) authenticate as their
account over HTTP Basic, as Twilio accepts them (docs iam/api-keys).
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass

from smsim.domain import ids
from smsim.domain.errors import TwilioError
from smsim.domain.paging import Page, Window
from smsim.engine import numbers
from smsim.store import accounts as accounts_store
from smsim.store.database import Store


@dataclass(frozen=True)
class Caller:
    """Who made an API request."""

    account: dict  # the live account row
    mode: str  # "live" or "test"
    credential: str  # the SID used as the Basic user name (AC... or SK...)

    @property
    def account_sid(self) -> str:
        """The SID the request's resources belong to (the test SID in test mode)."""
        return self.account["test_sid"] if self.mode == "test" else self.account["sid"]


def _row_with_test(store: Store, live: dict) -> dict:
    test = accounts_store.test_of(store, live["sid"])
    return {**live, "test_sid": test["sid"], "test_token": test["auth_token"]}


def get(store: Store, sid: str) -> dict | None:
    row = accounts_store.live(store, sid)
    return _row_with_test(store, row) if row else None


def default(store: Store) -> dict | None:
    row = accounts_store.default(store)
    return _row_with_test(store, row) if row else None


def all_live(store: Store) -> list[dict]:
    return [_row_with_test(store, row) for row in accounts_store.all_live(store)]


def count_live(store: Store) -> int:
    return accounts_store.count_live(store)


def account_row(store: Store, sid: str) -> dict | None:
    """The account row of either kind, as the Account resource shows it."""
    return accounts_store.get(store, sid)


def rename(store: Store, sid: str, friendly_name: str) -> dict:
    accounts_store.update(store, sid, {"friendly_name": friendly_name,
                                       "date_updated": store.now()})
    return accounts_store.get(store, sid)


def create(store: Store, friendly_name: str | None = None, sid: str | None = None,
           auth_token: str | None = None, is_default: bool = False,
           default_numbers: bool = True) -> dict:
    """A live account, its test credentials and (by default) its starter numbers."""
    if sid is not None and not ids.is_sid(sid, "AC"):
        raise ValueError(f"account_sid must be AC followed by 32 hex digits, got {sid!r}")
    if auth_token is not None and not auth_token:
        raise ValueError("auth_token must not be empty")
    now = store.now()
    with store.write():
        sid = sid or store.new_unique_sid("AC", "accounts")
        if accounts_store.get(store, sid):
            raise ValueError(f"account {sid} exists already")
        name = friendly_name or f"smsim account {sid[-6:]}"
        accounts_store.insert(store, {
            "sid": sid, "auth_token": auth_token or store.new_token(), "friendly_name": name,
            "kind": "live", "live_sid": None, "is_default": int(is_default),
            "date_created": now, "date_updated": now})
        accounts_store.insert(store, {
            "sid": store.new_unique_sid("AC", "accounts"), "auth_token": store.new_token(),
            "friendly_name": f"{name} (test credentials)", "kind": "test", "live_sid": sid,
            "is_default": 0, "date_created": now, "date_updated": now})
        if default_numbers:
            numbers.provision_starter_numbers(store, sid)
    return get(store, sid)


def update(store: Store, sid: str, changes: dict) -> None:
    """Set columns of an account row as given (a seed file's auth_token, friendly_name)."""
    accounts_store.update(store, sid, changes)


def ensure_default(store: Store, sid: str | None, auth_token: str | None) -> dict:
    """The default account, created on first start; SMSIM_ACCOUNT_SID/TOKEN pin its values."""
    current = default(store)
    if current is None:
        return create(store, "smsim default account", sid=sid, auth_token=auth_token,
                      is_default=True)
    changes = {}
    if sid and sid != current["sid"]:
        # A different pinned SID: start that account afresh rather than rename rows.
        accounts_store.update(store, current["sid"], {"is_default": 0})
        return create(store, "smsim default account", sid=sid, auth_token=auth_token,
                      is_default=True)
    if auth_token and auth_token != current["auth_token"]:
        changes["auth_token"] = auth_token
    if changes:
        accounts_store.update(store, current["sid"], changes)
    return get(store, current["sid"])


# --- API keys ---------------------------------------------------------------------------------
def create_key(store: Store, account_sid: str, friendly_name: str | None) -> dict:
    now = store.now()
    with store.write():
        row = {"sid": store.new_sid("SK"), "account_sid": account_sid,
               "secret": store.new_token(), "friendly_name": friendly_name or "",
               "date_created": now, "date_updated": now}
        accounts_store.insert_key(store, row)
    return row


def key(store: Store, sid: str) -> dict | None:
    return accounts_store.key(store, sid)


def all_keys(store: Store) -> list[dict]:
    return accounts_store.all_keys(store)


def keys_page(store: Store, account_sid: str, window: Window) -> Page | None:
    """A page of the account's API keys, newest first (None: the PageToken is unknown)."""
    return accounts_store.keys_page(store, account_sid, window)


def rename_key(store: Store, sid: str, friendly_name: str) -> dict:
    accounts_store.update_key(store, sid, {"friendly_name": friendly_name,
                                           "date_updated": store.now()})
    return accounts_store.key(store, sid)


def delete_key(store: Store, sid: str) -> None:
    accounts_store.delete_key(store, sid)


# --- authentication ---------------------------------------------------------------------------
def account_of_credential(store: Store, username: str | None) -> str | None:
    """The account SID a Basic user name stands for (an AC SID, or an API key's account)."""
    if not username:
        return None
    if username.startswith("SK"):
        key = accounts_store.key(store, username)
        return key["account_sid"] if key else None
    return username



def authenticate(store: Store, username: str | None, password: str | None,
                 path_account_sid: str) -> Caller:
    """The caller, or Twilio's 401 / 20003 for wrong, missing or mismatched credentials."""
    if not username or password is None:
        raise TwilioError(20003)
    if username.startswith("SK"):
        key = accounts_store.key(store, username)
        if key is None or not hmac.compare_digest(key["secret"], password):
            raise TwilioError(20003)
        account = get(store, key["account_sid"])
        if account is None or path_account_sid != account["sid"]:
            raise TwilioError(20003)
        return Caller(account, "live", username)
    pair = accounts_store.with_pair(store, username)
    row = next((r for r in pair if r["sid"] == username), None)
    if row is None or not hmac.compare_digest(row["auth_token"], password):
        raise TwilioError(20003)
    # Credentials only open their own account: live credentials on the test SID or test
    # credentials on the live SID are "mismatched" (docs errors/20003: "Using Test Credentials
    # to access your Live Account").
    if path_account_sid != username:
        raise TwilioError(20003)
    live = next(r for r in pair if r["kind"] == "live")
    test = next(r for r in pair if r["kind"] == "test")
    account = {**live, "test_sid": test["sid"], "test_token": test["auth_token"]}
    return Caller(account, "test" if row["kind"] == "test" else "live", username)


def listing(store: Store) -> list[dict]:
    """Live accounts before test ones, oldest first."""
    return accounts_store.listing(store)
