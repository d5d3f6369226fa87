"""The ``smsim`` command line."""

from __future__ import annotations

import argparse
import sys

from . import __version__, settings

OPTION_NAMES = {s.name: "--" + s.name.replace("_", "-") for s in settings.SETTINGS}


def _add_setting_options(parser: argparse.ArgumentParser) -> None:
    for setting in settings.SETTINGS:
        flag = OPTION_NAMES[setting.name]
        env = f" [env {setting.env}]" if setting.env else ""
        default = "" if setting.default in (None, False) else f" (default {setting.default})"
        if setting.type is bool:
            parser.add_argument(flag, action="store_true", default=None,
                                help=setting.help + env)
        else:
            parser.add_argument(flag, type=setting.type, default=None,
                                help=setting.help + default + env)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="smsim", description=__doc__)
    parser.add_argument("--version", action="version", version=f"smsim {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    serve = sub.add_parser("serve", help="Run the simulator (Twilio API + control plane).")
    _add_setting_options(serve)

    handset = sub.add_parser("handset", help="Act as a handset of a running simulator.")
    handset.add_argument("--url", help="simulator base URL (default $SMSIM_URL or "
                         "http://127.0.0.1:8080)")
    handset_sub = handset.add_subparsers(dest="handset_command", required=True)
    send = handset_sub.add_parser("send", help="Text a number from this handset.")
    send.add_argument("number", help="the handset's number (E.164 or a short code)")
    send.add_argument("--to", required=True, help="the number to text")
    send.add_argument("--body", default="", help="the text")
    send.add_argument("--media", action="append", default=[], metavar="URL",
                      help="a media URL (repeat for several)")
    for name, what in (("inbox", "what the handset received"),
                       ("outbox", "what it sent and where each text stopped"),
                       ("show", "its state")):
        one = handset_sub.add_parser(name, help=f"Print {what}.")
        one.add_argument("number")
    return parser


def banner(config: settings.Config, account: dict, numbers: list[dict]) -> str:
    base = f"http://{config.host}:{config.port}"
    lines = [
        f"smsim {__version__} serving the Twilio API at {base}",
        f"  database          {config.db}",
        f"  clock             {config.clock} (speed {config.speed:g})",
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


def serve(args: argparse.Namespace) -> int:
    from .engine import world
    from .server import run
    from .store import Store

    overrides = {name: getattr(args, name) for name in OPTION_NAMES}
    try:
        config = settings.load(overrides)
        if config.workers < 1 or config.threads < 1:
            raise ValueError("--workers and --threads must be at least 1")
        if not 0 <= config.port <= 65535:
            raise ValueError(f"--port must be 0-65535, got {config.port}")
        store = Store(config.db)
        account = world.boot(store, config)
    except (ValueError, OSError) as exc:
        print(f"smsim serve: {exc}", file=sys.stderr)
        return 2
    numbers = store.select("numbers", "account_sid = ?", [account["sid"]])
    print(banner(config, account, numbers), flush=True)
    run(config)
    return 0


def handset(args: argparse.Namespace) -> int:
    import json

    from .client import ClientError, SimClient

    client = SimClient(args.url)
    number = args.number
    try:
        if args.handset_command == "send":
            result = client.post(f"/handsets/{number}/messages",
                                 {"to": args.to, "body": args.body, "media_urls": args.media})
            print(f"{result['from']} -> {result['to']}: {result['outcome']} ({result['reason']})")
            return 0
        path = {"inbox": "/inbox", "outbox": "/outbox", "show": ""}[args.handset_command]
        print(json.dumps(client.get(f"/handsets/{number}{path}"), indent=2))
        return 0
    except ClientError as exc:
        print(f"smsim handset: {exc}", file=sys.stderr)
        return 1


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "serve":
        return serve(args)
    if args.command == "handset":
        return handset(args)
    return 2


if __name__ == "__main__":
    sys.exit(main())
