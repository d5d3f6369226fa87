"""Named fault-rule sets, one per symptom of the guide that a rule can produce.

Each preset names the symptom id of ``shared/guide/symptoms.md`` it produces and the guide's
section. Loading one may narrow it with a ``match`` (e.g. one From number), merged into every
rule of the set. The sets are data, in ``presets.toml`` beside this module.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from importlib import resources


@dataclass(frozen=True)
class Preset:
    name: str
    symptom: str
    section: str
    description: str
    rules: tuple[dict, ...]


def _load() -> dict[str, Preset]:
    text = resources.files("smsim.domain").joinpath("presets.toml").read_text(encoding="utf-8")
    return {name: Preset(name, spec["symptom"], spec["section"], spec["description"],
                         tuple(spec["rules"]))
            for name, spec in tomllib.loads(text).items()}


PRESETS = _load()


def rules_for(name: str, narrow: dict | None) -> list[dict]:
    """The preset's rules, each ``match`` merged with ``narrow``."""
    preset = PRESETS[name]
    rules = []
    for rule in preset.rules:
        rule = {**rule, "name": f"{name}: {rule['name']}"}
        if narrow:
            rule["match"] = {**rule.get("match", {}), **narrow}
        rules.append(rule)
    return rules
