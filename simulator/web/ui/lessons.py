"""The dashboard's lessons: ``/lessons`` lists them (one per section of the guide) and the
worlds that play one; ``/lessons/<id>`` is the player. The player's script drives the lesson
through the control plane (``/_sim/lesson``, web/control/lessons.py), whose state lives in
the lesson's world, so a reload shows the lesson where it stands."""

from __future__ import annotations

from flask import abort, g, make_response, render_template
from smsim.domain.lessons import LessonError
from smsim.engine import lessons as lesson_state
from smsim.web import world_context
from smsim.web.lesson_files import pack
from smsim.web.ui.blueprint import bp, current_world, error_page, status_labels, ui_url
from smsim.web.ui.data_marks import filled

SPEEDS = (0.5, 1, 2, 3, 5, 10, 20, 50)
# The words the player's script shows, handed to it as JSON (labels/lessons.toml).
SCRIPT_LABELS = ("lesson_playing", "lesson_paused", "lesson_finished", "lesson_step_of",
                 "lesson_matches", "lesson_differs", "lesson_healthy", "lesson_found",
                 "lesson_evidence", "lesson_fix", "lesson_delete_confirm",
                 "lesson_dir_outbound_api", "lesson_dir_outbound_reply",
                 "lesson_dir_inbound", "lesson_messages_none", "lesson_diagnosing")


def _lessons():
    try:
        return pack()
    except LessonError as exc:
        abort(make_response(error_page(str(exc), 500, ui_url("ui.log"), g.t["log"])))


def _worlds() -> list[dict]:
    """Every world that plays a lesson, newest first."""
    found = lesson_state.playing(world_context.worlds().all())
    return sorted(found, key=lambda w: w["started"], reverse=True)


@bp.get("/lessons")
def lessons_page():
    lessons = _lessons()
    return render_template("lessons.html", lessons=lessons.values(), worlds=[
        {**w, "lesson": lessons.get(w["lesson"])} for w in _worlds()
        if w["lesson"] in lessons])


@bp.get("/lessons/<lesson_id>")
def lesson_page(lesson_id):
    lesson = _lessons().get(lesson_id)
    if lesson is None:
        return error_page(filled(g.t["lesson_unknown"], id=lesson_id), 404,
                          ui_url("ui.lessons_page"), g.t["lessons"])
    state = lesson_state.state(world_context.current_store()) if current_world() else None
    playing = state is not None and state["lesson"] == lesson_id
    earlier = [w for w in _worlds() if w["lesson"] == lesson_id]
    speeds = sorted(set(SPEEDS) | {lesson.speed})
    return render_template("lesson.html", lesson=lesson, playing=playing, earlier=earlier,
                           speeds=speeds, other_lesson=state is not None and not playing,
                           script_labels={**{k: g.t[k] for k in SCRIPT_LABELS},
                                          "statuses": status_labels()})
