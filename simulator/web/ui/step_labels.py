"""Delivery steps' kinds and reasons in the page's language (labels/steps.toml).

The planner and the engine write a step's reason in English, as the control plane serves it
(``/_sim/messages/{SID}/steps``): parts joined by "; ", a failure's led by its error's title
and ": ", values (numbers, carriers, SIDs) written in. The [en] labels are those parts as
templates; each is read back into its values here and written out with the same key's [ja]
template. A part no template matches is shown as it is (tests/test_step_labels.py keeps
that from happening for every reason the code writes).
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass
from functools import cache

from markupsafe import Markup, escape
from smsim.domain.errors import CATALOGUE as ERRORS
from smsim.web.ui.labels import LABELS

SEPARATOR = "; "
# How the parts of a reason are joined in each language.
JOINER = {"en": "; ", "ja": "、"}


@dataclass(frozen=True)
class Template:
    key: str
    pattern: re.Pattern
    fields: tuple[str, ...]


def fields_of(template: str) -> tuple[str, ...]:
    return tuple(name for _, name, _, _ in string.Formatter().parse(template) if name)


def _compile(key: str, template: str) -> Template:
    pattern = ""
    for literal, name, _, _ in string.Formatter().parse(template):
        pattern += re.escape(literal)
        if name:
            pattern += f"(?P<{name}>.+?)"
    return Template(key, re.compile(f"^{pattern}$"), fields_of(template))


def _templates() -> list[Template]:
    """Every reason template, the most literal first: "more than {count} message(s) ahead"
    must be tried before "{count} message(s) ahead", "fault rule {id} ({name})" before
    "fault rule {id}"."""
    english, japanese = LABELS["en"], LABELS["ja"]
    found = []
    for key, template in english.items():
        if not key.startswith("reason_"):
            continue
        if set(fields_of(template)) != set(fields_of(japanese[key])):
            raise ValueError(f"labels/steps.toml: {key}: [en] and [ja] need the same "
                             f"{{placeholders}} ({fields_of(template)} and "
                             f"{fields_of(japanese[key])})")
        found.append(_compile(key, template))
    return sorted(found, key=lambda t: -len(re.sub(r"\(\?P<\w+>\.\+\?\)", "",
                                                   t.pattern.pattern)))


TEMPLATES = _templates()
# An error's English title (domain/errors.py, as the planner writes it) -> its label key.
ERROR_KEYS = {spec.title: f"error_{code}" for code, spec in sorted(ERRORS.items())}
ERROR_KEYS["Unknown error"] = "error_unknown"


@cache
def match(part: str) -> tuple[str, dict] | None:
    """The label key and the values of one part of a reason, or None."""
    for template in TEMPLATES:
        found = template.pattern.match(part)
        if found:
            return template.key, found.groupdict()
    return None


def _part(part: str, lang: str, html: bool) -> str:
    # A failure's title first: "{number} is not an active number" would take the title in.
    head, colon, rest = part.partition(": ")
    if colon and head in ERROR_KEYS:
        title = LABELS[lang].get(ERROR_KEYS[head], head)
        return (escape(title) if html else title) + colon + _part(rest, lang, html)
    found = match(part)
    if found is None:
        return escape(part) if html else part
    key, values = found
    if not html:
        return LABELS[lang][key].format(**values)
    return _format_markup(LABELS[lang][key], {
        name: Markup('<span translate="no">{}</span>').format(value)
        for name, value in values.items()})


def _format_markup(template: str, values: dict) -> Markup:
    """``template`` with its literal text escaped and the (already safe) values put in."""
    out = Markup("")
    for literal, name, _, _ in string.Formatter().parse(template):
        out += escape(literal)
        if name:
            out += values[name]
    return out


def reason_text(reason: str | None, lang: str, html: bool = False) -> str:
    """``reason`` in ``lang``: as it is in English; in Japanese, part by part. ``html``:
    Markup in which each value (a number, carrier, SID, fault rule's name) is in a
    ``<span translate="no">``, the way the pages mark data."""
    if not reason:
        return ""
    if lang == "en":
        return escape(reason) if html else reason
    parts = [_part(part, lang, html) for part in reason.split(SEPARATOR)]
    joiner = JOINER.get(lang, SEPARATOR)
    return Markup(escape(joiner)).join(parts) if html else joiner.join(parts)


def kind_text(kind: str | None, lang: str) -> str:
    """A step's kind in ``lang`` (an unknown kind as it is, underscores as spaces)."""
    return LABELS[lang].get(f"step_{kind}", (kind or "").replace("_", " "))
