"""Lookup v2 (lookups.twilio.com ``GET /v2/PhoneNumbers/{PhoneNumber}``): what a number is.

Pure: the number's facts come from ``phonenumbers`` (libphonenumber's metadata), its line type
from the world's handset (given by the engine), so the answer that makes a message create fail
with 21614 is the one that makes Lookup say ``landline`` (``handsets.refuses_sms``).
Spec: twilio-oai ``twilio_lookups_v2.json`` (schema ``LookupResponse``); our choices are
listed in docs/lookup.md.
"""

from __future__ import annotations

from dataclasses import dataclass

import phonenumbers
from phonenumbers import NumberParseException, PhoneNumberType, ValidationResult
from smsim.domain.handsets import Handset, refuses_sms

# Every data package the spec's ``Fields`` parameter names, in the spec's order.
PACKAGES = ("validation", "caller_name", "sim_swap", "call_forwarding", "line_status",
            "line_type_intelligence", "identity_match", "reassigned_number",
            "sms_pumping_risk", "phone_number_quality_score", "pre_fill")
# The packages an answer carries as keys (``validation`` has none: ``valid`` and
# ``validation_errors`` are always there).
PACKAGE_KEYS = PACKAGES[1:]
# The only package we simulate besides validation; the others answer null (docs/lookup.md).
SIMULATED = frozenset({"validation", "line_type_intelligence"})
# Twilio's national-format default: "Default country code is +1 (North America)" (the spec's
# PhoneNumber parameter).
DEFAULT_REGION = "US"


class FieldsError(ValueError):
    """An unknown ``Fields`` value; the message names it."""


def requested_packages(raw: str | None) -> tuple[str, ...]:
    """The packages a comma list names (spaces and empty items ignored), in the given order."""
    names = [name.strip() for name in (raw or "").split(",") if name.strip()]
    unknown = [name for name in names if name not in PACKAGES]
    if unknown:
        raise FieldsError(f"unknown package(s) {', '.join(unknown)}; expected any of "
                          f"{', '.join(PACKAGES)}")
    return tuple(dict.fromkeys(names))


@dataclass(frozen=True)
class NumberFacts:
    """What libphonenumber says about the number asked for."""

    phone_number: str  # E.164 when it could be a number, else the text as given
    possible: bool  # a possible number: the handset registry knows such numbers
    calling_country_code: str | None
    country_code: str | None
    national_format: str | None
    valid: bool
    validation_errors: tuple[str, ...]
    number_type: int  # a phonenumbers.PhoneNumberType value


# phonenumbers' parse failures and possibility checks, in Twilio's words (the spec's
# ValidationError enum). A number dialable only locally lacks digits: TOO_SHORT (ours).
_PARSE_ERRORS = {
    NumberParseException.INVALID_COUNTRY_CODE: "INVALID_COUNTRY_CODE",
    NumberParseException.NOT_A_NUMBER: "NOT_A_NUMBER",
    NumberParseException.TOO_SHORT_AFTER_IDD: "TOO_SHORT",
    NumberParseException.TOO_SHORT_NSN: "TOO_SHORT",
    NumberParseException.TOO_LONG: "TOO_LONG",
}
_IMPOSSIBLE = {
    ValidationResult.INVALID_COUNTRY_CODE: "INVALID_COUNTRY_CODE",
    ValidationResult.TOO_SHORT: "TOO_SHORT",
    ValidationResult.IS_POSSIBLE_LOCAL_ONLY: "TOO_SHORT",
    ValidationResult.INVALID_LENGTH: "INVALID_LENGTH",
    ValidationResult.TOO_LONG: "TOO_LONG",
}


def _not_a_number(raw: str, error: str) -> NumberFacts:
    # The spec's fetchInvalid example: country and formats null, the number as asked.
    return NumberFacts(raw, False, None, None, None, False, (error,), PhoneNumberType.UNKNOWN)


def number_facts(raw: str, country_code: str | None = None) -> NumberFacts:
    """The number in the path (E.164, or national in ``country_code``'s format, US by
    default)."""
    text = raw.strip()
    region = (country_code or DEFAULT_REGION).strip().upper()
    try:
        parsed = phonenumbers.parse(text, region)
    except NumberParseException as exc:
        return _not_a_number(text, _PARSE_ERRORS.get(exc.error_type, "NOT_A_NUMBER"))
    reason = phonenumbers.is_possible_number_with_reason(parsed)
    if reason != ValidationResult.IS_POSSIBLE:
        return _not_a_number(text, _IMPOSSIBLE.get(reason, "INVALID_LENGTH"))
    valid = phonenumbers.is_valid_number(parsed)
    # A possible but unassigned number (the fictional +1 555 01xx) has no region of its own:
    # the main country of its calling code, as smsim's phone.parse_number does.
    country = phonenumbers.region_code_for_number(parsed) or \
        phonenumbers.region_code_for_country_code(parsed.country_code)
    return NumberFacts(
        phone_number=phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164),
        possible=True, calling_country_code=str(parsed.country_code),
        country_code=country if country not in (None, "ZZ") else None,
        national_format=phonenumbers.format_number(
            parsed, phonenumbers.PhoneNumberFormat.NATIONAL),
        valid=valid, validation_errors=() if valid else ("INVALID_BUT_POSSIBLE",),
        number_type=phonenumbers.number_type(parsed))


# libphonenumber's number types in Lookup's ``type`` words (the spec's description of
# line_type_intelligence). FIXED_LINE_OR_MOBILE (every US/CA number) is a mobile, as smsim
# delivers texts to it; UNKNOWN (fictional numbers) too, as phone.py treats them.
_TYPE_NAMES = {
    PhoneNumberType.FIXED_LINE: "landline",
    PhoneNumberType.MOBILE: "mobile",
    PhoneNumberType.FIXED_LINE_OR_MOBILE: "mobile",
    PhoneNumberType.TOLL_FREE: "tollFree",
    PhoneNumberType.PREMIUM_RATE: "premium",
    PhoneNumberType.SHARED_COST: "sharedCost",
    PhoneNumberType.VOIP: "nonFixedVoip",
    PhoneNumberType.PERSONAL_NUMBER: "personal",
    PhoneNumberType.PAGER: "pager",
    PhoneNumberType.UAN: "uan",
    PhoneNumberType.VOICEMAIL: "voicemail",
    PhoneNumberType.UNKNOWN: "mobile",
}
# A handset's own line type, set through the control plane, in Lookup's words.
_HANDSET_TYPES = {"mobile": "mobile", "landline": "landline", "voip": "nonFixedVoip"}


def line_type(handset: Handset, registered: bool, number_type: int) -> str:
    """Lookup's ``type``. The handset decides landline (the same call as a create's 21614);
    a handset someone set up says what it is; otherwise libphonenumber refines the default
    mobile (toll-free, VoIP, premium ...)."""
    if refuses_sms(handset):
        return "landline"
    if registered:
        return _HANDSET_TYPES.get(handset.line_type, "mobile")
    name = _TYPE_NAMES.get(number_type, "unknown")
    # A default handset is a landline exactly when libphonenumber says FIXED_LINE, and that
    # case returned above; never let the refinement call a texting number a landline.
    return "mobile" if name == "landline" else name


def line_type_intelligence(handset: Handset, registered: bool, number_type: int) -> dict:
    """The package: mobile country and network codes are not modelled (null); the carrier is
    the handset's carrier in the world's registry."""
    return {"mobile_country_code": None, "mobile_network_code": None,
            "carrier_name": handset.carrier or None,
            "type": line_type(handset, registered, number_type), "error_code": None}


def answer(facts: NumberFacts, packages: dict[str, dict | None], url: str) -> dict:
    """The response body, keys in the spec's order; every package not given is null."""
    return {
        "calling_country_code": facts.calling_country_code,
        "country_code": facts.country_code,
        "phone_number": facts.phone_number,
        "national_format": facts.national_format,
        "valid": facts.valid,
        # The spec's examples: null for a valid number, the reasons for an invalid one.
        "validation_errors": list(facts.validation_errors) or None,
        **{key: packages.get(key) for key in PACKAGE_KEYS},
        "url": url,
    }
