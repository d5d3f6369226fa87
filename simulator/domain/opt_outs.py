"""Opt-out keywords and Twilio's default replies (reference section 6).

Matching is on the whole body, case-insensitive: "Stop" opts out, "Stop please" does not
(support article 31560110671259). REVOKE and OPTOUT are honoured since 2025-04-29 (docs
errors/30004, advanced-opt-out).
"""

from __future__ import annotations

OPT_OUT = frozenset({"STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE",
                     "OPTOUT"})
OPT_IN = frozenset({"START", "YES", "UNSTOP"})
HELP = frozenset({"HELP", "INFO"})

# The STOP reply is Twilio's, as quoted by users; START and HELP are the commonly quoted
# defaults (unconfirmed wording, reference section 6).
REPLIES = {
    "STOP": "You have successfully been unsubscribed. You will not receive any more messages "
            "from this number. Reply START to resubscribe.",
    "START": "You have successfully been re-subscribed to messages from this number. Reply "
             "HELP for help. Reply STOP to unsubscribe. Msg&Data Rates May Apply.",
    "HELP": "Reply STOP to unsubscribe. Msg&Data Rates May Apply.",
}


def keyword_type(body: str) -> str | None:
    """"STOP", "START" or "HELP" (the OptOutType values), or None for an ordinary message."""
    word = body.strip().upper()
    if word in OPT_OUT:
        return "STOP"
    if word in OPT_IN:
        return "START"
    if word in HELP:
        return "HELP"
    return None
