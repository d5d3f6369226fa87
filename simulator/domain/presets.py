"""Named fault-rule sets, one per symptom of the guide that a rule can produce.

Each preset names the symptom id of ``shared/guide/symptoms.md`` it produces and the guide's
section. Loading one may narrow it with a ``match`` (e.g. one From number), merged into every
rule of the set. The sets are data, in ``presets.toml`` beside this module, each with a title
and a description in English (``title``, ``description``) and in Japanese (``title_ja``,
``description_ja``): the dashboard shows the page's language (``title_in``/``description_in``),
the control plane the English.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from importlib import resources

LANGUAGES = ("en", "ja")
TEXTS = ("title", "description")


@dataclass(frozen=True)
class Preset:
    name: str
    symptom: str
    section: str
    description: str  # English, as the control plane lists it
    rules: tuple[dict, ...]
    titles: dict = field(default_factory=dict)  # lang -> title
    descriptions: dict = field(default_factory=dict)  # lang -> description

    def title_in(self, lang: str) -> str:
        return self.titles.get(lang, self.titles["en"])

    def description_in(self, lang: str) -> str:
        return self.descriptions.get(lang, self.description)


def _texts(name: str, spec: dict) -> dict[str, dict[str, str]]:
    """{"title": {lang: text}, "description": {...}}: every text in every language, or the
    error names the preset and the field."""
    texts = {}
    for text in TEXTS:
        texts[text] = {}
        for lang in LANGUAGES:
            key = text if lang == "en" else f"{text}_{lang}"
            value = spec.get(key)
            if not isinstance(value, str) or not value.strip():
                raise ValueError(f"presets.toml: [{name!r}] {key}: a non-empty string is "
                                 "required")
            texts[text][lang] = value
    return texts


def parse(text: str) -> dict[str, Preset]:
    presets = {}
    for name, spec in tomllib.loads(text).items():
        texts = _texts(name, spec)
        presets[name] = Preset(name, spec["symptom"], spec["section"],
                               texts["description"]["en"], tuple(spec["rules"]),
                               texts["title"], texts["description"])
    return presets


def _load() -> dict[str, Preset]:
    return parse(resources.files("smsim.domain").joinpath("presets.toml")
                 .read_text(encoding="utf-8"))


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
