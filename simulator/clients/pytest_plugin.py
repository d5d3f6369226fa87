"""The smsim pytest plugin: a simulator for your test suite, no import needed.

Installed with smsim (entry point ``pytest11``). It starts ``smsim serve`` once per session
(once per pytest-xdist worker) on a free loopback port with a manual clock, or uses
``--smsim-url``; each test gets a sealed world of its own (its own account, numbers,
handsets, fault rules, clock, messages), deleted when the test ends, and:

- ``smsim``: the controller (clock, handsets, faults, presets, your app's webhooks,
  scenarios, evidence, diagnose), a ``smsim.clients.controller.Smsim``;
- ``twilio_client``: the official ``twilio.rest.Client`` already pointed at the simulator.

    def test_code_is_texted(smsim, twilio_client):
        twilio_client.messages.create(to="+15558675310", from_=smsim.from_number,
                                      body="Your code is 1234")
        smsim.handset("+15558675310").expect_sms(contains="1234")

It talks to the simulator over HTTP only, like any client of yours would. The reference is
docs/testing.md.
"""

from __future__ import annotations

import os

import pytest
from smsim.clients.controller import LOOPBACK, Handset, Smsim  # noqa: F401 (re-exported)
from smsim.clients.sdk import EmbeddedSimulator
from smsim.clients.sim_client import ClientError, SimClient

ISOLATIONS = ("world", "reset", "account")


def pytest_addoption(parser):
    group = parser.getgroup("smsim", "smsim SMS simulator")
    group.addoption("--smsim-url", default=os.environ.get("SMSIM_URL"),
                    help="use the simulator at this URL (e.g. a container) instead of "
                         "starting one (default: $SMSIM_URL)")
    group.addoption("--smsim-isolation", choices=ISOLATIONS, default="world",
                    help="per test: a fresh sealed world, deleted after the test (world, "
                         "the default); or reset the simulator's default world (reset; not "
                         "with pytest-xdist). 'account' is a deprecated alias of 'world'")
    group.addoption("--smsim-app-host", default=os.environ.get("SMSIM_APP_HOST"),
                    help="smsim.serve_app() binds 0.0.0.0 and gives URLs with this host: the "
                         "address the simulator reaches this machine by (e.g. 172.17.0.1 "
                         "from a Docker container); default: loopback only "
                         "(default: $SMSIM_APP_HOST)")


def pytest_configure(config):
    if config.getoption("smsim_isolation", None) == "account":
        config.issue_config_time_warning(DeprecationWarning(
            "--smsim-isolation account is now --smsim-isolation world (the default): each "
            "account is a sealed world of its own"), stacklevel=2)


def _is_xdist_worker(config) -> bool:
    return hasattr(config, "workerinput")


def _is_xdist_controller(config) -> bool:
    return not _is_xdist_worker(config) and bool(getattr(config.option, "numprocesses", None)
                                                 or getattr(config.option, "tx", None))


def _unreachable_message(url: str, exc: ClientError, started: bool = False) -> str:
    where = "the simulator this session started" if started else f"the simulator at {url}"
    if exc.status in (401, 403):  # it answers, but not this client (web/access.py)
        return f"smsim: {where} refuses this client ({exc})"
    # "cannot reach the simulator at URL: ConnectionError": the URL is said already.
    why = str(exc).rsplit(": ", 1)[-1] if exc.status is None else str(exc)
    return (f"smsim: {where} does not answer ({why}); check --smsim-url / $SMSIM_URL and "
            "that the server is up")


def _stop_session(request, message: str) -> None:
    """One error for the session, not one per test: exit pytest; in a pytest-xdist worker
    (where pytest.exit is an INTERNALERROR) fail this test with the short message and stop
    the worker after it."""
    if _is_xdist_worker(request.config):
        request.session.shouldstop = message
        pytest.fail(message, pytrace=False)
    pytest.exit(message, returncode=3)


def pytest_sessionstart(session):
    """Under pytest-xdist, check --smsim-url once in the controller, before any worker
    starts, so an unreachable server is one error rather than one per worker."""
    config = session.config
    url = config.getoption("smsim_url", None)
    if url and _is_xdist_controller(config):
        try:
            SimClient(url, timeout=5).get("/health")
        except ClientError as exc:
            raise pytest.UsageError(_unreachable_message(url.rstrip("/"), exc)) from None


@pytest.fixture(scope="session")
def smsim_url(request) -> str:
    """The simulator's base URL (``http://127.0.0.1:PORT``): ``--smsim-url``, or one started
    for this session (one per pytest-xdist worker) with a manual clock and a throw-away
    database, stopped at the end of the session."""
    url = request.config.getoption("smsim_url")
    problem = None
    if url:
        url = url.rstrip("/")
        try:
            SimClient(url, timeout=5).get("/health")
        except ClientError as exc:
            problem = _unreachable_message(url, exc)
    else:
        try:
            server = EmbeddedSimulator()
        except ClientError as exc:
            problem = f"smsim: could not start the embedded simulator: {exc}"
    if problem:
        _stop_session(request, problem)
    if url:
        yield url
        return
    yield server.url
    server.stop()


@pytest.fixture
def smsim(smsim_url, request) -> Smsim:
    """The test's world on the simulator, and everything to drive and inspect it: a fresh
    world per test (``POST /_sim/accounts``; deleted when the test ends): its own
    ``account`` (``account_sid``, ``auth_token``, ``test_account_sid``, ``test_auth_token``,
    ``numbers``, ``world``), ``from_number``, handsets, fault rules, clock, messages. Use
    ``advance("30s")``, ``handset(n).expect_sms(contains=, from_=)``/``.reply()``/``.set()``/
    ``.inbox``/``.outbox``, ``faults.add()``/``.preset()``/``.log()``, ``serve_app(app)``,
    ``point_number()``, ``steps(sid)``, ``requests()``, ``webhooks()``, ``diagnose()``,
    ``scenario(name)``, ``assert_no_unexpected_sms()``, ``client()``, ``url``. Reference:
    docs/testing.md."""
    app_host = request.config.getoption("smsim_app_host")
    options = {"app_bind": "0.0.0.0", "app_host": app_host} if app_host and \
        app_host != LOOPBACK else {}
    problem = None
    try:
        if request.config.getoption("smsim_isolation") == "reset":
            account = SimClient(smsim_url).post("/reset")["account"]
            sim = Smsim(smsim_url, account, **options)
        else:
            sim = Smsim.new_world(smsim_url, request.node.name[:60], **options)
    except ClientError as exc:
        if exc.status is not None:
            raise
        problem = _unreachable_message(smsim_url, exc,
                                       started=not request.config.getoption("smsim_url"))
    if problem:
        _stop_session(request, problem)
    yield sim
    sim.close()


@pytest.fixture
def twilio_client(smsim):
    """The official ``twilio.rest.Client`` as this test's account, pointed at smsim
    (``smsim.twilio_client``)."""
    return smsim.twilio_client
