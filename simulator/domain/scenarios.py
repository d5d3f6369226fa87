"""Scenarios as data: read and check scenario files (TOML; the format is docs/scenarios.md),
and find the pack. Reading the scenario files is the only I/O here; running one is a client's
job (``smsim.clients.scenarios.runner``).

Every error names the file and the place in it: ``handset-off.toml: steps[2].send.to: ...``.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from smsim.domain.diagnosis.symptoms import CATALOGUE
from smsim.domain.durations import parse_duration

STEP_KINDS = {"send", "text", "advance", "app", "verify"}
SEND_KEYS = {"to", "from", "body", "media", "credentials", "messaging_service", "count",
             "account",
             "status_callback", "content_sid", "content_variables"}
# ``channel``: "sms" (the default) or "whatsapp" (docs/whatsapp.md).
TEXT_KEYS = {"from", "to", "body", "media", "channel"}
# A Verify start (docs/verify.md) through the SDK's client.verify: the code goes out as SMS.
VERIFY_KEYS = {"to", "service", "account"}
APP_KEYS = {"path", "status", "body", "content_type", "delay"}
WORLD_KEYS = {"numbers", "handsets", "carriers", "faults", "presets", "services", "app",
              "blocked_countries", "opt_outs", "accounts", "whatsapp_templates"}
TOP_KEYS = {"title", "title_ja", "description", "description_ja", "symptoms", "seed", "clock",
            "speed", "world", "steps", "diagnose"}
# The page's languages: English is the file's own ``title``/``description``, every other
# language a ``title_<lang>``/``description_<lang>`` beside it (optional in a file of one's
# own, where the English stands in; the shipped pack has both, tests/test_ja_data.py).
LANGUAGES = ("en", "ja")


class ScenarioError(ValueError):
    """A scenario file that cannot be run as written; the message names file and place."""


@dataclass
class Scenario:
    name: str
    path: Path
    title: str
    description: str
    symptoms: list[str]
    seed: str
    clock: str
    speed: float
    world: dict
    steps: list[dict]
    diagnose: dict = field(default_factory=dict)
    titles: dict = field(default_factory=dict)  # lang -> title, as the file gives them
    descriptions: dict = field(default_factory=dict)  # lang -> description

    def title_in(self, lang: str) -> str:
        """The title in ``lang``, else the English one (a file of one's own may have no
        translation)."""
        return self.titles.get(lang) or self.title

    def description_in(self, lang: str) -> str:
        return self.descriptions.get(lang) or self.description

    @property
    def expected(self) -> set[str]:
        """The ids the diagnosis must report: none at all for ``healthy``."""
        return set(self.symptoms) - {"healthy"}


def default_dir() -> Path:
    """$SMSIM_SCENARIOS, else ./scenarios, else the pack installed with smsim (the wheel
    carries the top-level ``scenarios/`` folder as ``smsim.scenario_pack``)."""
    if os.environ.get("SMSIM_SCENARIOS"):
        return Path(os.environ["SMSIM_SCENARIOS"])
    here = Path.cwd() / "scenarios"
    if here.is_dir():
        return here
    return Path(str(resources.files("smsim.scenario_pack")))


def discover(directory: Path) -> dict[str, Path]:
    if not directory.is_dir():
        raise ScenarioError(f"{directory}: no such scenario directory")
    return {p.stem: p for p in sorted(directory.glob("*.toml"))}


def _fail(where: str, message: str):
    raise ScenarioError(f"{where}: {message}")


def _check_keys(where: str, data, allowed: set[str]) -> None:
    if not isinstance(data, dict):
        _fail(where, "must be a table")
    unknown = set(data) - allowed
    if unknown:
        _fail(where, f"unknown key(s) {', '.join(sorted(unknown))}")


def _check_step(where: str, step) -> None:
    if not isinstance(step, dict) or len(step) != 1 or next(iter(step)) not in STEP_KINDS:
        _fail(where, f"a step is one of {', '.join(sorted(STEP_KINDS))}")
    kind, body = next(iter(step.items()))
    where = f"{where}.{kind}"
    if kind == "advance":
        if not isinstance(body, str | int | float) or isinstance(body, bool):
            _fail(where, "must be a duration like \"30s\" or a number of seconds")
        try:
            parse_duration(str(body))
        except ValueError as exc:
            _fail(where, str(exc))
        return
    allowed = {"send": SEND_KEYS, "text": TEXT_KEYS, "app": APP_KEYS,
               "verify": VERIFY_KEYS}[kind]
    _check_keys(where, body, allowed)
    required = {"send": ("to",), "text": ("from", "to"), "app": ("path",),
                "verify": ("to",)}[kind]
    for key in required:
        if key not in body:
            _fail(where, f"{key} is required")
    if kind == "verify" and not (isinstance(body.get("service", "smsim"), str)
                                 and 1 <= len(body.get("service", "smsim")) <= 30):
        _fail(f"{where}.service", "must be a name of 1 to 30 characters")
    if kind == "text" and body.get("channel", "sms") not in ("sms", "whatsapp"):
        _fail(f"{where}.channel", "must be sms or whatsapp")
    if kind == "send" and body.get("credentials", "live") not in ("live", "test", "wrong"):
        _fail(f"{where}.credentials", "must be live, test or wrong")
    if kind == "send" and not (isinstance(body.get("count", 1), int)
                               and 1 <= body.get("count", 1) <= 1000):
        _fail(f"{where}.count", "must be an integer from 1 to 1000")


def load(path: Path) -> Scenario:
    where = path.name
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ScenarioError(f"{where}: {exc}") from None
    _check_keys(where, data, TOP_KEYS)
    for key in ("title", "symptoms"):
        if key not in data:
            _fail(where, f"{key} is required")
    titles, descriptions = _texts(where, data)
    symptoms = data["symptoms"]
    if not isinstance(symptoms, list) or not symptoms:
        _fail(f"{where}: symptoms", "must be a non-empty list of symptom ids")
    for i, symptom in enumerate(symptoms):
        if symptom not in CATALOGUE:
            _fail(f"{where}: symptoms[{i}]", f"{symptom!r} is not an id of the catalogue")
    clock = data.get("clock", "manual")
    if clock not in ("manual", "realtime"):
        _fail(f"{where}: clock", "must be manual or realtime")
    world = data.get("world", {})
    _check_keys(f"{where}: world", world, WORLD_KEYS)
    for i, app in enumerate(world.get("app", [])):
        _check_keys(f"{where}: world.app[{i}]", app, APP_KEYS)
    steps = data.get("steps", [])
    if not isinstance(steps, list):
        _fail(f"{where}: steps", "must be an array of tables")
    for i, step in enumerate(steps):
        _check_step(f"{where}: steps[{i}]", step)
    diagnose = data.get("diagnose", {})
    _check_keys(f"{where}: diagnose", diagnose, {"to", "from", "message", "account"})
    for i, template in enumerate(world.get("whatsapp_templates", [])):
        _check_keys(f"{where}: world.whatsapp_templates[{i}]", template,
                    {"sid", "body", "approved", "status", "variables", "friendly_name",
                     "language"})
        if "sid" not in template:
            _fail(f"{where}: world.whatsapp_templates[{i}]", "sid is required")
    for i, account in enumerate(world.get("accounts", [])):
        _check_keys(f"{where}: world.accounts[{i}]", account, {"name", "friendly_name"})
        if "name" not in account:
            _fail(f"{where}: world.accounts[{i}]", "name is required")
    speed = data.get("speed", 1.0)
    if isinstance(speed, bool) or not isinstance(speed, int | float) or speed <= 0:
        _fail(f"{where}: speed", "must be a positive number")
    return Scenario(path.stem, path, titles["en"], descriptions.get("en", ""), symptoms,
                    str(data.get("seed", path.stem)), clock, float(speed), world, steps,
                    diagnose, titles, descriptions)


def _texts(where: str, data: dict) -> tuple[dict, dict]:
    """The title and the description in each language the file gives: non-empty strings,
    a translated description only beside an English one."""
    titles, descriptions = {}, {}
    for lang in LANGUAGES:
        suffix = "" if lang == "en" else f"_{lang}"
        for key, into in ((f"title{suffix}", titles), (f"description{suffix}", descriptions)):
            if key not in data:
                continue
            if not isinstance(data[key], str) or not data[key].strip():
                _fail(f"{where}: {key}", "must be a non-empty string")
            into[lang] = data[key]
    extra = set(descriptions) - {"en"}
    if extra and "en" not in descriptions:
        _fail(where, f"description_{min(extra)} needs description (the English one) beside "
              "it")
    return titles, descriptions


def send_forms(step: dict, callback_url: Callable[[str], str],
               service_sid: Callable[[str], str]) -> list[dict]:
    """A ``send`` step as the Messages create parameters of each message it sends (Twilio's
    form names, OAI CreateMessageRequest), for the scenario runner's SDK and the quiz's
    stand-in alike: ``callback_url`` makes a status callback path absolute,
    ``service_sid`` names a scenario's Messaging Service by its SID."""
    form = {"To": step["to"]}
    # A template goes as ContentSid alone unless the step gives a body (outside the
    # WhatsApp window ContentSid with Body fails: docs/whatsapp.md).
    if "body" in step or "content_sid" not in step:
        form["Body"] = step.get("body", "scenario message")
    if step.get("from"):
        form["From"] = step["from"]
    if step.get("media"):
        form["MediaUrl"] = step["media"]
    if "content_sid" in step:
        form["ContentSid"] = step["content_sid"]
    if "content_variables" in step:
        form["ContentVariables"] = step["content_variables"]
    if step.get("status_callback"):
        form["StatusCallback"] = callback_url(step["status_callback"])
    if step.get("messaging_service"):
        form["MessagingServiceSid"] = service_sid(step["messaging_service"])
    # "{n}" in a body numbers the copies of a counted send.
    return [{**form, **({"Body": form["Body"].replace("{n}", str(n))} if "Body" in form else {})}
            for n in range(1, step.get("count", 1) + 1)]
