"""Phone numbers an account owns (IncomingPhoneNumbers) and what each can do.

A fresh account owns an SMS-capable US number and a Japanese +81 50 number without SMS: the
guide's section 2 case ("Japanese +81 numbers have no SMS capability"). Twilio's Japanese
numbers are 050 IP-phone numbers, voice only.
"""

from __future__ import annotations

from smsim.domain import phone
from smsim.domain.errors import TwilioError
from smsim.domain.paging import Page, Window
from smsim.store import numbers as numbers_store
from smsim.store.database import Store

# The default account's US number is the From of Twilio's own documentation examples, so doc
# snippets run unchanged; later accounts take the next free numbers after it.
US_FIRST = 15017122661
JP_FIRST = 815031234567

# Country -> (voice, sms, mms, fax). Our documented defaults: JP numbers are voice only (the
# guide); US/CA long codes do SMS and MMS; elsewhere SMS without MMS.
COUNTRY_CAPABILITIES = {
    "JP": (True, False, False, False),
    "US": (True, True, True, False),
    "CA": (True, True, True, False),
}
OTHER_CAPABILITIES = (True, True, False, False)
NUMBER_TYPES = {"toll_free": "toll-free", "mobile": "mobile"}
UPDATABLE = {
    "FriendlyName": "friendly_name", "SmsUrl": "sms_url", "SmsMethod": "sms_method",
    "SmsFallbackUrl": "sms_fallback_url", "SmsFallbackMethod": "sms_fallback_method",
    "StatusCallback": "status_callback", "StatusCallbackMethod": "status_callback_method",
    "VoiceUrl": "voice_url", "VoiceMethod": "voice_method",
}
METHOD_FIELDS = {"sms_method", "sms_fallback_method", "status_callback_method", "voice_method"}


def default_capabilities(address: phone.Address) -> dict:
    voice, sms, mms, fax = COUNTRY_CAPABILITIES.get(address.country, OTHER_CAPABILITIES)
    return {"voice": voice, "sms": sms, "mms": mms, "fax": fax}


def _next_free(store: Store, first: int) -> str:
    candidate = first
    while numbers_store.by_phone(store, f"+{candidate}"):
        candidate += 1
    return f"+{candidate}"


def provision_starter_numbers(store: Store, account_sid: str) -> None:
    with store.write():
        provision(store, account_sid, _next_free(store, US_FIRST))
        provision(store, account_sid, _next_free(store, JP_FIRST))


def provision(store: Store, account_sid: str, raw_number: str,
              fields: dict | None = None, capabilities: dict | None = None) -> dict:
    """Buy a number: Twilio's 21421 for a malformed one, 21422 when someone owns it."""
    address = phone.parse_number(raw_number)
    if address is None:
        raise TwilioError(21421, number=raw_number)
    if numbers_store.by_phone(store, address.value):
        raise TwilioError(21422, number=address.value)
    caps = {**default_capabilities(address), **(capabilities or {})}
    now = store.now()
    row = {
        "sid": None, "account_sid": account_sid, "phone_number": address.value,
        "friendly_name": phone.national_format(address.value),
        "cap_voice": int(caps["voice"]), "cap_sms": int(caps["sms"]),
        "cap_mms": int(caps["mms"]), "cap_fax": int(caps["fax"]),
        "type": NUMBER_TYPES.get(address.line_type, "local"),
        "date_created": now, "date_updated": now,
    }
    row.update(_checked_fields(fields or {}))
    with store.write():
        # Checked again inside the transaction: two purchases of one number at once.
        if numbers_store.by_phone(store, address.value):
            raise TwilioError(21422, number=address.value)
        row["sid"] = store.new_sid("PN")
        numbers_store.insert(store, row)
    return numbers_store.get(store, row["sid"])


def provision_in_area(store: Store, account_sid: str, area_code: str,
                      fields: dict | None = None) -> dict:
    """A free number in a US area code (our choice: the first free +1 AAA 555 01xx), chosen
    and bought in one transaction so parallel purchases never pick the same one."""
    if not (area_code.isdigit() and len(area_code) == 3):
        raise TwilioError(21421, number=area_code)
    with store.write():
        for line in range(100, 200):
            candidate = f"+1{area_code}5550{line}"
            if not numbers_store.by_phone(store, candidate):
                return provision(store, account_sid, candidate, fields)
    raise TwilioError(21422, number=f"+1{area_code}")


def _checked_fields(fields: dict) -> dict:
    """Column values from Twilio parameter names; Twilio's 400 for a bad method."""
    changes = {}
    for param, column in UPDATABLE.items():
        if param not in fields:
            continue
        value = fields[param]
        if column in METHOD_FIELDS:
            value = value.upper()
            if value not in ("GET", "POST"):
                raise TwilioError(20001, field=param, detail="must be GET or POST")
        changes[column] = value
    return changes


def update(store: Store, row: dict, fields: dict) -> dict:
    changes = _checked_fields(fields)
    if changes:
        changes["date_updated"] = store.now()
        numbers_store.update(store, row["sid"], changes)
    return numbers_store.get(store, row["sid"])


def sender(store: Store, account_sid: str, address: str) -> dict | None:
    """The account's number ``address`` with its ``service_sid`` (the pool it is in, or
    None); None when the account has no such number."""
    row = numbers_store.sender(store, address)
    return row if row and row["account_sid"] == account_sid else None


def owned(store: Store, account_sid: str, address: str) -> dict | None:
    row = numbers_store.by_phone(store, address)
    return row if row and row["account_sid"] == account_sid else None


def get(store: Store, sid: str) -> dict | None:
    return numbers_store.get(store, sid)


def by_phone(store: Store, phone_number: str) -> dict | None:
    """The number with this E.164 address, whoever owns it."""
    return numbers_store.by_phone(store, phone_number)


def of_account(store: Store, account_sid: str) -> list[dict]:
    """An account's numbers, oldest first."""
    return numbers_store.of_account(store, account_sid)


def set_capabilities(store: Store, sid: str, capabilities: dict) -> None:
    """Switch capabilities on or off (a seed file's ``capabilities``), as given."""
    numbers_store.update(store, sid, {f"cap_{k}": int(bool(v)) for k, v in capabilities.items()})


def release(store: Store, sid: str) -> None:
    numbers_store.delete(store, sid)


def page(store: Store, account_sid: str, phone_contains: str | None,
         friendly_name: str | None, window: Window) -> Page | None:
    """A page of the account's numbers, newest first (None: the PageToken is unknown)."""
    return numbers_store.page(store, account_sid, phone_contains, friendly_name, window)


def listing(store: Store, *, sms_only: bool = False) -> list[dict]:
    """Every number by phone number (only the SMS-capable ones with ``sms_only``)."""
    return numbers_store.listing(store, sms_only=sms_only)


def by_account(store: Store) -> list[dict]:
    return numbers_store.by_account(store)
