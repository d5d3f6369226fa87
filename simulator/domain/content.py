"""Content templates (ContentSid HX…) for WhatsApp: their approval statuses, their
ContentVariables and what a template sent with them becomes. Pure: no I/O, no clock.

Facts are Twilio's (sources beside each); choices marked "ours" are documented in
docs/whatsapp.md (Templates).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

# Content API approval statuses (docs content-api ApprovalRequests).
STATUSES = ("unsubmitted", "received", "pending", "approved", "rejected", "paused",
            "disabled")
# Asynchronous codes of a template WhatsApp will not take outside the window (Twilio's error
# pages 63040 "rejected", 63041 "paused", 63042 "disabled").
STATUS_CODES = {"rejected": 63040, "paused": 63041, "disabled": 63042}
# WhatsApp template categories (docs content-api: the approval request's ``category``).
CATEGORIES = ("UTILITY", "MARKETING", "AUTHENTICATION")
# Ours: WhatsApp takes this long on the simulated clock to decide a submitted template
# (Meta's own reviews take minutes to a day or two).
REVIEW_SECONDS = 600.0
# A variable's value: at most 1,600 characters (docs api/errors/21658).
MAX_VALUE_CHARS = 1600
MAX_BODY_CHARS = 1600  # a twilio/text body, like a message body (docs errors/21617)
PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z0-9_]+)\s*\}\}")
# WhatsApp template names: lowercase letters, digits and underscores (ours to enforce so).
APPROVAL_NAME = re.compile(r"^[a-z0-9_]{1,512}$")


class VariablesError(ValueError):
    """ContentVariables refused at create: ``code`` is 21656 or 21658, ``detail`` names
    the variable."""

    def __init__(self, code: int, detail: str):
        super().__init__(detail)
        self.code, self.detail = code, detail


def parse_variables(raw: str | None) -> dict[str, str]:
    """ContentVariables: a JSON object whose values are text (numbers are taken as their
    text). 21656 when it is not JSON, not an object, or a value is null, empty or holds a
    newline, a tab or more than four consecutive spaces (docs api/errors/21656); 21658 when a
    value is over 1,600 characters (docs api/errors/21658)."""
    if raw is None or raw == "":
        return {}
    try:
        value = json.loads(raw)
    except ValueError:
        raise VariablesError(21656, "ContentVariables is not JSON") from None
    if not isinstance(value, dict):
        raise VariablesError(21656, "ContentVariables must be a JSON object, e.g. "
                             '{"1": "Ana"}')
    found = {}
    for key, item in value.items():
        where = f"ContentVariables[{key!r}]"
        if isinstance(item, bool) or not isinstance(item, str | int | float):
            raise VariablesError(21656, f"{where} must be text (got {json.dumps(item)})")
        text = str(item)
        if not text.strip():
            raise VariablesError(21656, f"{where} is empty")
        if "\n" in text or "\t" in text or "     " in text:
            raise VariablesError(21656, f"{where} holds a newline, a tab or more than four "
                                 "consecutive spaces")
        if len(text) > MAX_VALUE_CHARS:
            raise VariablesError(21658, f"{where} is {len(text)} characters (at most "
                                 f"{MAX_VALUE_CHARS})")
        found[str(key)] = text
    return found


def placeholders(body: str) -> list[str]:
    """The template's placeholder names ("1", "2", ...), each once, in order of appearance."""
    return list(dict.fromkeys(m.group(1) for m in PLACEHOLDER.finditer(body)))


@dataclass(frozen=True)
class Filled:
    """A template sent with its variables: the text the handset gets, and the keys that do
    not match the template (63028: a variable it has no placeholder for, or a placeholder
    with neither a value nor a default)."""

    text: str
    unexpected: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()

    @property
    def mismatch(self) -> bool:
        return bool(self.unexpected or self.missing)


def fill(body: str, defaults: dict[str, str], given: dict[str, str]) -> Filled:
    """``body`` with its placeholders filled from ``given``, else the template's defaults
    (OAI CreateMessageRequest ContentVariables: "If values are not defined in
    content_variables, the Template's default placeholder values are used"). A placeholder
    with no value at all stays as written (ours; the message then fails with 63028)."""
    names = placeholders(body)
    values = {**defaults, **given}
    text = PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), body)
    return Filled(text, tuple(k for k in given if k not in names),
                  tuple(n for n in names if n not in values))


def fill_parts(body: str, parts: tuple[str, ...], defaults: dict[str, str],
               given: dict[str, str]) -> tuple[Filled, tuple[str, ...]]:
    """``body`` and the template's other variable-bearing texts (media URLs, button titles
    and ids) filled together: a variable is expected if any of them has its placeholder."""
    names = list(dict.fromkeys(placeholders(body) + [n for p in parts
                                                      for n in placeholders(p)]))
    values = {**defaults, **given}

    def filled(text: str) -> str:
        return PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), text)

    return (Filled(filled(body), tuple(k for k in given if k not in names),
                   tuple(n for n in names if n not in values)),
            tuple(filled(p) for p in parts))


def review(body: str) -> tuple[str, str]:
    """Ours: WhatsApp's decision on a submitted text template, (status, rejection_reason),
    from the rules docs api/errors/63040 names: a body may not start or end with a
    placeholder, and placeholders are numbered 1, 2, 3 ... without gaps."""
    stripped = body.strip()
    names = placeholders(body)
    if PLACEHOLDER.match(stripped) or re.search(PLACEHOLDER.pattern + "$", stripped):
        return "rejected", "The body starts or ends with a variable placeholder."
    if names != [str(n) for n in range(1, len(names) + 1)]:
        return "rejected", ("Variable placeholders must be sequential numbers ({{1}}, "
                            "{{2}}, ...); found " + ", ".join(f"{{{{{n}}}}}" for n in names)
                            + ".")
    return "approved", ""


def status_at(status: str, decide_at: float | None, decision: str | None,
              now: float) -> str:
    """A template's status at ``now``: a submitted one is ``received`` until WhatsApp's
    decision falls due (ours: REVIEW_SECONDS after submission)."""
    if status == "received" and decide_at is not None and decision and now >= decide_at:
        return decision
    return status


def window_failure(status: str, filled: Filled, in_window: bool,
                   freeform: bool) -> int | None:
    """The code a WhatsApp template message fails with, or None when it is delivered.

    - variables that do not match the template: 63028, inside the window or out (ours: the
      63xxx codes are reported on the message by the channel, so created, then failed);
    - inside the 24-hour window any template goes (Content docs: session messages need no
      approval);
    - outside it only an approved template, sent as ContentSid alone ("and no Body or
      MediaUrl", reference section 13): with Body or MediaUrl, 63016;
    - rejected / paused / disabled: 63040 / 63041 / 63042; not yet approved: 63016.
    """
    if filled.mismatch:
        return 63028
    if in_window:
        return None
    if freeform:
        return 63016
    if status == "approved":
        return None
    return STATUS_CODES.get(status, 63016)


@dataclass(frozen=True)
class TemplateMessage:
    """A WhatsApp message's template as the create found it: the template's status then, its
    filled text (and media URLs or buttons), and whether Body or MediaUrl came with it."""

    sid: str
    status: str
    filled: Filled
    freeform: bool = False
    media: tuple[str, ...] = ()  # twilio/media: its URLs, filled
    buttons: tuple[tuple[str, str], ...] = ()  # twilio/quick-reply: (title, payload), filled

    def failure(self, in_window: bool) -> int | None:
        return window_failure(self.status, self.filled, in_window, self.freeform)
