"""The request-log page: the world's Twilio API requests, newest first, as ``GET
/_sim/requests`` serves them (engine/request_log.py), filtered by path prefix and status
class, paged by keyset on the row id so a long log stays fast. The guide's first check:
was there a request at all, and what did the API answer?"""

from __future__ import annotations

from urllib.parse import urlencode

from flask import render_template, request
from smsim.domain.clock import iso8601
from smsim.domain.errors import title
from smsim.engine import accounts, request_log
from smsim.web.ui.blueprint import bp
from smsim.web.ui.pages import store

PAGE = 50
# The status filter's choices: [from, below) of the HTTP status.
STATUS_CLASSES = {"2xx": (200, 300), "4xx": (400, 500), "5xx": (500, 600),
                  "errors": (400, 600)}


def _credential_kinds() -> dict[str, str]:
    """Which credentials are whose: the world's live and test account SIDs."""
    kinds = {}
    for account in accounts.all_live(store()):
        kinds[account["sid"]] = "live"
        kinds[account["test_sid"]] = "test"
    return kinds


def _row(row: dict, kinds: dict[str, str]) -> dict:
    credential = row["credential"] or ""
    kind = ("api_key" if credential.startswith("SK") else kinds.get(credential, "")) \
        if credential else "none"
    return {"id": row["id"], "time": iso8601(row["time"])[:19].replace("T", " "),
            "method": row["method"], "path": row["path"],
            "query": row["query"], "status": row["status"], "error_code": row["error_code"],
            "error_title": title(row["error_code"]) if row["error_code"] else "",
            "credential": credential, "credential_kind": kind, "sid": row["sid"],
            "params": row["params"]}


@bp.get("/requests")
def requests_page():
    args = request.args
    status = args.get("status", "")
    status_from, status_below = STATUS_CLASSES.get(status, (None, None))
    before = args.get("before", "")
    rows = request_log.newest(store(), path=args.get("path", "").strip() or None,
                              status_from=status_from, status_below=status_below,
                              before_id=int(before) if before.isdigit() else None,
                              limit=PAGE + 1)
    kinds = _credential_kinds()
    shown = [_row(row, kinds) for row in rows[:PAGE]]
    kept = [(k, v) for k, v in args.items() if k != "before"]
    older_url = ("?" + urlencode([*kept, ("before", shown[-1]["id"])])
                 if len(rows) > PAGE else None)
    newest_url = "?" + urlencode(kept) if "before" in args else None
    return render_template("requests.html", rows=shown, args=args, status=status,
                           status_classes=list(STATUS_CLASSES), older_url=older_url,
                           newest_url=newest_url)

