"""An app's answer to an incoming-message webhook, parsed as Twilio executes it."""

from __future__ import annotations

import pytest
from smsim.domain.twiml import Document, Redirect, Reply, TwimlError, parse

BASE = "https://app.example/hooks/sms"
XML = "text/xml"


@pytest.mark.parametrize("text, content_type, verbs", [
    # Empty answers are no reply, whatever their type.
    ("", XML, []),
    ("  \n", "text/html", []),
    ("<Response/>", XML, []),
    ("<Response></Response>", "application/xml; charset=utf-8", []),
    ("<Response><Message>Hi</Message></Response>", XML, [Reply("Hi")]),
    ("<Response><Message>  Hi  </Message></Response>", XML, [Reply("Hi")]),
    # Body in <Body>, media in <Media>, relative URLs resolved against the request.
    ("<Response><Message><Body>Look</Body><Media>/cat.png</Media>"
     "<Media>https://cdn.example/dog.png</Media><Media> </Media></Message></Response>", XML,
     [Reply("Look", ("https://app.example/cat.png", "https://cdn.example/dog.png"))]),
    ('<Response><Message to="+15558675310" from="+15017122661" action="status" '
     'method="get">Yo</Message></Response>', XML,
     [Reply("Yo", (), "+15558675310", "+15017122661", "https://app.example/hooks/status",
            "GET")]),
    ("<Response><Message>One</Message><Message>Two</Message></Response>", XML,
     [Reply("One"), Reply("Two")]),
    ("<Response><Redirect>next</Redirect></Response>", XML,
     [Redirect("https://app.example/hooks/next")]),
    ('<Response><Message>a</Message><Redirect method="GET">https://other.example/x'
     "</Redirect></Response>", XML, [Reply("a"), Redirect("https://other.example/x", "GET")]),
    # Ours: a text/plain answer is the body of one reply.
    ("Thanks!", "text/plain", [Reply("Thanks!")]),
    ("  Thanks!\n", "text/plain; charset=utf-8", [Reply("Thanks!")]),
    # XML sent with another type is still read as TwiML.
    ("<Response><Message>x</Message></Response>", "text/html", [Reply("x")]),
    ("<Response><Message>x</Message></Response>", "text/plain", [Reply("x")]),
])
def test_parse(text, content_type, verbs):
    assert parse(text, content_type, BASE) == Document(verbs)


@pytest.mark.parametrize("text, content_type, code, words", [
    ("hello", "text/html", 12300, "text/html"),
    ("hello", "", 12300, "missing"),
    ("{}", "application/json", 12300, "application/json"),
    ("<Response><Message>", XML, 12100, "parse failure"),
    ("<Reply><Message>x</Message></Reply>", XML, 12100, "<Response>"),
    ("<Response><Say>x</Say></Response>", XML, 12200, "<Say>"),
    ("<Response><Message><Image>x</Image></Message></Response>", XML, 12200, "<Image>"),
    ("<Response><Redirect> </Redirect></Response>", XML, 12200, "needs a URL"),
    ('<Response><Message method="PUT">x</Message></Response>', XML, 12200, "GET or POST"),
    ('<Response><Redirect method="DELETE">/x</Redirect></Response>', XML, 12200,
     "GET or POST"),
    ("<Response><Redirect>http://[::1</Redirect></Response>", XML, 12200, "invalid URL"),
])
def test_errors(text, content_type, code, words):
    with pytest.raises(TwimlError) as error:
        parse(text, content_type, BASE)
    assert error.value.code == code and words in str(error.value)
