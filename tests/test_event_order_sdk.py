"""One manual advance as a discrete-event simulation, over the wire: a status-callback handler
that fetches its message through the official SDK reads exactly its callback's status.

The server runs gunicorn gthread with 4 threads (and, in the 2-worker run, a second process
on the same file), so the handler's fetch is served while the advance request is in flight;
its catch-up must find nothing later to apply, the clock standing at the callback's instant.
"""

from __future__ import annotations

import time

import pytest
from twilio.request_validator import RequestValidator

from tests.receiver import start_receiver
from tests.server import DEFAULT_SID, DEFAULT_TOKEN, start_simulator


@pytest.fixture
def fetching_app(sim, account):
    """An app that, on each status callback, fetches the message through the SDK."""
    app_client = sim.client(account["account_sid"], account["auth_token"])
    receiver = start_receiver(
        hook=lambda received: app_client.messages(received.params["MessageSid"]).fetch().status)
    yield receiver
    receiver.stop()


@pytest.mark.both_worker_counts
def test_each_callback_handler_fetches_exactly_its_callbacks_status(
        sim, client, account, us_number, handset, fetching_app):
    message = client.messages.create(to=handset(), from_=us_number, body="in order",
                                     status_callback=fetching_app.url("/status"))
    began = sim.advance(0)["epoch"]
    assert message.status == "queued"

    advanced = sim.advance(60)

    assert advanced["epoch"] == pytest.approx(began + 60)
    assert advanced["steps_fired"] >= 4 and advanced["webhooks_outstanding"] == 0
    seen = [(c.params["MessageStatus"], read) for c, read in fetching_app.seen]
    assert seen == [("sending", "sending"), ("sent", "sent"), ("delivered", "delivered")]
    validator = RequestValidator(account["auth_token"])
    assert all(validator.validate(c.url, c.params, c.headers["X-Twilio-Signature"])
               for c, _ in fetching_app.seen)
    assert client.messages(message.sid).fetch().status == "delivered"

    # Each attempt carries its due time, the instant its step happened, not the advance's end.
    hooks = sim.control("GET", "/webhooks", params={"message": message.sid}).json()["webhooks"]
    steps = sim.control("GET", f"/messages/{message.sid}/steps").json()["steps"]
    changed = {s["status"]: s["time"] for s in steps if s["status"]}
    times = [h["attempts"][0]["time"] for h in hooks]
    assert [h["params"]["MessageStatus"] for h in hooks] == ["sending", "sent", "delivered"]
    assert times == [h["due"] for h in hooks]
    assert times == [changed[h["params"]["MessageStatus"]] for h in hooks]
    assert times == sorted(set(times)) and times[-1] < advanced["now"]


def test_realtime_handlers_fetch_their_callbacks_status_on_two_workers(tmp_path):
    """Realtime, two processes: the ticker, the deliverers and every request's catch-up
    hold the world at a callback's instant until the app has answered it."""
    server = start_simulator(tmp_path, workers=2, clock="realtime",
                             extra_args=("--speed", "50"))
    app_client = server.client(DEFAULT_SID, DEFAULT_TOKEN)
    app = start_receiver(
        hook=lambda received: app_client.messages(received.params["MessageSid"]).fetch().status)
    try:
        client = server.client(DEFAULT_SID, DEFAULT_TOKEN)
        sids = [client.messages.create(to=f"+155599901{i:02d}", from_="+15017122661",
                                       body=f"rt {i}", status_callback=app.url("/rt")).sid
                for i in range(4)]
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and len(app.seen) < 12:
            time.sleep(0.05)
        seen = [(c.params["MessageSid"], c.params["MessageStatus"], read)
                for c, read in app.seen]
        assert sorted((sid, status) for sid, status, _ in seen) == sorted(
            (sid, status) for sid in sids for status in ("sending", "sent", "delivered"))
        assert all(status == read for _, status, read in seen), seen
    finally:
        app.stop()
        server.stop()
