"""WhatsApp addresses, the 24-hour window and a WhatsApp message's plan (pure)."""

from __future__ import annotations

import random

import pytest
from smsim.domain import phone, whatsapp
from smsim.domain.handsets import Handset, SettingsError, WhatsApp, updated_handset

USER = "+15558675310"


def test_whatsapp_addresses_keep_their_prefix_on_the_wire():
    address = phone.parse_recipient(f"whatsapp:{USER}")
    assert (address.channel, address.value, address.wire) == ("whatsapp", USER,
                                                              f"whatsapp:{USER}")
    assert phone.parse_sender(f" whatsapp:{USER} ").channel == "whatsapp"
    assert phone.parse_recipient(USER).wire == USER
    assert phone.parse_recipient("whatsapp:15558675310") is None
    assert phone.plain_number(f"whatsapp:{USER}") == phone.plain_number(USER) == USER


@pytest.mark.parametrize("last, now, open_", [
    (None, 100.0, False), (0.0, 0.0, True), (0.0, 86399.0, True), (0.0, 86400.0, False),
    (100.0, 50.0, False)])
def test_the_window_is_24_hours_from_the_last_inbound(last, now, open_):
    assert whatsapp.window_open(last, now) is open_


def kinds(steps):
    return [(s.kind, s.status, s.error_code) for s in steps]


def test_plan_in_the_window_is_delivered_then_read():
    handset = Handset(USER, whatsapp=WhatsApp(reads_after=30))
    steps = whatsapp.plan(0.0, "queued", USER, handset, True, random.Random(1))
    assert kinds(steps) == [("created", "queued", None), ("dequeued", "sending", None),
                            ("handed_to_carrier", "sent", None),
                            ("handset_received", None, None), ("delivered", "delivered", None),
                            ("read", "read", None)]
    assert steps[-1].at == steps[-2].at + 30


def test_plan_outside_the_window_fails_63016_and_never_reads():
    steps = whatsapp.plan(0.0, "queued", USER, Handset(USER), False, random.Random(1))
    assert kinds(steps)[-1] == ("failed", "failed", 63016)
    never = whatsapp.plan(0.0, "queued", USER, Handset(USER), True, random.Random(1))
    assert kinds(never)[-1] == ("delivered", "delivered", None)


def test_plan_without_the_app_fails_63003_and_offline_stays_sent():
    no_app = Handset(USER, whatsapp=WhatsApp(installed=False))
    assert kinds(whatsapp.plan(0.0, "queued", USER, no_app, True, random.Random(1)))[-1] == (
        "failed", "failed", 63003)
    off = whatsapp.plan(0.0, "queued", USER, Handset(USER, power="off"), True,
                        random.Random(1))
    assert [s.status for s in off if s.status][-1] == "sent"


def test_whatsapp_settings_merge_and_refuse_bad_values():
    handset = updated_handset(Handset(USER), {"whatsapp": {"reads_after": 5}})
    handset = updated_handset(handset, {"whatsapp": {"installed": False}})
    assert handset.whatsapp == WhatsApp(installed=False, reads_after=5)
    assert handset.as_json()["whatsapp"] == {"installed": False, "reads_after": 5}
    for bad in ({"reads_after": True}, {"reads_after": "5"}, {"installed": None}, []):
        with pytest.raises(SettingsError, match="whatsapp"):
            updated_handset(handset, {"whatsapp": bad})


def test_sandbox_code_join_phrase_and_membership():
    code = whatsapp.sandbox_code("seed-1")
    assert code == whatsapp.sandbox_code("seed-1") and code.count("-") == 1
    assert whatsapp.is_join(f"  JOIN   {code} ", code)
    assert not whatsapp.is_join(f"join {code}x", code) and not whatsapp.is_join("join", code)
    assert whatsapp.sandbox_member(0.0, 3 * 86400 - 1)
    assert not whatsapp.sandbox_member(0.0, 3 * 86400)
    assert not whatsapp.sandbox_member(None, 0.0)
    steps = whatsapp.plan(0.0, "queued", USER, Handset(USER), True, random.Random(1),
                          sandbox_member=False)
    assert kinds(steps)[-1] == ("failed", "failed", 63015)


def test_a_paced_message_leaves_at_its_turn():
    steps = whatsapp.plan(0.0, "queued", USER, Handset(USER), True, random.Random(1),
                          dequeue_at=6.5)
    dequeued = next(s for s in steps if s.kind == "dequeued")
    assert dequeued.at == 6.5 and "one message every 3 s" in dequeued.reason
