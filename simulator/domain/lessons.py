"""Lessons as data: one TOML file per section of the guide (``smsim.lesson_pack``), read and
checked here. A lesson is what a trainer plays in front of a class: the guide's own Japanese
text for each step with an English rendering, and what the world does meanwhile, written in
the scenario files' vocabulary (docs/scenarios.md) so a lesson needs no language of its own.
Playing one is ``domain/lesson_play.py`` (what comes next) and the web layer (doing it).

Reading the files is the only I/O here. Every error names the file and the field:
``duplicates.toml: steps[1].do[0].send: to is required``. The format is docs/lessons.md.
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from smsim.domain import scenarios
from smsim.domain.diagnosis.symptoms import CATALOGUE
from smsim.domain.durations import parse_duration

LANGUAGES = ("ja", "en")
TOP_KEYS = {"section", "symptom", "speed", "title", "summary", "world", "steps"}
STEP_KEYS = {"guide", "note", "do", "world"}
# A lesson is one world: its own account's (POST /_sim/accounts), so it has no other
# accounts to name, and sends act as that one account.
WORLD_KEYS = scenarios.WORLD_KEYS - {"accounts"}
# The guide's sections (shared/guide/symptoms.md): 1 outbound, 2 inbound, 3 blacklist,
# 4 duplicates, 5 delays and the test-message triage.
SECTIONS = (1, 2, 3, 4, 5)
ID = re.compile(r"[a-z0-9][a-z0-9-]*")
MAX_SPEED = 1000.0


class LessonError(ValueError):
    """A lesson file that cannot be played as written; the message names file and field."""


@dataclass(frozen=True)
class Step:
    guide: dict  # lang -> the guide's text (ja: quoted from the guide; en: our rendering)
    note: dict  # lang -> what the world shows at this step (ours), or {} for none
    actions: tuple  # scenario-vocabulary steps, a step's world changes first


@dataclass(frozen=True)
class Lesson:
    id: str
    path: Path
    section: int
    symptom: str
    speed: float
    title: dict
    summary: dict
    world: dict
    steps: tuple = field(default_factory=tuple)

    def as_json(self, full: bool = True) -> dict:
        data = {"id": self.id, "section": self.section, "symptom": self.symptom,
                "speed": self.speed, "title": self.title, "summary": self.summary,
                "step_count": len(self.steps)}
        if full:
            data["steps"] = [{"guide": s.guide, "note": s.note, "actions": list(s.actions)}
                             for s in self.steps]
        return data


def pack_dir() -> Path:
    """$SMSIM_LESSONS, else the lessons installed with smsim (``smsim.lesson_pack``)."""
    if os.environ.get("SMSIM_LESSONS"):
        return Path(os.environ["SMSIM_LESSONS"])
    return Path(str(resources.files("smsim.lesson_pack")))


def discover(directory: Path | None = None) -> dict[str, Path]:
    directory = directory or pack_dir()
    if not directory.is_dir():
        raise LessonError(f"{directory}: no such lesson directory")
    return {p.stem: p for p in sorted(directory.glob("*.toml"))}


def load_all(directory: Path | None = None) -> dict[str, Lesson]:
    """Every lesson of the pack, in the guide's order (section, then id)."""
    lessons = [load(path) for path in discover(directory).values()]
    return {lesson.id: lesson for lesson in sorted(lessons, key=lambda x: (x.section, x.id))}


def load(path: Path) -> Lesson:
    where = path.name
    if not ID.fullmatch(path.stem):
        raise LessonError(f"{where}: a lesson's file name is its id: lower-case letters, "
                          "digits and dashes")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise LessonError(f"{where}: {exc}") from None
    _keys(where, data, TOP_KEYS)
    for key in ("section", "symptom", "title", "summary", "steps"):
        if key not in data:
            _fail(f"{where}: {key}", "is required")
    section = data["section"]
    if section not in SECTIONS or isinstance(section, bool):
        _fail(f"{where}: section", f"must be one of the guide's sections {SECTIONS}")
    symptom = data["symptom"]
    if symptom not in CATALOGUE or symptom == "healthy":
        _fail(f"{where}: symptom", f"{symptom!r} is not a symptom id of the catalogue")
    speed = data.get("speed", 1.0)
    if isinstance(speed, bool) or not isinstance(speed, int | float) \
            or not 0 < speed <= MAX_SPEED:
        _fail(f"{where}: speed", f"must be a number above 0 and at most {MAX_SPEED:g}")
    world = data.get("world", {})
    _world(f"{where}: world", world)
    steps = data["steps"]
    if not isinstance(steps, list) or not steps:
        _fail(f"{where}: steps", "must be a non-empty array of tables")
    return Lesson(path.stem, path, section, symptom, float(speed),
                  _texts(f"{where}: title", data["title"]),
                  _texts(f"{where}: summary", data["summary"]), world,
                  tuple(_step(f"{where}: steps[{i}]", step) for i, step in enumerate(steps)))


def _fail(where: str, message: str):
    raise LessonError(f"{where}: {message}")


def _keys(where: str, data, allowed: set[str]) -> None:
    if not isinstance(data, dict):
        _fail(where, "must be a table")
    unknown = set(data) - allowed
    if unknown:
        _fail(where, f"unknown key(s) {', '.join(sorted(unknown))}")


def _texts(where: str, value, required: bool = True) -> dict:
    """A text in both languages: ``{ja = "…", en = "…"}``, neither empty."""
    if value is None and not required:
        return {}
    _keys(where, value, set(LANGUAGES))
    for lang in LANGUAGES:
        text = value.get(lang)
        if not isinstance(text, str) or not text.strip():
            _fail(f"{where}.{lang}", "is required: a non-empty string")
    return {lang: value[lang].strip() for lang in LANGUAGES}


def _world(where: str, world) -> None:
    _keys(where, world, WORLD_KEYS)
    for key, value in world.items():
        if key == "blocked_countries":
            if not isinstance(value, list) or not all(isinstance(c, str) for c in value):
                _fail(f"{where}.{key}", "must be a list of country codes")
            continue
        if not isinstance(value, list):
            _fail(f"{where}.{key}", "must be an array of tables")
        for i, entry in enumerate(value):
            if not isinstance(entry, dict):
                _fail(f"{where}.{key}[{i}]", "must be a table")
            required = {"numbers": "phone_number", "handsets": "number", "carriers": "name",
                        "services": "friendly_name", "presets": "name", "app": "path"}
            if key in required and required[key] not in entry:
                _fail(f"{where}.{key}[{i}]", f"{required[key]} is required")
            if key == "app":
                _keys(f"{where}.{key}[{i}]", entry, scenarios.APP_KEYS)
            if key == "numbers" and "account" in entry:
                _fail(f"{where}.{key}[{i}].account", "a lesson has one account: leave it out")


def _step(where: str, step) -> Step:
    _keys(where, step, STEP_KEYS)
    if "guide" not in step:
        _fail(f"{where}.guide", "is required: the guide's text (ja) and its rendering (en)")
    actions = []
    if "world" in step:
        _world(f"{where}.world", step["world"])
        actions.append({"world": step["world"]})
    do = step.get("do", [])
    if not isinstance(do, list):
        _fail(f"{where}.do", "must be an array of scenario steps")
    for i, action in enumerate(do):
        place = f"{where}.do[{i}]"
        try:
            # The scenario vocabulary, checked by the scenario files' own rules.
            scenarios._check_step(place, action)
        except scenarios.ScenarioError as exc:
            raise LessonError(str(exc)) from None
        kind, body = next(iter(action.items()))
        if kind == "send" and "account" in body:
            _fail(f"{place}.send.account", "a lesson has one account: leave it out")
        actions.append(action)
    return Step(_texts(f"{where}.guide", step["guide"]),
                _texts(f"{where}.note", step.get("note"), required=False), tuple(actions))


def advance_seconds(action: dict) -> float | None:
    """The seconds an ``advance`` action waits; None for any other action."""
    if "advance" not in action:
        return None
    return parse_duration(str(action["advance"]))
