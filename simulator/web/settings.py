"""Every setting of ``smsim serve`` in one table: name, default, environment variable, help.

The CLI builds its options from this table and the README lists it; a test checks that the
two agree (datasette's SETTINGS pattern).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Setting:
    name: str
    default: object
    help: str
    env: str | None = None
    type: type = str


def default_db_path() -> str:
    # A file in the current directory, so state survives a restart and is easy to find.
    return str(Path.cwd() / "smsim.db")


SETTINGS: tuple[Setting, ...] = (
    Setting("host", "127.0.0.1", "Interface to listen on (loopback by default).", "SMSIM_HOST"),
    Setting("port", 8080, "TCP port to listen on.", "SMSIM_PORT", int),
    Setting("db", None, "SQLite database file (default: ./smsim.db).", "SMSIM_DB"),
    Setting("workers", 1, "Number of server worker processes sharing the database.",
            "SMSIM_WORKERS", int),
    Setting("threads", 4, "Threads per worker process.", "SMSIM_THREADS", int),
    Setting("keepalive", 60, "Seconds an idle kept-alive connection stays open: well past a "
            "client's polling pause (Twilio's edge keeps them about a minute).",
            "SMSIM_KEEPALIVE", int),
    Setting("seed", None, "Seed of the random source: same seed, same requests, same SIDs. "
            "Kept in the database; generated when never given.", "SMSIM_SEED"),
    Setting("seed_file", None, "TOML file declaring accounts and numbers to create at start.",
            "SMSIM_SEED_FILE"),
    Setting("account_sid", None, "SID of the default account (AC + 32 hex digits).",
            "SMSIM_ACCOUNT_SID"),
    Setting("auth_token", None, "Auth token of the default account (32 hex digits).",
            "SMSIM_AUTH_TOKEN"),
    Setting("clock", "realtime", "Clock mode: realtime (steps fire on their own) or manual "
            "(time moves only by POST /_sim/clock/advance).", "SMSIM_CLOCK"),
    Setting("speed", 1.0, "Realtime clock speed: simulated seconds per wall second.",
            "SMSIM_SPEED", float),
    Setting("webhook_timeout", 15.0, "Seconds to wait for an app's webhook response "
            "(Twilio waits 15 s).", "SMSIM_WEBHOOK_TIMEOUT", float),
    Setting("public_url", None, "Base URL the simulator is reached at, for URLs it hands out "
            "(inbound MediaUrlN); default http://HOST:PORT.", "SMSIM_PUBLIC_URL"),
    Setting("demo", False, "Seed a realistic demo world (named handsets, a few states worth "
            "showing, some history) when the database has no messages yet.", "SMSIM_DEMO",
            bool),
    Setting("evidence_off", False, "Answer 404 on the control plane's evidence endpoints "
            "(request log, steps, inboxes, outboxes, webhooks, opt-outs), as real Twilio "
            "would: for testing `smsim diagnose` without them.", "SMSIM_EVIDENCE_OFF", bool),
    Setting("control_remote", False, "Let non-loopback clients use /_sim and the dashboard "
            "with the default account's credentials (HTTP Basic), e.g. inside a container.",
            "SMSIM_CONTROL_REMOTE", bool),
    Setting("allowed_hosts", None, "Host names, besides localhost, 127.0.0.1, ::1, --host "
            "and --public-url's, that /_sim and the dashboard answer (comma-separated; '*' for "
            "any): e.g. a compose service name.", "SMSIM_ALLOWED_HOSTS"),
)


def local_url(config: Config) -> str:
    """A URL of this server for a process on the same machine: loopback when it listens on
    every interface (or on loopback), so the control plane needs no credentials."""
    host = config.host
    if host in ("0.0.0.0", ""):
        host = "127.0.0.1"
    elif host == "::":
        host = "::1"
    return f"http://[{host}]:{config.port}" if ":" in host else f"http://{host}:{config.port}"


def parse_bool(text: str) -> bool:
    lowered = text.strip().lower()
    if lowered in ("1", "true", "yes", "on"):
        return True
    if lowered in ("0", "false", "no", "off", ""):
        return False
    raise ValueError(f"not a boolean: {text!r}")


@dataclass
class Config:
    values: dict = field(default_factory=dict)

    def __getattr__(self, name: str):
        try:
            return self.values[name]
        except KeyError:
            raise AttributeError(name) from None


def load(overrides: dict | None = None, environ: dict | None = None) -> Config:
    """Defaults, then the environment, then explicit values (CLI options) win."""
    environ = os.environ if environ is None else environ
    values = {}
    for setting in SETTINGS:
        value = setting.default
        if setting.env and environ.get(setting.env) not in (None, ""):
            raw = environ[setting.env]
            try:
                value = parse_bool(raw) if setting.type is bool else setting.type(raw)
            except ValueError as exc:
                raise ValueError(f"{setting.env}: {exc}") from None
        if overrides and overrides.get(setting.name) is not None:
            value = overrides[setting.name]
        values[setting.name] = value
    if values["db"] is None:
        values["db"] = default_db_path()
    if values["public_url"] is None:
        host = "127.0.0.1" if values["host"] in ("0.0.0.0", "::") else values["host"]
        values["public_url"] = f"http://{host}:{values['port']}"
    values["public_url"] = values["public_url"].rstrip("/")
    return Config(values)
