"""The package as users get it: a plain (non-editable) install, and a user project whose own
package is called ``simulator`` next to the smsim pytest plugin."""

from __future__ import annotations

import importlib.util
import os
import shutil
import site
import subprocess
import sys
from pathlib import Path

import pytest

pytest_plugins = ["pytester"]

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = len(list((ROOT / "scenarios").glob("*.toml")))


def _can_build_without_isolation() -> bool:
    """setuptools builds wheels itself from 70.1 on; older ones need the ``wheel`` package."""
    import setuptools

    version = tuple(int(part) for part in setuptools.__version__.split(".")[:2])
    return version >= (70, 1) or importlib.util.find_spec("wheel") is not None


def _run(*args, cwd: Path, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=120)


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> tuple[Path, dict]:
    """A venv in a temporary folder with smsim installed from a copy of the checkout.

    Its dependencies come from the environment running the tests (no network): the venv sees
    the system site-packages, and a .pth file adds this environment's site-packages (a venv made
    from a venv is based on the system Python, not on the outer venv). Only smsim is
    installed, with --no-deps, into the new venv's own site-packages, which come first on
    sys.path, ahead of any editable install of the checkout."""
    tmp = tmp_path_factory.mktemp("packaging")
    source = tmp / "smsim-source"
    # A copy, so building never writes build/ or *.egg-info into the checkout.
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(
        ".git", "tests", "node_modules", "build", "*.egg-info", "__pycache__", "docs", "bench",
        "docker", ".venv", "artifacts"))
    venv = tmp / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", "--system-site-packages",
                    str(venv)], check=True, timeout=60)
    python = venv / "bin" / "python"
    purelib = subprocess.run([python, "-c", "import sysconfig; print(sysconfig.get_path("
                              "'purelib'))"], capture_output=True, text=True, check=True
                             ).stdout.strip()
    outer = [path for path in site.getsitepackages() if path != purelib]
    Path(purelib, "_outer_environment.pth").write_text("\n".join(outer) + "\n")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    command = [python, "-m", "pip", "install", "--quiet", "--no-deps", "--ignore-installed",
               "--disable-pip-version-check"]
    if _can_build_without_isolation():
        command.append("--no-build-isolation")
    # Otherwise pip fetches the build backend (setuptools) as `pip install -e .` did.
    result = _run(*command, source, cwd=tmp, env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    return venv, env


def test_a_plain_install_imports_smsim_from_its_own_site_packages(installed, tmp_path):
    venv, env = installed
    python = venv / "bin" / "python"
    where = _run(python, "-c", "import smsim, smsim.web.ui; print(smsim.__file__)",
                 cwd=tmp_path, env=env)
    assert where.returncode == 0, where.stderr
    assert Path(where.stdout.strip()).is_relative_to(venv)  # not the checkout's simulator/
    missing = _run(python, "-c", "import simulator", cwd=tmp_path, env=env)
    assert "ModuleNotFoundError: No module named 'simulator'" in missing.stderr


def test_a_plain_install_ships_and_runs_the_scenario_pack(installed, tmp_path):
    venv, env = installed
    smsim = venv / "bin" / "smsim"
    listing = _run(smsim, "scenario", "list", cwd=tmp_path, env=env)
    assert listing.returncode == 0, listing.stderr
    names = [line.split()[0] for line in listing.stdout.splitlines()[1:] if line.strip()]
    assert SCENARIOS == 36 and len(names) == SCENARIOS
    assert "carrier-duplicate" in names
    run = _run(smsim, "scenario", "run", "--all", cwd=tmp_path, env=env)
    assert run.returncode == 0, run.stdout + run.stderr
    assert f"{SCENARIOS} passed, 0 failed" in run.stdout


def test_a_plain_install_serves_the_classroom_and_plays_a_lesson(installed, tmp_path):
    """The lesson pack, the labels of every dashboard part and the templates ship in the
    wheel: a server started from the installed package serves the classroom pages in both
    languages, and the installed CLI plays a lesson on it."""
    import time

    import requests

    from tests.server import free_port

    venv, env = installed
    smsim = venv / "bin" / "smsim"
    port = free_port()
    server = subprocess.Popen([str(smsim), "serve", "--port", str(port), "--db",
                               str(tmp_path / "x.db")], cwd=tmp_path, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                requests.get(f"{url}/_sim/health", timeout=2)
                break
            except requests.ConnectionError:
                time.sleep(0.1)
        for path in ("/lessons", "/quiz", "/present", "/requests"):
            for lang in ("en", "ja"):
                page = requests.get(f"{url}{path}?lang={lang}", timeout=10)
                assert page.status_code == 200, (path, lang, page.text[:300])
        listing = _run(smsim, "lesson", "list", cwd=tmp_path, env=env)
        assert listing.returncode == 0 and "delayed" in listing.stdout, listing.stderr
        played = _run(smsim, "lesson", "run", "delayed", "--step", "--url", url,
                      cwd=tmp_path, env=env)
        assert played.returncode == 0, played.stdout + played.stderr
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_a_user_package_named_simulator_beside_the_plugin(pytester, sim):
    """The plugin is loaded through its pytest11 entry point; the user's own ``simulator``
    package must import as theirs (the simulator's import package is ``smsim``)."""
    pytester.mkpydir("simulator")
    pytester.path.joinpath("simulator", "testing.py").write_text(
        "def greeting():\n    return 'the user project'\n")
    pytester.makepyfile(test_user_project=f'''
from simulator.testing import greeting


def test_own_package_and_the_plugin(smsim, twilio_client, pytestconfig):
    assert greeting() == "the user project"
    assert pytestconfig.pluginmanager.hasplugin("smsim")
    assert smsim.url == "{sim.url}"
    assert twilio_client.messages.create(to="+15558675319", from_=smsim.from_number,
                                         body="x").status == "queued"
''')
    result = pytester.runpytest_subprocess("-q", f"--smsim-url={sim.url}",
                                           "--smsim-isolation=account")
    result.assert_outcomes(passed=1)
