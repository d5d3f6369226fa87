"""A lesson's player state, kept in the lesson's own world (its meta row ``lesson``:
store/lessons.py), and the world's clock as the player's pause and speed: realtime at the
lesson's speed while it plays, manual while it is paused or over. Kept in the world, the state
outlives a page reload and a server restart, and every worker sees the same one.

The moves themselves are decided by ``domain/lesson_play.py``; a claim and its record are
each one write transaction, so two lookers (two tabs, the page and the CLI, two workers)
never do the same action twice.
"""

from __future__ import annotations

import json
import time

from smsim.domain import lesson_play
from smsim.domain.lessons import Lesson
from smsim.engine import clock as clockwork
from smsim.store import lessons as lessons_store
from smsim.store.database import Store


class LessonStateError(ValueError):
    """A player request that cannot be honoured; the message names the field."""

    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.status = status


def state(store: Store) -> dict | None:
    """The player's state, or None when the world plays no lesson."""
    raw = lessons_store.read(store)
    return json.loads(raw) if raw else None


def lesson_id(store: Store) -> str | None:
    current = state(store)
    return current["lesson"] if current else None


def _save(store: Store, value: dict) -> None:
    lessons_store.write(store, json.dumps(value, ensure_ascii=False))


def begin(store: Store, lesson: Lesson, setup_events: list[dict], app: dict,
          services: dict) -> dict:
    """The lesson at its first step, its world already set up (``setup_events``: what that
    did, shown as step -1). The clock is left as the caller set it."""
    value = lesson_play.complete(lesson_play.new_state(lesson, store.now()), setup_events,
                                 app, services)
    with store.write():
        _save(store, value)
    return value


def claim(store: Store, lesson: Lesson) -> lesson_play.Move:
    """The next move, with the bookkeeping it implies stored (an action claimed, a wait
    ended, a step entered), in one write transaction."""
    with store.write():
        current = state(store)
        if current is None:
            raise LessonStateError("this world plays no lesson", 404)
        after, move = lesson_play.next_move(current, lesson, store.now(), time.time())
        if after != current:
            _save(store, after)
    return move


def complete(store: Store, events: list[dict], app: dict | None = None,
             services: dict | None = None) -> dict:
    with store.write():
        after = lesson_play.complete(state(store), events, app, services)
        _save(store, after)
    return after


def ask_step(store: Store, lesson: Lesson) -> dict:
    with store.write():
        current = state(store)
        if current["done"]:
            raise LessonStateError("action: the lesson is over; start it again", 409)
        after = lesson_play.request_step(current, lesson)
        _save(store, after)
    return after


def paused(store: Store) -> bool:
    return store.clock_state().mode == "manual"


def play(store: Store, speed: float | None = None) -> None:
    """The world's clock runs (at ``speed`` simulated seconds per wall second)."""
    current = state(store)
    if current is not None and current["done"]:
        raise LessonStateError("action: the lesson is over; start it again", 409)
    clockwork.configure(store, mode="realtime", speed=speed)


def pause(store: Store) -> None:
    """The world's clock stops: nothing in the lesson's world moves until play or step."""
    clockwork.configure(store, mode="manual")


def set_speed(store: Store, speed: float) -> None:
    clockwork.configure(store, speed=speed)


def finish(store: Store) -> None:
    """The lesson is over: its world stands still, as the diagnosis will read it."""
    clockwork.configure(store, mode="manual")


def playing(worlds: list[tuple[str | None, Store]]) -> list[dict]:
    """Every world that plays a lesson: its account SID, the lesson, its step, done or not."""
    found = []
    for sid, store in worlds:
        if sid is None:
            continue  # the class's world never plays one: a lesson makes its own
        current = state(store)
        if current is not None:
            found.append({"world": sid, "lesson": current["lesson"], "step": current["step"],
                          "done": current["done"], "started": current["started"]})
    return found
