"""Engine tests: the use cases over a temporary SQLite file, with no server and no HTTP."""

from __future__ import annotations

import pytest
from smsim.engine import accounts, numbers, world
from smsim.web import settings


@pytest.fixture
def store(tmp_path):
    """A booted world in a fresh database file, on a manual clock, with a fixed seed."""
    handle = world.open(str(tmp_path / "smsim.db"))
    world.boot(handle, settings.load({"db": str(tmp_path / "smsim.db"), "clock": "manual",
                                      "seed": "engine-tests"}, environ={}))
    return handle


@pytest.fixture
def account(store) -> dict:
    return accounts.default(store)


@pytest.fixture
def sender(store, account) -> str:
    return next(n["phone_number"] for n in numbers.of_account(store, account["sid"])
                if n["cap_sms"] and n["phone_number"].startswith("+1"))
