"""The pytest plugin, as a user meets it: a small suite run under pytester."""

from __future__ import annotations

pytest_plugins = ["pytester"]

USER_SUITE = '''
import pytest
from twilio.base.exceptions import TwilioRestException


def test_send_advance_and_see_it_on_the_phone(smsim, twilio_client):
    message = twilio_client.messages.create(to="+15558675310", from_=smsim.from_number,
                                            body="Your code is 1234")
    assert message.status == "queued"
    smsim.advance("30s")
    assert twilio_client.messages(message.sid).fetch().status == "delivered"
    sms = smsim.handset("+15558675310").expect_sms(contains="1234")
    assert sms["from"] == smsim.from_number
    smsim.assert_no_unexpected_sms()


def test_expect_sms_moves_the_clock_itself(smsim, twilio_client):
    twilio_client.messages.create(to="+15558675311", from_=smsim.from_number, body="hi")
    smsim.handset("+15558675311").expect_sms(contains="hi", within="1m")


def test_stop_then_21610(smsim, twilio_client):
    phone = smsim.handset("+15558675312")
    phone.reply("STOP")
    phone.expect_sms(contains="unsubscribed")
    with pytest.raises(TwilioRestException) as error:
        twilio_client.messages.create(to="+15558675312", from_=smsim.from_number, body="x")
    assert error.value.code == 21610


def test_a_preset_then_diagnose_names_the_symptom(smsim, twilio_client):
    smsim.faults.preset("carrier-duplicates")
    twilio_client.messages.create(to="+15558675313", from_=smsim.from_number, body="once")
    smsim.advance("1m")
    assert [f["id"] for f in smsim.diagnose()] == ["carrier-duplicate"]


def test_each_test_starts_from_a_clean_world(smsim, twilio_client):
    assert twilio_client.messages.list() == []
    assert smsim.faults.log() == []


def test_a_switched_off_phone(smsim, twilio_client):
    phone = smsim.handset("+15558675314")
    phone.set(power="off")
    sid = twilio_client.messages.create(to="+15558675314", from_=smsim.from_number,
                                        body="hello?").sid
    smsim.advance("5m")
    assert twilio_client.messages(sid).fetch().error_code == 30003
    assert [f["id"] for f in smsim.diagnose()] == ["handset-unreachable"]


def test_unexpected_sms_are_caught(smsim, twilio_client):
    twilio_client.messages.create(to="+15558675315", from_=smsim.from_number, body="surprise")
    smsim.advance("30s")
    with pytest.raises(AssertionError, match="surprise"):
        smsim.assert_no_unexpected_sms()


def test_expect_sms_fails_clearly(smsim):
    with pytest.raises(AssertionError, match="got no SMS containing 'nothing'"):
        smsim.handset("+15558675316").expect_sms(contains="nothing", within="10s")


def test_test_credentials(smsim):
    test = smsim.client_for(smsim.account["test_account_sid"],
                            smsim.account["test_auth_token"])
    assert test.messages.create(to="+15558675317", from_="+15005550006",
                                body="x").status == "queued"
'''


def test_a_user_suite_passes_with_only_the_plugins_fixtures(pytester):
    pytester.makepyfile(test_user=USER_SUITE)
    result = pytester.runpytest_subprocess("-q", "-p", "no:randomly")
    result.assert_outcomes(passed=9)


def test_against_an_external_simulator(pytester, sim):
    """--smsim-url: the same fixtures, on a simulator someone else started (a container)."""
    pytester.makepyfile(test_external=f'''
def test_it(smsim, twilio_client):
    assert smsim.url == "{sim.url}"
    assert twilio_client.messages.create(to="+15558675318", from_=smsim.from_number,
                                         body="x").status == "queued"
''')
    result = pytester.runpytest_subprocess("-q", f"--smsim-url={sim.url}",
                                           "--smsim-isolation=account")
    result.assert_outcomes(passed=1)
