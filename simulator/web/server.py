"""Run the app on gunicorn, a production WSGI server with pre-forked worker processes.

Every worker builds its own app (and its own SQLite connections) after the fork; all state is
in the database file, so any number of workers give the same answers.

Kept-alive connections: gunicorn closes an idle one after ``keepalive`` seconds, 2 by default.
A client that polls every 2 s on one connection (``time.sleep(2)``, then fetch) then races the
close: its request meets a socket the server has just closed and fails with "Remote end closed
connection without response" (the official SDKs do not retry). So smsim keeps them a minute
(``--keepalive``), as Twilio's edge does. That costs no request thread: the gthread worker
parks an idle connection in its poller (main thread) and hands it to the thread pool only when
a request arrives. Each worker holds at most ``worker_connections`` connections, idle ones
included; past that it answers with ``Connection: close`` rather than keep one more, and stops
accepting while full. A stopping worker closes idle ones at once on SIGQUIT and within 2 s on
SIGTERM (gunicorn's ``STOP_KEEPALIVE_LINGER``), whatever the keepalive.
"""

from __future__ import annotations

import resource

from gunicorn.app.base import BaseApplication
from smsim.engine import numbers, world
from smsim.web import settings


class SimulatorServer(BaseApplication):
    def __init__(self, config: settings.Config):
        self.smsim_config = config
        super().__init__()

    def load_config(self):
        c = self.smsim_config
        self.cfg.set("bind", [f"{c.host}:{c.port}"])
        self.cfg.set("workers", c.workers)
        self.cfg.set("threads", c.threads)
        self.cfg.set("worker_class", "gthread")
        self.cfg.set("keepalive", c.keepalive)
        self.cfg.set("worker_connections", worker_connections(c.threads))
        # Webhook receivers and long polls must not be cut short by the 30 s default.
        self.cfg.set("timeout", 120)
        self.cfg.set("graceful_timeout", 5)
        self.cfg.set("accesslog", None)
        self.cfg.set("errorlog", "-")
        self.cfg.set("loglevel", "warning")

    def load(self):
        from smsim.web.app import create_app

        # The CLI booted the world before forking; workers only open it.
        return create_app(self.smsim_config, boot=False)


def worker_connections(threads: int, wanted: int = 1000) -> int:
    """gunicorn's default of 1000 connections a worker, kept below the process's open-file
    limit (macOS starts shells at 256): a worker that runs out of descriptors in accept()
    dies, and every connection it held fails at once. Keep a margin for the database, the
    logs and the listening socket."""
    soft, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft == resource.RLIM_INFINITY:
        return wanted
    return max(threads + 16, min(wanted, soft - 64))


def boot(config: settings.Config) -> tuple[dict, list[dict]]:
    """Prepare the world once, before the workers fork: migrate, fix the seed and the clock,
    ensure the default account, apply the seed file, populate the demo. Returns the default
    account and its numbers; a bad seed file raises ValueError (world.SeedFileError)."""
    store = world.open(config.db)
    account = world.boot(store, config)
    return account, numbers.of_account(store, account["sid"])


def run(config: settings.Config) -> None:
    SimulatorServer(config).run()
