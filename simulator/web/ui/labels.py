"""The dashboard's words in English and Japanese (?lang=ja, or the browser's language),
kept as data in ``labels.toml`` beside this module."""

from __future__ import annotations

import tomllib
from importlib import resources

LABELS: dict[str, dict[str, str]] = tomllib.loads(
    resources.files("smsim.web.ui").joinpath("labels.toml").read_text(encoding="utf-8"))


def pick_language(arg: str | None, accept_language: str | None) -> str:
    if arg in LABELS:
        return arg
    if accept_language and accept_language.strip().lower().startswith("ja"):
        return "ja"
    return "en"
