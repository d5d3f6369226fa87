"""The dashboard's words in English and Japanese (?lang=ja, or the browser's language),
kept as data in ``labels/*.toml`` beside this module: one file per part of the dashboard
(``base.toml`` for the pages every world has, one per feature), each with an ``[en]`` and a
``[ja]`` table. A key defined in two files, or missing in one language, is refused at import:
a page must never show a key name or fall back to the other language."""

from __future__ import annotations

import tomllib
from importlib import resources

LANGUAGES = ("en", "ja")


def _load() -> dict[str, dict[str, str]]:
    merged: dict[str, dict[str, str]] = {lang: {} for lang in LANGUAGES}
    folder = resources.files("smsim.web.ui").joinpath("labels")
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".toml"):
            continue
        data = tomllib.loads(entry.read_text(encoding="utf-8"))
        if set(data) != set(LANGUAGES) or set(data["en"]) != set(data["ja"]):
            missing = set(data.get("en", {})) ^ set(data.get("ja", {}))
            raise ValueError(f"labels/{entry.name}: needs [en] and [ja] with the same keys "
                             f"(differ: {sorted(missing)})")
        for lang in LANGUAGES:
            clash = set(merged[lang]) & set(data[lang])
            if clash:
                raise ValueError(f"labels/{entry.name}: keys defined twice: {sorted(clash)}")
            merged[lang].update(data[lang])
    return merged


LABELS: dict[str, dict[str, str]] = _load()


def pick_language(arg: str | None, accept_language: str | None) -> str:
    if arg in LABELS:
        return arg
    if accept_language and accept_language.strip().lower().startswith("ja"):
        return "ja"
    return "en"
