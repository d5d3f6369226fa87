"""CLI commands that use the official twilio SDK against the simulator, as an app would."""

from __future__ import annotations

import argparse
import os
import time

import requests
from smsim.clients.cli.output import emit, fail, table
from smsim.clients.sdk import client_for
from smsim.clients.sim_client import ClientError, SimClient
from smsim.domain.durations import parse_duration

FINAL = {"delivered", "undelivered", "failed", "canceled", "received", "read"}
POLL = 0.25  # seconds of wall time between looks while watching


def add_parsers(sub, common) -> None:
    send = sub.add_parser("send", parents=[common],
                          help="Send one test message and watch its status (the guide's API "
                          "Explorer step).")
    send.add_argument("--to", required=True)
    send.add_argument("--from", dest="from_", help="default: the account's first SMS number")
    send.add_argument("--messaging-service", help="a Messaging Service SID instead of --from")
    send.add_argument("--body", default="smsim test message")
    send.add_argument("--media", action="append", default=[], metavar="URL")
    send.add_argument("--watch", type=float, default=15.0, metavar="SECONDS",
                      help="watch the status for up to this many wall seconds (0: don't)")
    send.add_argument("--advance", metavar="DURATION",
                      help="with a manual clock: advance it by this much after sending")
    send.set_defaults(run=_guarded("send", cmd_send))
    messages = sub.add_parser("messages", parents=[common],
                              help="The account's recent messages with their statuses.")
    messages.add_argument("--limit", type=int, default=20)
    messages.add_argument("--to")
    messages.add_argument("--from", dest="from_")
    messages.add_argument("--follow", action="store_true", help="keep printing changes")
    messages.add_argument("--for", dest="for_", type=float, default=None, metavar="SECONDS",
                          help="with --follow: stop after this many wall seconds")
    messages.set_defaults(run=_guarded("messages", cmd_messages))


def _guarded(name: str, body):
    def run(args: argparse.Namespace) -> int:
        from twilio.base.exceptions import TwilioException, TwilioRestException

        try:
            return body(args) or 0
        except TwilioRestException as exc:
            return fail(name, f"error {exc.code} (HTTP {exc.status}): {exc.msg}")
        except TwilioException as exc:
            return fail(name, _page_error(exc))
        except (ClientError, ValueError) as exc:
            return fail(name, str(exc))
        except requests.RequestException as exc:
            return fail(name, f"cannot reach the API: {type(exc).__name__}")
    return run


def _page_error(exc) -> str:
    """The SDK's list() raises a bare TwilioException("Unable to fetch page", response):
    dig out Twilio's code and message so every error reads alike."""
    import json

    response = exc.args[1] if len(exc.args) > 1 else None
    try:
        body = json.loads(response.text)
        return f"error {body['code']} (HTTP {response.status_code}): {body['message']}"
    except (AttributeError, KeyError, TypeError, ValueError):
        return str(exc)


def sdk_client(args):
    """The official SDK pointed at the simulator, with the account to act as."""
    control = SimClient(args.url, account_sid=args.account_sid, auth=args.control_auth)
    sid = args.account_sid
    token = args.auth_token or os.environ.get("SMSIM_AUTH_TOKEN")
    default = None
    if not (sid and token):
        default = control.account(sid)
        sid, token = sid or default["account_sid"], token or default["auth_token"]
    return client_for(control.url, sid, token), control, default


def row_of(message) -> dict:
    return {"sid": message.sid, "status": message.status, "direction": message.direction,
            "from": message.from_, "to": message.to, "error": message.error_code,
            "created": message.date_created.isoformat() if message.date_created else None,
            "body": (message.body or "")[:40]}


def cmd_send(args) -> int:
    client, control, default = sdk_client(args)
    sender = args.from_
    if not sender and not args.messaging_service:
        numbers = client.incoming_phone_numbers.list()
        sender = next((n.phone_number for n in numbers if n.capabilities.get("sms")), None)
        if sender is None:
            raise ValueError("the account has no SMS-capable number; give --from")
    kwargs = {"to": args.to, "body": args.body, "media_url": args.media or None}
    if args.messaging_service:
        kwargs["messaging_service_sid"] = args.messaging_service
    if sender:
        kwargs["from_"] = sender
    message = client.messages.create(**kwargs)
    seen = [row_of(message)]
    if not args.json:
        print(f"created {message.sid}: {message.status}")
    if args.advance:
        control.post("/clock/advance", {"seconds": parse_duration(args.advance)})
    deadline = time.monotonic() + args.watch
    status = message.status
    while status not in FINAL and time.monotonic() < deadline:
        time.sleep(POLL)
        current = client.messages(message.sid).fetch()
        if current.status != status:
            status = current.status
            seen.append(row_of(current))
            if not args.json:
                print(f"  {status}" + (f" (error {current.error_code})"
                                       if current.error_code else ""))
    if args.json:
        emit(args, {"message_sid": message.sid, "statuses": seen})
    elif status not in FINAL:
        clock = control.get("/clock")
        hint = " (the clock is manual: use --advance or `smsim clock advance`)" \
            if clock["mode"] == "manual" else ""
        print(f"still {status} after {args.watch:g} s{hint}")
    return 0


def cmd_messages(args) -> int:
    client, _, _ = sdk_client(args)
    filters = {k: v for k, v in (("to", args.to), ("from_", args.from_)) if v}
    rows = [row_of(m) for m in client.messages.list(limit=args.limit, **filters)]
    columns = ["created", "sid", "direction", "status", "error", "from", "to", "body"]
    emit(args, {"messages": rows}, rows, columns)
    if not args.follow:
        return 0
    known = {r["sid"]: r["status"] for r in rows}
    deadline = None if args.for_ is None else time.monotonic() + args.for_
    while deadline is None or time.monotonic() < deadline:
        time.sleep(POLL)
        for message in client.messages.list(limit=args.limit, **filters):
            if known.get(message.sid) != message.status:
                known[message.sid] = message.status
                row = row_of(message)
                if args.json:
                    emit(args, row)
                else:
                    print(table([row], columns).splitlines()[1], flush=True)
    return 0
