"""Opt-out keywords: whole body, case-insensitive, and Twilio's default replies."""

from __future__ import annotations

import pytest
from smsim.domain.opt_outs import HELP, OPT_IN, OPT_OUT, REPLIES, keyword_type


@pytest.mark.parametrize("body, kind", [
    *[(word, "STOP") for word in ("STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT",
                                  "REVOKE", "OPTOUT")],
    *[(word, "START") for word in ("START", "YES", "UNSTOP")],
    ("HELP", "HELP"), ("INFO", "HELP"),
    ("stop", "STOP"), ("Stop", "STOP"), ("  stop\n", "STOP"), ("optout", "STOP"),
    ("yes", "START"), ("help ", "HELP"),
    ("Stop please", None), ("STOP!", None), ("OPT OUT", None), ("st op", None),
    ("", None), ("hello", None), ("NO", None),
])
def test_keyword_type(body, kind):
    assert keyword_type(body) == kind


def test_keyword_sets_do_not_overlap():
    assert not (OPT_OUT & OPT_IN or OPT_OUT & HELP or OPT_IN & HELP)
    assert len(OPT_OUT) == 8 and len(OPT_IN) == 3 and len(HELP) == 2


@pytest.mark.parametrize("kind, starts", [
    ("STOP", "You have successfully been unsubscribed."),
    ("START", "You have successfully been re-subscribed"),
    ("HELP", "Reply STOP to unsubscribe."),
])
def test_replies(kind, starts):
    assert REPLIES[kind].startswith(starts)
    assert set(REPLIES) == {"STOP", "START", "HELP"}
