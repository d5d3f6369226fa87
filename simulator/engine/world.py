"""Bring a database to life: schema, seed, default account, and the optional seed file.

Run once by ``smsim serve`` before the workers start, and (idempotently) by every app
factory call, so a test that builds an app on an empty file gets a working world too.
"""

from __future__ import annotations

import secrets
import tomllib
from pathlib import Path

from smsim.domain.errors import TwilioError
from smsim.engine import accounts, demo, numbers, webhooks
from smsim.engine import clock as clockwork
from smsim.store.database import Store


def open(path: str) -> Store:
    """The handle of the world kept in the SQLite file at ``path`` (opened lazily, per
    thread); every engine function takes it first."""
    return Store(path)


def migrate(store: Store) -> None:
    """Bring the schema up to date, nothing more (a worker of a server already booted)."""
    store.migrate()


def boot(store: Store, config) -> dict:
    """Migrate, fix the seed and the clock, ensure the default account, apply the seed file;
    returns the default account. ``config`` is a settings.Config."""
    store.migrate()
    with store.write():
        if config.seed is not None:
            store.meta_set("seed", str(config.seed))
        elif store.meta_get("seed") is None:
            store.meta_set("seed", secrets.token_hex(8))
        clockwork.configure(store, mode=config.clock, speed=config.speed)
        store.meta_set("public_url", config.public_url)
        default = accounts.ensure_default(store, config.account_sid, config.auth_token)
        webhooks.recover_interrupted(store)
        if config.seed_file:
            apply_seed_file(store, config.seed_file)
        if config.demo:
            demo.populate(store)
    return accounts.get(store, default["sid"])


def reset(store: Store, *, seed_file: str | None = None, seed: str | None = None) -> dict:
    """A fresh world that keeps the default account's credentials (clients stay configured);
    with ``seed``, one that draws its SIDs and fates from that seed."""
    with store.write():
        current = accounts.default(store)
        store.wipe(restart_sequence=seed is not None)
        if seed is not None:
            store.meta_set("seed", seed)
        default = accounts.create(store, current["friendly_name"], sid=current["sid"],
                                  auth_token=current["auth_token"], is_default=True)
        if seed_file:
            apply_seed_file(store, seed_file)
    return default


class SeedFileError(ValueError):
    """A seed file that cannot be applied; the message names the file and the field."""


def apply_seed_file(store: Store, path: str) -> None:
    """Declare accounts and numbers from a TOML file (format in docs/seed-file.md)."""
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise SeedFileError(f"{path}: {exc}") from None
    for i, spec in enumerate(data.get("accounts", [])):
        where = f"{path}: accounts[{i}]"
        try:
            _apply_account(store, spec)
        except (TwilioError, ValueError, KeyError, TypeError) as exc:
            raise SeedFileError(f"{where}: {exc}") from None


ACCOUNT_KEYS = {"sid", "auth_token", "friendly_name", "default", "starter_numbers", "numbers"}
NUMBER_KEYS = {"phone_number", "friendly_name", "sms_url", "sms_method", "sms_fallback_url",
               "sms_fallback_method", "status_callback", "status_callback_method",
               "capabilities"}


def _apply_account(store: Store, spec: dict) -> None:
    unknown = set(spec) - ACCOUNT_KEYS
    if unknown:
        raise ValueError(f"unknown field(s) {sorted(unknown)}")
    if spec.get("default"):
        account = accounts.default(store)
        changes = {k: spec[k] for k in ("auth_token", "friendly_name") if spec.get(k)}
        if changes:
            accounts.update(store, account["sid"], changes)
    else:
        account = accounts.get(store, spec["sid"]) if spec.get("sid") else None
        if account is None:
            account = accounts.create(store, spec.get("friendly_name") or _demo_name(store),
                                      sid=spec.get("sid"), auth_token=spec.get("auth_token"),
                                      default_numbers=spec.get("starter_numbers", True))
    for j, number in enumerate(spec.get("numbers", [])):
        try:
            _apply_number(store, account["sid"], number)
        except (TwilioError, ValueError, KeyError, TypeError) as exc:
            raise ValueError(f"numbers[{j}]: {exc}") from None


def _apply_number(store: Store, account_sid: str, spec: dict) -> None:
    unknown = set(spec) - NUMBER_KEYS
    if unknown:
        raise ValueError(f"unknown field(s) {sorted(unknown)}")
    caps = spec.get("capabilities") or {}
    bad_caps = set(caps) - {"voice", "sms", "mms", "fax"}
    if bad_caps:
        raise ValueError(f"capabilities: unknown key(s) {sorted(bad_caps)}")
    fields = {param: spec[column] for param, column in numbers.UPDATABLE.items()
              if column in spec}
    existing = numbers.owned(store, account_sid, spec["phone_number"])
    if existing is None:
        numbers.provision(store, account_sid, spec["phone_number"], fields, caps)
        return
    numbers.update(store, existing, fields)
    if caps:
        numbers.set_capabilities(store, existing["sid"], caps)


def _demo_name(store: Store) -> str:
    # faker gives trainers realistic company names; seeded so the same seed names alike.
    from faker import Faker

    fake = Faker()
    fake.seed_instance(f"{store.seed()}:{store.next_number()}")
    return fake.company()
