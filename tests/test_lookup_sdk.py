"""Lookup v2 through the official twilio SDK against a real server: line types from the
world's handset registry (the same answer that makes a create fail with 21614), validation
from libphonenumber, and every answer checked against Twilio's OpenAPI schema."""

from __future__ import annotations

import json

import pytest
from twilio.base.exceptions import TwilioRestException
from twilio.http.http_client import TwilioHttpClient

from tests.oai_conformance import assert_conforms

UNREGISTERED_US = "+14155552671"  # libphonenumber: FIXED_LINE_OR_MOBILE, valid
LONDON_LANDLINE = "+442071838750"  # libphonenumber: FIXED_LINE, valid
TOLL_FREE = "+18005551234"


class KeepingHttpClient(TwilioHttpClient):
    """The SDK's default HTTP client, keeping the last response (the SDK's instance does not
    expose the JSON it parsed, and the schema check wants every key)."""

    def request(self, *args, **kwargs):
        self.last_response = super().request(*args, **kwargs)
        return self.last_response


def pointed(client, url: str):
    client.lookups.base_url = url
    client.http_client = KeepingHttpClient()
    return client


@pytest.fixture
def lookups(sim, client):
    return pointed(client, sim.url)


def fetch(client, number: str, **params) -> dict:
    """The SDK's fetch, and the raw JSON it parsed (checked against Twilio's schema)."""
    instance = client.lookups.v2.phone_numbers(number).fetch(**params)
    body = json.loads(client.http_client.last_response.text)
    assert_conforms("lookup_phone_number", body)
    assert instance.phone_number == body["phone_number"]
    return body


def fetch_error(client, number: str, **params) -> TwilioRestException:
    with pytest.raises(TwilioRestException) as error:
        client.lookups.v2.phone_numbers(number).fetch(**params)
    return error.value


def line_type(client, number: str) -> dict:
    return fetch(client, number, fields="line_type_intelligence")["line_type_intelligence"]


def test_a_plain_lookup_has_the_number_and_no_packages(sim, lookups):
    body = fetch(lookups, UNREGISTERED_US)
    assert body["calling_country_code"] == "1"
    assert body["country_code"] == "US"
    assert body["phone_number"] == UNREGISTERED_US
    assert body["national_format"] == "(415) 555-2671"
    assert body["valid"] is True and body["validation_errors"] is None
    assert body["url"] == f"{sim.url}/v2/PhoneNumbers/{UNREGISTERED_US}"
    packages = set(body) - {"calling_country_code", "country_code", "phone_number",
                            "national_format", "valid", "validation_errors", "url"}
    assert packages and all(body[name] is None for name in packages)


def test_a_default_handset_and_an_unregistered_us_number_are_mobiles(lookups, handset):
    number = handset()
    assert line_type(lookups, number) == {
        "mobile_country_code": None, "mobile_network_code": None,
        "carrier_name": f"carrier-{number[1:]}", "type": "mobile", "error_code": None}
    unregistered = line_type(lookups, UNREGISTERED_US)
    assert unregistered["type"] == "mobile" and unregistered["carrier_name"] == "US-mobile"


def test_a_landline_handset_is_a_landline_and_a_create_to_it_fails_21614(
        lookups, us_number, handset):
    number = handset(line_type="landline")
    assert line_type(lookups, number)["type"] == "landline"
    with pytest.raises(TwilioRestException) as error:
        lookups.messages.create(to=number, from_=us_number, body="hi")
    assert error.value.code == 21614


def test_setting_a_handset_to_landline_changes_both_answers(sim, lookups, us_number, handset):
    number = handset()
    assert line_type(lookups, number)["type"] == "mobile"
    lookups.messages.create(to=number, from_=us_number, body="before")
    response = sim.control("PUT", f"/handsets/{number}", json={"line_type": "landline"})
    assert response.status_code == 200, response.text
    assert line_type(lookups, number)["type"] == "landline"
    with pytest.raises(TwilioRestException) as error:
        lookups.messages.create(to=number, from_=us_number, body="after")
    assert error.value.code == 21614


def test_a_fixed_line_without_a_handset_is_a_landline_as_for_a_create(lookups, us_number):
    body = fetch(lookups, LONDON_LANDLINE, fields="line_type_intelligence")
    assert body["country_code"] == "GB" and body["calling_country_code"] == "44"
    assert body["national_format"] == "020 7183 8750"
    assert body["line_type_intelligence"]["type"] == "landline"
    with pytest.raises(TwilioRestException) as error:
        lookups.messages.create(to=LONDON_LANDLINE, from_=us_number, body="hi")
    assert error.value.code == 21614


def test_a_voip_handset_and_a_toll_free_number(lookups, handset):
    assert line_type(lookups, handset(line_type="voip"))["type"] == "nonFixedVoip"
    assert line_type(lookups, TOLL_FREE)["type"] == "tollFree"


@pytest.mark.parametrize("number, error", [
    ("+1415", "TOO_SHORT"),
    ("+141599299600", "TOO_LONG"),  # the spec's fetchInvalid example
    ("+999123456", "INVALID_COUNTRY_CODE"),
    ("not-a-number", "NOT_A_NUMBER"),
])
def test_an_impossible_number_is_200_valid_false(sim, lookups, number, error):
    body = fetch(lookups, number, fields="validation,line_type_intelligence")
    assert body["valid"] is False and body["validation_errors"] == [error]
    assert body["phone_number"] == number
    assert body["calling_country_code"] is None and body["country_code"] is None
    assert body["national_format"] is None
    # No handset can have such a number: no package data.
    assert body["line_type_intelligence"] is None


def test_a_fictional_number_is_possible_but_invalid_and_still_has_a_handset(lookups):
    body = fetch(lookups, "+15558675310", fields="validation,line_type_intelligence")
    assert body["valid"] is False and body["validation_errors"] == ["INVALID_BUT_POSSIBLE"]
    assert body["country_code"] == "US" and body["phone_number"] == "+15558675310"
    assert body["line_type_intelligence"]["type"] == "mobile"


def test_a_national_number_with_country_code(lookups):
    body = fetch(lookups, "020 7183 8750", country_code="GB")
    assert body["phone_number"] == LONDON_LANDLINE and body["valid"] is True
    # Without CountryCode a national number is read as North American (the spec's default).
    assert fetch(lookups, "(415) 555-2671")["phone_number"] == UNREGISTERED_US


def test_packages_we_do_not_simulate_answer_null(lookups):
    body = fetch(lookups, UNREGISTERED_US, fields="caller_name, sim_swap,line_status")
    assert body["caller_name"] is None and body["sim_swap"] is None
    assert body["line_status"] is None and body["line_type_intelligence"] is None


def test_an_unknown_field_is_400_60618_naming_it(lookups):
    error = fetch_error(lookups, UNREGISTERED_US, fields="line_type_intelligence,carrier")
    assert error.status == 400 and error.code == 60618
    assert "Fields" in error.msg and "carrier" in error.msg


def test_credentials(sim, account):
    url = f"{sim.url}/v2/PhoneNumbers/{UNREGISTERED_US}"
    response = sim.session.get(url, timeout=10)
    assert response.status_code == 401 and response.json()["code"] == 20003
    wrong = pointed(sim.client(account["account_sid"], "0" * 32), sim.url)
    assert fetch_error(wrong, UNREGISTERED_US).status == 401
    test = pointed(sim.client(account["test_account_sid"], account["test_auth_token"]),
                   sim.url)
    error = fetch_error(test, UNREGISTERED_US)
    assert error.status == 403 and error.code == 20008


def test_a_lookup_is_in_the_request_log(sim, lookups):
    fetch(lookups, UNREGISTERED_US, fields="line_type_intelligence")
    response = sim.control("GET", "/requests")
    assert response.status_code == 200, response.text
    assert any(row["path"] == f"/v2/PhoneNumbers/{UNREGISTERED_US}"
               for row in response.json()["requests"])
