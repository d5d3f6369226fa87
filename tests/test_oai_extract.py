"""Tests for tests/oai_conformance.py and the committed tests/oai/schemas.json.

Example payloads are copied from Twilio's OpenAPI spec (twilio/twilio-oai,
MIT, see tests/oai/LICENSE). Only the committed extract is needed; the
re-extraction check is skipped when the full spec is absent (fresh clone).
"""

from __future__ import annotations

import copy
import importlib.util
import json
from pathlib import Path

import pytest

from tests.oai_conformance import SCHEMAS_PATH, assert_conforms, conformance_errors, kinds

REPO_ROOT = Path(__file__).resolve().parent.parent
AC = "ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
MSGS = f"/2010-04-01/Accounts/{AC}/Messages"

# POST /Messages.json 201, example "createWoService".
CREATE_WO_SERVICE = {
    "account_sid": AC,
    "api_version": "2010-04-01",
    "body": "Hello! \U0001f44d",
    "date_created": "Thu, 30 Jul 2015 20:12:31 +0000",
    "date_sent": "Thu, 30 Jul 2015 20:12:33 +0000",
    "date_updated": "Thu, 30 Jul 2015 20:12:33 +0000",
    "direction": "outbound-api",
    "error_code": None,
    "error_message": None,
    "from": "+14155552345",
    "messaging_service_sid": "MGaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
    "num_media": "0",
    "num_segments": "1",
    "price": None,
    "price_unit": None,
    "sid": "SMaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
    "status": "queued",
    "subresource_uris": {"media": f"{MSGS}/SMaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/Media.json"},
    "to": "+14155552345",
    "uri": f"{MSGS}/SMaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.json",
}


def _listed_message(sid: str, **fields: object) -> dict:
    return {
        "account_sid": AC,
        "api_version": "2010-04-01",
        "date_created": "Fri, 24 May 2019 17:44:46 +0000",
        "from": "+12019235161",
        "messaging_service_sid": "MGaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
        "num_segments": "1",
        "price": "-0.00750",
        "price_unit": "USD",
        "sid": sid,
        "subresource_uris": {
            "media": f"{MSGS}/{sid}/Media.json",
            "feedback": f"{MSGS}/{sid}/Feedback.json",
        },
        "to": "+18182008801",
        "uri": f"{MSGS}/{sid}.json",
        **fields,
    }


_QS = "To=%2B123456789&From=%2B987654321&DateSent%3E=2008-01-02&PageSize=2"
# GET /Messages.json 200, example "readFullPage1".
READ_FULL_PAGE_1 = {
    "end": 1,
    "first_page_uri": f"{MSGS}.json?{_QS}&Page=0",
    "next_page_uri": f"{MSGS}.json?{_QS}&Page=1&PageToken=PAMMc26223853f8c46b4ab7dfaa6abba0a26",
    "page": 0,
    "page_size": 2,
    "previous_page_uri": None,
    "messages": [
        _listed_message(
            "SMded05904ccb347238880ca9264e8fe1c",
            body="testing",
            date_sent="Fri, 24 May 2019 17:44:50 +0000",
            date_updated="Fri, 24 May 2019 17:44:50 +0000",
            direction="outbound-api",
            error_code=None,
            error_message=None,
            num_media="0",
            status="sent",
        ),
        _listed_message(
            "MMc26223853f8c46b4ab7dfaa6abba0a26",
            body="look mom I have media!",
            date_sent="Fri, 24 May 2019 17:44:49 +0000",
            date_updated="Fri, 24 May 2019 17:44:49 +0000",
            direction="inbound",
            error_code=30004,
            error_message="Message blocked",
            num_media="3",
            status="received",
        ),
    ],
    "start": 0,
    "uri": f"{MSGS}.json?{_QS}&Page=0",
}

# GET /Messages/{MessageSid}/Media/{Sid}.json 200, example "fetch".
MEDIA_FETCH = {
    "account_sid": AC,
    "content_type": "image/jpeg",
    "date_created": "Sun, 16 Aug 2015 15:53:54 +0000",
    "date_updated": "Sun, 16 Aug 2015 15:53:55 +0000",
    "parent_sid": "SMaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
    "sid": "MEaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
    "uri": f"{MSGS}/SMaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/Media/{'ME' + 'a' * 32}.json",
}

# GET /IncomingPhoneNumbers.json 200, example "readFull", the single item.
PN = "PNaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
INCOMING_PHONE_NUMBER = {
    "account_sid": AC,
    "address_requirements": "none",
    "address_sid": "ADaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
    "api_version": "2010-04-01",
    "beta": None,
    "capabilities": {"voice": True, "sms": False, "mms": True, "fax": False},
    "date_created": "Thu, 30 Jul 2015 23:19:04 +0000",
    "date_updated": "Thu, 30 Jul 2015 23:19:04 +0000",
    "emergency_status": "Active",
    "emergency_address_sid": "ADaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
    "emergency_address_status": "registered",
    "friendly_name": "(808) 925-5327",
    "identity_sid": "RIaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
    "origin": "origin",
    "phone_number": "+18089255327",
    "sid": PN,
    "sms_application_sid": "",
    "sms_fallback_method": "POST",
    "sms_fallback_url": "",
    "sms_method": "POST",
    "sms_url": "",
    "status_callback": "",
    "status_callback_method": "POST",
    "trunk_sid": None,
    "uri": f"/2010-04-01/Accounts/{AC}/IncomingPhoneNumbers/{PN}.json",
    "voice_application_sid": "",
    "voice_caller_id_lookup": False,
    "voice_fallback_method": "POST",
    "voice_fallback_url": None,
    "voice_method": "POST",
    "voice_url": None,
    "bundle_sid": "BUaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
    "voice_receive_mode": "voice",
    "status": "in-use",
    "type": "local",
}


def _with(payload: dict, **changes: object) -> dict:
    out = copy.deepcopy(payload)
    out.update(changes)
    return out


def _rejects(kind: str, payload: dict, *fragments: str) -> str:
    with pytest.raises(AssertionError) as info:
        assert_conforms(kind, payload)
    text = str(info.value)
    for fragment in fragments:
        assert fragment in text, text
    return text


def test_kinds():
    assert kinds() == (
        "incoming_phone_number",
        "list_incoming_phone_number",
        "list_message",
        "list_message_media",
        "message",
        "message_media",
    )


def test_spec_examples_conform():
    assert_conforms("message", CREATE_WO_SERVICE)
    assert_conforms("list_message", READ_FULL_PAGE_1)
    assert_conforms("message_media", MEDIA_FETCH)
    assert_conforms(
        "list_message_media",
        {
            "end": 0,
            "first_page_uri": f"{MSGS}/SMaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/Media.json?Page=0",
            "media_list": [MEDIA_FETCH],
            "next_page_uri": None,
            "page": 0,
            "page_size": 50,
            "previous_page_uri": None,
            "start": 0,
            "uri": f"{MSGS}/SMaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/Media.json?Page=0",
        },
    )


def test_empty_list_envelope_conforms():
    empty = _with(READ_FULL_PAGE_1, messages=[], end=0, next_page_uri=None)
    assert_conforms("list_message", empty)


def test_incoming_phone_number_example_empty_sids_are_a_spec_quirk():
    # Twilio's own example returns "" for unset application SIDs, but the
    # schema says minLength 34 + ^AP pattern (or null). We follow the schema.
    assert conformance_errors("incoming_phone_number", INCOMING_PHONE_NUMBER) == [
        "$.sms_application_sid: '' does not match '^AP[0-9a-fA-F]{32}$'",
        "$.sms_application_sid: '' is too short",
        "$.voice_application_sid: '' does not match '^AP[0-9a-fA-F]{32}$'",
        "$.voice_application_sid: '' is too short",
    ]
    fixed = _with(INCOMING_PHONE_NUMBER, sms_application_sid=None, voice_application_sid=None)
    assert_conforms("incoming_phone_number", fixed)
    envelope = {k: v for k, v in READ_FULL_PAGE_1.items() if k != "messages"}
    assert_conforms("list_incoming_phone_number", {**envelope, "incoming_phone_numbers": [fixed]})


def test_num_segments_as_int_rejected():
    _rejects(
        "message",
        _with(CREATE_WO_SERVICE, num_segments=1),
        "$.num_segments: 1 is not of type 'string', 'null'",
    )


def test_error_code_as_string_rejected():
    _rejects(
        "message",
        _with(CREATE_WO_SERVICE, error_code="30004"),
        "$.error_code: '30004' is not of type 'integer', 'null'",
    )


def test_date_with_minus_zero_offset_rejected():
    _rejects(
        "message",
        _with(CREATE_WO_SERVICE, date_sent="Thu, 30 Jul 2015 20:12:33 -0000"),
        "$.date_sent: 'Thu, 30 Jul 2015 20:12:33 -0000' is not a 'date-time-rfc-2822'",
    )


@pytest.mark.parametrize(
    "value",
    [
        "2015-07-30T20:12:33Z",
        "Thu, 30 Jul 2015 20:12:33 GMT",
        "Thu, 3 Jul 2015 20:12:33 +0000",
        "Thursday, 30 Jul 2015 20:12:33 +0000",
        "Thu, 30 Jul 2015 20:12:33 +0000\n",
    ],
)
def test_other_bad_dates_rejected(value):
    _rejects("message", _with(CREATE_WO_SERVICE, date_created=value), "$.date_created")


def test_null_date_accepted():
    assert_conforms("message", _with(CREATE_WO_SERVICE, date_sent=None))


def test_unknown_top_level_field_rejected_unless_not_strict():
    payload = _with(CREATE_WO_SERVICE, simulated=True)
    _rejects("message", payload, "$: Additional properties are not allowed ('simulated'")
    assert_conforms("message", payload, strict=False)


def test_unknown_field_in_list_item_and_envelope_rejected():
    payload = copy.deepcopy(READ_FULL_PAGE_1)
    payload["messages"][1]["fault"] = "x"
    payload["total"] = 2
    text = _rejects(
        "list_message",
        payload,
        "$.messages[1]: Additional properties are not allowed ('fault'",
        "$: Additional properties are not allowed ('total'",
    )
    assert "(2 violation(s))" in text
    assert_conforms("list_message", payload, strict=False)


def test_nested_objects_stay_open():
    uris = {**CREATE_WO_SERVICE["subresource_uris"], "feedback": "/x.json", "extra": "/y"}
    assert_conforms("message", _with(CREATE_WO_SERVICE, subresource_uris=uris))


def test_enums_from_ref_are_not_nullable():
    _rejects("message", _with(CREATE_WO_SERVICE, status=None), "$.status: None")
    _rejects("message", _with(CREATE_WO_SERVICE, status="bogus"), "$.status: 'bogus'")
    _rejects("message", _with(CREATE_WO_SERVICE, direction="outbound"), "$.direction")


def test_all_violations_reported():
    payload = _with(CREATE_WO_SERVICE, num_segments=1, error_code="1", sid="SM1")
    text = _rejects("message", payload, "$.num_segments", "$.error_code", "$.sid")
    assert "(4 violation(s))" in text  # sid: pattern + minLength


def test_unknown_kind():
    with pytest.raises(ValueError, match="unknown kind 'call'"):
        assert_conforms("call", {})


def test_extract_is_structure_only_and_licensed():
    extract = json.loads(SCHEMAS_PATH.read_text(encoding="utf-8"))
    assert extract["_source"].startswith("twilio/twilio-oai@")
    assert "MIT License" in extract["_license"]
    assert "Copyright (C) 2023, Twilio, Inc." in extract["_license"]

    def keys(node):
        if isinstance(node, dict):
            for key, value in node.items():
                yield key
                yield from keys(value)
        elif isinstance(node, list):
            for item in node:
                yield from keys(item)

    schema_keys = set(keys(extract["schemas"])) | set(keys(extract["components"]))
    assert not {"description", "example", "examples"} & schema_keys
    assert not [k for k in schema_keys if k.startswith("x-")]


def _load_tool():
    path = REPO_ROOT / "tools" / "extract_oai_schemas.py"
    spec = importlib.util.spec_from_file_location("extract_oai_schemas", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_committed_extract_matches_full_spec():
    tool = _load_tool()
    if not tool.DEFAULT_SPEC.is_file():
        pytest.skip(f"full Twilio OpenAPI spec not present at {tool.DEFAULT_SPEC}")
    expected = tool.render_extract(tool.build_extract(tool.DEFAULT_SPEC))
    assert SCHEMAS_PATH.read_text(encoding="utf-8") == expected, (
        "tests/oai/schemas.json is stale: run python tools/extract_oai_schemas.py"
    )
    license_path = SCHEMAS_PATH.parent / "LICENSE"
    assert license_path.read_text(encoding="utf-8") == tool.render_license(tool.DEFAULT_SPEC)
