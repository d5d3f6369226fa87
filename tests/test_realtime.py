"""Realtime mode: steps fire with no request arriving; two workers deliver each callback once."""

from __future__ import annotations

import time
from collections import Counter

from twilio.request_validator import RequestValidator

from tests.server import DEFAULT_SID, DEFAULT_TOKEN, start_simulator


def test_two_realtime_workers_deliver_each_callback_exactly_once(tmp_path, receiver):
    # 50x speed: the 5-10 s carrier latency passes in a fraction of a second.
    server = start_simulator(tmp_path, workers=2, clock="realtime",
                             extra_args=("--speed", "50"))
    try:
        client = server.client(DEFAULT_SID, DEFAULT_TOKEN)
        sids = [client.messages.create(to=f"+155599900{i:02d}", from_="+15017122661",
                                       body=f"rt {i}", status_callback=receiver.url("/rt")).sid
                for i in range(8)]
        callbacks = receiver.wait_for("/rt", 24, timeout=20)
        # Let any duplicate that would come, come.
        deadline = time.monotonic() + 1.0
        while time.monotonic() < deadline:
            time.sleep(0.05)
        callbacks = receiver.on("/rt")
        seen = Counter((c.params["MessageSid"], c.params["MessageStatus"]) for c in callbacks)
        assert set(seen.values()) == {1}, seen
        assert set(seen) == {(sid, status) for sid in sids
                             for status in ("sending", "sent", "delivered")}
        for sid in sids:
            order = [c.params["MessageStatus"] for c in callbacks
                     if c.params["MessageSid"] == sid]
            assert order == ["sending", "sent", "delivered"]
        validator = RequestValidator(DEFAULT_TOKEN)
        assert all(validator.validate(c.url, c.params, c.headers["X-Twilio-Signature"])
                   for c in callbacks)
        assert {m.status for m in client.messages.list()} == {"delivered"}
        attempts = [a for h in server.control("GET", "/webhooks").json()["webhooks"]
                    for a in h["attempts"]]
        assert len(attempts) == 24
    finally:
        server.stop()


def test_realtime_steps_fire_without_requests(tmp_path):
    server = start_simulator(tmp_path, clock="realtime", extra_args=("--speed", "100"))
    try:
        client = server.client(DEFAULT_SID, DEFAULT_TOKEN)
        sid = client.messages.create(to="+15559990100", from_="+15017122661", body="x").sid
        # Watch the handset's inbox (a control read) rather than the message: the copy lands
        # only when the ticker applies the step.
        deadline = time.monotonic() + 10
        inbox = []
        while time.monotonic() < deadline and not inbox:
            time.sleep(0.05)
            inbox = server.control("GET", "/handsets/+15559990100/inbox").json()["messages"]
        assert [m["message_sid"] for m in inbox] == [sid]
    finally:
        server.stop()
