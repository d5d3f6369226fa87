"""Quiz mode's state in the default world's store (smsim/engine/quiz.py), with no server: the
life of a quiz, who it lets in over the network, and the wrong-code locks."""

from __future__ import annotations

import pytest
from smsim.domain import quiz as rules
from smsim.engine import accounts, world
from smsim.engine import quiz as quizzes
from smsim.engine.worlds import Worlds
from smsim.web import settings

WORLD_SETTINGS = {"mode": "manual", "speed": 1.0, "public_url": "http://127.0.0.1:1",
                  "webhook_timeout": 1.0}


@pytest.fixture
def store(tmp_path):
    handle = world.open(str(tmp_path / "smsim.db"))
    world.boot(handle, settings.load({"db": str(tmp_path / "smsim.db"), "clock": "manual",
                                      "seed": "quiz-tests"}, environ={}))
    return handle


def a_quiz(store, allow_network=True) -> dict:
    return quizzes.start(store, code=quizzes.new_code(store),
                         choice=rules.Choice(["opted-out"], ["opted-out"]),
                         reference_world=None, diagnosis=[], allow_network=allow_network)


def test_a_quiz_opens_reveals_and_closes(store):
    quiz = a_quiz(store)
    assert len(quiz["code"]) == rules.CODE_LENGTH
    assert set(quiz["code"]) <= set(rules.CODE_ALPHABET)
    assert quizzes.by_code(store, quiz["code"].lower())["id"] == quiz["id"]
    assert quizzes.network_joining(store)
    quizzes.reveal(store, quiz)
    revealed = quizzes.by_code(store, quiz["code"])
    assert revealed["state"] == "revealed" and revealed["revealed_at"] is not None
    assert not quizzes.network_joining(store)  # no more joins once the answer is out
    quizzes.close(store, revealed)
    closed = quizzes.by_code(store, quiz["code"])
    assert closed["state"] == "closed" and not closed["allow_network"]
    assert [q["code"] for q in quizzes.listing(store)] == [quiz["code"]]


def test_a_trainees_world_opens_over_the_network_only_while_allowed(store):
    quiz = a_quiz(store)
    registry = Worlds(store)
    _, account = quizzes.new_world(registry, "Aiko", **WORLD_SETTINGS)
    # The token is not the seeded source's: a known seed must not give it away.
    assert len(account["auth_token"]) == 32
    assert accounts.get(registry.named(account["sid"]), account["sid"])["auth_token"] == \
        account["auth_token"]
    assert quizzes.network_seat(store, account["sid"]) is None  # not a trainee yet
    quizzes.add_trainee(store, quiz, "Aiko", account["sid"])
    assert quizzes.network_seat(store, account["sid"])["trainee_name"] == "Aiko"
    assert quizzes.hides_answers(store, account["sid"])
    quizzes.set_network(store, quiz, False)
    assert quizzes.network_seat(store, account["sid"]) is None
    quizzes.set_network(store, quiz, True)
    quizzes.reveal(store, quiz)
    assert quizzes.network_seat(store, account["sid"]) is not None  # to read the answer
    assert not quizzes.hides_answers(store, account["sid"])
    quizzes.close(store, quizzes.by_code(store, quiz["code"]))
    assert quizzes.network_seat(store, account["sid"]) is None
    assert quizzes.of_world(store, "AC" + "0" * 32) is None


def test_names_are_unique_in_a_quiz_whatever_their_case(store):
    quiz = a_quiz(store)
    quizzes.add_trainee(store, quiz, "Aiko", "AC" + "1" * 32)
    with pytest.raises(rules.QuizError) as taken:
        quizzes.check_join(store, quiz, "aiko")
    assert (taken.value.field, taken.value.status) == ("name", 409)
    assert quizzes.check_join(store, a_quiz(store), "aiko") == "aiko"  # another quiz


def test_wrong_codes_lock_an_address_then_everyone_until_unlocked(store):
    for _ in range(rules.BAD_CODES_PER_ADDRESS - 1):
        quizzes.note_wrong_code(store, "10.0.0.1")
    assert not quizzes.locked(store, "10.0.0.1")
    quizzes.note_wrong_code(store, "10.0.0.1")
    assert quizzes.locked(store, "10.0.0.1") and not quizzes.locked(store, "10.0.0.2")
    # Many addresses, a few each: in all they lock every address out.
    spread = rules.BAD_CODES_IN_ALL - rules.BAD_CODES_PER_ADDRESS
    for n in range(spread):
        quizzes.note_wrong_code(store, f"10.0.1.{n}")
    assert quizzes.locked(store, "10.0.0.2")
    seen = quizzes.wrong_codes(store)
    assert seen["total"] == rules.BAD_CODES_IN_ALL and seen["all_locked"]
    assert seen["addresses"][0] == {**seen["addresses"][0], "address": "10.0.0.1",
                                    "failures": 5, "locked": True}
    quizzes.unlock(store)
    assert not quizzes.locked(store, "10.0.0.1")
    assert quizzes.wrong_codes(store) == {"addresses": [], "total": 0, "all_locked": False}


def test_a_reset_of_the_default_world_keeps_the_quizzes(store):
    quiz = a_quiz(store)
    world.reset(store)
    assert quizzes.by_code(store, quiz["code"]) is not None
