"""The lessons' ticker: one background thread per serving process that moves every playing
lesson on when its next action falls due, so a lesson keeps its timeline while nobody looks
(a closed laptop, a trainer talking): a send two seconds after another stays two seconds
after it. Looking (the page, the CLI) does the same and costs nothing more; the claims of
engine/lessons.py make each action happen once whichever process or thread gets there first.

Like the dispatcher's ticker it reads every world's clock-side state each tick; a world that
plays no lesson, is paused, or waits costs one read.
"""

from __future__ import annotations

import logging
import threading

from flask import Flask
from smsim.domain.lessons import LessonError
from smsim.engine import lessons as lesson_state
from smsim.web.lesson_files import pack
from smsim.web.lesson_player import Player, World

TICK = 0.1  # wall seconds between two looks
log = logging.getLogger("smsim.lessons")


class LessonTicker:
    def __init__(self, app: Flask):
        self.app = app
        self.worlds = app.config["WORLDS"]
        self.stop_event = threading.Event()
        self.thread = threading.Thread(target=self._tick, name="smsim-lessons", daemon=True)

    def start(self) -> LessonTicker:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.stop_event.set()

    def _tick(self) -> None:
        while not self.stop_event.wait(TICK):
            try:
                worlds = self.worlds.all()
            except Exception:  # the registry unreadable for a moment: look again next tick
                log.exception("listing the worlds failed")
                continue
            for sid, store in worlds:
                if sid is None:
                    continue  # the class's world never plays a lesson
                try:
                    self.look(sid, store)
                except Exception:  # one broken lesson must not stop the others
                    log.exception("moving lesson of %s on failed", sid)

    def look(self, sid: str, store) -> None:
        state = lesson_state.state(store)
        if state is None or state["done"] or lesson_state.paused(store):
            return
        try:
            lesson = pack().get(state["lesson"])
        except LessonError:
            return  # the control plane says so to whoever looks
        if lesson is None:
            return
        player = Player(World.of(self.app, store, sid), store, lesson)
        if player.due():
            player.catch_up()
