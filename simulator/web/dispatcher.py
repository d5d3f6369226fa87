"""Background threads of one server process: the clock's ticker and webhook deliverers.

In realtime mode steps fall due without any request arriving, so a ticker applies them every
``TICK`` seconds of wall time. Deliverers send due webhooks in any mode. Every process runs
both; the database's atomic claims make each step fire once and each webhook go out once,
whatever the number of workers.

In realtime mode a due webhook holds the world back until it is done (engine/delivery.py
run_due), so the app's handler reads the world as of its callback; a deliverer that finishes
one therefore moves the world on at once rather than waiting for the ticker's next look.
"""

from __future__ import annotations

import logging
import threading
import time

from smsim.engine import delivery, webhook_sender, webhooks

TICK = 0.05  # seconds of wall time between looks at the clock
DELIVERERS = 4  # concurrent deliveries per process, so one slow receiver blocks no other
log = logging.getLogger("smsim.dispatcher")


class Dispatcher:
    def __init__(self, worlds, webhook_timeout: float):
        self.worlds = worlds  # engine.worlds.Worlds: every world ticks and delivers
        self.webhook_timeout = webhook_timeout
        self.stop_event = threading.Event()
        self.threads = [threading.Thread(target=self._tick, name="smsim-ticker", daemon=True)]
        self.threads += [threading.Thread(target=self._deliver, name=f"smsim-deliverer-{i}",
                                          daemon=True) for i in range(DELIVERERS)]

    def start(self) -> Dispatcher:
        # Every process's catch-up needs it to know how long a due webhook may hold the
        # realtime world back (each new world is told when it is made).
        webhooks.note_timeout(self.worlds.default, self.webhook_timeout)
        for thread in self.threads:
            thread.start()
        return self

    def stop(self) -> None:
        self.stop_event.set()

    def _stores(self):
        try:
            return self.worlds.all()
        except Exception:  # the registry unreadable for a moment: look again next tick
            log.exception("listing the worlds failed")
            return []

    def _tick(self) -> None:
        while not self.stop_event.wait(TICK):
            for _, store in self._stores():
                try:
                    state = store.clock_state()
                    if state.mode == "realtime":
                        delivery.run_due(store, state.now(time.time()))
                except Exception:  # keep ticking: one bad step must not stop the clock
                    log.exception("applying due steps failed")

    def _deliver(self) -> None:
        while not self.stop_event.wait(TICK):
            for _, store in self._stores():
                try:
                    while not self.stop_event.is_set():
                        state = store.clock_state()
                        webhook = webhooks.claim_next(store, state.now(time.time()))
                        if webhook is None:
                            break
                        webhook_sender.deliver(store, webhook, self.webhook_timeout, state)
                        state = store.clock_state()
                        if state.mode == "realtime":
                            delivery.run_due(store, state.now(time.time()))
                except Exception:
                    log.exception("delivering a webhook failed")
