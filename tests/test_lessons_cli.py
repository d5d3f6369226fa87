"""Lessons against a real server: ``smsim lesson run`` plays every lesson in a world of its
own and the diagnosis names the lesson's symptom; the control plane that the CLI and the
dashboard's player share (/_sim/lessons, /_sim/lesson) refuses bad requests naming the
field; and the class's world (the default one, with a message in it) is never touched."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time

import pytest
from smsim.domain.lessons import load_all

from tests.server import DEFAULT_SID, DEFAULT_TOKEN, start_simulator

LESSONS = load_all()


def smsim(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "smsim", *args], capture_output=True,
                          text=True, timeout=120)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    simulator = start_simulator(tmp_path_factory.mktemp("lessons"))
    yield simulator
    simulator.stop()


@pytest.fixture(scope="module")
def class_world(server):
    """The class's world: the default one, with a delivered message in it; what it looks
    like, to compare with after the lessons."""
    client = server.client(DEFAULT_SID, DEFAULT_TOKEN)
    sid = client.messages.create(to="+15550300001", from_="+15017122661", body="class").sid
    server.advance(30)
    return sid, snapshot(server)


def snapshot(server) -> dict:
    requests = server.control("GET", "/requests").json()["requests"]
    messages = server.client(DEFAULT_SID, DEFAULT_TOKEN).messages.list()
    return {"clock": server.control("GET", "/clock").json(),
            "accounts": [a for a in server.control("GET", "/accounts").json()["accounts"]
                         if a["world"] is None],
            "messages": [(m.sid, m.status) for m in messages],
            # Every write the API took (a snapshot's own reads aside).
            "requests": [(r["method"], r["path"]) for r in requests if r["method"] != "GET"],
            "handsets": server.control("GET", "/handsets").json(),
            "faults": server.control("GET", "/faults").json()}


def lesson_control(server, world: str, method: str, path: str, **kwargs):
    return server.control(method, path, headers={"X-Smsim-Account": world}, **kwargs)


@pytest.mark.parametrize("lesson_id", list(LESSONS))
def test_every_lesson_runs_to_its_symptom(server, class_world, lesson_id):
    result = smsim("lesson", "run", lesson_id, "--step", "--url", server.url, "--json")
    assert result.returncode == 0, result.stdout + result.stderr
    run = json.loads(result.stdout)
    assert run["verdict"] == "pass"
    assert run["detected"] == [LESSONS[lesson_id].symptom]  # that symptom, and no other
    assert [s["step"] for s in run["steps"]] == list(range(1, len(LESSONS[lesson_id].steps)
                                                            + 1))
    assert all(e["text"] for s in run["steps"] for e in s["events"])
    assert run["world"] != DEFAULT_SID and run["dashboard"].endswith(f"world={run['world']}")


def test_a_lesson_plays_in_realtime_and_prints_the_guide_in_japanese(server, class_world):
    result = smsim("lesson", "run", "duplicates", "--speed", "100", "--url", server.url,
                   "--lang", "ja", "--delete-world")
    assert result.returncode == 0, result.stdout + result.stderr
    out = result.stdout
    assert "ステップ 1/5" in out and "重複メッセージの問題のデバッグを開始する最良の方法" in out
    assert "[app-duplicate]" in out and "合格" in out
    world = out.split("ワールド ", 1)[1].split()[0]
    assert lesson_control(server, world, "GET", "/lesson").status_code == 404  # deleted


def test_the_class_world_is_untouched(server, class_world):
    smsim("lesson", "run", "blacklist", "--step", "--url", server.url, "--json")
    sid, before = class_world
    after = snapshot(server)
    assert after == before and (sid, "delivered") in after["messages"]


def test_list_and_an_unknown_lesson():
    listed = json.loads(smsim("lesson", "list", "--json").stdout)["lessons"]
    assert [x["id"] for x in listed] == list(LESSONS)
    assert "メッセージが遅延します" in smsim("lesson", "list", "--lang", "ja").stdout
    result = smsim("lesson", "run", "no-such-lesson", "--step")  # an embedded simulator
    assert result.returncode == 2 and "no lesson named 'no-such-lesson'" in result.stderr


def test_a_run_on_an_embedded_simulator():
    result = smsim("lesson", "run", "inbound-not-received", "--step")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Step 7/7" in result.stdout and "[number-not-sms-capable]" in result.stdout
    assert "(the guide's original) SMSに対応した電話番号をお持ちですか?" in result.stdout


def test_pause_play_step_and_the_state_in_the_world(server):
    started = server.control("POST", "/lessons/outbound-not-delivered/start",
                             json={"speed": 5}).json()
    world = started["world"]
    assert started["lesson"]["step"] == 0 and not started["lesson"]["paused"]
    assert started["lesson"]["events"][0]["kind"] == "carrier"  # the stage, set up first
    assert lesson_control(server, world, "GET", "/clock").json()["mode"] == "realtime"
    paused = lesson_control(server, world, "POST", "/lesson", json={"action": "pause"}).json()
    assert paused["paused"] and lesson_control(server, world, "GET", "/clock").json()[
        "mode"] == "manual"
    stepped = lesson_control(server, world, "POST", "/lesson", json={"action": "step"}).json()
    assert stepped["step"] == 1 and stepped["paused"]
    # Another look (a reload, another worker) finds it where it stands.
    again = lesson_control(server, world, "GET", "/lesson?lang=ja").json()
    assert again["step"] == 1 and again["events"][-1]["text"].endswith("秒経過")
    faster = lesson_control(server, world, "POST", "/lesson",
                            json={"action": "play", "speed": 20}).json()
    assert not faster["paused"] and faster["speed"] == 20
    for _ in range(10):
        state = lesson_control(server, world, "POST", "/lesson", json={"action": "step"}).json()
        if state["done"]:
            break
    assert state["done"] and state["paused"]  # the world stands still, as diagnosed
    over = lesson_control(server, world, "POST", "/lesson", json={"action": "step"})
    assert over.status_code == 409 and "the lesson is over" in over.json()["error"]
    report = lesson_control(server, world, "GET", "/lesson/diagnosis?lang=ja").json()
    assert report["matches"] and [s["id"] for s in report["symptoms"]] == ["delivery-failed"]
    assert re.search("[\u3040-\u30ff\u4e00-\u9fff]", report["symptoms"][0]["advice"])


def test_the_lessons_app_answers_its_webhooks(server):
    world = server.control("POST", "/lessons/blacklist/start", json={"paused": True}).json()[
        "world"]
    for _ in range(10):
        if lesson_control(server, world, "POST", "/lesson", json={"action": "step"}).json()[
                "done"]:
            break
    hooks = lesson_control(server, world, "GET", "/webhooks").json()["webhooks"]
    inbound = [h for h in hooks if h["kind"] == "incoming_message"]
    assert len(inbound) == 2  # STOP and START reached the lesson's app, which said 200
    attempts = [a for h in inbound for a in h["attempts"]]
    assert len(attempts) == 2 and all(a["status_code"] == 200 for a in attempts)
    assert f"/_sim/lessons/app/{world}/sms" in attempts[0]["url"]


@pytest.mark.parametrize("path, body, status, message", [
    ("/lessons/no-such/start", {}, 404, "no lesson named 'no-such'"),
    ("/lessons/delayed/start", {"speed": 0}, 400, "speed must be a number above 0"),
    ("/lessons/delayed/start", {"speed": "fast"}, 400, "speed must be a number"),
    ("/lessons/delayed/start", {"paused": "yes"}, 400, "paused must be true or false"),
    ("/lessons/delayed/start", {"world": "x"}, 400, "unknown field(s): world"),
])
def test_start_refusals_name_the_field(server, path, body, status, message):
    answer = server.control("POST", path, json=body)
    assert answer.status_code == status and message in answer.json()["error"]


def test_player_refusals_name_the_field(server):
    answer = server.control("GET", "/lesson")  # the default world plays no lesson
    assert answer.status_code == 404 and "X-Smsim-Account" in answer.json()["error"]
    world = server.control("POST", "/lessons/duplicates/start", json={"paused": True}).json()[
        "world"]
    for body, message in [({"action": "rewind"}, "action must be play, pause or step"),
                          ({}, "action or speed is required"),
                          ({"speed": -1}, "speed must be a number above 0"),
                          ({"action": "play", "volume": 3}, "unknown field(s): volume")]:
        answer = lesson_control(server, world, "POST", "/lesson", json=body)
        assert answer.status_code == 400 and message in answer.json()["error"], body
    assert server.control("GET", "/lessons/nope").status_code == 404
    detail = server.control("GET", "/lessons/duplicates").json()
    assert detail["steps"][0]["guide"]["ja"].startswith("重複メッセージ")


def test_a_lesson_plays_on_while_nobody_looks(server):
    """The server's lesson ticker keeps the lesson to its timeline with no page and no CLI
    looking: the lesson ends by itself (its world's clock stops) and the two sends two
    seconds apart are still the app's duplicate."""
    world = server.control("POST", "/lessons/duplicates/start", json={"speed": 50}).json()[
        "world"]
    deadline = time.monotonic() + 60
    while lesson_control(server, world, "GET", "/clock").json()["mode"] == "realtime":
        assert time.monotonic() < deadline, "the lesson did not end by itself"
        time.sleep(0.1)
    report = lesson_control(server, world, "GET", "/lesson/diagnosis").json()
    assert report["matches"] and [s["id"] for s in report["symptoms"]] == ["app-duplicate"]
    assert lesson_control(server, world, "GET", "/lesson").json()["done"]


BROKEN = """
section = 4
symptom = "app-duplicate"
title = { ja = "重複", en = "Duplicates" }
summary = { ja = "二重送信", en = "Sent twice" }
[[steps]]
guide = { ja = "ログを確認します" }
"""


def test_a_broken_lesson_file_is_named_by_the_cli_and_the_server(tmp_path):
    folder = tmp_path / "pack"
    folder.mkdir()
    (folder / "mine.toml").write_text(BROKEN, encoding="utf-8")
    named = "mine.toml: steps[0].guide.en: is required"
    listed = subprocess.run([sys.executable, "-m", "smsim", "lesson", "list"],
                            capture_output=True, text=True, timeout=60,
                            env={**os.environ, "SMSIM_LESSONS": str(folder)})
    assert listed.returncode == 2 and named in listed.stderr
    broken = start_simulator(tmp_path / "server", env={"SMSIM_LESSONS": str(folder)})
    try:
        answer = broken.control("GET", "/lessons")
        assert answer.status_code == 500 and named in answer.json()["error"]
        page = broken.session.get(f"{broken.url}/lessons?lang=ja", timeout=10)
        assert page.status_code == 500 and named in page.text
    finally:
        broken.stop()


def test_an_unknown_lesson_page(server):
    page = server.session.get(f"{server.url}/lessons/nope?lang=ja", timeout=10)
    # The id is data (marked translate="no"), the sentence around it Japanese.
    assert page.status_code == 404 and "という名前のレッスンはありません。" in page.text
    assert '<span translate="no">nope</span>' in page.text
