"""Sender queues, validity periods, cancel, the clock API, webhooks that fail, determinism."""

from __future__ import annotations

import pytest
from twilio.base.exceptions import TwilioRestException

from tests.server import DEFAULT_SID, DEFAULT_TOKEN, free_port, start_simulator


def set_rate(sim, number: str, rate) -> None:
    response = sim.control("PUT", f"/numbers/{number}", json={"send_rate": rate})
    assert response.status_code == 200, response.text


def test_a_queue_over_ten_hours_refuses_with_21611(sim, client, handset):
    number = client.incoming_phone_numbers.create(phone_number="+15557770101").phone_number
    set_rate(sim, number, 1 / 20_000)  # each message takes 20,000 s of sending
    to = handset()
    client.messages.create(to=to, from_=number, body="one")
    client.messages.create(to=to, from_=number, body="two")
    with pytest.raises(TwilioRestException) as error:
        client.messages.create(to=to, from_=number, body="three")
    assert (error.value.status, error.value.code) == (400, 21611)
    info = sim.control("GET", f"/numbers/{number}").json()
    assert info["queued_messages"] == 2 and info["queue_seconds"] >= 36_000
    assert info["send_rate_overridden"] is True


def test_validity_period_expiry_fails_with_30036(sim, client, receiver, handset):
    number = client.incoming_phone_numbers.create(phone_number="+15557770102").phone_number
    set_rate(sim, number, 0.1)  # ten seconds a segment
    to = handset()
    first = client.messages.create(to=to, from_=number, body="first")
    late = client.messages.create(to=to, from_=number, body="late", validity_period=5,
                                  status_callback=receiver.url("/expired"))
    sim.advance(60)
    assert client.messages(first.sid).fetch().status == "delivered"
    expired = client.messages(late.sid).fetch()
    assert (expired.status, expired.error_code) == ("failed", 30036)
    callbacks = receiver.wait_for("/expired", 1)
    assert [(c.params["MessageStatus"], c.params["ErrorCode"]) for c in callbacks] == \
        [("failed", "30036")]


def test_bad_validity_period_names_the_field(client, us_number):
    with pytest.raises(TwilioRestException) as error:
        client.messages.create(to="+15558675310", from_=us_number, body="x",
                               validity_period=36001)
    assert error.value.status == 400 and "ValidityPeriod" in error.value.msg


def test_cancel_drops_the_plan_and_sends_a_canceled_callback(
        sim, client, us_number, receiver, handset):
    to = handset()
    sid = client.messages.create(to=to, from_=us_number, body="stop it",
                                 status_callback=receiver.url("/cancel")).sid
    assert client.messages(sid).update(status="canceled").status == "canceled"
    sim.advance(30)
    assert client.messages(sid).fetch().status == "canceled"
    assert sim.control("GET", f"/handsets/{to}/inbox").json()["messages"] == []
    assert [c.params["MessageStatus"] for c in receiver.wait_for("/cancel", 1)] == ["canceled"]
    sent = client.messages.create(to=to, from_=us_number, body="too late")
    sim.advance(2)
    with pytest.raises(TwilioRestException) as error:
        client.messages(sent.sid).update(status="canceled")
    assert error.value.code == 30409


def test_delete_waits_for_the_receipt(sim, client, us_number, handset):
    sid = client.messages.create(to=handset(), from_=us_number, body="x").sid
    sim.advance(2)
    with pytest.raises(TwilioRestException) as error:
        client.messages(sid).delete()
    assert error.value.code == 20009
    sim.advance(20)
    assert client.messages(sid).delete() is True


@pytest.mark.both_worker_counts
def test_clock_api(sim):
    clock = sim.control("GET", "/clock").json()
    assert clock["mode"] == "manual" and clock["date"].endswith("+0000")
    before = clock["epoch"]
    assert sim.advance(90)["epoch"] == pytest.approx(before + 90)
    for body, field in [({"seconds": -1}, "seconds"), ({"seconds": "x"}, "seconds"), ({},
                        "seconds")]:
        response = sim.control("POST", "/clock/advance", json=body)
        assert response.status_code == 400 and field in response.json()["error"]
    for body, field in [({"mode": "fast"}, "mode"), ({"speed": 0}, "speed"),
                        ({"tick": 1}, "tick"), ({"now": "soon"}, "now")]:
        response = sim.control("POST", "/clock", json=body)
        assert response.status_code == 400 and field in response.json()["error"]


def test_handset_and_carrier_settings_are_validated(sim):
    for body, field in [({"power": "maybe"}, "power"), ({"signal": 3}, "signal"),
                        ({"roaming": "yes"}, "roaming"), ({"blocked_senders": "x"},
                        "blocked_senders"), ({"colour": "red"}, "colour"),
                        ({"country": "USA"}, "country")]:
        response = sim.control("PUT", "/handsets/+15550000001", json=body)
        assert response.status_code == 400 and field in response.json()["error"], body
    for body, field in [({"latency_min": -1}, "latency_min"), ({"duplicate_copies": 1.5},
                        "duplicate_copies"), ({"latency_min": 20, "latency_max": 10},
                        "latency_min"), ({"unreachable": 1}, "unreachable")]:
        response = sim.control("PUT", "/carriers/validation-test", json=body)
        assert response.status_code == 400 and field in response.json()["error"], body
    assert sim.control("GET", "/handsets/not-a-number").status_code == 400
    unknown = sim.control("GET", "/handsets/+15550000002").json()
    assert (unknown["power"], unknown["signal"], unknown["active"], unknown["line_type"],
            unknown["registered"]) == ("on", "good", True, "mobile", False)


def test_slow_and_dead_receivers_are_recorded_as_11200(tmp_path, receiver):
    server = start_simulator(tmp_path, extra_args=("--webhook-timeout", "0.5"))
    try:
        client = server.client(DEFAULT_SID, DEFAULT_TOKEN)
        receiver.answer("/slow", delay=2)
        receiver.answer("/broken", status=500)
        dead = f"http://127.0.0.1:{free_port()}/gone"
        sids = [client.messages.create(to="+15558675310", from_="+15017122661", body=url,
                                       status_callback=url).sid
                for url in (receiver.url("/slow"), receiver.url("/broken"), dead)]
        advanced = server.advance(3)  # the `sending` callback of each falls due
        # The advance came back with every due webhook finished: the slow one was cut off by
        # the timeout rather than waited for.
        assert advanced["webhooks_outstanding"] == 0
        hooks = server.control("GET", "/webhooks").json()["webhooks"]
        by_sid = {}
        for hook in hooks:  # the first (sending) callback of each message
            by_sid.setdefault(hook["message_sid"], hook["attempts"][0])
        slow, broken, gone = (by_sid[sid] for sid in sids)
        assert slow["error_code"] == 11200 and "timed out" in slow["error"]
        assert broken["error_code"] == 11200 and broken["status_code"] == 500
        assert gone["error_code"] == 11200 and "connection failed" in gone["error"]
        assert client.messages(sids[0]).fetch().status == "sent"  # the app cannot stall it
    finally:
        server.stop()


def run_story(server) -> list:
    """The same requests every time: SIDs, times and fates must come out identical."""
    assert server.control("POST", "/seed", json={"seed": "story-7"}).status_code == 200
    assert server.control("POST", "/clock", json={"now": "2030-01-01T00:00:00Z"}
                          ).status_code == 200
    server.control("PUT", "/carriers/US-mobile", json={"roaming_duplicate_probability": 0.5})
    for i in range(3):
        server.control("PUT", f"/handsets/+1555888000{i}", json={"roaming": True})
    client = server.client(DEFAULT_SID, DEFAULT_TOKEN)
    sids = [client.messages.create(to=f"+1555888000{i % 3}", from_="+15017122661",
                                   body=f"story {i}").sid for i in range(6)]
    server.advance(120)
    story = []
    for sid in sids:
        steps = server.control("GET", f"/messages/{sid}/steps").json()
        story.append((sid, steps["status"], [(s["time"], s["kind"], s["reason"])
                                             for s in steps["steps"]]))
    return story


def test_same_seed_same_requests_same_story(tmp_path):
    server = start_simulator(tmp_path / "a")
    try:
        first = run_story(server)
        again = run_story(server)
    finally:
        server.stop()
    other = start_simulator(tmp_path / "b", workers=2)
    try:
        third = run_story(other)
    finally:
        other.stop()
    assert first == again == third
    assert len({sid for sid, _, _ in first}) == 6


def test_thirty_simulated_minutes_of_traffic(sim, client, us_number, handset):
    """A 30-minute scenario in manual mode (bench/bench_clock.py measures how fast)."""
    to = handset()
    sids = []
    for minute in range(30):
        sids.append(client.messages.create(to=to, from_=us_number, body=f"m{minute}").sid)
        sim.advance(60)
    assert {client.messages(s).fetch().status for s in sids} == {"delivered"}
