"""Every recipe in docs/recipes.md runs (or, for CI configuration, is checked) here."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.server import DEFAULT_SID, DEFAULT_TOKEN, start_simulator

ROOT = Path(__file__).parent.parent
pytest_plugins = ["pytester"]


def recipes() -> dict[str, str]:
    text = (ROOT / "docs" / "recipes.md").read_text()
    return {name: body for name, body in
            re.findall(r"```\w+ recipe=([\w-]+)\n(.*?)```", text, re.DOTALL)}


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    simulator = start_simulator(tmp_path_factory.mktemp("recipes"))
    yield simulator
    simulator.stop()


def env_for(server) -> dict:
    return {**os.environ, "SMSIM_URL": server.url, "SMSIM_ACCOUNT_SID": DEFAULT_SID,
            "SMSIM_AUTH_TOKEN": DEFAULT_TOKEN}


def test_every_recipe_is_here():
    assert set(recipes()) == {"twilio-python", "twilio-node", "curl", "pytest",
                              "pytest-webhooks", "github-actions"}


def test_twilio_python(server, tmp_path):
    script = tmp_path / "recipe.py"
    script.write_text(recipes()["twilio-python"])
    result = subprocess.run([sys.executable, str(script)], env=env_for(server),
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert re.match(r"SM[0-9a-f]{32} queued", result.stdout)


def test_twilio_node(server, tmp_path):
    node_dir = ROOT / "tests" / "node"
    if not shutil.which("node"):
        pytest.skip("node is not installed")
    if not (node_dir / "node_modules" / "twilio").exists():
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=node_dir, check=True,
                       capture_output=True, timeout=300)
    script = tmp_path / "recipe.js"
    script.write_text(recipes()["twilio-node"])
    result = subprocess.run(["node", str(script)], capture_output=True, text=True, timeout=60,
                            env={**env_for(server), "NODE_PATH": str(node_dir / "node_modules")})
    assert result.returncode == 0, result.stderr
    assert re.match(r"SM[0-9a-f]{32} queued", result.stdout)


def test_curl(server, tmp_path):
    if not shutil.which("curl"):
        pytest.skip("curl is not installed")
    script = tmp_path / "recipe.sh"
    script.write_text(recipes()["curl"])
    result = subprocess.run(["bash", str(script)], env=env_for(server), capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert '"status":"queued"' in result.stdout and '"messages":[' in result.stdout
    inbox = result.stdout.strip().splitlines()[-1]  # the last command: the handset's inbox
    assert '"number":"+15558675310"' in inbox and '"body":"Hello from curl"' in inbox


def test_pytest_plugin(pytester):
    pytester.makepyfile(test_recipe=recipes()["pytest"])
    result = pytester.runpytest_subprocess("-q")
    result.assert_outcomes(passed=3)


def test_pytest_webhooks(pytester):
    pytester.makepyfile(test_recipe=recipes()["pytest-webhooks"])
    result = pytester.runpytest_subprocess("-q")
    result.assert_outcomes(passed=1)


def test_github_actions_matches_the_image():
    workflow = yaml.safe_load(recipes()["github-actions"])
    job = workflow["jobs"]["test"]
    service = job["services"]["smsim"]
    assert service["ports"] == ["8080:8080"]
    assert "--health-cmd \"smsim health --url http://127.0.0.1:8080\"" in service["options"]
    assert service["env"]["SMSIM_ACCOUNT_SID"] == job["env"]["SMSIM_ACCOUNT_SID"]
    assert service["env"]["SMSIM_CLOCK"] in ("manual", "realtime")
    assert any("--smsim-url" in step.get("run", "") for step in job["steps"])
    install = next(step["run"] for step in job["steps"] if "pip install" in step.get("run", ""))
    assert "smsim @ git+https://github.com/" in install and "pytest-xdist" in install
    dockerfile = (ROOT / "docker" / "Dockerfile").read_text()
    assert "EXPOSE 8080" in dockerfile and "smsim\", \"health\"" in dockerfile
