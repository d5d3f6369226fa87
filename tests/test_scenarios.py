"""Every scenario under scenarios/ produces its symptom, and the diagnosis names it alone."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from smsim.clients.scenarios import runner
from smsim.clients.sim_client import SimClient
from smsim.domain import scenarios
from smsim.domain.diagnosis.symptoms import CATALOGUE

from tests.server import SCENARIO_DIR, start_simulator

SCENARIOS = scenarios.discover(SCENARIO_DIR)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    # Its own simulator: a scenario resets the world with its seed.
    simulator = start_simulator(tmp_path_factory.mktemp("scenarios"))
    yield simulator
    simulator.stop()


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_scenario(server, name):
    scenario = scenarios.load(SCENARIOS[name])
    result = runner.run(SimClient(server.url), scenario)
    assert result.passed, (result.expected, result.detected, result.findings, result.notes)


def test_every_symptom_has_a_scenario_and_codes_are_covered():
    covered = {s for path in SCENARIOS.values() for s in scenarios.load(path).symptoms}
    assert covered == set(CATALOGUE)
    for code in (21211, 21606, 21614, 21408):
        assert f"api-rejected-{code}" in SCENARIOS
    for name in ("handset-unreachable-30003", "handset-unreachable-30005",
                 "delivery-failed-30006", "carrier-filtered-sender-30007",
                 "delivery-failed-30008", "delivery-failed-30001"):
        assert name in SCENARIOS


def test_the_same_scenario_twice_tells_the_same_story(server):
    scenario = scenarios.load(SCENARIOS["delayed-queue"])
    first = runner.run(SimClient(server.url), scenario)
    second = runner.run(SimClient(server.url), scenario)
    assert first.findings == second.findings and first.findings


def smsim(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "smsim", *args], capture_output=True,
                          text=True, timeout=300)


def test_cli_run_all_is_diagonal_on_an_embedded_simulator():
    result = smsim("scenario", "run", "--all", "--json")
    assert result.returncode == 0, result.stdout + result.stderr
    data = json.loads(result.stdout)
    assert {r["verdict"] for r in data["results"]} == {"pass"}
    for expected, row in data["confusion"].items():
        assert set(row) == {expected}, (expected, row)


def test_cli_list_show_and_a_failing_run(server, tmp_path):
    listed = smsim("scenario", "list", "--json")
    assert {s["name"] for s in json.loads(listed.stdout)["scenarios"]} == set(SCENARIOS)
    shown = smsim("scenario", "show", "healthy")
    assert shown.returncode == 0 and 'symptoms = ["healthy"]' in shown.stdout
    wrong = tmp_path / "wrong.toml"
    wrong.write_text((SCENARIOS["carrier-duplicate"]).read_text().replace(
        '["carrier-duplicate"]', '["healthy"]'))
    result = smsim("scenario", "run", "--dir", str(tmp_path), "--url", server.url, "wrong")
    assert result.returncode == 1 and "FAIL" in result.stdout
    assert "0 passed, 1 failed" in result.stdout
    missing = smsim("scenario", "run", "--dir", str(tmp_path), "--url", server.url, "nope")
    assert missing.returncode == 1 and "no scenario named nope" in missing.stderr


@pytest.mark.parametrize("text, message", [
    ('symptoms = ["healthy"]', "title is required"),
    ('title = "x"\nsymptoms = ["nope"]', "symptoms[0]: 'nope' is not an id"),
    ('title = "x"\nsymptoms = ["healthy"]\n[[steps]]\nsend = { body = "x" }',
     "steps[0].send: to is required"),
    ('title = "x"\nsymptoms = ["healthy"]\n[[steps]]\nadvance = "soon"', "steps[0].advance"),
    ('title = "x"\nsymptoms = ["healthy"]\n[[steps]]\nfly = 1', "steps[0]: a step is one of"),
    ('title = "x"\nsymptoms = ["healthy"]\n[[steps]]\nsend = { to = "+1", colour = 1 }',
     "steps[0].send: unknown key(s) colour"),
    ('title = "x"\nsymptoms = ["healthy"]\nclock = "fast"', "clock"),
    ('title = "x"\nsymptoms = ["healthy"\n', "bad.toml"),
])
def test_scenario_errors_name_the_file_and_the_step(tmp_path, text, message):
    path = tmp_path / "bad.toml"
    path.write_text(text)
    with pytest.raises(scenarios.ScenarioError) as error:
        scenarios.load(path)
    assert str(error.value).startswith("bad.toml") and message in str(error.value)


def test_a_runtime_error_names_the_step(server, tmp_path):
    path = tmp_path / "broken.toml"
    path.write_text('title = "x"\nsymptoms = ["healthy"]\n[[steps]]\n'
                    'text = { from = "+15550100001", to = "nope", body = "x" }\n')
    with pytest.raises(scenarios.ScenarioError) as error:
        runner.run(SimClient(server.url), scenarios.load(path))
    assert "broken.toml: steps[0]" in str(error.value) and "to:" in str(error.value)
