"""Phone numbers, short codes and alphanumeric sender IDs; SMS segmentation.

Numbers are parsed and classified with ``phonenumbers`` (Google's libphonenumber metadata:
country, line type) instead of hand-written patterns; parsing is pure and slow-ish, so the
results are cached. We accept every *possible* E.164 number,
not only *valid* ones, so the fictional +1 555 numbers of Twilio's own examples work.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, replace

import phonenumbers
from phonenumbers import PhoneNumberType

# Our documented choice: a short code is 3-8 digits with no "+" (US short codes are 5-6 digits,
# other countries use 3-8).
SHORT_CODE = re.compile(r"^\d{3,8}$")
# Alphanumeric sender IDs: up to 11 characters of A-Z, a-z, 0-9 and space, at least one letter
# (Twilio docs "Alphanumeric Sender ID").
ALPHANUMERIC = re.compile(r"^(?=.*[A-Za-z])[A-Za-z0-9 ]{1,11}$")

LINE_TYPES = {
    PhoneNumberType.MOBILE: "mobile",
    PhoneNumberType.FIXED_LINE_OR_MOBILE: "mobile",
    PhoneNumberType.FIXED_LINE: "landline",
    PhoneNumberType.VOIP: "voip",
    PhoneNumberType.TOLL_FREE: "toll_free",
    PhoneNumberType.PAGER: "pager",
}


@dataclass(frozen=True)
class Address:
    """Where a message comes from or goes to."""

    kind: str  # "e164", "short_code" or "alphanumeric"
    value: str  # normalised: E.164 for numbers, digits for short codes
    country: str | None  # ISO 3166 alpha-2, None when unknown
    line_type: str  # mobile, landline, voip, toll_free, pager, short_code, alphanumeric
    channel: str = "sms"  # "whatsapp" for a whatsapp:+E164 address

    @property
    def wire(self) -> str:
        """The address as Twilio shows it in a Message's to/from: ``whatsapp:`` kept."""
        return WHATSAPP_PREFIX + self.value if self.channel == "whatsapp" else self.value


@functools.lru_cache(maxsize=32768)
def parse_number(raw: str) -> Address | None:
    """An E.164 number (leading "+"), or None when it cannot be a phone number."""
    text = raw.strip()
    if not text.startswith("+") or not re.fullmatch(r"\+[\d\s().-]+", text):
        return None
    try:
        parsed = phonenumbers.parse(text, None)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(parsed):
        return None
    e164 = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
    # Fictional numbers are not "valid", so they have no region; fall back to the main country
    # of their calling code (+1 -> US).
    country = phonenumbers.region_code_for_number(parsed) or (
        phonenumbers.region_code_for_country_code(parsed.country_code)
    )
    # Fictional numbers (+1 555 ...) have no known type: they behave as mobiles, since that is
    # what Twilio's examples use them for.
    line_type = LINE_TYPES.get(phonenumbers.number_type(parsed), "mobile")
    return Address("e164", e164, country if country not in (None, "ZZ") else None, line_type)


# WhatsApp addresses on the Messages API are the E.164 number behind this prefix (OAI
# CreateMessageRequest To: "... or a channel address, e.g. whatsapp:+15552229999").
WHATSAPP_PREFIX = "whatsapp:"


def parse_whatsapp(raw: str) -> Address | None:
    """``whatsapp:+E164``, or None when ``raw`` is not one."""
    text = raw.strip()
    if not text.startswith(WHATSAPP_PREFIX):
        return None
    number = parse_number(text[len(WHATSAPP_PREFIX):])
    return None if number is None else replace(number, channel="whatsapp")


def plain_number(address: str) -> str:
    """A stored to/from without its channel prefix: the handset or number behind it."""
    return address.removeprefix(WHATSAPP_PREFIX)


def channel_of(address: str | None) -> str:
    """The channel of a stored to/from: "whatsapp" for whatsapp:+E164, else "sms"."""
    return "whatsapp" if (address or "").startswith(WHATSAPP_PREFIX) else "sms"


@functools.lru_cache(maxsize=32768)
def parse_recipient(raw: str) -> Address | None:
    """A 'To' address: an E.164 number, a short code or a whatsapp: address."""
    text = raw.strip()
    if text.startswith(WHATSAPP_PREFIX):
        return parse_whatsapp(text)
    if SHORT_CODE.fullmatch(text):
        return Address("short_code", text, None, "short_code")
    return parse_number(text)


def parse_sender(raw: str) -> Address | None:
    """A 'From' address: an E.164 number, a short code or an alphanumeric sender ID."""
    address = parse_recipient(raw)
    if address is not None:
        return address
    text = raw.strip()
    if ALPHANUMERIC.fullmatch(text) and not text.startswith("+"):
        return Address("alphanumeric", text, None, "alphanumeric")
    return None


def national_format(e164: str) -> str:
    """Twilio's friendly_name for a number, e.g. "(501) 712-2661" for +15017122661."""
    try:
        parsed = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return e164
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.NATIONAL)


# --- segmentation -----------------------------------------------------------------------------
# GSM 03.38 basic character set and its extension table (each extension character costs two
# septets). A body made only of these is sent as GSM-7: 160 characters in one segment, 153 per
# segment when concatenated; anything else forces UCS-2: 70, or 67 per segment
# (Twilio docs "What the heck is a segment?").
GSM7_BASIC = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM7_EXTENSION = set("^{}\\[~]|€\f")


def encoding(body: str) -> str:
    if all(ch in GSM7_BASIC or ch in GSM7_EXTENSION for ch in body):
        return "GSM-7"
    return "UCS-2"


def segment_count(body: str) -> int:
    """How many SMS segments a body takes (0 for an empty body)."""
    if not body:
        return 0
    if encoding(body) == "GSM-7":
        units = sum(2 if ch in GSM7_EXTENSION else 1 for ch in body)
        single, multi = 160, 153
    else:
        # UCS-2 counts UTF-16 code units: an emoji outside the BMP takes two.
        units = len(body.encode("utf-16-le")) // 2
        single, multi = 70, 67
    if units <= single:
        return 1
    return -(-units // multi)
