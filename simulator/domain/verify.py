"""Verify v2's rules, pure: codes, lifetimes, attempt limits and parameter checks.

Sources (reference section 11): a verification lives 10 minutes; 5 wrong checks end it
(429 / 60202); more than 5 sends to one number within 10 minutes are refused (429 / 60203);
CodeLength and CustomCode are 4 to 10 digits; FriendlyName at most 30 characters.
"""

from __future__ import annotations

from smsim.domain import ids

LIFETIME = 600.0  # seconds a verification stays usable (then 404 / 20404)
SEND_WINDOW = 600.0  # the window the send limit counts in
MAX_SENDS = 5  # the 6th send to one To within SEND_WINDOW: 429 / 60203
MAX_CHECKS = 5  # the 5th wrong check: 429 / 60202
CODE_LENGTHS = range(4, 11)
DEFAULT_CODE_LENGTH = 6
MAX_FRIENDLY_NAME = 30
CHANNELS = ("sms", "call", "email", "whatsapp", "sna")
SIMULATED_CHANNELS = ("sms",)
# Statuses a verification can be found in; any other (approved, canceled, expired) is gone.
OPEN_STATUSES = ("pending", "max_attempts_reached")


class VerifyParamError(ValueError):
    """A parameter Verify refuses with 60200; the message names it."""


def code_length(raw: str | None, default: int = DEFAULT_CODE_LENGTH) -> int:
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise VerifyParamError(f"CodeLength must be an integer, got {raw!r}") from None
    if value not in CODE_LENGTHS:
        raise VerifyParamError("CodeLength must be between 4 and 10")
    return value


def friendly_name(raw: str | None) -> str:
    if not raw:
        raise VerifyParamError("FriendlyName is required")
    if len(raw) > MAX_FRIENDLY_NAME:
        raise VerifyParamError(f"FriendlyName must be at most {MAX_FRIENDLY_NAME} characters")
    return raw


def custom_code(raw: str | None) -> str | None:
    if raw is None or raw == "":
        return None
    if not raw.isascii() or not raw.isdigit() or len(raw) not in CODE_LENGTHS:
        raise VerifyParamError("CustomCode must be 4 to 10 digits")
    return raw


def channel(raw: str | None) -> str:
    if not raw:
        raise VerifyParamError("Channel is required")
    if raw not in CHANNELS:
        raise VerifyParamError(f"Channel must be one of {', '.join(CHANNELS)}, got {raw!r}")
    if raw not in SIMULATED_CHANNELS:
        # Ours: the simulator only carries SMS; saying so beats pretending to call or email.
        raise VerifyParamError(f"Channel {raw!r} is not simulated by smsim: only 'sms' is")
    return raw


def new_code(seed: str, n: int, length: int) -> str:
    """A code of ``length`` digits from the world's seed and sequence number ``n``: the same
    seed and requests give the same codes (one seeded source, as SIDs)."""
    value = int(ids.derive_hex(seed, "verify-code", n), 16)
    return str(value % 10**length).zfill(length)


def expired(created: float, now: float) -> bool:
    return now - created >= LIFETIME


def sends_allowed(sends_in_window: int) -> bool:
    """May one more code be sent, given the sends to this To in the last SEND_WINDOW?"""
    return sends_in_window < MAX_SENDS


def message_body(service_name: str, code: str) -> str:
    """The SMS text; Twilio's default English template reads this way."""
    return f"Your {service_name} verification code is: {code}"
