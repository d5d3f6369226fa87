"""Lessons on the control plane: list them, start one in a world of its own, watch and steer
the player (the dashboard's player page and ``smsim lesson run`` both use these), and the
lesson's stand-in application that its numbers' webhooks point at.

- ``GET /_sim/lessons``, ``GET /_sim/lessons/{id}``: the lessons, every text in both
  languages.
- ``POST /_sim/lessons/{id}/start`` ``{"speed": 2, "paused": false}``: a new account in a
  sealed world of its own (the class's world is never touched), set up as the lesson says,
  at its first step. 201 with the account (SID, token) and the player's state.
- ``GET /_sim/lesson`` (``X-Smsim-Account`` names the lesson's world; ``?lang=ja``): the
  player's state after doing what fell due, with the world's message log.
- ``POST /_sim/lesson`` ``{"action": "play" | "pause" | "step", "speed": N}``.
"""

from __future__ import annotations

import time

from flask import current_app, request
from smsim.domain import lesson_events
from smsim.domain.clock import iso8601
from smsim.domain.diagnosis import evidence
from smsim.domain.diagnosis.run import diagnose
from smsim.domain.errors import title
from smsim.domain.lessons import MAX_SPEED, Lesson, LessonError
from smsim.engine import accounts, messages
from smsim.engine import lessons as lesson_state
from smsim.web import world_context
from smsim.web.control import views
from smsim.web.control.params import json_body
from smsim.web.control.plane import ControlError, bp, current_store
from smsim.web.lesson_files import pack
from smsim.web.lesson_player import ActionRefused, Player, World, isolated
from smsim.web.lesson_ticker import LessonTicker
from smsim.web.ui.diagnosis import InProcessSource

LOG_ROWS = 50  # messages of the lesson's world its state carries, newest first


@bp.errorhandler(lesson_state.LessonStateError)
def _lesson_error(exc: lesson_state.LessonStateError):
    return {"error": str(exc), "status": exc.status}, exc.status


def lessons() -> dict[str, Lesson]:
    """The lesson pack (read again when a file changed); a broken file is refused naming
    the file and the field."""
    try:
        return pack()
    except LessonError as exc:
        raise ControlError(f"lesson pack: {exc}", 500) from None


def lesson(lesson_id: str) -> Lesson:
    found = lessons().get(lesson_id)
    if found is None:
        raise ControlError(f"no lesson named {lesson_id!r}", 404)
    return found


@bp.get("/lessons")
def lesson_list():
    return {"lessons": [x.as_json(full=False) for x in lessons().values()]}


@bp.get("/lessons/<lesson_id>")
def lesson_detail(lesson_id):
    return lesson(lesson_id).as_json()


def _speed(body: dict, default: float | None) -> float | None:
    speed = body.get("speed", default)
    if speed is not None and (isinstance(speed, bool) or not isinstance(speed, int | float)
                              or not 0 < speed <= MAX_SPEED):
        raise ControlError(f"speed must be a number above 0 and at most {MAX_SPEED:g}, got "
                           f"{speed!r}")
    return speed


def world_of(store, sid: str) -> World:
    return World.of(current_app._get_current_object(), store, sid)


@bp.record
def _start_the_ticker(setup):
    """A serving app (one with the dispatcher's threads, not a test's bare app) moves
    playing lessons on even while nobody looks (web/lesson_ticker.py)."""
    if "smsim_dispatcher" in setup.app.extensions:
        setup.app.extensions["smsim_lesson_ticker"] = LessonTicker(setup.app).start()


@bp.post("/lessons/<lesson_id>/start")
def start_lesson(lesson_id):
    chosen = lesson(lesson_id)
    body = json_body()
    unknown = set(body) - {"speed", "paused"}
    if unknown:
        raise ControlError(f"unknown field(s): {', '.join(sorted(unknown))}")
    speed = _speed(body, chosen.speed)
    paused = body.get("paused", False)
    if not isinstance(paused, bool):
        raise ControlError("paused must be true or false")
    config = current_app.config["SMSIM"]
    registry = world_context.worlds()
    # A world of its own, its clock stopped while it is set up.
    store, row = registry.create(f"Lesson {lesson_id}", mode="manual", speed=speed,
                                 public_url=config.public_url,
                                 webhook_timeout=config.webhook_timeout)
    world = world_of(store, row["sid"])
    player = Player(world, store, chosen)
    try:
        events, app, services = player.apply_world(-1, chosen.world)
    except Exception as exc:
        registry.delete(row["sid"])  # a lesson that cannot be set up leaves no world behind
        if isinstance(exc, ActionRefused):
            raise ControlError(f"{chosen.path.name}: world: {exc}") from None
        raise
    lesson_state.begin(store, chosen, events, app, services)
    if not paused:
        lesson_state.play(store, speed)
    state = player.catch_up()
    return {"account": views.account(store, accounts.default(store)), "world": row["sid"],
            "lesson": state_json(store, chosen, state, _lang())}, 201


def _lang() -> str:
    return "ja" if request.args.get("lang") == "ja" else "en"


def _playing() -> tuple:
    """The request's world and the lesson it plays (404 when it plays none)."""
    store = current_store()
    current = lesson_state.state(store)
    sid = world_context.worlds().sid_of(store)
    if current is None or sid is None:
        raise ControlError(f"{world_context.HEADER}: this world plays no lesson (start one "
                           "with POST /_sim/lessons/ID/start)", 404)
    return store, sid, lesson(current["lesson"])


@bp.get("/lesson")
def lesson_player():
    store, sid, chosen = _playing()
    state = Player(world_of(store, sid), store, chosen).catch_up()
    return state_json(store, chosen, state, _lang())


@bp.post("/lesson")
def steer_lesson():
    store, sid, chosen = _playing()
    body = json_body()
    unknown = set(body) - {"action", "speed"}
    if unknown:
        raise ControlError(f"unknown field(s): {', '.join(sorted(unknown))}")
    action = body.get("action")
    speed = _speed(body, None)
    if action not in (None, "play", "pause", "step"):
        raise ControlError(f"action must be play, pause or step, got {action!r}")
    if action is None and speed is None:
        raise ControlError("action or speed is required")
    if speed is not None:
        lesson_state.set_speed(store, speed)
    if action == "play":
        lesson_state.play(store, speed)
    elif action == "pause":
        lesson_state.pause(store)
    elif action == "step":
        lesson_state.ask_step(store, chosen)
    state = Player(world_of(store, sid), store, chosen).catch_up()
    return state_json(store, chosen, state, _lang())


@bp.get("/lesson/diagnosis")
def lesson_diagnosis():
    """What ``smsim diagnose --since`` (the lesson's whole time) reports over the lesson's
    world, computed in process as the dashboard's Diagnose button computes it; ``matches``:
    whether it names the lesson's symptom."""
    store, sid, chosen = _playing()
    state = lesson_state.state(store)
    account = accounts.default(store)
    source = InProcessSource(current_app._get_current_object(),
                             current_app.config["SMSIM"].public_url, account["sid"],
                             account["auth_token"], sid)
    scope = evidence.Scope(since_seconds=store.now() - state["started"] + 1)
    report = isolated(diagnose, source, scope, _lang())
    found = [s["id"] for s in report["symptoms"]]
    return {**report, "lesson": chosen.id, "expected": chosen.symptom,
            "matches": chosen.symptom in found}


def state_json(store, chosen: Lesson, state: dict, lang: str) -> dict:
    clock = store.clock_state()
    now = clock.now(time.time())
    return {
        "lesson": chosen.id, "symptom": chosen.symptom, "title": chosen.title[lang],
        "step": state["step"], "steps": len(chosen.steps), "done": state["done"],
        "paused": clock.mode == "manual", "speed": clock.speed,
        "now": iso8601(now), "started": iso8601(state["started"]),
        "elapsed_seconds": round(now - state["started"], 3),
        "waiting_until": iso8601(state["until"]) if state["until"] else None,
        # Wall seconds until the current wait ends while the lesson plays: a looker that
        # comes back then keeps the lesson's actions on time (the player acts when looked at).
        "next_in_seconds": round(max(0.0, (state["until"] - now) / clock.speed), 3)
        if state["until"] and clock.mode == "realtime" and not state["done"] else None,
        "events": [{**e, "at": iso8601(e["at"]), "text": lesson_events.describe(e, lang)}
                   for e in state["events"]],
        "messages": [_message(row) for row in messages.log_page(store, limit=LOG_ROWS)],
    }


def _message(row: dict) -> dict:
    return {"sid": row["sid"], "status": row["status"], "direction": row["direction"],
            "from": row["from_addr"], "to": row["to_addr"], "body": row["body"][:60],
            "error_code": row["error_code"],
            "error_title": title(row["error_code"]) if row["error_code"] else None,
            "created": iso8601(row["date_created"])}


@bp.route("/lessons/app/<world>/<path:path>", methods=["GET", "POST"])
def lesson_app(world, path):
    """The lesson's stand-in application: its numbers' webhooks ("app:/sms" in a lesson
    file) come here and get the answer the lesson set (``app`` entries; by default 200 with
    an empty TwiML response), as the scenario runner's own app answers."""
    try:
        store = world_context.worlds().named(world)
    except ValueError:
        return {"error": f"no world has account {world}", "status": 404}, 404
    current = lesson_state.state(store) or {}
    spec = current.get("app", {}).get(f"/{path}", {})
    return (spec.get("body", "<Response/>"), int(spec.get("status", 200)),
            {"Content-Type": spec.get("content_type", "text/xml")})
