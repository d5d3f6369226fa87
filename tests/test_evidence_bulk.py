"""GET /_sim/messages/evidence: many messages' delivery steps, inbox copies and webhooks in
one read, over real HTTP, equal to what the per-message endpoints answer for each."""

from __future__ import annotations

import pytest
from smsim.clients.scenarios import runner
from smsim.clients.sim_client import SimClient
from smsim.domain import scenarios

from tests.server import DEFAULT_SID, SCENARIO_DIR, start_simulator


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    simulator = start_simulator(tmp_path_factory.mktemp("evidence-bulk"))
    yield simulator
    simulator.stop()


def play(server, name: str) -> None:
    runner.run(SimClient(server.url), scenarios.load(scenarios.discover(SCENARIO_DIR)[name]))


def get(server, path: str, **params) -> dict:
    answer = server.control("GET", path, params=params)
    assert answer.status_code == 200, answer.text
    return answer.json()


@pytest.mark.parametrize("name", ["carrier-duplicate", "inbound-no-webhook",
                                  "handset-unreachable-in-flight", "delayed-queue"])
def test_each_message_as_the_per_message_endpoints_say(server, name):
    play(server, name)
    bulk = get(server, "/messages/evidence", account=DEFAULT_SID)["messages"]
    assert bulk
    for sid, item in bulk.items():
        one = get(server, f"/messages/{sid}/steps")
        one.pop("fault_rules")
        assert item["steps"] == one
        inbox = get(server, f"/handsets/{one['to']}/inbox", all="true")["messages"]
        assert [{k: v for k, v in c.items() if k != "number"} for c in item["inbox"]] == \
            [c for c in inbox if c["message_sid"] == sid]
        assert {c["number"] for c in item["inbox"]} <= {one["to"]}
        assert item["webhooks"] == get(server, "/webhooks", message=sid)["webhooks"]
    if name == "carrier-duplicate":
        assert any(len(item["inbox"]) > 1 for item in bulk.values())
    if name == "inbound-no-webhook":
        assert any(item["webhooks"] for item in bulk.values())


def test_scope_filters_and_limit(server):
    play(server, "delayed-queue")
    everything = get(server, "/messages/evidence", account=DEFAULT_SID)["messages"]
    assert len(everything) >= 2
    steps = [item["steps"] for item in everything.values()]
    one = steps[0]
    to = get(server, "/messages/evidence", account=DEFAULT_SID, to=one["to"])["messages"]
    assert set(to) == {s["message_sid"] for s in steps if s["to"] == one["to"]}
    sender = get(server, "/messages/evidence", account=DEFAULT_SID, **{"from": one["from"]})
    assert set(sender["messages"]) == {s["message_sid"] for s in steps
                                       if s["from"] == one["from"]}
    newest = get(server, "/messages/evidence", account=DEFAULT_SID, limit=1)["messages"]
    assert len(newest) == 1
    assert get(server, "/messages/evidence", account="AC" + "0" * 32)["messages"] == {}
    later = get(server, "/clock")["epoch"] + 10
    assert get(server, "/messages/evidence", since=later)["messages"] == {}
    assert server.control("GET", "/messages/evidence", params={"since": "soon"}) \
        .status_code == 400


def test_switched_off_with_the_other_evidence(tmp_path):
    sim = start_simulator(tmp_path, extra_args=("--evidence-off",))
    try:
        answer = sim.control("GET", "/messages/evidence")
        assert answer.status_code == 404 and "evidence-off" in answer.text
    finally:
        sim.stop()
