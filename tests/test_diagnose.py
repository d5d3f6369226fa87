"""`smsim diagnose`: its JSON shape, Japanese output, scopes, exit codes, skipped checks."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from smsim.clients.scenarios import runner
from smsim.clients.sim_client import SimClient
from smsim.domain import scenarios
from smsim.domain.diagnosis.symptoms import CATALOGUE

from tests.server import DEFAULT_SID, DEFAULT_TOKEN, SCENARIO_DIR, start_simulator


def diagnose(url: str, *args: str) -> tuple[int, dict | str]:
    result = subprocess.run([sys.executable, "-m", "smsim", "diagnose", "--url", url,
                             *args], capture_output=True, text=True, timeout=60)
    if "--json" in args and result.returncode in (0, 1):
        return result.returncode, json.loads(result.stdout)
    return result.returncode, result.stdout + result.stderr


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    simulator = start_simulator(tmp_path_factory.mktemp("diagnose"))
    yield simulator
    simulator.stop()


def play(server, name: str) -> runner.Result:
    return runner.run(SimClient(server.url), scenarios.load(scenarios.discover(SCENARIO_DIR)[name]))


def test_json_shape_and_exit_code(server):
    play(server, "handset-unreachable-30003")
    code, report = diagnose(server.url, "--since", "1h", "--json")
    assert code == 1
    assert set(report) == {"symptoms", "checks_skipped"} and report["checks_skipped"] == []
    [finding] = report["symptoms"]
    assert {"id", "message_sids", "evidence", "advice"} <= set(finding)
    assert finding["id"] == "handset-unreachable"
    assert finding["message_sids"][0].startswith("SM")
    assert any("30003" in fact for fact in finding["evidence"])
    assert any("power off" in fact for fact in finding["evidence"])
    assert finding["advice"] == CATALOGUE["handset-unreachable"].advice["en"]


def test_healthy_is_an_empty_list_and_exit_0(server):
    play(server, "healthy")
    code, report = diagnose(server.url, "--json")
    assert (code, report["symptoms"]) == (0, [])
    code, text = diagnose(server.url)
    assert code == 0 and "healthy" in text


def test_japanese(server):
    play(server, "opted-out")
    code, report = diagnose(server.url, "--since", "1h", "--json", "--lang", "ja")
    assert code == 1
    [finding] = report["symptoms"]
    assert finding["title"] == CATALOGUE["opted-out"].title["ja"]
    assert "STARTまたはYES" in finding["advice"]
    code, text = diagnose(server.url, "--since", "1h", "--lang", "ja")
    assert "対処:" in text and "根拠:" in text


def test_scopes(server):
    result = play(server, "carrier-filtered-sender-30007")
    filtered = [f for f in result.findings if f["id"] == "carrier-filtered-sender"][0]
    sid = filtered["message_sids"][0]
    code, report = diagnose(server.url, "--message", sid, "--json")
    assert code == 1 and report["symptoms"][0]["message_sids"] == [sid]
    code, report = diagnose(server.url, "--to", "+15550100022", "--json")
    assert (code, report["symptoms"]) == (0, [])  # the first message got through
    code, report = diagnose(server.url, "--to", "+15550100099", "--from", "+15017122661",
                            "--json")
    assert [s["id"] for s in report["symptoms"]] == ["app-error-before-api"]


def test_cannot_diagnose_exits_2(server):
    code, text = diagnose(server.url, "--account-sid", DEFAULT_SID, "--auth-token", "0" * 32)
    assert code == 2 and "20003" in text
    code, text = diagnose("http://127.0.0.1:9", "--account-sid", DEFAULT_SID,
                          "--auth-token", DEFAULT_TOKEN)
    assert code == 2 and "cannot" in text


def test_without_evidence_endpoints_the_public_api_checks_still_run(tmp_path):
    """A simulator with --evidence-off stands in for real Twilio."""
    server = start_simulator(tmp_path, extra_args=("--evidence-off",))
    try:
        control = SimClient(server.url)
        assert control.request("GET", "/health")["status"] == "ok"
        client = server.client(DEFAULT_SID, DEFAULT_TOKEN)
        control.put("/handsets/+15550100020", {"power": "off"})
        sid = client.messages.create(to="+15550100020", from_="+15017122661", body="x").sid
        control.post("/clock/advance", {"seconds": 300})
        code, report = diagnose(server.url, "--account-sid", DEFAULT_SID, "--auth-token",
                                DEFAULT_TOKEN, "--since", "1h", "--json")
    finally:
        server.stop()
    assert code == 1
    assert [(s["id"], s["message_sids"]) for s in report["symptoms"]] == \
        [("handset-unreachable", [sid])]
    skipped = {c["check"]: c for c in report["checks_skipped"]}
    assert {"request-log", "delivery-steps", "handset-inbox"} <= set(skipped)
    assert "sent-not-received" in skipped["handset-inbox"]["symptoms"]
    assert all("unavailable" in c["reason"] for c in report["checks_skipped"])


def test_with_no_control_plane_every_simulator_check_is_skipped(server):
    """What `smsim diagnose --twilio` does: the SDK only, every other check skipped."""
    from smsim.clients.diagnosis import diagnose
    from smsim.domain.diagnosis import evidence

    play(server, "delivery-failed-30006")
    client = server.client(DEFAULT_SID, DEFAULT_TOKEN)
    result = diagnose(client, None, evidence.Scope(since_seconds=None))
    assert [s["id"] for s in result["symptoms"]] == ["delivery-failed"]
    assert {c["check"] for c in result["checks_skipped"]} == set(evidence.CHECKS)
    assert {c["reason"] for c in result["checks_skipped"]} == \
        {"no simulator control plane (real Twilio)"}


def test_asking_about_our_own_number_is_an_inbound_question(server):
    play(server, "inbound-international-sender")
    code, report = diagnose(server.url, "--to", "+15017122661", "--json")
    assert [s["id"] for s in report["symptoms"]] == ["inbound-international-sender"]


def test_one_message_is_not_blamed_for_unrelated_failures(server):
    result = play(server, "healthy")
    client = server.client(DEFAULT_SID, DEFAULT_TOKEN)
    from twilio.base.exceptions import TwilioRestException

    with pytest.raises(TwilioRestException):
        client.messages.create(to="+15558670000", from_="+19999", body="unrelated")
    sid = client.messages.list(to="+15550100001")[-1].sid
    code, report = diagnose(server.url, "--message", sid, "--json")
    assert (code, report["symptoms"]) == (0, []), (result.findings, report)
