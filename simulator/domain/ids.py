"""Seeded SID and token generation.

A SID is two letters and 32 lowercase hex digits (OAI path patterns, e.g. ``^SM[0-9a-fA-F]{32}$``;
real SIDs use lowercase). Each one is derived from the world's seed and a sequence number kept
in the database, so every worker process draws from the same sequence and the same seed with
the same requests gives the same SIDs, byte for byte.
"""

from __future__ import annotations

import hashlib

PREFIXES = {
    "account": "AC",
    "sms": "SM",
    "mms": "MM",
    "media": "ME",
    "number": "PN",
    "api_key": "SK",
    "service": "MG",
    "request": "RQ",
}


def derive_hex(seed: str, purpose: str, n: int, length: int = 32) -> str:
    digest = hashlib.sha256(f"{seed}:{purpose}:{n}".encode()).hexdigest()
    return digest[:length]


def sid(prefix: str, seed: str, n: int) -> str:
    if len(prefix) != 2 or not prefix.isupper():
        raise ValueError(f"SID prefix must be two capital letters, got {prefix!r}")
    return prefix + derive_hex(seed, prefix, n)


def token(seed: str, n: int) -> str:
    """An auth token or API key secret: 32 hex digits, like Twilio's."""
    return derive_hex(seed, "token", n)


def is_sid(value: str, prefixes: str | tuple[str, ...]) -> bool:
    if isinstance(prefixes, str):
        prefixes = (prefixes,)
    if len(value) != 34 or value[:2] not in prefixes:
        return False
    try:
        int(value[2:], 16)
    except ValueError:
        return False
    return True
