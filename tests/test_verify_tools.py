"""Verify's tools over a real server: `smsim verifications`, the control plane's filters, and
`smsim diagnose` naming the verification whose code's SMS shows a symptom (and only when
that SMS is in the scope asked about)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest


@pytest.fixture
def verify(sim, client):
    client.verify.base_url = sim.url
    service = client.verify.v2.services.create(friendly_name="Acme Login")
    return client.verify.v2.services(service.sid)


def cli(sim, account, *args: str, ok=(0,)) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [sys.executable, "-m", "smsim", *args, "--url", sim.url, "--account-sid",
         account["account_sid"], "--auth-token", account["auth_token"]],
        capture_output=True, text=True, timeout=60)
    assert result.returncode in ok, result.stdout + result.stderr
    return result


def diagnose(sim, account, *scope: str, lang: str = "en") -> dict:
    return json.loads(cli(sim, account, "diagnose", *scope, "--lang", lang, "--json",
                          ok=(0, 1)).stdout)


def evidence_lines(report: dict) -> list[str]:
    return [line for s in report["symptoms"] for line in s["evidence"]]


def test_cli_lists_verifications_with_their_sms(sim, account, verify, handset):
    on, off = handset(), handset(power="off")
    started = verify.verifications.create(to=on, channel="sms")
    pending = verify.verifications.create(to=off, channel="sms")
    sim.advance(30)
    data = json.loads(cli(sim, account, "verifications", "--json").stdout)
    by_sid = {v["sid"]: v for v in data["verifications"]}
    assert set(by_sid) == {started.sid, pending.sid}
    assert by_sid[started.sid]["wrong_checks"] == 0
    [sms] = by_sid[pending.sid]["messages"]
    assert sms["sid"].startswith("SM") and sms["status"] == "sent"
    assert by_sid[pending.sid]["message_sids"] == [sms["sid"]]

    table = cli(sim, account, "verifications", "--to", off).stdout
    assert pending.sid in table and started.sid not in table
    assert f"{sms['sid']} (sent)" in table and "pending" in table
    header = table.splitlines()[0]
    for column in ("SID", "TO", "STATUS", "CHANNEL", "ATTEMPTS", "WRONG_CHECKS", "CREATED",
                   "SMS"):
        assert column in header


def test_a_wrong_check_is_counted_and_the_sms_delivered(sim, account, verify, handset):
    to = handset()
    started = verify.verifications.create(to=to, channel="sms")
    verify.verification_checks.create(to=to, code="0")
    sim.advance(30)
    [row] = json.loads(cli(sim, account, "verifications", "--to", to,
                           "--json").stdout)["verifications"]
    assert (row["sid"], row["wrong_checks"], row["status"]) == (started.sid, 1, "pending")
    assert [m["status"] for m in row["messages"]] == ["delivered"]


def test_control_plane_finds_the_verification_of_a_message(sim, account, verify, handset):
    to = handset()
    started = verify.verifications.create(to=to, channel="sms")
    [row] = sim.control("GET", "/verifications", params={"to": to}).json()["verifications"]
    [sms] = row["message_sids"]
    found = sim.control("GET", "/verifications", params={"message": sms}).json()
    assert [v["sid"] for v in found["verifications"]] == [started.sid]
    none = sim.control("GET", "/verifications", params={"message": "SM" + "0" * 32}).json()
    assert none["verifications"] == []


def test_diagnose_names_the_pending_verification_of_an_unreachable_phone(
        sim, account, verify, handset, us_number):
    off = handset(power="off")
    started = verify.verifications.create(to=off, channel="sms")
    sim.advance(60)
    [sms] = sim.control("GET", "/verifications").json()["verifications"][0]["message_sids"]
    expected = (f"verification {started.sid} stays pending: its code {sms} never reached "
                "the phone")
    for scope in (["--message", sms], ["--to", off]):
        report = diagnose(sim, account, *scope)
        [finding] = report["symptoms"]
        assert finding["id"] == "handset-unreachable" and sms in finding["message_sids"]
        assert expected in finding["evidence"], finding["evidence"]
    ja = diagnose(sim, account, "--message", sms, lang="ja")
    assert (f"認証 {started.sid} は確認待ちのままです: 認証コードのSMS {sms} が端末に届いて"
            "いません") in evidence_lines(ja)


def test_diagnose_in_bulk_names_each_verification_once(sim, account, verify, handset):
    # Two messages in scope: the diagnosis reads them through /messages/evidence.
    off = handset(power="off")
    first = verify.verifications.create(to=off, channel="sms")
    sim.advance(20)
    again = verify.verifications.create(to=off, channel="sms")
    assert again.sid == first.sid  # a second send of the same verification
    sim.advance(60)
    [row] = sim.control("GET", "/verifications").json()["verifications"]
    assert len(row["message_sids"]) == 2
    report = diagnose(sim, account, "--since", "1h")
    lines = [line for line in evidence_lines(report) if first.sid in line]
    assert sorted(lines) == sorted(
        f"verification {first.sid} stays pending: its code {sms} never reached the phone"
        for sms in row["message_sids"])


def test_a_scope_without_the_verifications_sms_does_not_mention_it(
        sim, account, verify, handset, client, us_number):
    off = handset(power="off")
    other = handset(power="off")
    started = verify.verifications.create(to=off, channel="sms")
    plain = client.messages.create(to=other, from_=us_number, body="hello").sid
    sim.advance(60)
    for scope in (["--message", plain], ["--to", other]):
        report = diagnose(sim, account, *scope)
        assert [s["id"] for s in report["symptoms"]] == ["handset-unreachable"]
        text = json.dumps(report)
        assert started.sid not in text and "verification" not in text


def test_the_dashboards_diagnose_names_the_verification_too(sim, account, verify, handset):
    off = handset(power="off")
    started = verify.verifications.create(to=off, channel="sms")
    sim.advance(60)
    [sms] = sim.control("GET", "/verifications").json()["verifications"][0]["message_sids"]
    response = sim.session.get(f"{sim.url}/ui/api/diagnose/{sms}",
                               params={"world": account["account_sid"], "lang": "ja"},
                               timeout=60)
    assert response.status_code == 200, response.text
    assert any(started.sid in line and "確認待ち" in line
               for line in evidence_lines(response.json()))


@pytest.mark.parametrize("step, error", [
    ("verify = { service = \"Acme\" }", "mine.toml: steps[0].verify: to is required"),
    ("verify = { to = \"+15550100041\", code = \"1\" }",
     "mine.toml: steps[0].verify: unknown key(s) code"),
    ("verify = { to = \"+15550100041\", service = \"\" }",
     "mine.toml: steps[0].verify.service: must be a name of 1 to 30 characters"),
])
def test_a_bad_verify_step_is_refused_naming_the_place(tmp_path, step, error):
    from smsim.domain import scenarios

    path = tmp_path / "mine.toml"
    path.write_text(f'title = "T"\nsymptoms = ["healthy"]\n[[steps]]\n{step}\n',
                    encoding="utf-8")
    with pytest.raises(scenarios.ScenarioError) as refused:
        scenarios.load(path)
    assert str(refused.value) == error
