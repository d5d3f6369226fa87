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
MAX_COUNT = 1000  # a burst's most creates: enough for any queue lesson, not a load test
MAX_INTERVAL = 86_400.0  # simulated seconds between a burst's sends
DEFAULT_BODY = "smsim test message"


def add_parsers(sub, common) -> None:
    send = sub.add_parser("send", parents=[common],
                          help="Send one test message and watch its status (the guide's API "
                          "Explorer step).")
    send.add_argument("--to", required=True)
    send.add_argument("--from", dest="from_", help="default: the account's first SMS number")
    send.add_argument("--messaging-service", help="a Messaging Service SID instead of --from")
    send.add_argument("--body", help=f"default: {DEFAULT_BODY!r} (in a burst, numbered "
                      "N of COUNT); {n} in a body is replaced by the send's number")
    send.add_argument("--media", action="append", default=[], metavar="URL")
    send.add_argument("--count", type=int, default=1, metavar="N",
                      help=f"a burst: N creates (1-{MAX_COUNT}), one request each as an app "
                      "would send them; prints each SID and status, exit 1 if any create "
                      "failed")
    send.add_argument("--interval", type=float, default=0.0, metavar="SECONDS",
                      help="simulated seconds between a burst's sends (default 0): a manual "
                      "clock is advanced, a realtime one waited for")
    send.add_argument("--watch", type=float, default=15.0, metavar="SECONDS",
                      help="watch the status for up to this many wall seconds (0: don't; "
                      "one message only)")
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


def _check_burst(args) -> None:
    """A burst's bounds, refused before anything is sent, naming the option."""
    if not 1 <= args.count <= MAX_COUNT:
        raise ValueError(f"--count must be from 1 to {MAX_COUNT}, got {args.count}")
    if not 0 <= args.interval <= MAX_INTERVAL:
        raise ValueError(f"--interval must be from 0 to {MAX_INTERVAL:g} simulated seconds, "
                         f"got {args.interval:g}")


def cmd_send(args) -> int:
    _check_burst(args)
    client, control, default = sdk_client(args)
    sender = args.from_
    if not sender and not args.messaging_service:
        numbers = client.incoming_phone_numbers.list()
        sender = next((n.phone_number for n in numbers if n.capabilities.get("sms")), None)
        if sender is None:
            raise ValueError("the account has no SMS-capable number; give --from")
    body = args.body if args.body is not None else DEFAULT_BODY if args.count == 1 else \
        f"{DEFAULT_BODY} {{n}} of {args.count}"
    kwargs = {"to": args.to, "body": body.replace("{n}", "1"),
              "media_url": args.media or None}
    if args.messaging_service:
        kwargs["messaging_service_sid"] = args.messaging_service
    if sender:
        kwargs["from_"] = sender
    if args.count > 1:
        return _burst(args, client, control, kwargs, body)
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


def _burst(args, client, control: SimClient, kwargs: dict, body: str) -> int:
    """``--count N``: N creates, each its own request, ``--interval`` simulated seconds
    apart. A refused create is a row with its error, and the burst goes on (as an app's loop
    would); the exit status says whether any was refused."""
    from twilio.base.exceptions import TwilioRestException

    clock = control.get("/clock") if args.interval else None
    rows = []
    for n in range(1, args.count + 1):
        if n > 1 and clock is not None:
            _wait(control, clock, args.interval)
        try:
            message = client.messages.create(**{**kwargs, "body": body.replace("{n}", str(n))})
        except TwilioRestException as exc:
            rows.append({"n": n, "sid": None, "status": None, "error_code": exc.code,
                         "error": f"error {exc.code} (HTTP {exc.status}): {exc.msg}"})
        else:
            rows.append({"n": n, "sid": message.sid, "status": message.status,
                         "error_code": None, "error": None})
    if args.advance:
        control.post("/clock/advance", {"seconds": parse_duration(args.advance)})
    refused = sum(row["sid"] is None for row in rows)
    if args.json:
        emit(args, rows)
    else:
        print(table(rows, ["n", "sid", "status", "error"]))
        print(f"{len(rows) - refused} created, {refused} refused")
    return 1 if refused else 0


def _wait(control: SimClient, clock: dict, seconds: float) -> None:
    """``seconds`` of simulated time between two sends: a manual clock is moved (what fell
    due happens), a realtime one is waited for at its speed."""
    if clock["mode"] == "manual":
        control.post("/clock/advance", {"seconds": seconds})
    else:
        time.sleep(seconds / (clock.get("speed") or 1.0))


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
