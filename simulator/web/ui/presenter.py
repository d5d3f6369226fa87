"""The presenter's pages and fragments: the presenter view (one message's timeline in large
type, the clock, snapshots), the live timeline the message page and the presenter view
poll, the timeline as an SVG file, and the clock every page's header shows."""

from __future__ import annotations

import time

from flask import Response, abort, g, render_template, request
from smsim.domain.clock import iso8601
from smsim.engine import message_story
from smsim.web import world_context
from smsim.web.ui.blueprint import bp
from smsim.web.ui.message_view import story, summary_html, timeline_html, width_arg
from smsim.web.ui.timeline import SIZES, svg

RECENT = 30  # messages the presenter's picker offers


@bp.app_template_global()
def sim_clock() -> dict | None:
    """The world's clock as the header shows it before the script takes over (None on a
    page drawn without a world: the unknown-world page)."""
    if "store" not in g:
        return None
    state = world_context.current_store().clock_state()
    now = state.now(time.time())
    return {"mode": state.mode, "speed": state.speed, "epoch": now,
            "text": iso8601(now)[:19].replace("T", " ")}


@bp.get("/present")
def present():
    store = world_context.current_store()
    pinned = request.args.get("sid") or ""
    sid = pinned or message_story.latest_sid(store)
    told = story(sid) if sid else None
    if pinned and told is None:
        abort(404)
    recent = message_story.recent(store, RECENT)
    if pinned and all(m["sid"] != pinned for m in recent):
        recent.append(told["message"])
    now = store.now()
    return render_template(
        "present.html", told=told, pinned=pinned, recent=recent,
        summary=summary_html(told) if told else "",
        timeline=timeline_html(told, None, "present") if told else "",
        snapshot_name=iso8601(now)[:19].replace("-", "").replace(":", "").replace("T", "-"))


@bp.get("/ui/fragment/timeline/<sid>")
def timeline_fragment(sid):
    """The timeline block and the summary of a message (``latest``: the newest message of
    the world) for the page's script, laid out for the width it measured."""
    if sid == "latest":
        sid = message_story.latest_sid(world_context.current_store())
        if sid is None:
            return {"sid": None, "live": True}
    told = story(sid)
    if told is None:
        return {"error": f"message {sid} does not exist", "status": 404}, 404
    size = request.args.get("size", "page")
    status = told["message"]["status"]
    return {"sid": sid, "status": status, "status_label": g.t.get(f"status_{status}", status),
            "live": told["live"],
            "steps": len(told["events"]),
            "timeline": timeline_html(told, width_arg(request.args.get("width")),
                                      size if size in SIZES else "page"),
            "summary": summary_html(told)}


@bp.get("/messages/<sid>/timeline.svg")
def timeline_svg(sid):
    """The timeline as a file of its own, to keep, print or put on a slide."""
    told = story(sid)
    if told is None:
        abort(404)
    drawing = svg(told, g.t, width_arg(request.args.get("width")) or 1200, "print",
                  standalone=True, lang=g.lang)
    return Response(drawing, mimetype="image/svg+xml", headers={
        "Content-Disposition": f'attachment; filename="{sid}-timeline.svg"'})
