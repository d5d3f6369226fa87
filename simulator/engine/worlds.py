"""Sealed worlds: every account created for a test lives in a world of its own.

A world is everything one account can see and change: its numbers, handsets, carriers, fault
rules and their log, opt-outs, Messaging Services, request log, webhooks, seed, SID sequence
and clock. The default world is the server's database file; each world created with
``POST /_sim/accounts`` is a database file of its own beside it (``<db>.worlds/<AC>.db``), so
two worlds share no row by construction (as moto keeps a backend per account, and the
Firebase emulators a data set per project), and deleting one deletes its file. The default
file keeps the registry: which file holds which world, and which world a credential (an
account SID, live or test, or an API key SID) opens.

Creating a world is a new SQLite file and its migrations: milliseconds, not a reset.
"""

from __future__ import annotations

import shutil
import threading
import time
from pathlib import Path

from smsim.engine import accounts, webhooks
from smsim.engine import clock as clockwork
from smsim.engine import world as world_files
from smsim.store import worlds as worlds_store
from smsim.store.database import Store

_UNKNOWN = object()
CREDENTIALS_KEPT = 10_000  # credentials remembered per process before starting afresh


class WorldError(ValueError):
    """A world that cannot be found, made or deleted; the message names the account."""

    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.status = status


class Worlds:
    """The default world and the registry of the others, with one open handle per world."""

    def __init__(self, default: Store):
        self.default = default
        self.folder = Path(default.path + ".worlds")
        self._open: dict[str, Store] = {}
        self._lock = threading.Lock()
        # Which world each Basic user name opens, as this process has learnt it: SIDs are
        # never reused, so an answer stays true until its world is deleted, which removes
        # the world's file (checked on every use). Saves a query on every API request.
        self._credentials: dict[str, tuple[str, str] | None] = {}

    # --- finding a world ---------------------------------------------------------------------
    def _handle(self, account_sid: str, file: str) -> Store:
        with self._lock:
            store = self._open.get(account_sid)
            if store is None:
                store = self._open[account_sid] = world_files.open(str(self.folder / file))
            return store

    def of_credential(self, sid: str | None) -> Store:
        """The world a Basic user name opens (an account or API key SID); the default world
        for its own credentials and for anything unknown (which it then refuses)."""
        if not sid:
            return self.default
        known = self._credentials.get(sid, _UNKNOWN)
        if known is _UNKNOWN or (known is not None and not (self.folder / known[1]).exists()):
            row = worlds_store.of_credential(self.default, sid)
            known = (row["account_sid"], row["file"]) if row else None
            if len(self._credentials) > CREDENTIALS_KEPT:
                self._credentials.clear()
            self._credentials[sid] = known
        return self._handle(*known) if known else self.default

    def named(self, account_sid: str | None) -> Store:
        """The world a control request names by account SID (live or test); the default
        world without one. WorldError (404) for a SID no world has."""
        if not account_sid:
            return self.default
        row = worlds_store.of_credential(self.default, account_sid)
        if row is not None:
            return self._handle(row["account_sid"], row["file"])
        if accounts.get(self.default, account_sid) is not None:
            return self.default
        raise WorldError(f"no world has account {account_sid}", 404)

    def all(self) -> list[tuple[str | None, Store]]:
        """(account SID, handle) of every world, the default world first (SID None). Handles
        of worlds another process deleted are closed here."""
        rows = worlds_store.listing(self.default)
        live = {row["account_sid"] for row in rows}
        with self._lock:
            for sid in [sid for sid in self._open if sid not in live]:
                del self._open[sid]
        return [(None, self.default)] + [
            (row["account_sid"], self._handle(row["account_sid"], row["file"])) for row in rows]

    # --- making and deleting worlds ----------------------------------------------------------
    def create(self, friendly_name: str | None = None, *, mode: str, speed: float,
               public_url: str, webhook_timeout: float) -> tuple[Store, dict]:
        """A new world with a new account (live and test credentials, starter numbers), its
        own seed drawn from the default world's (same requests, same SIDs), its clock in
        ``mode`` at ``speed`` starting now."""
        default = self.default
        with default.write():
            sid = default.new_unique_sid("AC", "accounts")
            while worlds_store.of_credential(default, sid) is not None:
                sid = default.new_unique_sid("AC", "accounts")
            auth_token = default.new_token()
        file = f"{sid}.db"
        self.folder.mkdir(parents=True, exist_ok=True)
        _remove_files(self.folder / file)
        store = self._handle(sid, file)
        store.migrate()
        with store.write():
            store.meta_set("seed", f"{default.seed()}/{sid}")
            store.meta_set("public_url", public_url)
            clockwork.configure(store, mode=mode, speed=speed)
            webhooks.note_timeout(store, webhook_timeout)
            account = accounts.create(store, friendly_name, sid=sid, auth_token=auth_token,
                                      is_default=True)
        with default.write():
            worlds_store.add(default, sid, file, time.time())
            self._register(sid, store)
        return store, account

    def _register(self, world_sid: str, store: Store) -> None:
        """Let the world's credentials find it (inside the default world's transaction)."""
        worlds_store.forget_credentials(self.default, world_sid)
        for row in accounts.listing(store):
            worlds_store.add_credential(self.default, row["sid"], world_sid)
        for key in accounts.all_keys(store):
            worlds_store.add_credential(self.default, key["sid"], world_sid)

    def register_key(self, store: Store, key_sid: str) -> None:
        """A new API key of a world's account opens that world."""
        world_sid = self.sid_of(store)
        if world_sid is not None:
            with self.default.write():
                worlds_store.add_credential(self.default, key_sid, world_sid)

    def reregister(self, store: Store) -> None:
        """After a reset the world's test credentials are new: point them at it."""
        world_sid = self.sid_of(store)
        if world_sid is not None:
            with self.default.write():
                self._register(world_sid, store)

    def sid_of(self, store: Store) -> str | None:
        """The account SID that names ``store``'s world; None for the default world."""
        with self._lock:
            return next((sid for sid, handle in self._open.items() if handle is store), None)

    def delete(self, account_sid: str) -> None:
        """Delete a world: its registry rows, its handle and its file."""
        row = worlds_store.get(self.default, account_sid)
        if row is None:
            if accounts.get(self.default, account_sid) is not None:
                raise WorldError(f"account {account_sid} is in the default world, which "
                                 "cannot be deleted (reset it instead)")
            raise WorldError(f"no world has account {account_sid}", 404)
        with self.default.write():
            worlds_store.remove(self.default, account_sid)
        # Forgetting the handle closes its connections once no thread uses them any more
        # (each thread's connection goes with the handle's thread-local data); closing them
        # from here could pull one from under a thread in the middle of a query.
        with self._lock:
            self._open.pop(account_sid, None)
        _remove_files(self.folder / row["file"])


def _remove_files(path: Path) -> None:
    """The database file and SQLite's write-ahead log and shared-memory files beside it,
    and the world's snapshots (engine/snapshots.py)."""
    for suffix in ("", "-wal", "-shm", "-journal", "-lock"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    shutil.rmtree(str(path) + ".snapshots", ignore_errors=True)
