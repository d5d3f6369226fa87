"""Quiz mode's rules as data (smsim/domain/quiz.py): which scenarios can hide a symptom, the
choice of set-ups, a trainee's answer and its score. Table-driven, no server."""

from __future__ import annotations

import random
import string
from pathlib import Path

import pytest
from smsim.domain import quiz
from smsim.domain import scenarios as scenario_files
from smsim.domain.diagnosis.symptoms import CATALOGUE
from smsim.web.ui.labels import LABELS

from tests.server import SCENARIO_DIR

SM = "SM" + "a" * 32
SM2 = "SM" + "b" * 32
MM = "MM" + "c" * 32


def scenario(name: str, symptoms: list[str], world: dict | None = None,
             diagnose: dict | None = None, steps: list | None = None):
    return scenario_files.Scenario(name, Path(f"{name}.toml"), name, "", symptoms, name,
                                   "manual", 1.0, world or {}, steps or [], diagnose or {})


def test_only_scenarios_of_one_symptom_over_their_whole_world_can_hide_it():
    found = quiz.setups([
        scenario("b-off", ["handset-unreachable"]),
        scenario("a-off", ["handset-unreachable"]),
        scenario("healthy", ["healthy"]),
        scenario("asked-about-one-number", ["app-error-before-api"],
                 diagnose={"to": "+15550100002"}),
        scenario("partner", ["wrong-credentials"], world={"accounts": [{"name": "p"}]}),
        scenario("two", ["opted-out", "app-duplicate"]),
        scenario("dup", ["carrier-duplicate"]),
    ])
    assert found == {"carrier-duplicate": ["dup"], "handset-unreachable": ["a-off", "b-off"]}
    assert list(found) == [s for s in CATALOGUE if s in found]  # catalogue order


def test_the_pack_hides_every_symptom_but_the_absence_of_traffic():
    pack = [scenario_files.load(p) for p in scenario_files.discover(SCENARIO_DIR).values()]
    assert set(quiz.setups(pack)) == set(CATALOGUE) - {"app-error-before-api", "healthy"}


def test_advance_seconds_adds_the_steps_advances():
    steps = [{"send": {"to": "+1"}}, {"advance": "2m"}, {"advance": 30}, {"advance": "5s"}]
    assert quiz.advance_seconds(scenario("s", ["healthy"], steps=steps)) == 155


AVAILABLE = {"delivery-failed": ["df-1", "df-2"], "handset-unreachable": ["hu"],
             "api-rejected": ["ar"]}


@pytest.mark.parametrize("chosen, at_random, key", [
    ([], False, "choose"),
    (["no-such-id"], False, "not_hideable"),
    (["app-error-before-api"], False, "not_hideable"),
])
def test_a_choice_the_pack_cannot_set_up_is_refused_naming_the_field(chosen, at_random, key):
    with pytest.raises(quiz.QuizError) as refused:
        quiz.choose(chosen, at_random, AVAILABLE, random.Random(1))
    assert (refused.value.field, refused.value.key) == ("symptoms", key)


def test_a_choice_is_in_catalogue_order_with_one_scenario_each_and_seeded():
    picked = quiz.choose(["handset-unreachable", "delivery-failed", "handset-unreachable"],
                         False, AVAILABLE, random.Random("seed"))
    assert picked.symptoms == ["delivery-failed", "handset-unreachable"]
    assert picked.scenarios[0] in AVAILABLE["delivery-failed"] and picked.scenarios[1] == "hu"
    again = quiz.choose(["delivery-failed", "handset-unreachable"], False, AVAILABLE,
                        random.Random("seed"))
    assert again == picked
    chance = quiz.choose([], True, AVAILABLE, random.Random(7))
    assert len(chance.symptoms) == 1 and chance.symptoms[0] in AVAILABLE
    with pytest.raises(quiz.QuizError):
        quiz.choose([], True, {}, random.Random(7))


def test_alternatives_try_the_other_scenarios_and_the_other_order():
    picked = quiz.Choice(["delivery-failed", "handset-unreachable"], ["df-2", "hu"])
    tried = quiz.alternatives(picked, AVAILABLE)
    assert tried[0] == picked
    assert [c.scenarios for c in tried] == [["df-2", "hu"], ["hu", "df-2"], ["df-1", "hu"],
                                            ["hu", "df-1"]]
    assert all(c.symptoms == picked.symptoms for c in tried)
    alone = quiz.Choice(["handset-unreachable"], ["hu"])
    assert quiz.alternatives(alone, AVAILABLE) == [alone]


@pytest.mark.parametrize("typed, expected", [
    ("ab3-k9z", "AB3K9Z"), (" AB3 K9Z ", "AB3K9Z"), (None, ""), ("ab\t3k9z", "AB3K9Z")])
def test_a_code_is_read_as_typed(typed, expected):
    assert quiz.normal_code(typed) == expected


@pytest.mark.parametrize("raw, key", [(None, "name_missing"), ("   ", "name_missing"),
                                      ("x" * 41, "name_long")])
def test_a_name_is_required_and_short(raw, key):
    with pytest.raises(quiz.QuizError) as refused:
        quiz.check_name(raw)
    assert (refused.value.field, refused.value.key) == ("name", key)


def test_a_name_keeps_its_words():
    assert quiz.check_name("  Aiko   Tanaka ") == "Aiko Tanaka"


@pytest.mark.parametrize("named, ticked, typed, field, key", [
    ([], [SM], "", "symptom", "answer_missing"),
    (["made-up"], [], "", "symptom", "unknown_symptom"),
    (["healthy", "opted-out"], [], "", "symptom", "healthy_alone"),
    (["opted-out"], ["SM123"], "", "evidence", "bad_sid"),
    (["opted-out"], [], "PN" + "a" * 32, "evidence", "bad_sid"),
    (["opted-out"], [], " ".join(f"SM{n:032x}" for n in range(21)), "evidence",
     "too_many_sids"),
])
def test_a_bad_answer_is_refused_naming_the_field(named, ticked, typed, field, key):
    with pytest.raises(quiz.QuizError) as refused:
        quiz.parse_answer(named, ticked, typed)
    assert (refused.value.field, refused.value.key) == (field, key)
    assert str(refused.value).startswith(f"{field}: ")


def test_an_answer_reads_ticked_and_typed_sids_once_each():
    symptoms, sids = quiz.parse_answer(["opted-out", "api-rejected", "opted-out"], [SM],
                                       f"{SM2}, {SM}\n{MM}")
    assert symptoms == ["api-rejected", "opted-out"]
    assert sids == [SM, SM2, MM]


FINDINGS = [{"id": "carrier-duplicate", "message_sids": [SM], "evidence": []},
            {"id": "delivery-failed", "message_sids": [SM2], "evidence": []}]


@pytest.mark.parametrize("hidden, named, cited, points, out_of, right, valid, invalid", [
    (["carrier-duplicate"], ["carrier-duplicate"], [SM], 3, 3, True, [SM], []),
    (["carrier-duplicate"], ["carrier-duplicate"], [], 2, 3, True, [], []),
    (["carrier-duplicate"], ["carrier-duplicate"], [SM, SM2], 2, 3, True, [SM], [SM2]),
    (["carrier-duplicate"], ["app-duplicate"], [SM], 1, 3, False, [SM], []),
    (["carrier-duplicate"], ["app-duplicate"], [SM2], 0, 3, False, [], [SM2]),
    (["carrier-duplicate", "delivery-failed"], ["carrier-duplicate"], [SM, SM2], 1, 3, False,
     [SM, SM2], []),
    (["api-rejected"], ["api-rejected"], [], 2, 2, True, [], []),  # nothing to cite
    (["api-rejected"], ["api-rejected"], [SM], 2, 2, True, [], [SM]),
])
def test_the_score(hidden, named, cited, points, out_of, right, valid, invalid):
    findings = FINDINGS + [{"id": "api-rejected", "message_sids": [], "evidence": ["x"]}]
    result = quiz.score(hidden, named, cited, findings)
    assert (result["points"], result["out_of"], result["symptoms_right"]) == (points, out_of,
                                                                             right)
    assert (result["valid"], result["invalid"]) == (valid, invalid)


def test_set_up_problems_name_what_is_missing_and_what_is_extra():
    assert quiz.set_up_problems(["carrier-duplicate"], FINDINGS) == ([], ["delivery-failed"])
    assert quiz.set_up_problems(["opted-out"], []) == (["opted-out"], [])
    assert quiz.set_up_problems(["delivery-failed", "carrier-duplicate"], FINDINGS) == ([], [])


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("key", sorted(quiz.MESSAGES))
def test_every_refusal_has_its_words_in_both_languages_with_the_same_fields(key):
    for lang in ("en", "ja"):
        label = LABELS[lang][f"quiz_err_{key}"]
        assert _fields(label) == _fields(quiz.MESSAGES[key]), lang
