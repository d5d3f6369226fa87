"""Real parts: a real `smsim serve` (gunicorn) on a free loopback port, the official SDK.

Each test gets a fresh isolated account (``POST /_sim/accounts``), so tests never see each
other's messages even though they share one server.
"""

from __future__ import annotations

import pytest
from twilio.rest import Client

from tests.server import Simulator, start_simulator

WORKERS_MARK = "both_worker_counts"


def pytest_configure(config):
    config.addinivalue_line(
        "markers", f"{WORKERS_MARK}: run this test against one worker and against two sharing "
        "the database (see pytest_generate_tests)")


def pytest_generate_tests(metafunc):
    """Every test using ``sim`` runs against one worker; the few marked
    ``both_worker_counts`` run against two workers sharing the database as well.

    Two workers matter only where a request may land on a process other than the one that
    wrote what it needs, and where two processes may do the same work at once. The chosen SDK
    tests are the ones whose subject is that:

    - parallel creates racing for one resource (test_numbers_sdk: parallel purchases never
      answer 500 nor sell one number twice);
    - the shared clock (test_queue_and_clock: the clock API; an advance seen by every worker);
    - one sender's queue filled through both workers (test_lifecycle_sdk: ten messages from
      one long code leave one second apart);
    - callbacks and webhooks sent exactly once and in order though either worker may reveal
      the steps (test_lifecycle_sdk: status callbacks in order; test_inbound: the incoming
      message webhook and its TwiML reply).

    tests/test_workers.py and tests/test_realtime.py start their own two-worker servers.
    The ids stay "1-worker" and "2-workers", so ``-k "not 2-workers"`` still works.
    """
    if "sim" not in metafunc.fixturenames:
        return
    both = metafunc.definition.get_closest_marker(WORKERS_MARK) is not None
    workers = [1, 2] if both else [1]
    metafunc.parametrize("sim", workers, indirect=True, scope="session",
                         ids=[f"{n}-worker" if n == 1 else f"{n}-workers" for n in workers])


@pytest.fixture(scope="session")
def sim(request, tmp_path_factory) -> Simulator:
    """A shared server: one worker, or two sharing the database (pytest_generate_tests)."""
    simulator = start_simulator(tmp_path_factory.mktemp("sim"), workers=request.param)
    yield simulator
    simulator.stop()


@pytest.fixture
def account(sim):
    """A fresh account with its starter numbers, in a sealed world of its own: the test's
    control requests name it, and it is deleted when the test ends."""
    made = sim.new_account()
    sim.world = made["account_sid"]
    yield made
    sim.world = None
    response = sim.control("DELETE", f"/accounts/{made['account_sid']}")
    assert response.status_code == 204, response.text


@pytest.fixture
def us_number(account) -> str:
    return next(n["phone_number"] for n in account["numbers"] if n["capabilities"]["sms"])


@pytest.fixture
def jp_number(account) -> str:
    return next(n["phone_number"] for n in account["numbers"]
                if n["phone_number"].startswith("+81"))


@pytest.fixture
def client(sim, account) -> Client:
    return sim.client(account["account_sid"], account["auth_token"])


@pytest.fixture
def api(sim, account):
    """Raw HTTP to the test account's 2010-04-01 API (``api("GET", "/Messages.json")``), for
    what the SDK hides: exact bodies, headers and statuses."""
    base = f"{sim.url}/2010-04-01/Accounts/{account['account_sid']}"
    auth = (account["account_sid"], account["auth_token"])

    def call(method, path, **kwargs):
        return sim.session.request(method, base + path, auth=auth, timeout=10, **kwargs)
    return call


@pytest.fixture
def receiver():
    from tests.receiver import start_receiver

    server = start_receiver()
    yield server
    server.stop()


_numbers = iter(range(2_000_000, 9_999_999))


@pytest.fixture
def handset(sim):
    """Make a handset with a number of its own on a carrier of its own, in the test's world
    (the default world's when the test has no account)."""
    def make(carrier: dict | None = None, **settings) -> str:
        number = f"+1555{next(_numbers):07d}"
        name = f"carrier-{number[1:]}"
        response = sim.control("PUT", f"/handsets/{number}", json={"carrier": name, **settings})
        assert response.status_code == 200, response.text
        if carrier:
            response = sim.control("PUT", f"/carriers/{name}", json=carrier)
            assert response.status_code == 200, response.text
        return number
    return make


@pytest.fixture(scope="module")
def browser():
    """A headless Chromium shared by a module's tests (1280 x 860, English); a module that
    needs another size or language defines its own ``browser``."""
    from tests.browser import new_browser  # skips the test where Chromium is missing

    driver = new_browser()
    yield driver
    driver.quit()


@pytest.fixture
def page(browser, request):
    """The module's browser, with a screenshot in tests/artifacts/ when the test fails."""
    from tests.browser import save_failure_screenshot

    yield browser
    save_failure_screenshot(browser, request)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the test item, so fixtures can see a failure (the
    dashboard tests take a screenshot then)."""
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)
