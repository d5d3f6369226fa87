"""The pytest plugin, as a user meets it: small suites run under pytester, alone and under
pytest-xdist, against the plugin's own simulator and against one shared server."""

from __future__ import annotations

import os
import subprocess
import sys
import time

from smsim.clients.sdk import EmbeddedSimulator

from tests.server import free_port

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


# Every test shares one phone number and would fail if it saw another test's world: each
# checks it starts clean (the phone on, no rules, no messages, an unmoved clock), then makes
# its world different (the phone off, a preset on, its own clock) and checks only its own
# changes show. Under -n 4 the tests of one worker run one after another and the workers'
# at once: a leak either way fails one.
ISOLATION_SUITE = '''
import pytest

PHONE = "+15558670000"


@pytest.mark.parametrize("k", range(12))
def test_a_world_of_its_own(smsim, twilio_client, k):
    phone = smsim.handset(PHONE)
    assert phone.state["power"] == "on"
    assert phone.inbox == [] and twilio_client.messages.list() == []
    assert smsim.faults.list() == [] and smsim.faults.log() == []
    assert smsim.now - smsim.started < 30  # nobody else's advance
    kind = k % 3
    if kind == 0:
        phone.set(power="off")
    elif kind == 1:
        smsim.faults.preset("carrier-duplicates")
    smsim.advance(f"{k + 1}h")
    assert abs(smsim.now - smsim.started - (k + 1) * 3600) < 30
    sid = twilio_client.messages.create(to=PHONE, from_=smsim.from_number,
                                        body=f"test {k}").sid
    smsim.advance("10m")
    bodies = [m["body"] for m in phone.inbox]
    if kind == 0:
        assert twilio_client.messages(sid).fetch().error_code == 30003
        assert bodies == []
    elif kind == 1:
        assert bodies == [f"test {k}", f"test {k}"]
    else:
        assert bodies == [f"test {k}"] and smsim.faults.list() == []
    assert [m.sid for m in twilio_client.messages.list()] == [sid]
    assert phone.state["power"] == ("off" if kind == 0 else "on")
'''

# The application's own webhooks: a Flask app served by the fixture, its number pointed at it.
APP_SUITE = '''
from flask import Flask, request
from twilio.request_validator import RequestValidator


def test_my_app_answers_texts_and_hears_statuses(smsim, twilio_client):
    app = Flask("my_app")
    heard = []
    validator = RequestValidator(smsim.auth_token)

    @app.post("/sms")
    def sms():
        assert validator.validate(request.url, request.form,
                                  request.headers["X-Twilio-Signature"])
        heard.append(("sms", request.form["Body"]))
        return "<Response><Message>pong</Message></Response>", 200, {"Content-Type": "text/xml"}

    @app.post("/status")
    def status():
        heard.append(("status", request.form["MessageStatus"]))
        return ""

    url = smsim.serve_app(app, sms_path="/sms", status_path="/status")
    assert url.startswith("http://127.0.0.1:")
    phone = smsim.handset("+15558675320")
    phone.reply("ping")
    phone.expect_sms(contains="pong")
    assert ("sms", "ping") in heard and ("status", "delivered") in heard
    assert [w["kind"] for w in smsim.webhooks()][0] == "incoming_message"


def test_point_number_alone(smsim, twilio_client):
    number = smsim.point_number(sms_url="https://example.test/sms")
    assert number.sms_url == "https://example.test/sms"
    assert twilio_client.incoming_phone_numbers(number.sid).fetch().sms_url == number.sms_url
'''


def test_a_user_suite_passes_with_only_the_plugins_fixtures(pytester):
    pytester.makepyfile(test_user=USER_SUITE, test_app=APP_SUITE)
    result = pytester.runpytest_subprocess("-q", "-p", "no:randomly")
    result.assert_outcomes(passed=11)


def test_reset_isolation_still_works(pytester):
    """--smsim-isolation reset: the default world, reset before each test (no xdist)."""
    pytester.makepyfile(test_reset='''
def test_one(smsim, twilio_client):
    assert smsim.account["default"] and twilio_client.messages.list() == []
    smsim.handset("+15558670001").set(power="off")
    twilio_client.messages.create(to="+15558670001", from_=smsim.from_number, body="x")


def test_two(smsim, twilio_client):
    assert twilio_client.messages.list() == []
    assert smsim.handset("+15558670001").state["power"] == "on"
''')
    result = pytester.runpytest_subprocess("-q", "-p", "no:randomly", "--smsim-isolation=reset")
    result.assert_outcomes(passed=2)


def test_xdist_with_the_plugins_own_simulators(pytester):
    """-n 4: each worker starts its own simulator; each test is in a world of its own."""
    pytester.makepyfile(test_isolation=ISOLATION_SUITE, test_user=USER_SUITE)
    started = time.monotonic()
    result = pytester.runpytest_subprocess("-q", "-p", "no:randomly", "-n", "4")
    result.assert_outcomes(passed=21)
    print(f"-n 4, own simulators: {time.monotonic() - started:.1f} s")


def test_xdist_against_one_shared_server(pytester, sim):
    """-n 4 against one --smsim-url server: the worlds keep the workers apart."""
    pytester.makepyfile(test_isolation=ISOLATION_SUITE, test_user=USER_SUITE)
    started = time.monotonic()
    result = pytester.runpytest_subprocess("-q", "-p", "no:randomly", "-n", "4",
                                           f"--smsim-url={sim.url}")
    result.assert_outcomes(passed=21)
    print(f"-n 4, one shared server: {time.monotonic() - started:.1f} s")
    # Every test's world was deleted with it.
    worlds = [a for a in sim.session.get(f"{sim.url}/_sim/accounts").json()["accounts"]
              if a["friendly_name"] and a["friendly_name"].startswith("test_")]
    assert worlds == []


def test_an_unreachable_server_is_one_error(pytester):
    pytester.makepyfile(test_down='''
def test_1(smsim): pass
def test_2(smsim): pass
def test_3(twilio_client): pass
''')
    url = f"http://127.0.0.1:{free_port()}"
    for extra in ((), ("-n", "2")):
        result = pytester.runpytest_subprocess("-q", f"--smsim-url={url}", *extra)
        output = result.stdout.str() + result.stderr.str()
        assert output.count(f"smsim: the simulator at {url} does not answer") == 1, output
        assert "passed" not in output and "INTERNALERROR" not in output
        assert result.ret != 0


def test_a_server_dying_mid_session_stops_the_session(pytester):
    server = EmbeddedSimulator()
    pytester.makepyfile(test_dies=f'''
import os, signal


def test_0_kills_the_server(smsim):
    os.killpg({server.process.pid}, signal.SIGKILL)


def test_1(smsim): pass
def test_2(smsim): pass
''')
    try:
        result = pytester.runpytest_subprocess("-q", "-p", "no:randomly",
                                               f"--smsim-url={server.url}")
    finally:
        server.stop()
    output = result.stdout.str()
    assert output.count("does not answer") == 1, output
    result.assert_outcomes(passed=1)
    assert result.ret == 3


def test_session_teardown_is_fast_and_leaves_no_process():
    server = EmbeddedSimulator()
    control_pid = server.process.pid
    started = time.monotonic()
    server.stop()
    # Not a speed measure (tests assert no timings; under load a quick stop took 0.8 s):
    # stop() must not fall back on gunicorn's graceful stop, which waits on every kept-alive
    # connection and up to its 30 s graceful timeout.
    assert time.monotonic() - started < 10
    try:
        os.killpg(control_pid, 0)
        alive = True
    except ProcessLookupError:
        alive = False
    assert not alive, "a process of the simulator's group outlived stop()"
    assert not os.path.exists(server.tmp.name)


def test_running_outside_pytest(tmp_path):
    """``with smsim.running() as sim:`` in a plain script: start, a fresh world, stop."""
    script = tmp_path / "script.py"
    script.write_text('''
import smsim

with smsim.running() as sim:
    assert sim.url.startswith("http://127.0.0.1:")
    sim.twilio_client.messages.create(to="+15558675310", from_=sim.from_number, body="hi 7")
    sim.handset("+15558675310").expect_sms(contains="hi 7")
    world = sim.account["world"]
    assert world == sim.account_sid
print("ok")
''')
    result = subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                            timeout=60, env={k: v for k, v in os.environ.items()
                                             if k != "SMSIM_URL"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"


def test_importing_smsim_stays_light():
    code = "import sys, smsim; print(sorted(m for m in ('flask', 'twilio', 'requests', " \
           "'smsim.clients') if m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=30)
    assert result.stdout.strip() == "[]", result.stdout + result.stderr


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
    result.assert_outcomes(passed=1, warnings=1)
    result.stdout.fnmatch_lines(["*--smsim-isolation account is now --smsim-isolation world*"])
