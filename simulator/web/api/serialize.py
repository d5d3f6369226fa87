"""Rows to Twilio JSON, field for field (OAI schemas ``api.v2010.account.*``).

Types follow the spec: ``num_segments``/``num_media`` are strings, ``error_code`` an integer or
null, dates RFC 2822 with "+0000", ``uri`` and ``subresource_uris`` relative to the API host.
"""

from __future__ import annotations

from smsim.domain.clock import rfc2822

API_VERSION = "2010-04-01"
BASE = f"/{API_VERSION}/Accounts"


def message(row: dict) -> dict:
    account, sid = row["account_sid"], row["sid"]
    uri = f"{BASE}/{account}/Messages/{sid}"
    # Until a Messaging Service picks the sender, Twilio shows no From and "0" segments
    # (docs outbound-message-logging: "status":"accepted","from":null,"num_segments":"0").
    accepted = row["status"] in ("accepted", "scheduled") and bool(row.get("sender_picked"))
    return {
        "account_sid": account,
        "api_version": API_VERSION,
        "body": row["body"],
        "date_created": rfc2822(row["date_created"]),
        "date_sent": rfc2822(row["date_sent"]),
        "date_updated": rfc2822(row["date_updated"]),
        "direction": row["direction"],
        "error_code": row["error_code"],
        "error_message": row["error_message"],
        "from": None if accepted else row["from_addr"],
        "messaging_service_sid": row["messaging_service_sid"],
        "num_media": str(row["num_media"]),
        "num_segments": "0" if accepted else str(row["num_segments"]),
        "price": row["price"],
        "price_unit": row["price_unit"],
        "sid": sid,
        "status": row["status"],
        "subresource_uris": {"media": f"{uri}/Media.json", "feedback": f"{uri}/Feedback.json"},
        "to": row["to_addr"],
        "uri": f"{uri}.json",
    }


def media(row: dict) -> dict:
    return {
        "account_sid": row["account_sid"],
        "content_type": row["content_type"],
        "date_created": rfc2822(row["date_created"]),
        "date_updated": rfc2822(row["date_updated"]),
        "parent_sid": row["message_sid"],
        "sid": row["sid"],
        "uri": f"{BASE}/{row['account_sid']}/Messages/{row['message_sid']}/Media/"
               f"{row['sid']}.json",
    }


def number(row: dict) -> dict:
    account, sid = row["account_sid"], row["sid"]
    uri = f"{BASE}/{account}/IncomingPhoneNumbers/{sid}"
    return {
        "account_sid": account,
        "address_requirements": "none",
        "address_sid": None,
        "api_version": API_VERSION,
        "beta": False,
        "bundle_sid": None,
        "capabilities": {"fax": bool(row["cap_fax"]), "mms": bool(row["cap_mms"]),
                         "sms": bool(row["cap_sms"]), "voice": bool(row["cap_voice"])},
        "date_created": rfc2822(row["date_created"]),
        "date_updated": rfc2822(row["date_updated"]),
        "emergency_address_sid": None,
        "emergency_address_status": "unregistered",
        "emergency_status": "Inactive",
        "friendly_name": row["friendly_name"],
        "identity_sid": None,
        "origin": row["origin"],
        "phone_number": row["phone_number"],
        "sid": sid,
        # The spec types application SIDs as ^AP... or null; null means "no application".
        "sms_application_sid": None,
        "sms_fallback_method": row["sms_fallback_method"],
        "sms_fallback_url": row["sms_fallback_url"],
        "sms_method": row["sms_method"],
        "sms_url": row["sms_url"],
        "status": "in-use",
        "status_callback": row["status_callback"],
        "status_callback_method": row["status_callback_method"],
        "trunk_sid": None,
        "type": row["type"],
        "uri": f"{uri}.json",
        "voice_application_sid": None,
        "voice_caller_id_lookup": False,
        "voice_fallback_method": "POST",
        "voice_fallback_url": "",
        "voice_method": row["voice_method"],
        "voice_receive_mode": "voice",
        "voice_url": row["voice_url"],
    }


def account(row: dict, auth_token: str) -> dict:
    sid = row["sid"]
    base = f"{BASE}/{sid}"
    return {
        "auth_token": auth_token,
        "date_created": rfc2822(row["date_created"]),
        "date_updated": rfc2822(row["date_updated"]),
        "friendly_name": row["friendly_name"],
        "owner_account_sid": sid,
        "sid": sid,
        "status": row["status"],
        "subresource_uris": {
            "messages": f"{base}/Messages.json",
            "incoming_phone_numbers": f"{base}/IncomingPhoneNumbers.json",
            "keys": f"{base}/Keys.json",
        },
        "type": "Full",
        "uri": f"{base}.json",
    }


def api_key(row: dict, with_secret: bool = False) -> dict:
    data = {
        "date_created": rfc2822(row["date_created"]),
        "date_updated": rfc2822(row["date_updated"]),
        "friendly_name": row["friendly_name"],
        "sid": row["sid"],
    }
    if with_secret:
        # Twilio shows the secret once, in the create response (docs iam/api-keys).
        data["secret"] = row["secret"]
    return data
