"""Data inside a sentence of the page's words, marked ``translate="no"``.

Some labels write data into a sentence: a message's SID ("received … (message SM…)"), a
request path ("POST /2010-04-01/Accounts/AC…/Messages.json"), a command's option
("--control-remote"), a parameter of Twilio's API ("SmsUrl"). The sentence is in the
page's language, those values are not: a translator (or a person checking the Japanese
pages) must leave them alone, so each is put in a ``<span translate="no">`` (a path, an
option or a parameter in a ``<code>``). Only these shapes are marked, never a word of the
sentence itself.
"""

from __future__ import annotations

import re
import string

from markupsafe import Markup, escape
from smsim.web.ui.blueprint import bp

SID = r"\b[A-Z]{2}[0-9a-f]{32}\b"
PATH = r"(?<![\w/.])/[\w.{}…-]+(?:/[\w.{}…-]+)*"  # /_sim/requests, /2010-04-01/Accounts/AC…
OPTION = r"(?<![\w-])--[a-z][\w-]*"  # --host, --control-remote
# Twilio's parameter names and files a sentence names (SmsUrl, "宛先（To）", README.md).
PARAMETER = (r"\b(?:StatusCallback|SmsUrl|SendAt|MessagingServiceSid|Content-Type|MediaUrl"
             r"|README\.md)\b|(?<=[（(' ])(?:To|From|Body)(?=[）)'])")
DATA = re.compile(f"(?P<sid>{SID})|(?P<code>{PATH}|{OPTION}|{PARAMETER})")


def marked(text: str | None) -> Markup:
    """``text`` escaped, with its SIDs, paths and command options marked as data."""
    if isinstance(text, Markup):  # already marked (filled() below)
        return text
    out = Markup("")
    last = 0
    text = text or ""
    for found in DATA.finditer(text):
        out += escape(text[last:found.start()])
        tag = "code" if found.group("code") else "span"
        out += Markup(f'<{tag} translate="no">{{}}</{tag}>').format(found.group())
        last = found.end()
    return out + escape(text[last:])


def filled(template: str, **values: str) -> Markup:
    """A label's ``{placeholders}`` filled with values that are data (an id someone typed),
    each in a ``<span translate="no">``; the label's own words escaped."""
    out = Markup("")
    for literal, name, _, _ in string.Formatter().parse(template):
        out += escape(literal)
        if name:
            out += Markup('<span translate="no">{}</span>').format(values[name])
    return out


@bp.app_template_filter("data_marked")
def data_marked(text: str | None) -> Markup:
    return marked(text)
