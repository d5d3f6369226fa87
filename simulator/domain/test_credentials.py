"""Twilio's magic numbers for test credentials (docs iam/test-credentials, reference section 3).

With test credentials nothing is sent: inputs are validated as if live, and these numbers
simulate the state-dependent answers. Only +15005550006 is a From that passes.
"""

from __future__ import annotations

PASSING_FROM = "+15005550006"

# From -> error code (21606 for every From not listed here and not PASSING_FROM).
MAGIC_FROM = {
    "+15005550001": 21212,  # This phone number is invalid
    "+15005550007": 21606,  # not owned by your account or not SMS-capable
    "+15005550008": 21611,  # has an SMS message queue that is full
}

# To -> error code (other To numbers are validated normally).
MAGIC_TO = {
    "+15005550001": 21211,  # This phone number is invalid
    "+15005550002": 21612,  # Twilio cannot route to this number
    "+15005550003": 21408,  # no international permissions for this number
    "+15005550004": 21610,  # This number is blocked for your account
    "+15005550009": 21614,  # This number is incapable of receiving SMS messages
}


def from_error(from_value: str) -> int | None:
    if from_value == PASSING_FROM:
        return None
    return MAGIC_FROM.get(from_value, 21606)


def to_error(to_value: str) -> int | None:
    return MAGIC_TO.get(to_value)
