"""Quiz mode as data (docs/quiz.md): which failures a quiz can hide, the join code, a
trainee's answer and its score. Pure: the engine keeps the quiz, the web layer plays the
set-up and runs the diagnosis.

A failure is hidden by playing a scenario file of the pack in each trainee's world: its world
set-up and its traffic. A scenario can stand for a symptom when it expects exactly that one
symptom, over all of its traffic (no ``[diagnose]`` question narrowed to a number: a
trainee reads the whole world), in the scenario's own world (no second account).
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import product

from smsim.domain.diagnosis.symptoms import CATALOGUE
from smsim.domain.durations import parse_duration
from smsim.domain.scenarios import Scenario

# Read aloud and typed from a projector: no 0/O, no 1/I/L.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 6
MAX_TRAINEES = 100  # a class; each trainee is a world (a file), so not unbounded
MAX_NAME = 40
MAX_EVIDENCE = 20
# Wrong join codes over the network: this many from one address lock it out of joining,
# this many in all lock every remote client out, until the trainer unlocks. With 31^6 codes,
# guessing one in BAD_CODES_IN_ALL tries has odds under one in 29 million.
BAD_CODES_PER_ADDRESS = 5
BAD_CODES_IN_ALL = 30
MAX_REHEARSALS = 6  # set-ups tried before several failures are declared to interfere
STATES = ("open", "revealed", "closed")
MESSAGE_SID = re.compile(r"^(SM|MM)[0-9a-f]{32}$")
SYMPTOM_POINTS = 2
EVIDENCE_POINTS = 1


# Why a quiz request is refused: key -> the English text (the dashboard shows the label
# ``quiz_err_<key>`` of its language, with the same fields).
MESSAGES = {
    "no_setups": "no scenario of the pack can hide a failure",
    "choose": "choose at least one failure, or start a random one",
    "not_hideable": "{ids}: no scenario of the pack hides it",
    "name_missing": "type your name",
    "name_long": "at most {n} characters",
    "name_taken": "someone in this quiz already has that name",
    "full": "this quiz is full ({n} trainees)",
    "unknown_symptom": "{ids} is not a symptom of the catalogue",
    "answer_missing": "choose the symptom you found",
    "healthy_alone": "healthy means no symptom at all: choose it alone",
    "bad_sid": "{sid} is not a message SID (SM or MM and 32 hex digits)",
    "too_many_sids": "at most {n} message SIDs",
    "wrong_code": "no open quiz has this code",
    "locked": "too many wrong codes from this address: ask the trainer to unlock it",
    "not_over_network": "this quiz does not take trainees over the network",
    "setup_failed": "the failure could not be set up: {detail}",
    "interfere": "the diagnosis of the set-up finds {found} where {hidden} is hidden: "
                 "these failures interfere, choose another combination",
    "answers_closed": "this quiz takes no more answers",
}


class QuizError(ValueError):
    """A refused quiz request: ``field`` names the form field, ``key`` the reason (MESSAGES),
    ``params`` its values, ``status`` the HTTP status."""

    def __init__(self, field: str, key: str, status: int = 400, **params):
        self.field, self.key, self.status, self.params = field, key, status, params
        super().__init__(f"{field}: {MESSAGES[key].format(**params)}")


def normal_code(text: str | None) -> str:
    """A code as typed (any case, spaces or dashes between the letters) as stored."""
    return re.sub(r"[\s-]+", "", text or "").upper()


def setups(scenarios: Iterable[Scenario]) -> dict[str, list[str]]:
    """Symptom id -> the names of the scenarios that can hide it, in catalogue order."""
    found: dict[str, list[str]] = {}
    for scenario in scenarios:
        if (len(scenario.symptoms) != 1 or scenario.symptoms[0] == "healthy"
                or scenario.world.get("accounts") or scenario.diagnose):
            continue
        found.setdefault(scenario.symptoms[0], []).append(scenario.name)
    order = list(CATALOGUE)
    return {symptom: sorted(found[symptom]) for symptom in sorted(found, key=order.index)}


def advance_seconds(scenario: Scenario) -> float:
    """Simulated seconds the scenario's steps move the clock by."""
    return sum(parse_duration(str(step["advance"])) for step in scenario.steps
               if "advance" in step)


@dataclass(frozen=True)
class Choice:
    symptoms: list[str]  # the hidden ids, in catalogue order
    scenarios: list[str]  # the scenario played for each


def choose(chosen: list[str], at_random: bool, available: dict[str, list[str]],
           rng: random.Random) -> Choice:
    """The trainer's choice (or one symptom at random), each with one of its scenarios
    picked by ``rng`` (the world's seeded source: same seed, same quiz)."""
    if at_random:
        if not available:
            raise QuizError("symptoms", "no_setups")
        chosen = [rng.choice(sorted(available))]
    if not chosen:
        raise QuizError("symptoms", "choose")
    unknown = [s for s in chosen if s not in available]
    if unknown:
        raise QuizError("symptoms", "not_hideable", ids=", ".join(unknown))
    order = list(CATALOGUE)
    symptoms = sorted(set(chosen), key=order.index)
    return Choice(symptoms, [rng.choice(available[s]) for s in symptoms])


def alternatives(choice: Choice, available: dict[str, list[str]],
                 limit: int = MAX_REHEARSALS) -> list[Choice]:
    """The set-ups to rehearse, in turn, until one shows exactly the hidden failures:
    ``choice`` first, then the other scenarios of the same symptoms, each also played in the
    reverse order (a scenario that changes a shared sender or carrier is better played last).
    One symptom alone shows by itself (the scenario suite checks each scenario), so this only
    matters when several are hidden at once."""
    combos = [choice.scenarios] + [
        list(combo) for combo in product(*(available[s] for s in choice.symptoms))
        if list(combo) != choice.scenarios]
    found: list[Choice] = []
    for combo in combos:
        for order in (combo, combo[::-1]):
            candidate = Choice(choice.symptoms, order)
            if candidate not in found:
                found.append(candidate)
    return found[:limit]


def check_name(raw: str | None) -> str:
    name = " ".join((raw or "").split())
    if not name:
        raise QuizError("name", "name_missing")
    if len(name) > MAX_NAME:
        raise QuizError("name", "name_long", n=MAX_NAME)
    return name


def parse_answer(named: list[str], ticked: list[str], typed: str | None) -> tuple[list, list]:
    """(symptom ids, message SIDs) of a trainee's form: the ids chosen, the messages ticked
    and the SIDs typed (separated by spaces or commas)."""
    order = list(CATALOGUE)
    unknown = [s for s in named if s not in CATALOGUE]
    if unknown:
        raise QuizError("symptom", "unknown_symptom", ids=", ".join(unknown))
    if not named:
        raise QuizError("symptom", "answer_missing")
    symptoms = sorted(set(named), key=order.index)
    if "healthy" in symptoms and len(symptoms) > 1:
        raise QuizError("symptom", "healthy_alone")
    sids: list[str] = []
    for sid in [*ticked, *re.split(r"[\s,]+", typed or "")]:
        sid = sid.strip()
        if not sid or sid in sids:
            continue
        if not MESSAGE_SID.match(sid):
            raise QuizError("evidence", "bad_sid", sid=sid)
        sids.append(sid)
    if len(sids) > MAX_EVIDENCE:
        raise QuizError("evidence", "too_many_sids", n=MAX_EVIDENCE)
    return symptoms, sids


def score(hidden: list[str], named: list[str], cited: list[str], findings: list[dict]) -> dict:
    """An answer's score against the diagnosis of the trainee's own world (``findings``:
    ``{"id", "message_sids"}`` each).

    SYMPTOM_POINTS when the symptoms named are exactly the hidden ones. A cited SID is valid
    when the diagnosis names it for a hidden symptom; EVIDENCE_POINTS when at least one SID is
    cited and every one is valid. Where the diagnosis names no message for the hidden symptoms
    (a refused request leaves none), there is no evidence to cite and no evidence point."""
    showing = {sid for f in findings if f["id"] in hidden for sid in f["message_sids"]}
    valid = [sid for sid in cited if sid in showing]
    invalid = [sid for sid in cited if sid not in showing]
    right = set(named) == set(hidden)
    citable = bool(showing)
    points = SYMPTOM_POINTS * right
    if citable and valid and not invalid:
        points += EVIDENCE_POINTS
    return {"symptoms_right": right, "valid": valid, "invalid": invalid, "citable": citable,
            "points": points, "out_of": SYMPTOM_POINTS + (EVIDENCE_POINTS if citable else 0)}


def plain_findings(report: dict) -> list[dict]:
    """A diagnosis report's findings without its language: id, message SIDs, evidence."""
    return [{"id": s["id"], "message_sids": list(s["message_sids"]),
             "evidence": list(s["evidence"])} for s in report["symptoms"]]


def set_up_problems(hidden: list[str], findings: list[dict]) -> tuple[list[str], list[str]]:
    """(hidden ids the diagnosis did not find, ids it found that are not hidden): both empty
    when the set-up shows exactly the hidden failure."""
    found = [f["id"] for f in findings]
    return [s for s in hidden if s not in found], [s for s in found if s not in hidden]
