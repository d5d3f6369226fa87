"""Where a lesson stands and what comes next: the player as a pure state machine.

The state is a JSON-able dict kept in the lesson's world (its meta), so it outlives a page
reload, is shared by every worker, and is the same for the dashboard and ``smsim lesson
run``. Time is the world's own clock: realtime at the lesson's speed while it plays, manual
while it is paused, so pausing stops the world too. Nothing here waits: whoever looks at the
lesson (the page polls it, the CLI too) asks ``next_move`` what to do now, does it, records
what happened with ``complete``, and asks again until the answer is to wait.

- An ``advance`` action is a wait on the world's clock: it ends when the clock reaches the
  time it was entered plus its seconds (at speed 5, 60 s pass in 12 s of wall time).
- Every other action is done at once, one at a time: a claim marks the lesson busy (a lease
  in wall time, so a crashed performer does not hold it for ever) and another looker only
  reads until ``complete``.
- A ``step`` request finishes the current lesson step now (its waits are skipped by moving
  the clock on) and stops at the start of the next one, after its instant actions.
- When the last step is done the lesson is done; the caller stops the world's clock.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass

from smsim.domain.lessons import Lesson, advance_seconds

# Wall seconds a claimed action holds the lesson before another looker may go on without it
# (an action is a few in-process requests; a clock skip waits on webhooks, each bounded by
# the webhook timeout).
LEASE = 120.0


@dataclass(frozen=True)
class Move:
    """``kind``: perform (do ``action``), skip (move the clock on ``seconds``), finish (the
    lesson just ended), wait (until the clock moves), busy (someone else is doing the
    current action), done (the lesson had ended)."""

    kind: str
    step: int
    action: dict | None = None
    seconds: float = 0.0


def new_state(lesson: Lesson, now: float) -> dict:
    return {"lesson": lesson.id, "started": now, "step": 0, "action": 0, "until": None,
            "target": None, "done": False, "busy": None, "events": [], "app": {},
            "services": {}}


def next_move(state: dict, lesson: Lesson, now: float, wall: float) -> tuple[dict, Move]:
    """The state after the bookkeeping that needs no action (waits that ended, steps
    entered), and the move to make now. ``now``: the world's clock; ``wall``: real time,
    for the lease only."""
    state = copy.deepcopy(state)
    if state["done"]:
        return state, Move("done", state["step"])
    if state["busy"] is not None and wall - state["busy"] < LEASE:
        return state, Move("busy", state["step"])
    state["busy"] = None
    while True:
        index = state["step"]
        actions = lesson.steps[index].actions
        if state["action"] < len(actions):
            action = actions[state["action"]]
            seconds = advance_seconds(action)
            if seconds is None:
                state["action"] += 1
                state["busy"] = wall
                return state, Move("perform", index, action)
            if state["until"] is None:
                state["until"] = now + seconds
            if now >= state["until"] - 1e-6:
                state["events"].append({"step": index, "at": state["until"], "kind": "advance",
                                        "seconds": seconds})
                state["action"] += 1
                state["until"] = None
                continue
            if _skipping(state):
                state["busy"] = wall
                return state, Move("skip", index, action, state["until"] - now)
            return state, Move("wait", index)
        if index + 1 < len(lesson.steps):
            state["step"] = index + 1
            state["action"] = 0
            if _skipping(state) is False and state["target"] is not None:
                state["target"] = None  # arrived where the step request asked
            continue
        state["done"] = True
        state["target"] = None
        return state, Move("finish", index)


def _skipping(state: dict) -> bool:
    return state["target"] is not None and state["target"] > state["step"]


def request_step(state: dict, lesson: Lesson) -> dict:
    """Ask for the next lesson step: the current one finishes now (its waits skipped), and
    the player stops at the start of the next. Pressed twice, two steps."""
    state = copy.deepcopy(state)
    if state["done"]:
        return state
    base = state["target"] if _skipping(state) else state["step"]
    state["target"] = min(base + 1, len(lesson.steps))
    return state


def complete(state: dict, events: list[dict], app: dict | None = None,
             services: dict | None = None) -> dict:
    """Record what the claimed action did and release the lesson for the next one."""
    state = copy.deepcopy(state)
    state["busy"] = None
    state["events"].extend(events)
    state["app"].update(app or {})
    state["services"].update(services or {})
    return state


def progress(state: dict, lesson: Lesson) -> dict:
    """What a page or the CLI shows: the step (1-based), of how many, and whether done."""
    return {"step": state["step"] + 1, "steps": len(lesson.steps), "done": state["done"],
            "waiting_until": state["until"]}
