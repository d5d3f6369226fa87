"""Quizzes kept in the default world's store (docs/quiz.md): start one, let trainees join
(each with a world of their own), record their answers, reveal, close; and the wrong join
codes that lock network clients out.

Everything is in the database, never in process memory: two worker processes serve the same
quiz. Times are the default world's clock (``store.now()``).
"""

from __future__ import annotations

import json
import random
import secrets

from smsim.domain import quiz as rules
from smsim.engine import accounts
from smsim.engine.worlds import Worlds
from smsim.store import quiz as quiz_store
from smsim.store.database import Store

LISTED = 20  # quizzes on the trainer's page


def _view(row: dict | None) -> dict | None:
    """A quiz row with its JSON columns read."""
    if row is None:
        return None
    return {**row, "symptoms": json.loads(row["symptoms"]), "setups": json.loads(row["setups"]),
            "diagnosis": json.loads(row["diagnosis"]), "allow_network": bool(row["allow_network"])}


def _trainee_view(row: dict) -> dict:
    return {**row, "answer": json.loads(row["answer"]) if row["answer"] else None,
            "evidence": json.loads(row["evidence"]) if row["evidence"] else [],
            "score": json.loads(row["score"]) if row["score"] else None}


def rng(store: Store) -> random.Random:
    """The seeded source for a quiz's random choices (same seed, same quiz)."""
    with store.write():
        return random.Random(f"{store.seed()}:quiz:{store.next_number()}")


def new_code(store: Store) -> str:
    """A join code no quiz has. Drawn from the operating system's secrets, not the seeded
    source: the code is what admits a network client, and a seed can be known."""
    while True:
        code = "".join(secrets.choice(rules.CODE_ALPHABET) for _ in range(rules.CODE_LENGTH))
        if quiz_store.quiz_by_code(store, code) is None:
            return code


def start(store: Store, *, code: str, choice: rules.Choice, reference_world: str | None,
          diagnosis: list[dict], allow_network: bool) -> dict:
    with store.write():
        row = quiz_store.insert_quiz(store, {
            "code": code, "symptoms": json.dumps(choice.symptoms),
            "setups": json.dumps(choice.scenarios), "reference_world": reference_world,
            "diagnosis": json.dumps(diagnosis), "allow_network": int(allow_network),
            "state": "open", "created_at": store.now()})
    return _view(row)


def by_code(store: Store, code: str) -> dict | None:
    return _view(quiz_store.quiz_by_code(store, rules.normal_code(code)))


def listing(store: Store) -> list[dict]:
    return [_view(row) for row in quiz_store.quizzes(store, LISTED)]


def set_network(store: Store, quiz: dict, allowed: bool) -> None:
    quiz_store.update_quiz(store, quiz["id"], {"allow_network": int(allowed)})


def reveal(store: Store, quiz: dict) -> None:
    if quiz["state"] == "open":
        quiz_store.update_quiz(store, quiz["id"], {"state": "revealed",
                                                   "revealed_at": store.now()})


def close(store: Store, quiz: dict) -> None:
    if quiz["state"] != "closed":
        quiz_store.update_quiz(store, quiz["id"], {"state": "closed", "closed_at": store.now(),
                                                   "allow_network": 0})


def network_joining(store: Store) -> bool:
    return quiz_store.network_joining(store)


def of_world(store: Store, world: str | None) -> dict | None:
    """The quiz ``world`` belongs to (a trainee's world or the rehearsal's), with
    ``trainee_name`` set for a trainee's; None for any other world."""
    if not world:
        return None
    row = quiz_store.quiz_of_world(store, world)
    if row is None:
        return None
    return {**_view({k: v for k, v in row.items() if k != "trainee_name"}),
            "trainee_name": row["trainee_name"]}


def hides_answers(store: Store, world: str | None) -> bool:
    """Does a quiz not yet revealed hold ``world`` (its diagnosis and rules stay hidden)?"""
    quiz = of_world(store, world)
    return quiz is not None and quiz["state"] == "open"


def network_seat(store: Store, world: str) -> dict | None:
    """The trainee whose world ``world`` is, when their quiz lets them in over the network
    (not closed, network allowed); else None."""
    quiz = of_world(store, world)
    if quiz is None or quiz["trainee_name"] is None or quiz["state"] == "closed" \
            or not quiz["allow_network"]:
        return None
    return quiz


# --- trainees ------------------------------------------------------------------------------
def check_join(store: Store, quiz: dict, name: str | None) -> str:
    """The trainee's name, or QuizError naming the field."""
    name = rules.check_name(name)
    if quiz_store.count_trainees(store, quiz["id"]) >= rules.MAX_TRAINEES:
        raise rules.QuizError("code", "full", 409, n=rules.MAX_TRAINEES)
    if quiz_store.name_taken(store, quiz["id"], name):
        raise rules.QuizError("name", "name_taken", 409)
    return name


def new_world(registry: Worlds, name: str, *, mode: str, speed: float, public_url: str,
              webhook_timeout: float) -> tuple[Store, dict]:
    """A world of its own for a trainee (or the rehearsal), as POST /_sim/accounts makes one,
    but with an auth token from the operating system's secrets: over the network it is the
    trainee's password, and the seeded tokens can be replayed by anyone who knows the seed."""
    store, account = registry.create(name, mode=mode, speed=speed, public_url=public_url,
                                     webhook_timeout=webhook_timeout)
    with store.write():
        accounts.update(store, account["sid"], {"auth_token": secrets.token_hex(16)})
    return store, accounts.get(store, account["sid"])


def add_trainee(store: Store, quiz: dict, name: str, world: str) -> None:
    with store.write():
        quiz_store.insert_trainee(store, {"world": world, "quiz_id": quiz["id"], "name": name,
                                          "joined_at": store.now()})


def trainees(store: Store, quiz: dict) -> list[dict]:
    return [_trainee_view(row) for row in quiz_store.trainees(store, quiz["id"])]


def trainee(store: Store, world: str) -> dict | None:
    row = quiz_store.trainee(store, world)
    return _trainee_view(row) if row else None


def record_answer(store: Store, world: str, symptoms: list[str], evidence: list[str],
                  result: dict) -> None:
    quiz_store.update_trainee(store, world, {
        "answer": json.dumps(symptoms), "evidence": json.dumps(evidence),
        "score": json.dumps(result), "answered_at": store.now()})


# --- wrong join codes ----------------------------------------------------------------------
def locked(store: Store, address: str) -> bool:
    mine, in_all = quiz_store.failures(store, address)
    return mine >= rules.BAD_CODES_PER_ADDRESS or in_all >= rules.BAD_CODES_IN_ALL


def note_wrong_code(store: Store, address: str) -> None:
    with store.write():
        quiz_store.add_failure(store, address, store.now())


def wrong_codes(store: Store) -> dict:
    """For the trainer: the addresses that typed wrong codes (``locked`` each) and whether
    every remote client is locked out."""
    _, in_all = quiz_store.failures(store, quiz_store.EVERY_ADDRESS)
    rows = [{**row, "locked": row["failures"] >= rules.BAD_CODES_PER_ADDRESS}
            for row in quiz_store.all_failures(store)]
    return {"addresses": rows, "total": in_all,
            "all_locked": in_all >= rules.BAD_CODES_IN_ALL}


def unlock(store: Store) -> None:
    quiz_store.clear_failures(store)
