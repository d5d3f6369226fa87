"""One message as the message page, the presenter view and the timeline download show it:
its summary, its story drawn as a timeline, and the steps as a table."""

from __future__ import annotations

from flask import g, render_template
from smsim.domain.errors import title
from smsim.engine import message_story
from smsim.web import world_context
from smsim.web.ui.timeline import event_label, svg


def summary(row: dict) -> dict:
    """What a class reads first: who to whom, what, where it stands, what went wrong."""
    code = row["error_code"]
    return {"sid": row["sid"], "from": row["from_addr"] or "", "to": row["to_addr"],
            "body": row["body"], "status": row["status"], "direction": row["direction"],
            "error_code": code, "error_title": title(code) if code else ""}


def story(sid: str):
    store = world_context.current_store()
    return message_story.story(store, sid, store.now())


def step_rows(told: dict) -> list[dict]:
    origin = told["origin"]
    return [{"offset": f"{e['at'] - origin:+.1f}", "step": event_label(e, g.t),
             "status": e["status"] or "", "error_code": e["error_code"] or "",
             "reason": e["reason"], "sid": e.get("sid")} for e in told["events"]]


def timeline_html(told: dict, width: int | None, size: str) -> str:
    """The timeline block: the drawing, the queue and carrier times, the steps' table."""
    report = told["report"]
    return render_template("_timeline.html", svg=svg(told, g.t, width, size, lang=g.lang),
                           report=report, steps=step_rows(told), size=size)


def summary_html(told: dict) -> str:
    return render_template("_summary.html", m=summary(told["message"]))


def width_arg(raw: str | None) -> int | None:
    """The width the page's script measured (CSS pixels), if it is one."""
    return int(raw) if raw and raw.isdigit() else None
