"""The verifications page: each Verify verification of the world (docs/verify.md) with its
status in the page's language, its sends and wrong checks, and the SMS that carried each
code, linked to the message's own page (where its steps show why it did or did not arrive).
"""

from __future__ import annotations

from flask import g, render_template, request
from smsim.domain.clock import iso8601
from smsim.engine import verify
from smsim.web.ui.blueprint import bp
from smsim.web.ui.pages import store

SHOWN = 200  # the newest verifications, as GET /_sim/verifications lists them


def verification_rows(to: str | None) -> list[dict]:
    rows = []
    for v in verify.listing(store(), SHOWN, to=to or None):
        rows.append({
            "sid": v["sid"], "to": v["to_addr"], "status": v["status"],
            "status_label": g.t.get(f"verify_status_{v['status']}", v["status"]),
            "channel": v["channel"], "attempts": len(v["attempts"]),
            "wrong_checks": v["checks"],
            "created": iso8601(v["date_created"])[:19].replace("T", " "),
            "messages": [{"sid": a["message_sid"], "status": a["message_status"]}
                         for a in v["attempts"] if a["message_sid"]]})
    return rows


@bp.get("/verifications")
def verifications_page():
    to = request.args.get("to", "").strip()
    return render_template("verifications.html", rows=verification_rows(to), to=to)
