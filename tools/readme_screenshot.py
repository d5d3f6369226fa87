"""Take the README's picture of the dashboard: docs/dashboard.png.

Starts ``smsim serve --demo`` (the seeded demo world) on a free loopback port with a manual
clock, lets two simulated minutes pass so the messages show their fates, and saves the
message log as seen by headless Chromium (Debian's chromium + chromium-driver, driven by
Selenium, as tests/test_dashboard.py does). Run it from the checkout after a dashboard change:

    python tools/readme_screenshot.py [--output docs/dashboard.png]
"""

from __future__ import annotations

import argparse
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
# As the workplace's probe starts it: no sandbox as root, no background networking.
CHROMIUM_ARGS = ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--window-size=1280,860",
                 "--lang=en-US")
SIMULATED_SECONDS = 150  # long enough for the switched-off phone's carrier to give up


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_demo(folder: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    process = subprocess.Popen(
        [sys.executable, "-m", "smsim", "serve", "--demo", "--port", str(port),
         "--db", str(folder / "smsim.db"), "--clock", "manual", "--seed", "readme"],
        stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT, cwd=folder)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit("smsim serve --demo exited")
        try:
            if requests.get(f"{url}/_sim/health", timeout=2).status_code == 200:
                return process, url
        except requests.ConnectionError:
            time.sleep(0.1)
    process.terminate()
    raise SystemExit("smsim serve --demo did not answer in 30 s")


def screenshot(url: str, output: Path) -> None:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    options = webdriver.ChromeOptions()
    for arg in CHROMIUM_ARGS:
        options.add_argument(arg)
    options.binary_location = CHROMIUM
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    try:
        driver.get(url + "/")
        WebDriverWait(driver, 15).until(
            lambda d: len(d.find_elements(By.CSS_SELECTOR, "#log-rows tr[data-sid]")) >= 6)
        output.parent.mkdir(parents=True, exist_ok=True)
        driver.save_screenshot(str(output))
    finally:
        driver.quit()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=ROOT / "docs" / "dashboard.png")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        process, url = start_demo(Path(folder))
        try:
            response = requests.post(f"{url}/_sim/clock/advance", timeout=30,
                                     json={"seconds": SIMULATED_SECONDS})
            response.raise_for_status()
            screenshot(url, args.output)
        finally:
            process.terminate()
            process.wait(timeout=10)
    print(f"wrote {args.output}")


if __name__ == "__main__":
    main()
