"""A WhatsApp message after WhatsApp took it (held, delivered, read), its plan through a
Messaging Service, its plan-point faults and its status-callback parameters (pure)."""

from __future__ import annotations

import random

import pytest
from smsim.domain import fault_rules, statuses, whatsapp
from smsim.domain.handsets import Handset, WhatsApp

USER = "+15558675310"


def handset(**settings) -> Handset:
    return Handset(number=USER, line_type="mobile", country="US", carrier="c", **settings)


def kinds(steps) -> list[str]:
    return [s.kind for s in steps]


def test_a_phone_off_has_it_held_and_the_same_draw_delivers_it_the_same_way():
    assert kinds(whatsapp.arrival(10.0, handset(power="off"), random.Random(1))) == [
        "receipt_missing"]
    reading = handset(whatsapp=WhatsApp(installed=True, reads_after=60.0))
    first = whatsapp.arrival(100.0, reading, random.Random("seed"), held_since=10.0)
    again = whatsapp.arrival(100.0, reading, random.Random("seed"), held_since=10.0)
    assert first == again
    assert kinds(first) == ["handset_received", "delivered", "read"]
    assert 101.0 <= first[0].at <= 103.0 and first[2].at == first[0].at + 60
    assert "once the phone was back" in first[0].reason


def test_through_a_service_every_status_follows_the_one_before():
    for initial in ("accepted", "scheduled"):
        for in_window in (True, False):
            steps = whatsapp.plan(0.0, initial, USER, handset(), in_window, random.Random(2))
            moves = [s.status for s in steps if s.status]
            current = moves[0] if initial == "accepted" else "scheduled"
            for status in moves[1:] if initial == "accepted" else moves:
                assert statuses.can_move(current, status), (initial, moves)
                current = status


def test_faults_delay_slow_and_lose_the_reports():
    rng = random.Random(3)
    faults = whatsapp.Faults(delay=60.0, slow=120.0, no_receipt=True, why="fault rule 1")
    steps = whatsapp.plan(0.0, "queued", USER, handset(), True, rng, faults=faults)
    by_kind = {s.kind: s for s in steps}
    assert by_kind["dequeued"].at == 60.5
    assert 121.0 <= by_kind["handset_received"].at - by_kind["handed_to_carrier"].at <= 123.0
    assert "delivered" not in by_kind and "read" not in by_kind
    assert by_kind["receipt_missing"].status is None


@pytest.mark.parametrize("status, extra", [
    ("sending", {}), ("sent", {"StructuredMessage": "false"}),
    ("delivered", {"EventType": "DELIVERED"}), ("read", {"EventType": "READ"}),
    ("failed", {"ChannelStatusMessage": "Outside the window"})])
def test_status_callback_parameters(status, extra):
    params = whatsapp.status_callback_params("+15017122661", USER, status,
                                             "Outside the window")
    install = whatsapp.channel_install_sid("+15017122661")
    assert params == {"ChannelPrefix": "whatsapp", "ChannelInstallSid": install,
                      "ChannelToAddress": "+1555867XXXX", **extra}
    assert len(install) == 34 and install.startswith("XE")
    assert install != whatsapp.channel_install_sid(whatsapp.SANDBOX_NUMBER)


@pytest.mark.parametrize("effect", [{"type": "duplicate"}, {"type": "hide_from_handset"}])
def test_sms_carrier_effects_are_refused_for_whatsapp(effect):
    with pytest.raises(fault_rules.RuleError, match=effect["type"]):
        fault_rules.parse_rule({"match": {"channel": "whatsapp"}, "effect": effect})
    assert fault_rules.parse_rule({"match": {"channel": "sms"}, "effect": effect}).point == \
        "plan"
