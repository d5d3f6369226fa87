"""The container without a Docker engine: the Dockerfile read by Docker's own parser, the
image's entry point and health command run as the image would run them, the compose file,
and the example application it starts beside the simulator."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
import time
from pathlib import Path

import dockerfile
import requests
import yaml

from tests.server import free_port, outward_address

ROOT = Path(__file__).parent.parent
DOCKER = ROOT / "docker"


def commands() -> dict[str, list]:
    parsed = dockerfile.parse_file(str(DOCKER / "Dockerfile"))
    by_name: dict[str, list] = {}
    for command in parsed:
        by_name.setdefault(command.cmd.upper(), []).append(command)
    return by_name


def image_env() -> dict[str, str]:
    env = {}
    for command in commands()["ENV"]:
        values = command.value
        env.update(zip(values[::2], values[1::2], strict=True))
    return env


def test_dockerfile_is_small_non_root_and_healthchecked():
    c = commands()
    assert c["FROM"][0].value[0].startswith("python:3.11-slim")
    user = c["USER"][-1].value[0]
    assert user not in ("root", "0")
    health = c["HEALTHCHECK"][0]
    assert health.value[:3] == ("CMD", "smsim", "health") and health.json
    assert "--interval=10s" in health.flags
    assert c["CMD"][-1].value == ("smsim", "serve")
    assert c["VOLUME"][0].value == ("/data",)
    env = image_env()
    assert env["SMSIM_HOST"] == "0.0.0.0" and env["SMSIM_DB"] == "/data/smsim.db"
    for command in c["COPY"]:
        for source in command.value[:-1]:
            assert (ROOT / source).exists(), source


def healthcheck_command(port: int) -> list[str]:
    """The image's HEALTHCHECK command (exec form), pointed at a test port."""
    words = commands()["HEALTHCHECK"][0].value[1:]
    return [w.replace(":8080", f":{port}") for w in words]


def test_entry_point_and_health_command(tmp_path):
    port = free_port()
    sid, token = "AC00000000000000000000000000000001", "00000000000000000000000000000001"
    env = {**os.environ, **image_env(), "SMSIM_PORT": str(port),
           "SMSIM_DB": str(tmp_path / "smsim.db"), "SMSIM_ACCOUNT_SID": sid,
           "SMSIM_AUTH_TOKEN": token}
    entry = list(commands()["CMD"][-1].value)
    process = subprocess.Popen(entry, env=env, cwd=tmp_path, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True)
    health = healthcheck_command(port)
    try:
        deadline = time.monotonic() + 30
        result = None
        while time.monotonic() < deadline:
            result = subprocess.run(health, capture_output=True, text=True, timeout=10)
            if result.returncode == 0:
                break
            time.sleep(0.2)
        assert result.returncode == 0, result.stderr
        assert "ok: smsim" in result.stdout
        assert requests.get(f"http://127.0.0.1:{port}/_sim/health", timeout=5).ok
        # The control plane answers other containers, with the default account's credentials.
        outward = outward_address()
        if outward:
            remote = f"http://{outward}:{port}/_sim/health"
            assert requests.get(remote, timeout=5).status_code == 401
            assert requests.get(remote, auth=(sid, token), timeout=5).ok
    finally:
        process.terminate()
        output, _ = process.communicate(timeout=10)
    assert f"serving the Twilio API at http://0.0.0.0:{port}" in output
    assert (tmp_path / "smsim.db").exists()
    down = subprocess.run(health, capture_output=True, text=True, timeout=10)
    assert down.returncode != 0


def test_compose_file():
    compose = yaml.safe_load((DOCKER / "compose.yaml").read_text())
    smsim, app = compose["services"]["smsim"], compose["services"]["app"]
    assert smsim["build"]["dockerfile"] == "docker/Dockerfile"
    assert "smsim-data:/data" in smsim["volumes"]
    assert smsim["healthcheck"]["test"][:3] == ["CMD", "smsim", "health"]
    assert app["depends_on"]["smsim"]["condition"] == "service_healthy"
    assert app["environment"]["SMSIM_URL"] == "http://smsim:8080"
    # Other containers reach the control plane as http://smsim:8080 (README "Security").
    assert "smsim" in smsim["environment"]["SMSIM_ALLOWED_HOSTS"].split(",")
    assert app["environment"]["TWILIO_ACCOUNT_SID"] == smsim["environment"][
        "SMSIM_ACCOUNT_SID"]
    assert (DOCKER / "example-app" / "Dockerfile").exists()


def test_the_example_app_sends_and_receives_signed_webhooks(tmp_path):
    from tests.server import start_simulator

    sid, token = "AC00000000000000000000000000000001", "00000000000000000000000000000001"
    server = start_simulator(tmp_path, env={"SMSIM_ACCOUNT_SID": sid,
                                            "SMSIM_AUTH_TOKEN": token})
    port = free_port()
    app_env = {**os.environ, "SMSIM_URL": server.url, "TWILIO_ACCOUNT_SID": sid,
               "TWILIO_AUTH_TOKEN": token, "APP_PUBLIC_URL": f"http://127.0.0.1:{port}",
               "APP_HOST": "127.0.0.1", "APP_PORT": str(port)}
    app = subprocess.Popen([sys.executable, str(DOCKER / "example-app" / "app.py")],
                           env=app_env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                requests.get(base + "/seen", timeout=2)
                break
            except requests.ConnectionError:
                time.sleep(0.1)
        sent = requests.post(base + "/send", json={"to": "+15558675310", "body": "hi"},
                             timeout=10).json()
        assert sent["status"] == "queued"
        server.control("POST", "/handsets/+15558675310/messages",
                       json={"to": "+15017122661", "body": "hello app"})
        server.advance(30)
        seen = requests.get(base + "/seen", timeout=5).json()
        assert [s["MessageStatus"] for s in seen["status"]] == ["sending", "sent", "delivered"]
        assert seen["incoming"][0]["Body"] == "hello app"
        inbox = server.control("GET", "/handsets/+15558675310/inbox").json()["messages"]
        assert [m["body"] for m in inbox] == ["hi", "You said: hello app"]
    finally:
        app.terminate()
        app.wait(timeout=10)
        server.stop()


def test_health_command_words_are_shell_safe():
    assert shlex.join(healthcheck_command(8080)) == "smsim health --url http://127.0.0.1:8080"
