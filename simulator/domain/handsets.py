"""Handsets and carriers: the world past Twilio that decides a message's fate.

A handset is keyed by its phone number. An unknown number is an active, powered,
well-covered mobile (the issue's default), except that a number libphonenumber knows as a
fixed line is a landline (Twilio knows line types, docs errors/21614). Carriers are keyed by
name; an unknown carrier has the guide's normal latency of 5-10 s and no faults.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields, replace

POWER = ("on", "off")
SIGNAL = ("good", "poor", "none")
LINE_TYPES = ("mobile", "landline", "voip")


class SettingsError(ValueError):
    """Bad handset or carrier settings; the message names the field."""


@dataclass(frozen=True)
class WhatsApp:
    """The handset's WhatsApp app (docs/whatsapp.md): installed or not, and how long its
    holder takes to open a delivered message (None: never reads it)."""

    installed: bool = True
    reads_after: float | None = None

    @classmethod
    def from_json(cls, data: dict | None) -> WhatsApp:
        return cls(**(data or {}))


@dataclass(frozen=True)
class Handset:
    number: str
    power: str = "on"
    signal: str = "good"
    roaming: bool = False
    active: bool = True
    line_type: str = "mobile"
    carrier: str = ""
    country: str | None = None
    blocked_senders: tuple[str, ...] = ()
    name: str = ""  # who holds it, for people (the dashboard); no effect on delivery
    #                 (a WhatsApp holder's ProfileName)
    whatsapp: WhatsApp = WhatsApp()

    def as_json(self) -> dict:
        data = asdict(self)
        data["blocked_senders"] = list(self.blocked_senders)
        return data

    @property
    def reachable(self) -> bool:
        return self.power == "on" and self.signal != "none"


@dataclass(frozen=True)
class Carrier:
    name: str
    latency_min: float = 5.0  # the guide: normal delivery takes 5-10 s
    latency_max: float = 10.0
    congestion_delay: float = 0.0  # extra seconds between hand-off and delivery
    duplicate_copies: int = 0  # extra copies the carrier delivers
    duplicate_spacing: float = 4.0  # seconds between copies
    drop_receipts: bool = False  # no delivery receipt: the message stays `sent`
    unreachable: bool = False  # every message: undelivered 30006
    filter_after: int | None = None  # a long code's N+1th message on: undelivered 30007
    give_up_after: float = 120.0  # retrying an unreachable handset, then 30003
    roaming_delay: float = 20.0  # extra latency for a roaming handset (up to)
    poor_signal_delay: float = 40.0  # extra latency on poor signal (up to)
    roaming_duplicate_probability: float = 0.25
    # Inbound (a handset texting a Twilio number): a roaming sender's text may be lost
    # (the guide: "not guaranteed; Twilio cannot tell that a sender roams").
    roaming_loss_probability: float = 0.25
    reaches_twilio: bool = True  # False: this carrier cannot hand SMS to Twilio's network

    def as_json(self) -> dict:
        return asdict(self)


def refuses_sms(handset: Handset) -> bool:
    """A landline cannot take a text: a create to it fails with 21614, and Lookup's line type
    intelligence calls it ``landline``. One decision for both (docs errors/21614)."""
    return handset.line_type == "landline"


def default_carrier_name(country: str | None) -> str:
    return f"{country or 'XX'}-mobile"


def _check_choice(name: str, value, choices) -> None:
    if value not in choices:
        raise SettingsError(f"{name} must be one of {', '.join(choices)}, got {value!r}")


def _check_bool(name: str, value) -> None:
    if not isinstance(value, bool):
        raise SettingsError(f"{name} must be true or false, got {value!r}")


def updated_handset(current: Handset, changes: dict) -> Handset:
    """``current`` with validated ``changes`` from a control request."""
    known = {f.name for f in fields(Handset)} - {"number"}
    unknown = set(changes) - known
    if unknown:
        raise SettingsError(f"unknown handset field(s): {', '.join(sorted(unknown))}")
    if "power" in changes:
        _check_choice("power", changes["power"], POWER)
    if "signal" in changes:
        _check_choice("signal", changes["signal"], SIGNAL)
    if "line_type" in changes:
        _check_choice("line_type", changes["line_type"], LINE_TYPES)
    for name in ("roaming", "active"):
        if name in changes:
            _check_bool(name, changes[name])
    if "carrier" in changes and (not isinstance(changes["carrier"], str)
                                 or not changes["carrier"].strip()):
        raise SettingsError("carrier must be a non-empty string")
    if "name" in changes and not isinstance(changes["name"], str):
        raise SettingsError("name must be a string")
    if "country" in changes and not (isinstance(changes["country"], str)
                                     and len(changes["country"]) == 2
                                     and changes["country"].isalpha()):
        raise SettingsError("country must be a two-letter ISO 3166 code")
    if "blocked_senders" in changes:
        senders = changes["blocked_senders"]
        if not isinstance(senders, list) or not all(isinstance(s, str) for s in senders):
            raise SettingsError("blocked_senders must be a list of strings")
        changes = {**changes, "blocked_senders": tuple(senders)}
    if "country" in changes:
        changes = {**changes, "country": changes["country"].upper()}
    if "whatsapp" in changes:
        changes = {**changes, "whatsapp": _whatsapp(current.whatsapp, changes["whatsapp"])}
    return replace(current, **changes)


def _whatsapp(current: WhatsApp, changes) -> WhatsApp:
    """The handset's WhatsApp settings with ``changes`` (only the fields given) applied."""
    if not isinstance(changes, dict):
        raise SettingsError("whatsapp must be an object of installed and reads_after")
    unknown = set(changes) - {"installed", "reads_after"}
    if unknown:
        raise SettingsError(f"unknown whatsapp field(s): {', '.join(sorted(unknown))}")
    if "installed" in changes:
        _check_bool("whatsapp.installed", changes["installed"])
    reads_after = changes.get("reads_after")
    if reads_after is not None and (isinstance(reads_after, bool)
                                    or not isinstance(reads_after, int | float)
                                    or not 0 <= reads_after <= 30 * 86400):
        raise SettingsError("whatsapp.reads_after must be seconds from 0 to 2592000, or null "
                            "for never")
    return replace(current, **changes)


CARRIER_LIMITS = {
    "latency_min": (0, 86400), "latency_max": (0, 86400), "congestion_delay": (0, 86400),
    "duplicate_copies": (0, 10), "duplicate_spacing": (0, 3600), "give_up_after": (0, 86400),
    "roaming_delay": (0, 86400), "poor_signal_delay": (0, 86400),
    "roaming_duplicate_probability": (0, 1), "roaming_loss_probability": (0, 1),
    "filter_after": (0, 10**9),
}


def updated_carrier(current: Carrier, changes: dict) -> Carrier:
    known = {f.name for f in fields(Carrier)} - {"name"}
    unknown = set(changes) - known
    if unknown:
        raise SettingsError(f"unknown carrier field(s): {', '.join(sorted(unknown))}")
    for name in ("drop_receipts", "unreachable", "reaches_twilio"):
        if name in changes:
            _check_bool(name, changes[name])
    for name, (low, high) in CARRIER_LIMITS.items():
        if name not in changes or (name == "filter_after" and changes[name] is None):
            continue
        value = changes[name]
        integral = name in ("duplicate_copies", "filter_after")
        if isinstance(value, bool) or not isinstance(value, int if integral else (int, float)):
            kind = "an integer" if integral else "a number"
            raise SettingsError(f"{name} must be {kind}, got {value!r}")
        if not low <= value <= high:
            raise SettingsError(f"{name} must be between {low} and {high}, got {value}")
    result = replace(current, **changes)
    if result.latency_min > result.latency_max:
        raise SettingsError("latency_min must not exceed latency_max")
    return result

