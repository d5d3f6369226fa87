"""The ``smsim`` command line: ``serve``, and commands that drive a running simulator."""

from __future__ import annotations

import argparse
import os
import sys

from smsim import __version__
from smsim.clients.cli import (
    control_commands,
    diagnose_command,
    lesson_commands,
    scenario_commands,
    sdk_commands,
    serve,
    whatsapp_commands,
)
from smsim.clients.cli.serve import OPTION_NAMES  # noqa: F401  (the docs test reads it)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="smsim", description=__doc__)
    parser.add_argument("--version", action="version", version=f"smsim {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    serve.add_parser(sub)
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--url", help="the simulator's base URL (default $SMSIM_URL or "
                        "http://127.0.0.1:8080)")
    common.add_argument("--json", action="store_true", help="print JSON instead of a table")
    common.add_argument("--account-sid", help="the account to act as; control requests act on "
                        "its world (default $SMSIM_ACCOUNT_SID, else the default world)")
    common.add_argument("--auth-token", help="that account's auth token (default "
                        "$SMSIM_AUTH_TOKEN, else read from the control plane): for the SDK's "
                        "requests, and the control plane's credentials when the simulator "
                        "runs with --control-remote")
    sdk_commands.add_parsers(sub, common)
    control_commands.add_parsers(sub, common)
    diagnose_command.add_parser(sub, common)
    scenario_commands.add_parser(sub, common)
    lesson_commands.add_parser(sub, common)
    whatsapp_commands.add_parser(sub, common)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command != "serve" and args.account_sid is None \
            and not getattr(args, "twilio", False):
        # With --twilio the account is real Twilio's ($TWILIO_ACCOUNT_SID), not ours.
        args.account_sid = os.environ.get("SMSIM_ACCOUNT_SID") or None
    # The control plane's credentials (web/access.py): the pair given on the command line,
    # else SimClient's own default, $SMSIM_ACCOUNT_SID and $SMSIM_AUTH_TOKEN.
    given = getattr(args, "auth_token", None) if args.command != "serve" else None
    args.control_auth = (args.account_sid, given) if given and args.account_sid else None
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
