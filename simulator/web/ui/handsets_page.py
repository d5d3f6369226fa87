"""The handsets page: a phone card per handset, with what its carrier does, its inbox (hidden
copies marked), its outbox (where each text stopped, in a sentence), its switches and a
compose box; and a form that adds a handset for a short code or a foreign number (the
control plane's ``PUT /_sim/handsets/{number}``, from the page's script)."""

from __future__ import annotations

from flask import g, render_template, request
from smsim.domain.clock import iso8601
from smsim.domain.phone import parse_recipient
from smsim.engine import handsets, inbound, messages, numbers
from smsim.web.ui import describe, whatsapp_view
from smsim.web.ui.blueprint import bp
from smsim.web.ui.pages import store

MAX_CARDS = 24


def handset_numbers(first: str | None = None) -> list[str]:
    """Registered handsets, then the most recent other parties of our messages; ``first``
    (a handset just added from the page) leads, so it is never cut off."""
    shown = [first] if first else []
    shown += [h.number for h in handsets.registered(store()) if h.number != first]
    ours = {n["phone_number"] for n in numbers.listing(store())}
    for parties in messages.recent_parties(store(), 200):
        for party in parties:
            if party and party not in ours and party not in shown:
                shown.append(party)
    return shown[:MAX_CARDS]


def _hidden_reason(copy: dict, blocked: tuple[str, ...]) -> str:
    """Why a copy the handset received is not shown (domain/planner.py decides it)."""
    blocked_sender = copy["from_addr"] in blocked
    return g.t["handset_hidden_blocked"] if blocked_sender else g.t["handset_hidden_fault"]


def card(number: str, members: list[dict] | None = None) -> dict:
    state, carrier = handsets.with_carrier(store(), number)
    address = parse_recipient(number)
    inbox_rows = handsets.latest_inbox(store(), number, 8)
    for row in inbox_rows:
        row["hidden_reason"] = "" if row["shown"] else _hidden_reason(row,
                                                                       state.blocked_senders)
    outbox_rows = inbound.outbox(store(), number)[-6:][::-1]
    for row in outbox_rows:
        row["sentence"] = (whatsapp_view.outbox_sentence(row)
                           or describe.outbox_sentence(row, g.t))
    return {"state": state.as_json(), "short_code": bool(address)
            and address.kind == "short_code", "carrier": carrier.name,
            "carrier_does": describe.carrier_sentence(carrier, g.t),
            "carrier_special": not describe.carrier_is_plain(carrier),
            "inbox": inbox_rows, "outbox": outbox_rows,
            "whatsapp": whatsapp_view.side(state.as_json(), members or [])}


@bp.get("/handsets")
def handset_page():
    added = parse_recipient(request.args.get("added", ""))
    sandbox = whatsapp_view.sandbox()
    cards = [card(number, sandbox["members"])
             for number in handset_numbers(added.value if added else None)]
    outbox_labels = {key: text for key, text in g.t.items() if key.startswith("outbox_")}
    return render_template("handsets.html", cards=cards, ours=numbers.listing(store()),
                           added=added.value if added else None, outbox_labels=outbox_labels,
                           iso=lambda t: iso8601(t)[11:19], sandbox=sandbox,
                           templates=whatsapp_view.templates())
