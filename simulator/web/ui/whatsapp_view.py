"""The dashboard's WhatsApp side (docs/whatsapp.md "On the dashboard"): what a handset card
says about the phone's WhatsApp (installed, when it reads, sandbox membership), and the
panel with the world's sandbox and templates. The page's script (static/whatsapp.js)
changes them through the control plane."""

from __future__ import annotations

import json

from flask import g
from markupsafe import Markup, escape
from smsim.domain.clock import iso8601
from smsim.domain.whatsapp import SANDBOX_NUMBER
from smsim.engine import content, whatsapp
from smsim.web.ui import describe
from smsim.web.ui.data_marks import filled
from smsim.web.ui.pages import store


def _time(epoch: float) -> str:
    return iso8601(epoch)[:19].replace("T", " ")


def sandbox() -> dict:
    """The sandbox number, its join phrase and its members (times as the pages write them)."""
    shown = whatsapp.sandbox(store())
    return {"number": shown["number"], "plain_number": SANDBOX_NUMBER, "join": shown["join"],
            "settings": shown["settings"],
            "members": [{**m, "joined": _time(m["joined_at"]), "until": _time(m["expires_at"])}
                        for m in whatsapp.members(store())]}


def templates() -> list[dict]:
    """The world's templates, each with its default variables as the panel's form writes
    them (``variables_text``), so an edit button can fill the form."""
    return [{**t, "variables_text": variables_text(t["variables"])}
            for t in content.templates(store())]


def variables_text(variables: dict[str, str]) -> str:
    """Default variables as ``key=value`` lines, or as JSON where lines could not hold them
    (a key with ``=`` or starting with ``{``, a line break, spaces at either end, which the
    form's parser in static/whatsapp.js trims)."""
    def fits(key: str, value: str) -> bool:
        return ("=" not in key and "\n" not in key + value and "\r" not in key + value
                and key == key.strip() and value == value.strip() and key != ""
                and not key.startswith("{"))
    if all(fits(k, v) for k, v in variables.items()):
        return "\n".join(f"{k}={v}" for k, v in variables.items())
    return json.dumps(variables, ensure_ascii=False)


def side(state: dict, members: list[dict]) -> dict:
    """A handset card's WhatsApp facts: ``state`` is the handset's JSON, ``members`` the
    sandbox's (sandbox() above)."""
    settings = state.get("whatsapp") or {}
    reads_after = settings.get("reads_after")
    member = next((m for m in members if m["number"] == state["number"]), None)
    if member is None:
        membership = g.t["wa_not_member"]
    elif member["active"]:
        membership = g.t["wa_member_until"].format(until=member["until"])
    else:
        membership = g.t["wa_member_expired"].format(until=member["until"])
    return {"installed": settings.get("installed", True), "reads_after": reads_after,
            "reads": (g.t["wa_reads_never"] if reads_after is None
                      else g.t["wa_reads_after"].format(seconds=f"{reads_after:g}")),
            "member": bool(member and member["active"]), "joined": member is not None,
            "membership": membership}


def outbox_sentence(row: dict) -> Markup | None:
    """A phone's WhatsApp message in words, its whatsapp: address marked as data; None for
    an SMS text, which describe.outbox_sentence tells."""
    if not row["to_addr"].startswith("whatsapp:"):
        return None
    if row["to_addr"] == f"whatsapp:{SANDBOX_NUMBER}" and row["outcome"] == "delivered":
        # The reason's last part says what the sandbox did with it (engine/inbound.py):
        # joined, left with 'stop', or passed on to the sandbox's own webhook.
        did = row["reason"].rsplit("; ", 1)[-1]
        key = ("wa_outbox_joined" if did.startswith("joined the sandbox") else
               "wa_outbox_left" if did.startswith("left the sandbox") else
               "wa_outbox_reached_sandbox")
        return Markup(escape(g.t[key]))
    seconds = (row["arrive_at"] - row["sent_at"]) if row.get("arrive_at") else 0
    return filled(g.t[describe.outbox_key(row["outcome"], row.get("cause"), g.t)],
                  to=row["to_addr"], sender=row["number"], seconds=f"{seconds:.0f}",
                  sid=row.get("message_sid") or "")
