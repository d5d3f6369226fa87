"""Buying a number with test credentials: validated, answered, never kept.

Twilio's magic numbers (docs iam/test-credentials; api-snippets outputs): +15005550006 is
available and answers a PN resource; +15005550000 is "not available" (21422); a malformed
number is 21421. Ours: every other number is not available either.
"""

from __future__ import annotations

from smsim.domain import phone
from smsim.domain.errors import TwilioError
from smsim.engine.numbers import default_capabilities
from smsim.store.database import Store

AVAILABLE = "+15005550006"


def purchase(store: Store, test_account_sid: str, raw: str) -> dict:
    address = phone.parse_number(raw)
    if address is None:
        raise TwilioError(21421, number=raw)
    if address.value != AVAILABLE:
        raise TwilioError(21422, number=address.value)
    caps = default_capabilities(address)
    now = store.now()
    # "Twilio doesn't ... update the state of your account": a row shaped like a number, not
    # stored anywhere.
    return {"sid": store.new_sid("PN"), "account_sid": test_account_sid,
            "phone_number": address.value, "friendly_name": phone.national_format(address.value),
            "sms_url": "", "sms_method": "POST", "sms_fallback_url": "",
            "sms_fallback_method": "POST", "status_callback": "",
            "status_callback_method": "POST", "voice_url": "", "voice_method": "POST",
            "cap_voice": int(caps["voice"]), "cap_sms": int(caps["sms"]),
            "cap_mms": int(caps["mms"]), "cap_fax": int(caps["fax"]), "type": "local",
            "origin": "twilio", "date_created": now, "date_updated": now}
