"""The player as a pure state machine (domain/lesson_play.py): waits on the world's clock,
one action at a time, a step request that skips the waits and stops at the next step, a
lease that another looker respects, and the end."""

from __future__ import annotations

from pathlib import Path

from smsim.domain import lesson_play
from smsim.domain.lessons import Lesson, Step

T0 = 1_000_000.0


def step(*actions) -> Step:
    return Step({"ja": "ガイド", "en": "guide"}, {}, tuple(actions))


LESSON = Lesson("demo", Path("demo.toml"), 4, "app-duplicate", 1.0, {}, {}, {}, (
    step({"send": {"to": "+1"}}, {"advance": "10s"}, {"send": {"to": "+2"}}),
    step({"advance": "5s"}),
    step({"text": {"from": "+1", "to": "+2"}}, {"advance": "20s"}),
))


def play_until_quiet(state, now, wall=0.0):
    """Like the web layer: act on every move until the answer is to wait; record each."""
    moves = []
    while True:
        state, move = lesson_play.next_move(state, LESSON, now, wall)
        moves.append(move)
        if move.kind == "skip":
            now += move.seconds  # the clock moves on, as POST /_sim/clock/advance
        if move.kind in ("perform", "skip"):
            state = lesson_play.complete(state, [])
            continue
        return state, moves, now


def kinds(moves):
    return [m.kind for m in moves]


def test_instant_actions_then_a_wait_on_the_clock():
    state = lesson_play.new_state(LESSON, T0)
    state, moves, _ = play_until_quiet(state, T0)
    assert kinds(moves) == ["perform", "wait"]
    assert moves[0].action == {"send": {"to": "+1"}} and state["until"] == T0 + 10
    state, moves, _ = play_until_quiet(state, T0 + 9.5)  # not yet
    assert kinds(moves) == ["wait"] and state["step"] == 0
    state, moves, _ = play_until_quiet(state, T0 + 10)
    assert kinds(moves) == ["perform", "wait"] and moves[0].action == {"send": {"to": "+2"}}
    assert state["step"] == 1 and state["until"] == T0 + 15  # the next step's wait began
    assert [e["kind"] for e in state["events"]] == ["advance"]


def test_a_late_look_catches_up_in_order_and_ends():
    state = lesson_play.new_state(LESSON, T0)
    state, moves, _ = play_until_quiet(state, T0)
    state, moves, _ = play_until_quiet(state, T0 + 1000)
    assert kinds(moves) == ["perform", "wait"]  # the second send; the next wait begins now
    state, moves, _ = play_until_quiet(state, T0 + 2000)
    assert kinds(moves) == ["perform", "wait"] and state["step"] == 2
    state, moves, _ = play_until_quiet(state, T0 + 3000)
    assert kinds(moves) == ["finish"] and state["done"]
    state, move = lesson_play.next_move(state, LESSON, T0 + 4000, 0.0)
    assert move.kind == "done"


def test_a_step_request_skips_the_waits_and_stops_at_the_next_step():
    state = lesson_play.new_state(LESSON, T0)
    state, _, now = play_until_quiet(state, T0)
    state = lesson_play.request_step(state, LESSON)
    state, moves, now = play_until_quiet(state, now)
    # The rest of step 0 (skip 10 s, the second send), then step 1 starts and waits.
    assert kinds(moves) == ["skip", "perform", "wait"] and moves[0].seconds == 10
    assert state["step"] == 1 and state["target"] is None and now == T0 + 10
    state = lesson_play.request_step(lesson_play.request_step(state, LESSON), LESSON)
    state, moves, now = play_until_quiet(state, now)
    assert kinds(moves) == ["skip", "perform", "skip", "finish"] and state["done"]
    assert now == T0 + 35


def test_a_claimed_action_holds_other_lookers_until_its_lease_ends():
    state = lesson_play.new_state(LESSON, T0)
    state, move = lesson_play.next_move(state, LESSON, T0, wall=50.0)
    assert move.kind == "perform" and state["busy"] == 50.0
    _, other = lesson_play.next_move(state, LESSON, T0, wall=51.0)
    assert other.kind == "busy"
    after, taken_over = lesson_play.next_move(state, LESSON, T0,
                                              wall=50.0 + lesson_play.LEASE + 1)
    assert taken_over.kind == "wait" and after["busy"] is None


def test_complete_records_events_and_the_apps_answers():
    state = lesson_play.new_state(LESSON, T0)
    state, _ = lesson_play.next_move(state, LESSON, T0, 0.0)
    state = lesson_play.complete(state, [{"step": 0, "kind": "send"}],
                                 app={"/sms": {"status": 500}}, services={"a": "MG1"})
    assert state["busy"] is None and state["events"][-1]["kind"] == "send"
    assert state["app"]["/sms"]["status"] == 500 and state["services"] == {"a": "MG1"}


def test_a_step_request_after_the_end_changes_nothing():
    state = {**lesson_play.new_state(LESSON, T0), "done": True, "step": 2}
    assert lesson_play.request_step(state, LESSON) == state
