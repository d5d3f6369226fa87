"""The Content types smsim simulates (twilio/text, twilio/media, twilio/quick-reply): reading
one from a Content API ``types`` object, and writing it back. Pure: no I/O.

Shapes are the spec's (twilio-oai twilio_content_v1.json ``twilioText``, ``twilioMedia``,
``twilioQuickReply``, ``quickReplyAction``); limits cite their source, choices marked "ours"
are documented in docs/whatsapp.md (Templates).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from smsim.domain.content import MAX_BODY_CHARS, PLACEHOLDER

TEXT, MEDIA, QUICK_REPLY = "twilio/text", "twilio/media", "twilio/quick-reply"
KNOWN = (TEXT, MEDIA, QUICK_REPLY)
# twilio/quick-reply body: "Maximum length: 1,024 characters" (docs content/twilio-quick-reply).
MAX_QUICK_REPLY_BODY = 1024
# "An array that contains between 1 and 10 quick-reply buttons" (docs content/twilio-quick-reply).
MAX_ACTIONS = 10
# WhatsApp's reply button: a title of at most 20 characters, unique in the message; an id of at
# most 256 (WhatsApp Business API reply button object).
MAX_TITLE_CHARS, MAX_ID_CHARS = 20, 256
# Ours: as many media URLs as a message's MediaUrl takes (OAI CreateMessageRequest: up to 10).
MAX_MEDIA = 10
_URL = re.compile(r"^https?://([^/?#]+)(.*)$")


class ContentTypeError(ValueError):
    """A ``types`` object refused: ``field`` is the path of the offending value
    (``types.twilio/quick-reply.actions[3].title``)."""

    def __init__(self, field: str, detail: str):
        super().__init__(f"{field} {detail}")
        self.field, self.detail = field, detail


@dataclass(frozen=True)
class Action:
    title: str
    id: str | None = None
    type: str | None = None

    @property
    def payload(self) -> str:
        # Ours: an action without an id answers with its title as ButtonPayload.
        return self.id if self.id is not None else self.title

    def as_json(self) -> dict:
        out: dict = {"title": self.title}
        if self.id is not None:
            out["id"] = self.id
        if self.type is not None:
            out["type"] = self.type
        return out


@dataclass(frozen=True)
class ContentType:
    """One template's content: its type, its body ("" for a twilio/media without one), and
    its media URLs or quick-reply actions."""

    kind: str
    body: str
    media: tuple[str, ...] = ()
    actions: tuple[Action, ...] = field(default=())

    def types_json(self) -> dict:
        """The template's ``types`` on the Content API (the spec's schema for its type)."""
        if self.kind == MEDIA:
            inner: dict = {"media": list(self.media)}
            if self.body:
                inner = {"body": self.body, **inner}
            return {MEDIA: inner}
        if self.kind == QUICK_REPLY:
            return {QUICK_REPLY: {"body": self.body,
                                  "actions": [a.as_json() for a in self.actions]}}
        return {TEXT: {"body": self.body}}


def parse(types) -> ContentType:
    """The one type of a ``types`` object; ContentTypeError naming the field. A type given as null
    is not given (the SDKs' Types.to_dict lists every type); exactly one may remain (ours)."""
    if not isinstance(types, dict) or not types:
        raise ContentTypeError("types", 'is required, e.g. {"twilio/text": {"body": "Hi {{1}}"}}')
    given = sorted(k for k, v in types.items() if v is not None)
    unknown = [k for k in given if k not in KNOWN]
    if unknown:
        raise ContentTypeError("types", f"smsim simulates {', '.join(KNOWN)} templates only, "
                         f"not {unknown[0]}")
    if len(given) != 1:
        raise ContentTypeError("types", "must hold exactly one content type (smsim simulates one "
                         "type per template)")
    kind = given[0]
    value = types[kind]
    where = f"types.{kind}"
    if not isinstance(value, dict):
        raise ContentTypeError(where, "must be an object")
    allowed = {TEXT: {"body"}, MEDIA: {"body", "media"}, QUICK_REPLY: {"body", "actions"}}[kind]
    extra = sorted(k for k, v in value.items() if k not in allowed and v is not None)
    if extra:
        raise ContentTypeError(f"{where}.{extra[0]}", f"is not a field of {kind}")
    if kind == TEXT:
        return ContentType(kind, _body(value.get("body"), f"{where}.body", MAX_BODY_CHARS))
    if kind == MEDIA:
        body = value.get("body")
        body = "" if body is None else _body(body, f"{where}.body", MAX_BODY_CHARS)
        return ContentType(kind, body, media=_media(value.get("media"), f"{where}.media"))
    return ContentType(kind, _body(value.get("body"), f"{where}.body", MAX_QUICK_REPLY_BODY),
                       actions=_actions(value.get("actions"), f"{where}.actions"))


def _body(body, where: str, limit: int) -> str:
    if not isinstance(body, str) or not body.strip() or len(body) > limit:
        raise ContentTypeError(where, f"must be the template's text, 1 to {limit} characters")
    return body


def _media(media, where: str) -> tuple[str, ...]:
    if not isinstance(media, list) or not 1 <= len(media) <= MAX_MEDIA:
        raise ContentTypeError(where, f"is required: a list of 1 to {MAX_MEDIA} media URLs")
    for i, url in enumerate(media):
        found = _URL.match(url) if isinstance(url, str) else None
        # A variable may stand in the URL's path, not its host (docs content/twilio-media:
        # "Variable media urls should include a valid media URL suffix").
        if found is None or PLACEHOLDER.search(found.group(1)):
            raise ContentTypeError(f"{where}[{i}]", "must be an http(s) URL (variables such as "
                             "{{1}} only after the host, e.g. https://example.com/{{1}})")
    return tuple(media)


def _actions(actions, where: str) -> tuple[Action, ...]:
    if not isinstance(actions, list) or not 1 <= len(actions) <= MAX_ACTIONS:
        raise ContentTypeError(where, f"is required: a list of 1 to {MAX_ACTIONS} buttons, "
                         'e.g. [{"title": "Yes", "id": "yes"}]')
    found: list[Action] = []
    for i, action in enumerate(actions):
        here = f"{where}[{i}]"
        if not isinstance(action, dict):
            raise ContentTypeError(here, 'must be an object such as {"title": "Yes", "id": "yes"}')
        extra = sorted(set(action) - {"title", "id", "type"})
        if extra:
            raise ContentTypeError(f"{here}.{extra[0]}", "is not a field of a quick-reply action")
        title, ident, kind = action.get("title"), action.get("id"), action.get("type")
        if not isinstance(title, str) or not title.strip() or len(title) > MAX_TITLE_CHARS:
            raise ContentTypeError(f"{here}.title", f"must be 1 to {MAX_TITLE_CHARS} characters")
        if ident is not None and (not isinstance(ident, str) or not ident
                                  or len(ident) > MAX_ID_CHARS):
            raise ContentTypeError(f"{here}.id", f"must be 1 to {MAX_ID_CHARS} characters")
        if kind is not None and kind != "QUICK_REPLY":
            raise ContentTypeError(f"{here}.type", "must be QUICK_REPLY")
        if any(a.title == title for a in found):
            raise ContentTypeError(f"{here}.title", f"{title!r} is on another button already "
                             "(WhatsApp: titles are unique in a message)")
        if ident is not None and any(a.id == ident for a in found):
            raise ContentTypeError(f"{here}.id", f"{ident!r} is on another button already")
        found.append(Action(title, ident, kind))
    return tuple(found)


def from_row(kind: str, body: str, media: list, actions: list) -> ContentType:
    """A stored template's content (columns content_type, body, media, actions)."""
    return ContentType(kind or TEXT, body, tuple(media),
                       tuple(Action(a["title"], a.get("id"), a.get("type")) for a in actions))
