"""Who may reach /_sim and the dashboard (issue 14), through real HTTP: cross-site writes,
rebinding Host names, --allowed-hosts, and credentials for remote clients under
--control-remote. The Twilio surface answers under any Host, with credentials only."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
import requests

from tests.server import (
    DEFAULT_SID,
    DEFAULT_TOKEN,
    free_port,
    outward_address,
    start_simulator,
)

pytest_plugins = ["pytester"]
EVIL = "http://evil.example"


def _port(sim) -> int:
    return int(sim.url.rsplit(":", 1)[1])


def _world_headers(sim, **extra) -> dict:
    return {"X-Smsim-Account": sim.world, **extra}


def _message_count(client) -> int:
    return len(client.messages.list(limit=50))


# --- cross-site writes -------------------------------------------------------------------

def test_a_cross_site_simple_reset_is_refused_and_changes_nothing(sim, account, client,
                                                                  us_number):
    client.messages.create(to="+14155550123", from_=us_number, body="keep me")
    # What an attacker's page sends without a preflight: a text/plain POST.
    response = requests.post(f"{sim.url}/_sim/reset", data="{}", timeout=10,
                             headers=_world_headers(sim, Origin=EVIL,
                                                    **{"Content-Type": "text/plain"}))
    assert response.status_code == 403
    body = response.json()
    assert body["status"] == 403 and "Origin" in body["error"] and EVIL in body["error"]
    assert "Access-Control-Allow-Origin" not in response.headers
    assert _message_count(client) == 1


@pytest.mark.parametrize("headers", [
    {"Origin": EVIL},
    {"Origin": "null"},  # a sandboxed iframe or a file:// page
    {"Sec-Fetch-Site": "cross-site"},
    {"Origin": "http://127.0.0.1.evil.example"},
], ids=["evil-origin", "null-origin", "sec-fetch-cross-site", "lookalike-origin"])
def test_cross_site_preset_and_fault_creation_are_refused(sim, account, headers):
    preset = requests.post(f"{sim.url}/_sim/faults/presets/carrier-congestion", json={},
                           headers=_world_headers(sim, **headers), timeout=10)
    rule = requests.post(f"{sim.url}/_sim/faults", timeout=10,
                         json={"effect": {"type": "error", "code": 30003}},
                         headers=_world_headers(sim, **headers))
    assert (preset.status_code, rule.status_code) == (403, 403), (preset.text, rule.text)
    assert "cross-site" in preset.json()["error"]
    assert sim.control("GET", "/faults").json()["faults"] == []


@pytest.mark.parametrize("origin_host", ["127.0.0.1", "localhost"])
def test_the_simulators_own_origin_may_write(sim, account, origin_host):
    origin = f"http://{origin_host}:{_port(sim)}"
    response = requests.post(f"{sim.url}/_sim/faults/presets/carrier-congestion", json={},
                             headers=_world_headers(sim, Origin=origin,
                                                    **{"Sec-Fetch-Site": "same-origin"}),
                             timeout=10)
    assert response.status_code == 201, response.text
    assert sim.control("GET", "/faults").json()["faults"]
    sim.control("DELETE", "/faults")


def test_a_cross_site_read_gets_no_cors_grant(sim, account):
    response = requests.get(f"{sim.url}/_sim/accounts", timeout=10,
                            headers=_world_headers(sim, Origin=EVIL))
    # Reads are not refused (a page cannot read them without CORS), and none is granted.
    assert response.status_code == 200
    assert "Access-Control-Allow-Origin" not in response.headers


# --- the Host allow-list -----------------------------------------------------------------

@pytest.mark.parametrize("path", ["/_sim/accounts", "/_sim/health", "/", "/handsets"])
def test_a_rebinding_host_is_refused_with_no_credential_in_the_body(sim, account, path):
    response = requests.get(f"{sim.url}{path}", timeout=10,
                            headers=_world_headers(sim, Host=f"evil.example:{_port(sim)}"))
    assert response.status_code == 403
    body = response.json()
    assert "evil.example" in body["error"] and "--allowed-hosts" in body["error"]
    assert account["auth_token"] not in response.text and DEFAULT_TOKEN not in response.text


@pytest.mark.parametrize("host", ["localhost", "127.0.0.1", "[::1]", "LOCALHOST.",
                                  "app.localhost", "192.0.2.10"])
def test_loopback_names_and_addresses_are_allowed(sim, account, host):
    response = requests.get(f"{sim.url}/_sim/health", timeout=10,
                            headers={"Host": f"{host}:{_port(sim)}"})
    assert response.status_code == 200, response.text
    page = requests.get(f"{sim.url}/", headers={"Host": f"{host}:{_port(sim)}"}, timeout=10)
    assert page.status_code == 200 and "<html" in page.text


def test_the_twilio_api_answers_under_any_host_with_credentials_only(sim, account):
    url = f"{sim.url}/2010-04-01/Accounts/{account['account_sid']}/Messages.json"
    headers = {"Host": "anything.example"}
    ok = requests.get(url, auth=(account["account_sid"], account["auth_token"]),
                      headers=headers, timeout=10)
    assert ok.status_code == 200 and ok.json()["messages"] == []
    anonymous = requests.get(url, headers=headers, timeout=10)
    assert anonymous.status_code == 401
    assert anonymous.json()["code"] == 20003
    created = requests.post(url, auth=(account["account_sid"], account["auth_token"]),
                            headers={**headers, "Origin": EVIL}, timeout=10,
                            data={"To": "+14155550123", "Body": "hi",
                                  "From": account["numbers"][0]["phone_number"]})
    assert created.status_code == 201, created.text


def test_allowed_hosts_admits_a_name(tmp_path):
    sim = start_simulator(tmp_path, extra_args=("--allowed-hosts", "smsim, Sim.Example.Test"))
    try:
        port = _port(sim)
        for name in ("smsim", "sim.example.test"):
            response = requests.get(f"{sim.url}/_sim/accounts", timeout=10,
                                    headers={"Host": f"{name}:{port}"})
            assert response.status_code == 200, response.text
        reset = requests.post(f"{sim.url}/_sim/reset", json={}, timeout=10,
                              headers={"Host": f"smsim:{port}",
                                       "Origin": f"http://smsim:{port}"})
        assert reset.status_code == 200, reset.text
        refused = requests.get(f"{sim.url}/_sim/accounts", timeout=10,
                               headers={"Host": f"evil.example:{port}"})
        assert refused.status_code == 403
        assert "sim.example.test" in sim.banner
    finally:
        sim.stop()


def test_allowed_hosts_refuses_a_url_naming_the_setting(tmp_path):
    done = subprocess.run([sys.executable, "-m", "smsim", "serve", "--db",
                           str(tmp_path / "x.db"), "--port", str(free_port()),
                           "--allowed-hosts", "http://smsim:8080"],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert "--allowed-hosts" in done.stderr and "http://smsim:8080" in done.stderr


# --- remote clients ----------------------------------------------------------------------

needs_outward = pytest.mark.skipif(outward_address() is None,
                                   reason="this machine has no non-loopback IPv4 address")


@needs_outward
def test_without_control_remote_a_remote_client_is_refused(tmp_path):
    sim = start_simulator(tmp_path, extra_args=("--host", "0.0.0.0"))
    try:
        remote = f"http://{outward_address()}:{_port(sim)}"
        for path in ("/_sim/accounts", "/"):
            response = requests.get(remote + path, auth=(DEFAULT_SID, DEFAULT_TOKEN),
                                    timeout=10)
            assert response.status_code == 403, response.text
            assert "--control-remote" in response.json()["error"]
        # The Twilio API is for everyone with credentials.
        api = requests.get(f"{remote}/2010-04-01/Accounts/{DEFAULT_SID}.json",
                           auth=(DEFAULT_SID, DEFAULT_TOKEN), timeout=10)
        assert api.status_code == 200
    finally:
        sim.stop()


@needs_outward
def test_control_remote_asks_a_remote_client_for_the_default_accounts_credentials(tmp_path):
    sim = start_simulator(tmp_path, extra_args=("--host", "0.0.0.0", "--control-remote"))
    try:
        remote = f"http://{outward_address()}:{_port(sim)}"
        for path in ("/_sim/accounts", "/", "/_sim/health"):
            anonymous = requests.get(remote + path, timeout=10)
            assert anonymous.status_code == 401, anonymous.text
            assert anonymous.headers["WWW-Authenticate"].startswith("Basic realm=")
            assert DEFAULT_TOKEN not in anonymous.text
            wrong = requests.get(remote + path, auth=(DEFAULT_SID, "0" * 32), timeout=10)
            assert wrong.status_code == 401
            ok = requests.get(remote + path, auth=(DEFAULT_SID, DEFAULT_TOKEN), timeout=10)
            assert ok.status_code == 200, ok.text
        # Another world's account is not the default account: not enough to control.
        other = sim.new_account()
        refused = requests.post(f"{remote}/_sim/reset", json={}, timeout=10,
                                auth=(other["account_sid"], other["auth_token"]))
        assert refused.status_code == 401
        # Loopback clients need nothing, as before.
        assert requests.get(f"{sim.url}/_sim/accounts", timeout=10).status_code == 200
        # The CLI sends the credentials it is given, from the environment or the options.
        env = {k: v for k, v in os.environ.items() if not k.startswith("SMSIM_")}
        cli = [sys.executable, "-m", "smsim", "clock", "show", "--url", remote, "--json"]
        refused = subprocess.run(cli, capture_output=True, text=True, env=env, timeout=60)
        assert refused.returncode == 1
        assert "credentials" in refused.stderr and "--auth-token" in refused.stderr
        by_env = subprocess.run(cli, capture_output=True, text=True, timeout=60, env={
            **env, "SMSIM_ACCOUNT_SID": DEFAULT_SID, "SMSIM_AUTH_TOKEN": DEFAULT_TOKEN})
        assert by_env.returncode == 0, by_env.stderr
        by_options = subprocess.run([*cli, "--account-sid", DEFAULT_SID, "--auth-token",
                                     DEFAULT_TOKEN], capture_output=True, text=True, env=env,
                                    timeout=60)
        assert by_options.returncode == 0, by_options.stderr
        # smsim diagnose reads the control plane with them too.
        diagnosed = subprocess.run(
            [sys.executable, "-m", "smsim", "diagnose", "--url", remote, "--since", "1h",
             "--json"], capture_output=True, text=True, timeout=120,
            env={**env, "SMSIM_ACCOUNT_SID": DEFAULT_SID, "SMSIM_AUTH_TOKEN": DEFAULT_TOKEN})
        assert diagnosed.returncode == 0, diagnosed.stdout + diagnosed.stderr
    finally:
        sim.stop()


PLUGIN_SUITE = """
def test_a_world_of_its_own(smsim, twilio_client):
    twilio_client.messages.create(to="+15558675310", from_=smsim.from_number, body="hi 42")
    smsim.handset("+15558675310").expect_sms(contains="42")
"""


@needs_outward
def test_the_plugin_sends_the_default_accounts_credentials_to_a_remote_simulator(
        tmp_path, pytester, monkeypatch):
    sim = start_simulator(tmp_path / "sim", extra_args=("--host", "0.0.0.0",
                                                        "--control-remote"))
    try:
        remote = f"http://{outward_address()}:{_port(sim)}"
        pytester.makepyfile(test_remote=PLUGIN_SUITE)
        for name in [n for n in os.environ if n.startswith("SMSIM_")]:
            monkeypatch.delenv(name)
        refused = pytester.runpytest_subprocess("-q", "-p", "no:randomly",
                                                f"--smsim-url={remote}")
        assert refused.ret != 0
        refused.stdout.fnmatch_lines(["*refuses this client*credentials*"])
        monkeypatch.setenv("SMSIM_ACCOUNT_SID", DEFAULT_SID)
        monkeypatch.setenv("SMSIM_AUTH_TOKEN", DEFAULT_TOKEN)
        passed = pytester.runpytest_subprocess("-q", "-p", "no:randomly",
                                               f"--smsim-url={remote}")
        passed.assert_outcomes(passed=1)
    finally:
        sim.stop()
