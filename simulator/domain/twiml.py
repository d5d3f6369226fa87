"""Parse an app's answer to an incoming-message webhook into what Twilio would do.

Messaging TwiML (docs sms/twiml): ``<Response>`` holding ``<Message>`` verbs (text directly or
in ``<Body>``, ``<Media>`` children; attributes ``to``, ``from``, ``action``, ``method``) and
``<Redirect method="...">url</Redirect>``. An empty ``<Response/>`` means no reply. Relative
URLs resolve against the URL that was requested.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from urllib.parse import urljoin

XML_TYPES = ("text/xml", "application/xml")


class TwimlError(ValueError):
    """The answer is not TwiML Twilio can execute; ``code`` is Twilio's debugger code."""

    def __init__(self, code: int, message: str):
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class Reply:
    body: str
    media: tuple[str, ...] = ()
    to: str | None = None
    from_: str | None = None
    action: str | None = None
    method: str = "POST"


@dataclass(frozen=True)
class Redirect:
    url: str
    method: str = "POST"


@dataclass
class Document:
    verbs: list = field(default_factory=list)  # Reply and Redirect, in order


def _method(element: ET.Element) -> str:
    method = (element.get("method") or "POST").upper()
    if method not in ("GET", "POST"):
        raise TwimlError(12200, f"<{element.tag}> method must be GET or POST, got {method}")
    return method


def parse(text: str, content_type: str, base_url: str) -> Document:
    try:
        return _parse(text, content_type, base_url)
    except ValueError as exc:
        if isinstance(exc, TwimlError):
            raise
        raise TwimlError(12200, f"invalid URL in the TwiML: {exc}") from None


def _parse(text: str, content_type: str, base_url: str) -> Document:
    """The verbs of an answer. Empty answers are no reply. Ours: a text/plain answer is the
    body of one reply (Twilio accepts plain text for messaging); other non-XML types are
    12300 (docs errors/12300)."""
    stripped = text.strip()
    if not stripped:
        return Document()
    mime = (content_type or "").split(";")[0].strip().lower()
    if mime == "text/plain" and not stripped.startswith("<"):
        return Document([Reply(body=stripped)])
    if mime not in XML_TYPES and not stripped.startswith("<"):
        raise TwimlError(12300, f"cannot execute a {mime or 'missing'} Content-Type")
    try:
        root = ET.fromstring(stripped)
    except ET.ParseError as exc:
        raise TwimlError(12100, f"document parse failure: {exc}") from None
    if root.tag != "Response":
        raise TwimlError(12100, f"the root element must be <Response>, got <{root.tag}>")
    document = Document()
    for element in root:
        if element.tag == "Message":
            document.verbs.append(_message(element, base_url))
        elif element.tag == "Redirect":
            target = (element.text or "").strip()
            if not target:
                raise TwimlError(12200, "<Redirect> needs a URL")
            document.verbs.append(Redirect(urljoin(base_url, target), _method(element)))
        else:
            raise TwimlError(12200, f"<{element.tag}> is not a messaging verb")
    return document


def _message(element: ET.Element, base_url: str) -> Reply:
    body_parts = [element.text or ""]
    media = []
    for child in element:
        if child.tag == "Body":
            body_parts.append(child.text or "")
        elif child.tag == "Media":
            url = (child.text or "").strip()
            if url:
                media.append(urljoin(base_url, url))
        else:
            raise TwimlError(12200, f"<Message> cannot contain <{child.tag}>")
        body_parts.append(child.tail or "")
    action = element.get("action")
    return Reply(body="".join(body_parts).strip(), media=tuple(media), to=element.get("to"),
                 from_=element.get("from"), action=urljoin(base_url, action) if action else None,
                 method=_method(element))
