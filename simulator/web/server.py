"""Run the app on gunicorn, a production WSGI server with pre-forked worker processes.

Every worker builds its own app (and its own SQLite connections) after the fork; all state is
in the database file, so any number of workers give the same answers.
"""

from __future__ import annotations

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


def boot(config: settings.Config) -> tuple[dict, list[dict]]:
    """Prepare the world once, before the workers fork: migrate, fix the seed and the clock,
    ensure the default account, apply the seed file, populate the demo. Returns the default
    account and its numbers; a bad seed file raises ValueError (world.SeedFileError)."""
    store = world.open(config.db)
    account = world.boot(store, config)
    return account, numbers.of_account(store, account["sid"])


def run(config: settings.Config) -> None:
    SimulatorServer(config).run()
