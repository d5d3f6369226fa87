"""``smsim diagnose``: name the guide's symptoms in recent traffic, with evidence and advice.
Exit status 0 healthy, 1 symptoms found, 2 could not diagnose."""

from __future__ import annotations

import argparse
import os
import sys

import requests
from smsim.clients import diagnosis
from smsim.clients.cli.output import emit
from smsim.clients.sdk import client_for
from smsim.clients.sim_client import ClientError, SimClient
from smsim.domain.durations import parse_duration


def add_parser(sub, common) -> None:
    parser = sub.add_parser(
        "diagnose", parents=[common], help="Walk the guide's decision tree over the evidence.",
        description="Name the troubleshooting guide's symptoms with their evidence and advice. "
        "Exit status: 0 healthy, 1 symptoms found, 2 could not diagnose.")
    scope = parser.add_argument_group("what to look at (default: --since 1h)")
    scope.add_argument("--message", metavar="SID", help="one message")
    scope.add_argument("--to", help="messages to this number (or texts to our number)")
    scope.add_argument("--from", dest="from_", help="messages from this number")
    scope.add_argument("--since", metavar="DURATION", help="recent traffic, e.g. 10m")
    parser.add_argument("--lang", choices=["en", "ja"], default="en",
                        help="language of titles and advice (ja: the guide's own)")
    parser.add_argument("--twilio", action="store_true",
                        help="diagnose a real Twilio account: the public API only "
                        "(--account-sid and --auth-token default to $TWILIO_ACCOUNT_SID and "
                        "$TWILIO_AUTH_TOKEN)")
    parser.set_defaults(run=run)


def _credentials(args, control: SimClient | None) -> tuple[str, str]:
    env = ("TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN") if args.twilio else \
        ("SMSIM_ACCOUNT_SID", "SMSIM_AUTH_TOKEN")
    sid = args.account_sid or os.environ.get(env[0])
    token = args.auth_token or os.environ.get(env[1])
    if (not sid or not token) and control is not None:
        account = control.account(sid)
        sid, token = sid or account["account_sid"], token or account["auth_token"]
    if not sid or not token:
        raise ClientError("no credentials: give --account-sid and --auth-token")
    return sid, token


def run(args: argparse.Namespace) -> int:
    from smsim.domain.diagnosis import evidence, report
    from twilio.base.exceptions import TwilioException, TwilioRestException
    from twilio.rest import Client

    control = None if args.twilio else SimClient(args.url, account_sid=args.account_sid,
                                                 auth=args.control_auth)
    try:
        since = parse_duration(args.since) if args.since else None
        if not (args.message or args.to or args.from_ or since):
            since = 3600.0
        sid, token = _credentials(args, control)
        client = Client(sid, token) if control is None else client_for(control.url, sid,
                                                                        token)
        scope = evidence.Scope(args.message, args.to, args.from_, since)
        result = diagnosis.diagnose(client, control, scope, args.lang)
    except TwilioRestException as exc:
        print(f"smsim diagnose: cannot read the account: error {exc.code} (HTTP "
              f"{exc.status}): {exc.msg}", file=sys.stderr)
        return 2
    except requests.RequestException as exc:
        print(f"smsim diagnose: cannot reach the API: {type(exc).__name__}", file=sys.stderr)
        return 2
    except (TwilioException, ClientError, ValueError, StopIteration) as exc:
        print(f"smsim diagnose: cannot diagnose: {exc}", file=sys.stderr)
        return 2
    emit(args, result, text=report.as_text(result, args.lang))
    return 1 if result["symptoms"] else 0
