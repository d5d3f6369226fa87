"""Every `smsim` command against a real server on a loopback port."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

COMMANDS = [
    ["serve"], ["send"], ["messages"], ["steps"], ["handset", "show"], ["handset", "set"],
    ["handset", "send"], ["handset", "inbox"], ["handset", "outbox"], ["faults", "add"],
    ["faults", "list"], ["faults", "clear"], ["faults", "preset"], ["faults", "log"],
    ["clock", "show"], ["clock", "advance"], ["clock", "mode"], ["requests"], ["webhooks"],
    ["reset"], ["seed"], ["health"], ["diagnose"], ["scenario", "list"], ["scenario", "show"],
    ["scenario", "run"],
]


def smsim(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "smsim", *args], capture_output=True,
                          text=True, timeout=60, env=env)


def ok(*args: str) -> str:
    result = smsim(*args)
    assert result.returncode == 0, result.stderr
    return result.stdout


def as_json(*args: str):
    return json.loads(ok(*args, "--json"))


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_every_command_has_help_and_is_in_the_readme(command):
    result = smsim(*command, "--help")
    assert result.returncode == 0 and "usage: smsim " + " ".join(command) in result.stdout
    from pathlib import Path

    readme = (Path(__file__).parent.parent / "README.md").read_text()
    assert f"smsim {' '.join(command)}" in readme


def test_send_watches_the_status_move(sim, account, handset):
    to = handset()
    creds = ("--account-sid", account["account_sid"], "--auth-token", account["auth_token"])
    out = ok("send", "--url", sim.url, *creds, "--to", to, "--body", "explorer",
             "--advance", "30s", "--watch", "5")
    assert "created SM" in out and "delivered" in out
    data = as_json("send", "--url", sim.url, *creds, "--to", to, "--watch", "0")
    assert data["statuses"][0]["status"] == "queued"
    sid = data["message_sid"]
    table = ok("messages", "--url", sim.url, *creds, "--to", to)
    assert sid in table and "STATUS" in table
    assert [m["sid"] for m in as_json("messages", "--url", sim.url, *creds, "--to", to)
            ["messages"]][0] == sid
    follow = ok("messages", "--url", sim.url, *creds, "--follow", "--for", "0.5")
    assert "SID" in follow


def test_send_reports_twilio_errors(sim, account):
    result = smsim("send", "--url", sim.url, "--account-sid", account["account_sid"],
                   "--auth-token", account["auth_token"], "--to", "not-a-number")
    assert result.returncode == 1 and "error 21211 (HTTP 400)" in result.stderr
    result = smsim("send", "--url", sim.url, "--account-sid", account["account_sid"],
                   "--auth-token", "0" * 32, "--to", "+15558675310")
    assert result.returncode == 1 and "error 20003 (HTTP 401)" in result.stderr


def test_send_uses_the_default_account_by_default(sim):
    data = as_json("send", "--url", sim.url, "--to", "+15558675310", "--watch", "0")
    assert data["statuses"][0]["from"] == "+15017122661"


def test_steps(sim, account, client, us_number, handset):
    sid = client.messages.create(to=handset(), from_=us_number, body="steps").sid
    world = ("--url", sim.url, "--account-sid", account["account_sid"])
    ok("clock", "advance", *world, "20s")
    out = ok("steps", *world, sid)
    assert "handed_to_carrier" in out and "delivered" in out and "queue 1.0 s" in out
    assert as_json("steps", *world, sid)["status"] == "delivered"
    assert smsim("steps", *world, "SM" + "0" * 32).returncode == 1
    # The message is in the account's world, not in the default one.
    assert smsim("steps", "--url", sim.url, sid).returncode == 1


def test_handset_commands(sim, us_number, handset):
    phone = handset()
    assert "in_transit" in ok("handset", "send", "--url", sim.url, phone, "--to", us_number,
                              "--body", "HELP")
    ok("clock", "advance", "--url", sim.url, "30")
    assert as_json("handset", "outbox", "--url", sim.url, phone)["messages"][0][
        "outcome"] == "delivered"
    assert "Reply STOP" in ok("handset", "inbox", "--url", sim.url, phone)
    set_out = as_json("handset", "set", "--url", sim.url, phone, "power=off", "roaming=yes",
                      f"blocked_senders={us_number}")
    assert (set_out["power"], set_out["roaming"], set_out["blocked_senders"]) == \
        ("off", True, [us_number])
    assert "power" in ok("handset", "show", "--url", sim.url, phone)
    bad = smsim("handset", "set", "--url", sim.url, phone, "power=maybe")
    assert bad.returncode == 1 and "power must be one of on, off" in bad.stderr
    bad = smsim("handset", "send", "--url", sim.url, phone, "--to", "nope", "--body", "x")
    assert bad.returncode == 1 and "to: 'nope' is not an E.164 number" in bad.stderr


def test_fault_commands(sim, client, us_number, handset, tmp_path):
    to = handset()
    try:
        rule = json.dumps({"name": "cli rule", "match": {"to": to},
                           "effect": {"type": "api_error", "code": 21612}})
        assert "added fault rule" in ok("faults", "add", "--url", sim.url, rule)
        path = tmp_path / "rule.json"
        path.write_text(json.dumps({"effect": {"type": "drop_receipt"},
                                    "match": {"to": "+15550009999"}}))
        ok("faults", "add", "--url", sim.url, f"@{path}")
        listed = as_json("faults", "list", "--url", sim.url)["faults"]
        assert [r["name"] for r in listed][:1] == ["cli rule"]
        assert "cli rule" in ok("faults", "list", "--url", sim.url)
        sent = smsim("send", "--url", sim.url, "--to", to, "--watch", "0")
        assert sent.returncode == 1 and "error 21612" in sent.stderr
        assert "cli rule" in ok("faults", "log", "--url", sim.url, "--fired")
        assert "carrier-congestion" in ok("faults", "preset", "--url", sim.url)
        assert "loaded preset carrier-duplicates" in ok(
            "faults", "preset", "--url", sim.url, "carrier-duplicates", "--to", to)
        bad = smsim("faults", "add", "--url", sim.url, '{"effect": {"type": "boom"}}')
        assert bad.returncode == 1 and "effect.type" in bad.stderr
        bad = smsim("faults", "add", "--url", sim.url, "{not json")
        assert bad.returncode == 1 and "not JSON" in bad.stderr
    finally:
        assert "deleted" in ok("faults", "clear", "--url", sim.url)


def test_clock_commands(sim):
    assert "manual clock" in ok("clock", "show", "--url", sim.url)
    before = as_json("clock", "show", "--url", sim.url)["epoch"]
    after = as_json("clock", "advance", "--url", sim.url, "1.5m")["epoch"]
    assert after == pytest.approx(before + 90)
    bad = smsim("clock", "advance", "--url", sim.url, "soon")
    assert bad.returncode == 1 and "not a duration" in bad.stderr


def test_clock_mode_reset_and_seed(tmp_path):
    from tests.server import start_simulator

    server = start_simulator(tmp_path)
    try:
        assert "realtime clock (speed 5)" in ok("clock", "mode", "--url", server.url,
                                                "realtime", "--speed", "5")
        assert "manual clock" in ok("clock", "mode", "--url", server.url, "manual")
        assert "reset with seed 42" in ok("seed", "--url", server.url, "42")
        assert "reset; default account AC" in ok("reset", "--url", server.url)
    finally:
        server.stop()


def test_requests_and_webhooks(sim, account, client, us_number, receiver, handset):
    sid = client.messages.create(to=handset(), from_=us_number, body="hooks",
                                 status_callback=receiver.url("/cli")).sid
    world = ("--url", sim.url, "--account-sid", account["account_sid"])
    ok("clock", "advance", *world, "20")
    out = ok("requests", *world, "--account", account["account_sid"])
    assert "POST" in out and sid in out
    hooks = as_json("webhooks", *world, "--message", sid)["webhooks"]
    assert [h["params"]["MessageStatus"] for h in hooks] == ["sending", "sent", "delivered"]
    assert "status_callback" in ok("webhooks", *world, "--message", sid)


def test_unreachable_simulator(sim):
    result = smsim("clock", "show", "--url", "http://127.0.0.1:9")
    assert result.returncode == 1 and "cannot reach the simulator" in result.stderr


def test_handset_whatsapp_side_from_the_command_line(sim, account, client, us_number, handset):
    """``handset set whatsapp.FIELD=…`` sets the phone's WhatsApp side field by field and
    ``handset send --channel whatsapp`` writes to a WhatsApp-enabled number (docs/whatsapp.md)."""
    world = ["--url", sim.url, "--account-sid", account["account_sid"]]
    phone = handset()
    shown = as_json("handset", "set", *world, phone, "whatsapp.reads_after=60")
    assert shown["whatsapp"] == {"installed": True, "reads_after": 60.0}
    shown = as_json("handset", "set", *world, phone, "whatsapp.installed=false",
                    "whatsapp.reads_after=never")
    assert shown["whatsapp"] == {"installed": False, "reads_after": None}
    bad = smsim("handset", "set", *world, phone, "whatsapp.reads_after=soon")
    assert bad.returncode == 1 and "whatsapp.reads_after" in bad.stderr
    enabled = sim.control("PUT", f"/numbers/{us_number}", json={"whatsapp": True})
    assert enabled.status_code == 200, enabled.text
    ok("handset", "set", *world, phone, "whatsapp.installed=true")
    ok("handset", "send", *world, phone, "--to", us_number, "--body", "hola",
       "--channel", "whatsapp")
    sim.advance(30)
    [inbound] = client.messages.list(to=f"whatsapp:{us_number}")
    assert (inbound.from_, inbound.body, inbound.direction) == \
        (f"whatsapp:{phone}", "hola", "inbound")
