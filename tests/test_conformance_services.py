"""Messaging Services (/v1/Services) checked against Twilio's Messaging v1 OpenAPI schemas.

Responses come from the real server over HTTP (plain ``requests``, HTTP Basic with the
account's SID and auth token), not from the serializers directly. Schemas are the committed
extract of twilio_messaging_v1.json in tests/oai/schemas.json.
"""

from __future__ import annotations

import json

import pytest
import requests

from tests.oai_conformance import SCHEMAS_PATH, assert_conforms

SCHEMAS = json.loads(SCHEMAS_PATH.read_text(encoding="utf-8"))


def spec_fields(component: str) -> set[str]:
    return set(SCHEMAS["components"]["schemas"][component]["properties"])


@pytest.fixture
def v1(sim, account):
    """Call ``{sim.url}/v1/Services...`` as the fresh account; absolute URLs pass through."""
    auth = (account["account_sid"], account["auth_token"])

    def call(method: str, path: str, **kwargs) -> requests.Response:
        url = path if path.startswith("http") else f"{sim.url}/v1/Services{path}"
        return requests.request(method, url, auth=auth, timeout=10, **kwargs)
    return call


def _create_service(v1, name: str) -> dict:
    response = v1("POST", "", data={"FriendlyName": name})
    assert response.status_code == 201, response.text
    return response.json()


def test_service_create_and_fetch_conform(v1, account):
    service = _create_service(v1, "Conformance")
    assert_conforms("service", service)
    # The spec lists no required fields, so also check we return every field it has.
    assert set(service) == spec_fields("messaging.v1.service")
    assert (service["friendly_name"], service["account_sid"]) == ("Conformance",
                                                                  account["account_sid"])

    fetched = v1("GET", f"/{service['sid']}")
    assert fetched.status_code == 200, fetched.text
    assert_conforms("service", fetched.json())
    assert set(fetched.json()) == spec_fields("messaging.v1.service")
    assert fetched.json()["sid"] == service["sid"]


def test_service_list_pages_conform(sim, v1):
    sids = {_create_service(v1, name)["sid"] for name in ("first", "second")}
    response = v1("GET", "", params={"PageSize": 1})
    assert response.status_code == 200, response.text
    page = response.json()
    assert_conforms("list_service", page)
    meta = page["meta"]
    assert (meta["key"], meta["page"], meta["page_size"]) == ("services", 0, 1)
    assert len(page["services"]) == 1
    # v1 paging URLs are absolute, and name this simulator (the SDKs follow them).
    next_url = meta["next_page_url"]
    assert next_url and next_url.startswith(f"{sim.url}/v1/Services?"), next_url

    second = v1("GET", next_url)
    assert second.status_code == 200, second.text
    assert_conforms("list_service", second.json())
    assert second.json()["meta"]["page"] == 1
    assert {s["sid"] for s in page["services"] + second.json()["services"]} == sids


def test_service_phone_numbers_conform(v1, account):
    service = _create_service(v1, "With a number")
    number = next(n for n in account["numbers"] if n["capabilities"]["sms"])
    added = v1("POST", f"/{service['sid']}/PhoneNumbers", data={"PhoneNumberSid": number["sid"]})
    assert added.status_code == 201, added.text
    entry = added.json()
    assert_conforms("service_phone_number", entry)
    # The spec lists no required fields, so also check we return every field it has.
    assert set(entry) == spec_fields("messaging.v1.service.phone_number")
    assert (entry["sid"], entry["service_sid"], entry["phone_number"]) == (
        number["sid"], service["sid"], number["phone_number"])

    listed = v1("GET", f"/{service['sid']}/PhoneNumbers")
    assert listed.status_code == 200, listed.text
    page = listed.json()
    assert_conforms("list_service_phone_number", page)
    assert page["meta"]["key"] == "phone_numbers"
    assert [n["sid"] for n in page["phone_numbers"]] == [number["sid"]]
