"""Every shape we return checked against Twilio's OpenAPI schemas (tests/oai/schemas.json).

Responses come from the real server over HTTP, not from the serializers directly.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from smsim.domain.errors import CATALOGUE, TwilioError

from tests.oai_conformance import assert_conforms

SCHEMAS = json.loads((Path(__file__).parent / "oai" / "schemas.json").read_text())


def spec_fields(component: str) -> set[str]:
    return set(SCHEMAS["components"]["schemas"][component]["properties"])


def test_message_create_fetch_list_conform(api, us_number):
    created = api("POST", "/Messages.json", data={"To": "+15558675310", "From": us_number,
                                                  "Body": "Hello! 👍"})
    assert created.status_code == 201
    message = created.json()
    assert_conforms("message", message)
    # The spec lists no required fields, so also check we return every field it has.
    assert set(message) == spec_fields("api.v2010.account.message")
    assert_conforms("message", api("GET", f"/Messages/{message['sid']}.json").json())
    for i in range(3):
        api("POST", "/Messages.json", data={"To": "+15558675310", "From": us_number,
                                            "Body": str(i)})
    page = api("GET", "/Messages.json", params={"PageSize": 2}).json()
    assert_conforms("list_message", page)
    assert page["next_page_uri"] and "PageToken=PA" in page["next_page_uri"]
    last = api("GET", "/Messages.json", params={"PageSize": 2, "Page": 1}).json()
    assert_conforms("list_message", last)
    empty = api("GET", "/Messages.json", params={"To": "+15550000000"}).json()
    assert_conforms("list_message", empty)
    assert (empty["start"], empty["end"], empty["messages"]) == (0, 0, [])


def test_media_conforms(api, us_number):
    sid = api("POST", "/Messages.json", data={"To": "+15558675310", "From": us_number,
                                              "MediaUrl": "https://example.com/a.png"}).json()["sid"]
    media_list = api("GET", f"/Messages/{sid}/Media.json").json()
    assert_conforms("list_message_media", media_list)
    media = media_list["media_list"][0]
    assert_conforms("message_media", media)
    assert set(media) == spec_fields("api.v2010.account.message.media")


def test_incoming_phone_numbers_conform(api):
    page = api("GET", "/IncomingPhoneNumbers.json").json()
    assert_conforms("list_incoming_phone_number", page)
    number = page["incoming_phone_numbers"][0]
    assert set(number) == spec_fields("api.v2010.account.incoming_phone_number")
    created = api("POST", "/IncomingPhoneNumbers.json", data={"PhoneNumber": "+15557779999"})
    assert created.status_code == 201
    assert_conforms("incoming_phone_number", created.json())


@pytest.mark.parametrize("method, path, data", [
    ("POST", "/Messages.json", {"To": "+15558675310"}),
    ("GET", "/Messages/SM00000000000000000000000000000000.json", None),
    ("DELETE", "/Messages.json", None),
    ("GET", "/Messages.json?PageSize=0", None),
])
def test_error_bodies_have_exactly_twilios_keys(api, method, path, data):
    response = api(method, path, data=data)
    body = response.json()
    assert list(body) == ["code", "message", "more_info", "status"]
    assert isinstance(body["code"], int) and body["status"] == response.status_code
    assert body["more_info"] == f"https://www.twilio.com/docs/errors/{body['code']}"


@pytest.mark.parametrize("code", sorted(CATALOGUE))
def test_every_catalogue_entry_formats(code):
    fields = {"to": "+15558675310", "from_": "+15017122661", "path": "/x", "number": "+1",
              "url": "u", "sid": "MG", "state": "sent", "field": "F", "detail": "d"}
    error = TwilioError(code, **fields)
    assert "{" not in error.message and error.body()["code"] == code
    assert 400 <= error.status <= 599
