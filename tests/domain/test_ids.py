"""Seeded SIDs and tokens: same seed and sequence number, same SID."""

from __future__ import annotations

import hashlib
import re

import pytest
from smsim.domain.ids import PREFIXES, derive_hex, is_sid, sid, token


def test_sid_is_the_prefix_and_the_seeded_hash():
    expected = hashlib.sha256(b"seed-a:SM:1").hexdigest()[:32]
    assert sid("SM", "seed-a", 1) == "SM" + expected


@pytest.mark.parametrize("prefix", sorted(PREFIXES.values()))
def test_sids_are_deterministic_and_shaped_like_twilio(prefix):
    value = sid(prefix, "smsim-tests", 7)
    assert value == sid(prefix, "smsim-tests", 7)
    assert re.fullmatch(rf"{prefix}[0-9a-f]{{32}}", value)
    assert is_sid(value, prefix)


@pytest.mark.parametrize("a, b", [
    (("SM", "seed", 1), ("SM", "seed", 2)),  # sequence number
    (("SM", "seed", 1), ("SM", "other", 1)),  # seed
    (("SM", "seed", 1), ("MM", "seed", 1)),  # the prefix is in the hash, not only in front
])
def test_sids_differ(a, b):
    assert sid(*a)[2:] != sid(*b)[2:]


@pytest.mark.parametrize("prefix", ["sm", "Sm", "S", "SMS", ""])
def test_bad_prefixes_are_refused(prefix):
    with pytest.raises(ValueError, match="two capital letters"):
        sid(prefix, "seed", 1)


def test_tokens():
    assert token("seed", 3) == hashlib.sha256(b"seed:token:3").hexdigest()[:32]
    assert token("seed", 3) != token("seed", 4)
    assert len(derive_hex("s", "p", 1, 8)) == 8


@pytest.mark.parametrize("value, prefixes, ok", [
    ("SM" + "0" * 32, "SM", True),
    ("SM" + "aBcD" * 8, "SM", True),
    ("MM" + "0" * 32, ("SM", "MM"), True),
    ("MM" + "0" * 32, "SM", False),
    ("SM" + "0" * 31, "SM", False),
    ("SM" + "0" * 33, "SM", False),
    ("SM" + "g" * 32, "SM", False),
    ("", "SM", False),
])
def test_is_sid(value, prefixes, ok):
    assert is_sid(value, prefixes) is ok
