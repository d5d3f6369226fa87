"""``smsim serve``: boot the world, print how to reach it, run gunicorn."""

from __future__ import annotations

import argparse
import sys

from smsim import __version__
from smsim.web import access, settings

OPTION_NAMES = {s.name: "--" + s.name.replace("_", "-") for s in settings.SETTINGS}


def add_parser(sub) -> None:
    serve = sub.add_parser("serve", help="Run the simulator (Twilio API + control plane).",
                           description="Run the simulator: the Twilio REST API, "
                           "messaging.twilio.com/v1 and the /_sim control plane on one port.")
    for setting in settings.SETTINGS:
        flag = OPTION_NAMES[setting.name]
        env = f" [env {setting.env}]" if setting.env else ""
        default = "" if setting.default in (None, False) else f" (default {setting.default})"
        if setting.type is bool:
            serve.add_argument(flag, action="store_true", default=None, help=setting.help + env)
        else:
            serve.add_argument(flag, type=setting.type, default=None,
                               help=setting.help + default + env)
    serve.set_defaults(run=run)


def banner(config: settings.Config, account: dict, numbers: list[dict]) -> str:
    base = f"http://{config.host}:{config.port}"
    lines = [
        f"smsim {__version__} serving the Twilio API at {base}",
        f"  database          {config.db}",
        f"  clock             {config.clock} (speed {config.speed:g})",
        f"  access            {access.summary(config)}",
        f"  account SID       {account['sid']}",
        f"  auth token        {account['auth_token']}",
        f"  test account SID  {account['test_sid']}",
        f"  test auth token   {account['test_token']}",
        "  numbers:",
    ]
    for n in numbers:
        caps = ",".join(k for k in ("sms", "mms", "voice") if n[f"cap_{k}"]) or "none"
        lines.append(f"    {n['phone_number']:<16} {n['sid']}  capabilities: {caps}")
    lines.append(f"  point twilio-python at it:  client.api.base_url = \"{base}\"")
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    from smsim.web.server import boot
    from smsim.web.server import run as run_server

    overrides = {name: getattr(args, name) for name in OPTION_NAMES}
    try:
        config = settings.load(overrides)
        if config.workers < 1 or config.threads < 1:
            raise ValueError("--workers and --threads must be at least 1")
        if not 0 <= config.port <= 65535:
            raise ValueError(f"--port must be 0-65535, got {config.port}")
        if config.keepalive < 1:
            raise ValueError(f"--keepalive must be at least 1 second, got {config.keepalive}")
        access.check_settings(config)
        account, numbers = boot(config)
    except (ValueError, OSError) as exc:
        print(f"smsim serve: {exc}", file=sys.stderr)
        return 2
    print(banner(config, account, numbers), flush=True)
    run_server(config)
    return 0
