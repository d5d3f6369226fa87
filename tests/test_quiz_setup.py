"""Quiz mode over HTTP against a real server (two worker processes sharing the database, so
every request may land on either: the quiz lives in the store, not in a process): every
symptom the pack can hide is set up so that the diagnosis of a trainee's own world finds it;
the answer stays hidden until the reveal; answers are checked and scored. The network rules
are tests/test_quiz_access.py; the walk through a browser, tests/test_quiz_browser.py."""

from __future__ import annotations

import re

import pytest
import requests
from smsim.domain import quiz as rules
from smsim.domain import scenarios as scenario_files

from tests import quiz_pages
from tests.quiz_pages import error_of
from tests.server import SCENARIO_DIR, start_simulator

HIDEABLE = list(rules.setups(scenario_files.load(p) for p in
                             scenario_files.discover(SCENARIO_DIR).values()))


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    simulator = start_simulator(tmp_path_factory.mktemp("quiz"), workers=2)
    yield simulator
    simulator.stop()


def start_quiz(server, *symptoms: str, **form) -> str:
    return quiz_pages.start_quiz(server.url, *symptoms, **form)


def join(server, code: str, name: str) -> str:
    return quiz_pages.join_here(server.url, code, name)


def symptoms_in(html: str, container: str) -> list[str]:
    """The data-symptom ids inside the element whose id is ``container``."""
    start = html.index(f'id="{container}"')
    return re.findall(r'class="finding" data-symptom="([^"]+)"', html[start:])


def answer_page(server, world: str, lang: str = "en") -> requests.Response:
    return requests.get(f"{server.url}/quiz/answer", params={"world": world, "lang": lang},
                        timeout=60)


@pytest.mark.parametrize("symptom", HIDEABLE)
def test_every_hideable_symptom_shows_in_a_trainees_own_world(server, symptom):
    code = start_quiz(server, symptom)
    trainer = requests.get(f"{server.url}/quiz/{code}", timeout=10).text
    # The rehearsal's diagnosis (the trainer's "show me") finds exactly the hidden symptom.
    assert re.findall(r'class="finding" data-symptom="([^"]+)"', trainer) == [symptom]
    world = join(server, code, "Aiko")
    requests.post(f"{server.url}/quiz/{code}/reveal", timeout=10)
    revealed = answer_page(server, world).text
    assert re.findall(r'id="quiz-solution"><li data-symptom="([^"]+)"', revealed) == [symptom]
    # The diagnosis of the trainee's own world, shown after the reveal, finds it too.
    assert symptoms_in(revealed, "quiz-revealed") == [symptom]
    requests.post(f"{server.url}/quiz/{code}/close", data={"delete_worlds": "on"}, timeout=30)


def test_several_failures_at_once_each_show_and_are_answered_with_a_box_each(server):
    code = start_quiz(server, "carrier-duplicate", "handset-unreachable")
    world = join(server, code, "Ben")
    page = answer_page(server, world).text
    assert 'type="checkbox" name="symptom" value="carrier-duplicate"' in page
    sids = quiz_pages.evidence_sids(page)
    assert len(sids) >= 2
    sent = requests.post(f"{server.url}/quiz/answer", params={"world": world}, timeout=60,
                         data={"symptom": ["handset-unreachable", "carrier-duplicate"],
                               "evidence": sids}, allow_redirects=False)
    assert sent.status_code == 303
    row = requests.get(f"{server.url}/quiz/{code}/rows", timeout=10).text
    # Every message of this world shows one of the two failures: all valid, full marks.
    assert "3/3" in row and "does not show it" not in row
    requests.post(f"{server.url}/quiz/{code}/reveal", timeout=10)
    revealed = answer_page(server, world).text
    assert sorted(symptoms_in(revealed, "quiz-revealed")) == ["carrier-duplicate",
                                                              "handset-unreachable"]


def test_a_single_failure_is_answered_with_one_choice(server):
    code = start_quiz(server, "opted-out")
    world = join(server, code, "Chika")
    page = answer_page(server, world, "ja").text
    assert 'type="radio" name="symptom" value="opted-out"' in page
    assert "見つけた症状" in page and "隠れている障害の数: 1" in page


def test_the_answer_is_hidden_in_quiz_worlds_until_the_reveal(server):
    code = start_quiz(server, "delayed-carrier")
    world = join(server, code, "Dai")
    sid = quiz_pages.evidence_sids(answer_page(server, world).text)[0]
    headers = {"X-Smsim-Account": world}
    diagnose = f"{server.url}/ui/api/diagnose/{sid}"
    hidden = requests.get(diagnose, params={"world": world, "lang": "ja"}, timeout=30)
    assert hidden.status_code == 403 and "公開" in hidden.json()["error"]
    faults_page = requests.get(f"{server.url}/faults", params={"world": world}, timeout=10)
    assert faults_page.status_code == 403 and "reveals the answer" in faults_page.text
    for path in ("/_sim/faults", "/_sim/faults/log", "/_sim/faults/1"):
        response = requests.get(server.url + path, headers=headers, timeout=10)
        assert response.status_code == 403, (path, response.text)
    # Other worlds are not quiz worlds: the default world's rules stay readable.
    assert requests.get(f"{server.url}/_sim/faults", timeout=10).status_code == 200
    # The message's own page (the evidence) is there.
    assert requests.get(f"{server.url}/messages/{sid}", params={"world": world},
                        timeout=10).status_code == 200
    requests.post(f"{server.url}/quiz/{code}/reveal", timeout=10)
    shown = requests.get(diagnose, params={"world": world}, timeout=30)
    assert shown.status_code == 200
    assert [s["id"] for s in shown.json()["symptoms"]] == ["delayed-carrier"]
    assert requests.get(f"{server.url}/_sim/faults", headers=headers,
                        timeout=10).json()["faults"]


def test_answers_are_checked_naming_the_field_and_scored_against_the_world(server):
    code = start_quiz(server, "handset-unreachable")
    world = join(server, code, "Emi")
    other = join(server, code, "Fumi")
    page = answer_page(server, world).text
    mine = quiz_pages.evidence_sids(page)[0]
    url = f"{server.url}/quiz/answer"
    for data, field in (({"evidence": mine}, "symptom"),
                        ({"symptom": "no-such"}, "symptom"),
                        ({"symptom": "handset-unreachable", "evidence_other": "SM12"},
                         "evidence")):
        refused = requests.post(url, params={"world": world}, data=data, timeout=30)
        assert refused.status_code == 400 and error_of(refused)[0] == field, data
    # A SID of another world does not show the failure in this one.
    theirs = quiz_pages.evidence_sids(answer_page(server, other).text)[0]
    assert theirs != mine
    requests.post(url, params={"world": world}, timeout=30,
                  data={"symptom": "handset-unreachable", "evidence": mine,
                        "evidence_other": theirs})
    requests.post(url, params={"world": other}, timeout=30,
                  data={"symptom": "delivery-failed", "evidence": theirs})
    rows = requests.get(f"{server.url}/quiz/{code}/rows", timeout=10).text
    emi = rows[rows.index('data-name="Emi"'):rows.index('data-name="Fumi"')]
    fumi = rows[rows.index('data-name="Fumi"'):]
    assert "2/3" in emi and f"{theirs}</code> (does not show it)" in emi
    assert "1/3" in fumi and f"{theirs}</code> (shows it)" in fumi
    # A changed answer replaces the first, until the reveal.
    requests.post(url, params={"world": world}, timeout=30,
                  data={"symptom": "handset-unreachable", "evidence": mine})
    rows = requests.get(f"{server.url}/quiz/{code}/rows", timeout=10).text
    assert "3/3" in rows[rows.index('data-name="Emi"'):rows.index('data-name="Fumi"')]
    requests.post(f"{server.url}/quiz/{code}/reveal", timeout=10)
    late = requests.post(url, params={"world": world}, data={"symptom": "opted-out"},
                         timeout=30)
    assert late.status_code == 409 and error_of(late)[0] == "symptom"
    assert 'id="quiz-score">3/3<' in late.text  # the revealed page, the answer unchanged


def test_joining_is_refused_naming_the_field(server):
    code = start_quiz(server, "carrier-duplicate")
    join(server, code, "Gen")
    for data, status, field in (({"code": "ZZZZZZ", "name": "Hana"}, 403, "code"),
                                ({"code": code, "name": " "}, 400, "name"),
                                ({"code": code, "name": "gen"}, 409, "name")):
        refused = requests.post(f"{server.url}/quiz/join", data=data, timeout=30)
        assert refused.status_code == status and error_of(refused)[0] == field, data
    # This machine's wrong codes are not counted against anyone.
    assert "quiz-wrong-codes" not in requests.get(f"{server.url}/quiz/{code}", timeout=10).text
    requests.post(f"{server.url}/quiz/{code}/close", timeout=10)
    closed = requests.post(f"{server.url}/quiz/join", data={"code": code, "name": "Ito"},
                           timeout=30)
    assert closed.status_code == 403 and error_of(closed)[0] == "code"


def test_starting_is_refused_naming_the_field(server):
    for data in ({}, {"symptom": "app-error-before-api"}, {"symptom": "no-such"}):
        refused = requests.post(f"{server.url}/quiz", data=data, timeout=30)
        assert refused.status_code == 400 and error_of(refused)[0] == "symptoms", data
    # In Japanese, in Japanese.
    refused = requests.post(f"{server.url}/quiz?lang=ja", data={}, timeout=30)
    assert error_of(refused)[1].startswith("障害を一つ以上選ぶか")


def test_a_random_quiz_hides_one_hideable_symptom(server):
    response = requests.post(f"{server.url}/quiz", data={"random": "1"},
                             allow_redirects=False, timeout=60)
    assert response.status_code == 303
    page = requests.get(server.url + response.headers["Location"], timeout=10).text
    hidden = re.findall(r'<li data-symptom="([^"]+)"', page)
    assert len(hidden) == 1 and hidden[0] in HIDEABLE


def test_a_page_of_a_world_that_is_no_trainees_says_so(server):
    page = requests.get(f"{server.url}/quiz/answer", timeout=10)
    assert page.status_code == 404 and "not a quiz trainee" in page.text
    assert requests.get(f"{server.url}/quiz/NOSUCH", timeout=10).status_code == 404


def test_the_stand_in_application_answers_empty_twiml(server):
    answer = requests.post(f"{server.url}/quiz/app/sms", data={"Body": "hi"}, timeout=10)
    assert answer.status_code == 200 and answer.text == "<Response/>"
    assert answer.headers["Content-Type"].startswith("text/xml")
