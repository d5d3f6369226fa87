"""Kept-alive connections outlive a client's polling pause, and do not slow a stop.

The usual polling loop, ``time.sleep(2)`` then fetch on one ``requests.Session``, raced
gunicorn's default keep-alive of 2 s: the server closed the idle connection just as the next
request went out, and that request failed ("Remote end closed connection without response",
or a reset); the official SDKs do not retry. smsim keeps idle connections a minute
(``--keepalive``).

The race needs the request to leave within a millisecond or so of the server's close, so a
fixed ``sleep(2)`` hits it only now and then. Each poller here walks its pause around 2 s
instead: longer after a poll that reused its connection, shorter after a poll that needed a
new one (the server had closed the old one first), in steps of 1 ms halved at each turn. With
the old keep-alive (``SMSIM_KEEPALIVE=2 pytest tests/test_keepalive.py``) the pauses settle on
the boundary and some polls fail; with a minute none may.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import threading
import time

import pytest
import requests
from smsim.clients.sdk import EmbeddedSimulator

from tests.server import start_simulator

LOAD_THREADS = 4  # other clients, creating messages back to back
POLLERS = 6  # each polls on its own requests.Session, pausing about 2 s between polls
POLLS = 6  # per poller: about 12 s in all
FIRST_PAUSE = 1.992  # seconds; poller n starts n ms later
FIRST_STEP = 0.001
LAST_STEP = 0.00025
TO = "+14155552671"


def loopback_session(auth: tuple[str, str] | None = None) -> requests.Session:
    session = requests.Session()
    session.trust_env = False
    session.auth = auth
    return session


def connections_opened(session: requests.Session, url: str) -> int:
    """How many connections the session's pool for ``url`` has opened so far."""
    return session.get_adapter(url).poolmanager.connection_from_url(url).num_connections


def test_polls_pausing_about_2_s_on_one_connection_never_fail_under_load(tmp_path):
    sim = start_simulator(tmp_path, workers=1)
    stop = threading.Event()
    failures: list[str] = []
    load_errors: list[str] = []
    load_count = [0]
    try:
        account = sim.new_account()
        auth = (account["account_sid"], account["auth_token"])
        sender = next(n["phone_number"] for n in account["numbers"]
                      if n["capabilities"]["sms"] and n["phone_number"].startswith("+1"))
        messages = f"{sim.url}/2010-04-01/Accounts/{auth[0]}/Messages.json"

        def load() -> None:
            with loopback_session(auth) as session:
                while not stop.is_set():
                    try:
                        response = session.post(messages, timeout=10, data={
                            "To": TO, "From": sender, "Body": "load"})
                        assert response.status_code == 201, response.text
                        load_count[0] += 1
                    except (requests.RequestException, AssertionError) as exc:
                        load_errors.append(repr(exc))
                        return

        def poll(number: int) -> None:
            with loopback_session(auth) as session:
                created = session.post(messages, timeout=10, data={
                    "To": TO, "From": sender, "Body": f"poll {number}"})
                assert created.status_code == 201, created.text
                url = f"{sim.url}/2010-04-01/Accounts/{auth[0]}/Messages/" \
                      f"{created.json()['sid']}.json"
                pause, step, longer = FIRST_PAUSE + number * 0.001, FIRST_STEP, True
                for _ in range(POLLS):
                    opened = connections_opened(session, url)
                    time.sleep(pause)
                    try:
                        response = session.get(url, timeout=10)
                        assert response.status_code == 200, response.text
                    except requests.RequestException as exc:
                        failures.append(f"poller {number}, pause {pause:.4f} s: {exc!r}")
                        continue
                    # Reused: the server had not closed yet, so pause longer; renewed: shorter.
                    reused = connections_opened(session, url) == opened
                    if reused != longer:
                        step, longer = max(step / 2, LAST_STEP), reused
                    pause += step if reused else -step

        loaders = [threading.Thread(target=load, daemon=True) for _ in range(LOAD_THREADS)]
        pollers = [threading.Thread(target=poll, args=(n,), daemon=True)
                   for n in range(POLLERS)]
        for thread in loaders + pollers:
            thread.start()
        for thread in pollers:
            thread.join(timeout=60)
        assert not any(thread.is_alive() for thread in pollers), "a poller hung"
    finally:
        stop.set()
        sim.stop()
    assert failures == [], f"{len(failures)} of {POLLERS * POLLS} polls failed: {failures}"
    assert load_errors == []
    assert load_count[0] > 100  # the polls ran under load


def hold_idle_connections(url: str, count: int) -> list[requests.Session]:
    """``count`` sessions, each with one kept-alive connection left idle on the server."""
    sessions = []
    for _ in range(count):
        session = loopback_session()
        assert session.get(f"{url}/_sim/health", timeout=5).status_code == 200
        sessions.append(session)
    return sessions


def test_idle_kept_alive_connections_do_not_delay_the_embedded_stop():
    simulator = EmbeddedSimulator()
    sessions = hold_idle_connections(simulator.url, 20)
    began = time.monotonic()
    simulator.stop()  # SIGQUIT to the arbiter, SIGKILL to its workers
    took = time.monotonic() - began
    for session in sessions:
        session.close()
    assert took < 1.5, f"stop took {took:.2f} s"


def test_idle_kept_alive_connections_do_not_delay_a_graceful_stop(tmp_path):
    sim = start_simulator(tmp_path, workers=2)
    sessions = hold_idle_connections(sim.url, 20)
    began = time.monotonic()
    sim.process.send_signal(signal.SIGTERM)  # docker stop; a worker lingers 2 s at most
    sim.process.wait(timeout=15)
    took = time.monotonic() - began
    for session in sessions:
        session.close()
    # Not the keepalive (a minute): gunicorn caps a stopping worker's idle connections at 2 s.
    assert took < 4.5, f"SIGTERM stop took {took:.2f} s"


@pytest.mark.parametrize("option, value, message", [
    ("--keepalive", "0", "--keepalive must be at least 1 second, got 0"),
    ("--keepalive", "-1", "--keepalive must be at least 1 second, got -1"),
    ("--workers", "0", "--workers and --threads must be at least 1"),
    ("--port", "70000", "--port must be 0-65535, got 70000"),
])
def test_serve_refuses_a_bad_setting_before_it_starts(tmp_path, option, value, message):
    result = subprocess.run([sys.executable, "-m", "smsim", "serve", "--db",
                             str(tmp_path / "db"), option, value],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert message in result.stderr and "serving" not in result.stdout
