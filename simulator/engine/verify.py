"""Verify v2: services, verifications sent as real SMS, and checks of the code.

A code goes out as an ordinary outbound Message (engine.messages.create), so the sender's
queue, the carrier, the handset and the plan/callback fault rules treat it as any other text:
a switched-off phone never gets it and its verification stays pending. The sender is ours
(Twilio uses its own pool, which a simulator has no equivalent of): the account's oldest
SMS-capable number in the recipient's country, else its oldest SMS-capable number.
Times are the world's clock (store.now()), so the 10-minute lifetime follows a manual clock.
"""

from __future__ import annotations

import json
import math

from smsim.domain import phone
from smsim.domain import verify as rules
from smsim.domain.errors import TwilioError
from smsim.domain.paging import Page, Window
from smsim.engine import messages, numbers
from smsim.store import verify as verify_store
from smsim.store.database import Store

# Parameter -> (key in settings, kind, default); echoed on the service, not acted on.
SETTINGS = {
    "LookupEnabled": ("lookup_enabled", "bool", True),
    "SkipSmsToLandlines": ("skip_sms_to_landlines", "bool", False),
    "DtmfInputRequired": ("dtmf_input_required", "bool", True),
    "TtsName": ("tts_name", "text", None),
    "Psd2Enabled": ("psd2_enabled", "bool", False),
    "DoNotShareWarningEnabled": ("do_not_share_warning_enabled", "bool", False),
    "CustomCodeEnabled": ("custom_code_enabled", "bool", True),
    "DefaultTemplateSid": ("default_template_sid", "text", None),
    "VerifyEventSubscriptionEnabled": ("verify_event_subscription_enabled", "bool", False),
}


def _invalid(exc: rules.VerifyParamError) -> TwilioError:
    return TwilioError(60200, detail=str(exc))


def _settings(params, current: dict | None = None) -> dict:
    settings = dict(current) if current else {key: d for key, _, d in SETTINGS.values()}
    for param, (key, kind, _) in SETTINGS.items():
        if param not in params:
            continue
        raw = params[param]
        if kind == "bool":
            if raw.lower() not in ("true", "false"):
                raise TwilioError(60200, detail=f"{param} must be true or false")
            settings[key] = raw.lower() == "true"
        else:
            settings[key] = raw or None
    return settings


# --- services ---------------------------------------------------------------------------------
def create_service(store: Store, account_sid: str, params) -> dict:
    try:
        name = rules.friendly_name(params.get("FriendlyName"))
        length = rules.code_length(params.get("CodeLength"))
    except rules.VerifyParamError as exc:
        raise _invalid(exc) from None
    settings = _settings(params)
    now = store.now()
    with store.write():
        sid = store.new_sid("VA")
        verify_store.insert_service(store, {
            "sid": sid, "account_sid": account_sid, "friendly_name": name,
            "code_length": length, "settings": json.dumps(settings),
            "date_created": now, "date_updated": now})
    return get_service(store, sid)


def get_service(store: Store, sid: str) -> dict | None:
    row = verify_store.get_service(store, sid)
    return None if row is None else {**row, **json.loads(row["settings"])}


def update_service(store: Store, service: dict, params) -> dict:
    changes = {}
    try:
        if "FriendlyName" in params:
            changes["friendly_name"] = rules.friendly_name(params["FriendlyName"])
        if "CodeLength" in params:
            changes["code_length"] = rules.code_length(params["CodeLength"])
    except rules.VerifyParamError as exc:
        raise _invalid(exc) from None
    current = {key: service[key] for key, _, _ in SETTINGS.values()}
    changes.update(settings=json.dumps(_settings(params, current)),
                   date_updated=store.now())
    verify_store.update_service(store, service["sid"], changes)
    return get_service(store, service["sid"])


def delete_service(store: Store, sid: str) -> None:
    verify_store.delete_service(store, sid)


def service_page(store: Store, account_sid: str, window: Window) -> Page | None:
    return verify_store.service_page(store, account_sid, window)


# --- verifications ----------------------------------------------------------------------------
def _sender(store: Store, account_sid: str, to: phone.Address) -> str:
    capable = [n for n in numbers.of_account(store, account_sid) if n["cap_sms"]]
    if not capable:
        # Ours: the simulator sends codes from the account's own numbers (docs/verify.md).
        raise TwilioError(60200, detail="smsim sends Verify codes from an SMS-capable number "
                          "of the account, and the account has none")
    same_country = [n for n in capable
                    if phone.parse_number(n["phone_number"]).country == to.country]
    return (same_country or capable)[0]["phone_number"]


def start(store: Store, service: dict, params) -> dict:
    """Create a verification, or send again the pending one to the same To (same code)."""
    raw_to = params.get("To")
    if not raw_to:
        raise TwilioError(60200, detail="To is required")
    to = phone.parse_number(raw_to)
    if to is None:
        raise TwilioError(60200, detail=f"To {raw_to!r} is not a valid phone number")
    try:
        channel = rules.channel(params.get("Channel"))
        custom = rules.custom_code(params.get("CustomCode"))
    except rules.VerifyParamError as exc:
        raise _invalid(exc) from None
    with store.write():
        now = store.now()
        window_start = now - rules.SEND_WINDOW
        if not rules.sends_allowed(verify_store.sends_since(store, service["sid"], to.value,
                                                            window_start)):
            raise TwilioError(60203, retry_after=_retry_after(store, service, to.value, now))
        row = verify_store.open_for(store, service["sid"], to.value, ("pending",),
                                    now - rules.LIFETIME)
        if row is None:
            code = custom or rules.new_code(store.seed(), store.next_number(),
                                            service["code_length"])
            row = {"sid": store.new_sid("VE"), "service_sid": service["sid"],
                   "account_sid": service["account_sid"], "to_addr": to.value,
                   "channel": channel, "status": "pending", "code": code, "checks": 0,
                   "date_created": now, "date_updated": now}
            verify_store.insert(store, row)
        message = messages.create(store, service["account_sid"], messages.CreateRequest(
            to=to.value, from_=_sender(store, service["account_sid"], to),
            messaging_service_sid=None,
            body=rules.message_body(service["friendly_name"], row["code"])))
        verify_store.add_attempt(store, {
            "sid": store.new_sid("VL"), "verification_sid": row["sid"],
            "service_sid": service["sid"], "to_addr": to.value, "channel": channel,
            "message_sid": message["sid"], "at": now})
        verify_store.update(store, row["sid"], {"date_updated": now})
    return verify_store.get(store, row["sid"])


def _retry_after(store: Store, service: dict, to: str, now: float) -> int:
    """Seconds until the oldest send in the window leaves it."""
    oldest = verify_store.oldest_send_since(store, service["sid"], to, now - rules.SEND_WINDOW)
    return max(1, math.ceil(oldest + rules.SEND_WINDOW - now)) if oldest else 1


def live(store: Store, service: dict, sid: str) -> dict | None:
    """The verification ``sid`` of the service while it can still be found: not approved,
    canceled nor older than 10 minutes (then Twilio answers 404)."""
    row = verify_store.get(store, sid)
    if row is None or row["service_sid"] != service["sid"]:
        return None
    if row["status"] not in rules.OPEN_STATUSES or rules.expired(row["date_created"],
                                                                 store.now()):
        return None
    return row


def attempts(store: Store, verification_sid: str) -> list[dict]:
    return verify_store.attempts(store, verification_sid)


def set_status(store: Store, row: dict, status: str | None) -> dict:
    if status not in ("canceled", "approved"):
        raise TwilioError(60200, detail="Status must be canceled or approved")
    verify_store.update(store, row["sid"], {"status": status, "date_updated": store.now()})
    return verify_store.get(store, row["sid"])


def check(store: Store, service: dict, params) -> dict:
    """Compare a code: right -> approved; wrong -> pending, and the 5th wrong one 60202."""
    code = params.get("Code")
    if not code:
        raise TwilioError(60200, detail="Code is required")
    sid, raw_to = params.get("VerificationSid"), params.get("To")
    if sid:
        row = live(store, service, sid)
    elif raw_to:
        to = phone.parse_number(raw_to)
        if to is None:
            raise TwilioError(60200, detail=f"To {raw_to!r} is not a valid phone number")
        row = verify_store.open_for(store, service["sid"], to.value, rules.OPEN_STATUSES,
                                    store.now() - rules.LIFETIME)
    else:
        raise TwilioError(60200, detail="To or VerificationSid is required")
    if row is None:
        raise TwilioError(20404, path=f"/Services/{service['sid']}/VerificationCheck")
    if row["status"] == "max_attempts_reached":
        raise TwilioError(60202)
    now = store.now()
    if code == row["code"]:
        verify_store.update(store, row["sid"], {"status": "approved", "date_updated": now})
        return verify_store.get(store, row["sid"])
    checks = row["checks"] + 1
    spent = checks >= rules.MAX_CHECKS
    verify_store.update(store, row["sid"], {
        "checks": checks, "date_updated": now,
        "status": "max_attempts_reached" if spent else row["status"]})
    if spent:
        raise TwilioError(60202)
    return verify_store.get(store, row["sid"])


def listing(store: Store, limit: int = 200, to: str | None = None,
            message_sid: str | None = None) -> list[dict]:
    """The newest verifications with their sends, each send with its message's status (the
    control plane's view: the code too); read in two queries however many."""
    rows = verify_store.listing(store, limit, to, message_sid)
    sends: dict[str, list[dict]] = {row["sid"]: [] for row in rows}
    for attempt in verify_store.attempts_of(store, list(sends)):
        sends[attempt["verification_sid"]].append(attempt)
    return [{**row, "attempts": sends[row["sid"]]} for row in rows]

