"""Tests for tests/oai_conformance.py and the committed tests/oai/schemas.json and
tests/oai/content_schemas.json.

Example payloads are copied from Twilio's OpenAPI specs (twilio/twilio-oai
twilio_api_v2010.json and twilio_messaging_v1.json, MIT, see tests/oai/LICENSE).
Only the committed extracts are needed; each re-extraction check is skipped when
its full spec is absent (fresh clone; a worktree without ../shared/twilio-oai; no
Content spec there nor a twilio-oai mirror above the repository).
"""

from __future__ import annotations

import copy
import importlib.util
import json
import sys
from pathlib import Path

import pytest

from tests.oai_conformance import (
    CONTENT_SCHEMAS_PATH,
    SCHEMAS_PATH,
    assert_conforms,
    conformance_errors,
    kinds,
)

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


# Messaging v1 (twilio_messaging_v1.json) examples.
MG = "MGaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
V1_SERVICE = f"https://messaging.twilio.com/v1/Services/{MG}"
_SERVICE_LINKS = {
    "phone_numbers": f"{V1_SERVICE}/PhoneNumbers",
    "short_codes": f"{V1_SERVICE}/ShortCodes",
    "alpha_senders": f"{V1_SERVICE}/AlphaSenders",
    "messages": f"{V1_SERVICE}/Messages",
    "us_app_to_person": f"{V1_SERVICE}/Compliance/Usa2p",
    "us_app_to_person_usecases": f"{V1_SERVICE}/Compliance/Usa2p/Usecases",
    "channel_senders": f"{V1_SERVICE}/ChannelSenders",
    "destination_alpha_senders": f"{V1_SERVICE}/DestinationAlphaSenders",
}

# POST /v1/Services 201, example "create".
SERVICE_CREATE = {
    "account_sid": AC,
    "sid": MG,
    "date_created": "2015-07-30T20:12:31Z",
    "date_updated": "2015-07-30T20:12:33Z",
    "friendly_name": "My Service!",
    "inbound_request_url": "https://www.example.com/",
    "inbound_method": "POST",
    "fallback_url": "https://www.example.com",
    "fallback_method": "GET",
    "status_callback": "https://www.example.com",
    "sticky_sender": True,
    "smart_encoding": False,
    "mms_converter": True,
    "fallback_to_long_code": True,
    "scan_message_content": "inherit",
    "area_code_geomatch": True,
    "validity_period": 600,
    "synchronous_validation": True,
    "usecase": "marketing",
    "us_app_to_person_registered": False,
    "use_inbound_webhook_on_number": True,
    "links": _SERVICE_LINKS,
    "url": V1_SERVICE,
}
# GET /v1/Services/{Sid} 200, example "fetch".
SERVICE_FETCH = {**SERVICE_CREATE, "fallback_url": None, "fallback_method": "POST"}
# GET /v1/Services 200, example "readFull".
SERVICES_READ_FULL = {
    "meta": {
        "page": 0,
        "page_size": 20,
        "first_page_url": "https://messaging.twilio.com/v1/Services?PageSize=20&Page=0",
        "previous_page_url": None,
        "next_page_url": None,
        "key": "services",
        "url": "https://messaging.twilio.com/v1/Services?PageSize=20&Page=0",
    },
    "services": [{**SERVICE_FETCH, "use_inbound_webhook_on_number": False}],
}
# POST /v1/Services/{ServiceSid}/PhoneNumbers 201, example "create".
SERVICE_PHONE_NUMBER_CREATE = {
    "sid": PN,
    "account_sid": AC,
    "service_sid": MG,
    "date_created": "2015-07-30T20:12:31Z",
    "date_updated": "2015-07-30T20:12:33Z",
    "phone_number": "+987654321",
    "country_code": "US",
    "capabilities": [],
    "url": f"{V1_SERVICE}/PhoneNumbers/{PN}",
}
# Same, example "createWithCapabilities".
SERVICE_PHONE_NUMBER_CREATE_WITH_CAPABILITIES = {
    **SERVICE_PHONE_NUMBER_CREATE,
    "capabilities": ["MMS", "SMS", "Voice"],
}
# GET /v1/Services/{ServiceSid}/PhoneNumbers 200, example "readFull".
SERVICE_PHONE_NUMBERS_READ_FULL = {
    "meta": {
        "page": 0,
        "page_size": 20,
        "first_page_url": f"{V1_SERVICE}/PhoneNumbers?PageSize=20&Page=0",
        "previous_page_url": None,
        "next_page_url": None,
        "key": "phone_numbers",
        "url": f"{V1_SERVICE}/PhoneNumbers?PageSize=20&Page=0",
    },
    "phone_numbers": [SERVICE_PHONE_NUMBER_CREATE],
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
        "content",
        "content_approval_create",
        "content_approval_fetch",
        "incoming_phone_number",
        "list_content",
        "list_incoming_phone_number",
        "list_message",
        "list_message_media",
        "list_service",
        "list_service_channel_sender",
        "list_service_phone_number",
        "list_verify_service",
        "lookup_phone_number",
        "message",
        "message_media",
        "service",
        "service_channel_sender",
        "service_phone_number",
        "verify_service",
        "verify_verification",
        "verify_verification_check",
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


def test_messaging_v1_spec_examples_conform():
    assert_conforms("service", SERVICE_CREATE)
    assert_conforms("service", SERVICE_FETCH)
    assert_conforms("list_service", SERVICES_READ_FULL)
    assert_conforms("service_phone_number", SERVICE_PHONE_NUMBER_CREATE)
    assert_conforms("service_phone_number", SERVICE_PHONE_NUMBER_CREATE_WITH_CAPABILITIES)
    assert_conforms("list_service_phone_number", SERVICE_PHONE_NUMBERS_READ_FULL)


def test_messaging_v1_examples_have_every_spec_field():
    extract = json.loads(SCHEMAS_PATH.read_text(encoding="utf-8"))
    components = extract["components"]["schemas"]
    assert set(SERVICE_CREATE) == set(components["messaging.v1.service"]["properties"])
    assert set(SERVICE_PHONE_NUMBER_CREATE) == set(
        components["messaging.v1.service.phone_number"]["properties"]
    )
    assert set(SERVICES_READ_FULL["meta"]) == set(
        extract["schemas"]["list_service"]["properties"]["meta"]["properties"]
    )


def test_service_rfc_2822_date_rejected():
    _rejects(
        "service",
        _with(SERVICE_CREATE, date_created="Thu, 30 Jul 2015 20:12:31 +0000"),
        "$.date_created: 'Thu, 30 Jul 2015 20:12:31 +0000' is not a 'date-time'",
    )
    # ...and the other way round: v2010 resources keep RFC 2822.
    _rejects(
        "message",
        _with(CREATE_WO_SERVICE, date_created="2015-07-30T20:12:31Z"),
        "$.date_created: '2015-07-30T20:12:31Z' is not a 'date-time-rfc-2822'",
    )


@pytest.mark.parametrize(
    "value",
    [
        "2015-07-30T20:12:31+00:00",
        "2015-07-30T20:12:31.000Z",
        "2015-07-30T20:12:31.123456Z",
        "2015-07-30T20:12:31",
        "2015-07-30 20:12:31Z",
        "2015-07-30t20:12:31z",
        "2015-07-30",
        "2015-7-30T20:12:31Z",
        "2015-02-30T20:12:31Z",
        "2015-07-30T24:00:00Z",
        "2015-07-30T20:12:31Z\n",
        " 2015-07-30T20:12:31Z",
        "",
    ],
)
def test_other_bad_iso_dates_rejected(value):
    _rejects(
        "service_phone_number",
        _with(SERVICE_PHONE_NUMBER_CREATE, date_updated=value),
        "$.date_updated",
        "is not a 'date-time'",
    )


def test_iso_date_edge_cases_accepted():
    for value in ("2016-02-29T00:00:00Z", "1999-12-31T23:59:59Z"):
        assert_conforms("service", _with(SERVICE_CREATE, date_updated=value))


def test_null_iso_date_accepted_but_not_other_types():
    assert_conforms("service", _with(SERVICE_CREATE, date_created=None, date_updated=None))
    _rejects(
        "service",
        _with(SERVICE_CREATE, date_created=1438287151),
        "$.date_created: 1438287151 is not of type 'string', 'null'",
    )


@pytest.mark.parametrize(
    "kind, payload",
    [("service", SERVICE_CREATE), ("service_phone_number", SERVICE_PHONE_NUMBER_CREATE)],
)
def test_messaging_v1_extra_field_rejected_unless_not_strict(kind, payload):
    extra = _with(payload, simulated=True)
    _rejects(kind, extra, "$: Additional properties are not allowed ('simulated'")
    assert_conforms(kind, extra, strict=False)


def test_v1_list_envelope_meta_and_items_closed():
    payload = copy.deepcopy(SERVICES_READ_FULL)
    payload["total"] = 1
    payload["meta"]["previous_page_uri"] = None  # the 2010 spelling
    payload["services"][0]["messaging_service_sid"] = MG
    text = _rejects(
        "list_service",
        payload,
        "$: Additional properties are not allowed ('total'",
        "$.meta: Additional properties are not allowed ('previous_page_uri'",
        "$.services[0]: Additional properties are not allowed ('messaging_service_sid'",
    )
    assert "(3 violation(s))" in text
    assert_conforms("list_service", payload, strict=False)


def test_v1_list_meta_types():
    meta = {**SERVICES_READ_FULL["meta"], "page": "0", "next_page_url": 5}
    _rejects(
        "list_service",
        _with(SERVICES_READ_FULL, meta=meta),
        "$.meta.page: '0' is not of type 'integer'",
        "$.meta.next_page_url: 5 is not of type 'string', 'null'",
    )
    # first_page_url is not nullable in the spec.
    meta = {**SERVICES_READ_FULL["meta"], "first_page_url": None}
    _rejects("list_service", _with(SERVICES_READ_FULL, meta=meta), "$.meta.first_page_url")


def test_v1_phone_number_list_items_checked():
    payload = copy.deepcopy(SERVICE_PHONE_NUMBERS_READ_FULL)
    payload["phone_numbers"][0]["capabilities"] = {"sms": True}  # the 2010 shape
    _rejects(
        "list_service_phone_number",
        payload,
        "$.phone_numbers[0].capabilities: {'sms': True} is not of type 'array', 'null'",
    )


def test_service_links_stay_open():
    links = {**_SERVICE_LINKS, "extra": "https://example.com/x"}
    assert_conforms("service", _with(SERVICE_CREATE, links=links))


def test_service_types_and_enums():
    _rejects("service", _with(SERVICE_CREATE, sid=PN), "$.sid: ")
    _rejects("service", _with(SERVICE_CREATE, scan_message_content=None), "$.scan_message_content")
    _rejects("service", _with(SERVICE_CREATE, scan_message_content="on"), "$.scan_message_content")
    _rejects("service", _with(SERVICE_CREATE, inbound_method="PUT"), "$.inbound_method")
    assert_conforms("service", _with(SERVICE_CREATE, inbound_method=None))
    # validity_period is the one non-nullable field (integer, default 0).
    _rejects(
        "service",
        _with(SERVICE_CREATE, validity_period=None),
        "$.validity_period: None is not of type 'integer'",
    )
    _rejects("service", _with(SERVICE_CREATE, sticky_sender="true"), "$.sticky_sender")


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


def _keys(node):
    if isinstance(node, dict):
        for key, value in node.items():
            yield key
            yield from _keys(value)
    elif isinstance(node, list):
        for item in node:
            yield from _keys(item)


@pytest.mark.parametrize(
    "path, files",
    [
        (
            SCHEMAS_PATH,
            ["twilio_api_v2010.json", "twilio_messaging_v1.json", "twilio_verify_v2.json",
             "twilio_lookups_v2.json"],
        ),
        (CONTENT_SCHEMAS_PATH, ["twilio_content_v1.json"]),
    ],
)
def test_extract_is_structure_only_and_licensed(path, files):
    extract = json.loads(path.read_text(encoding="utf-8"))
    assert extract["_source"].startswith(
        "twilio/twilio-oai@d50069b44ea8cd23141385bdb6db48f16ff75bb5 "
    )
    for name in files:
        assert f"spec/json/{name}" in extract["_source"]
    assert "MIT License" in extract["_license"]
    assert "Copyright (C) 2023, Twilio, Inc." in extract["_license"]

    schema_keys = set(_keys(extract["schemas"])) | set(_keys(extract["components"]))
    assert not {"description", "example", "examples"} & schema_keys
    assert not [k for k in schema_keys if k.startswith("x-")]


def test_license_names_both_extracts():
    # Needs no spec: the notes come from the committed extracts' own _source lines.
    tool = _load_tool()
    extracts = {
        path.name: json.loads(path.read_text(encoding="utf-8"))
        for path in (SCHEMAS_PATH, CONTENT_SCHEMAS_PATH)
    }
    text = (SCHEMAS_PATH.parent / "LICENSE").read_text(encoding="utf-8")
    assert text == tool.render_license(extracts)
    assert "content_schemas.json is extracted (structure only) from twilio/twilio-oai@" in text


def _load_tool():
    path = REPO_ROOT / "tools" / "extract_oai_schemas.py"
    spec = importlib.util.spec_from_file_location("extract_oai_schemas", path)
    module = importlib.util.module_from_spec(spec)
    # Registered before running, as dataclasses look their module up there.
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_committed_extract_matches_full_spec():
    tool = _load_tool()
    spec_dir = tool.DEFAULT_SPEC_DIR
    missing = [name for name in tool.SPEC_FILES if not (spec_dir / name).is_file()]
    if missing:
        pytest.skip(f"full Twilio OpenAPI spec(s) {missing} not present in {spec_dir}")
    extract = tool.build_extract(spec_dir)
    # Covers the four specs: every kind but Content's (content_schemas.json, below) and the
    # component schemas they need.
    content_kinds = set(json.loads(CONTENT_SCHEMAS_PATH.read_text(encoding="utf-8"))["schemas"])
    assert set(extract["schemas"]) == set(kinds()) - content_kinds
    assert {
        "messaging.v1.service",
        "messaging.v1.service.phone_number",
        "service_enum_scan_message_content",
        "api.v2010.account.message",
        "verify.v2.service.verification",
        "LookupResponse",
    } <= set(extract["components"]["schemas"])
    assert SCHEMAS_PATH.read_text(encoding="utf-8") == tool.render_extract(extract), (
        "tests/oai/schemas.json is stale: run python tools/extract_oai_schemas.py"
    )


def test_committed_content_extract_matches_content_spec():
    tool = _load_tool()
    found = tool.find_content_spec()
    if found is None:
        tried = ", ".join(map(str, tool.content_spec_candidates()))
        pytest.skip(f"the Content spec (twilio_content_v1.json) is in none of: {tried}")
    extract = tool.build_content_extract(found)
    assert sorted(extract["schemas"]) == [
        "content", "content_approval_create", "content_approval_fetch", "list_content"]
    assert sorted(extract["components"]["schemas"]) == [
        "content.v1.content",
        "content.v1.content.approval_create",
        "content.v1.content.approval_fetch",
    ]
    assert CONTENT_SCHEMAS_PATH.read_text(encoding="utf-8") == tool.render_extract(extract), (
        f"tests/oai/content_schemas.json is stale against {found}: run "
        "python tools/extract_oai_schemas.py --content-spec " + str(found)
    )


def test_tool_argument_is_spec_dir_or_either_spec_file(tmp_path):
    tool = _load_tool()
    for name in tool.SPEC_FILES:
        (tmp_path / name).write_text("{}", encoding="utf-8")
        assert tool.spec_dir_of(tmp_path / name) == tmp_path
    assert tool.spec_dir_of(tmp_path) == tmp_path
    with pytest.raises(ValueError, match="expected a directory or one of"):
        tool.spec_dir_of(tmp_path / "other.json")


_REF = "#/components/schemas/"


def _fake_spec(component: str, shared: str) -> dict:
    return {
        "components": {
            "schemas": {
                component: {"type": "object", "properties": {"x": {"$ref": _REF + shared}}},
                shared: {"type": "string", "description": "dropped"},
            }
        },
        "paths": {},
    }


def test_tool_refuses_colliding_component_names(tmp_path, monkeypatch):
    tool = _load_tool()
    specs = (
        tool.SpecKinds("a.json", {"thing_a": "a.thing"}, {}),
        tool.SpecKinds("b.json", {"thing_b": "b.thing"}, {}),
    )
    monkeypatch.setattr(tool, "SPECS", specs)
    monkeypatch.setattr(tool, "SPEC_FILES", ("a.json", "b.json"))
    (tmp_path / "LICENSE").write_text("MIT License\n", encoding="utf-8")
    (tmp_path / "SOURCE.txt").write_text(
        f"twilio/twilio-oai at commit {'0' * 40}, spec/json/a.json and spec/json/b.json\n",
        encoding="utf-8",
    )
    (tmp_path / "a.json").write_text(json.dumps(_fake_spec("a.thing", "a_enum")), "utf-8")
    (tmp_path / "b.json").write_text(json.dumps(_fake_spec("b.thing", "b_enum")), "utf-8")
    extract = tool.build_extract(tmp_path)
    assert extract["_source"] == f"twilio/twilio-oai@{'0' * 40} spec/json/a.json, spec/json/b.json"
    assert extract["components"]["schemas"]["b_enum"] == {"type": "string"}
    assert sorted(extract["schemas"]) == ["thing_a", "thing_b"]

    (tmp_path / "b.json").write_text(json.dumps(_fake_spec("b.thing", "a_enum")), "utf-8")
    with pytest.raises(ValueError, match="'a_enum' is in both a.json and b.json"):
        tool.build_extract(tmp_path)
