"""``smsim whatsapp templates load FILE.toml`` and ``... list``: a world's Content templates
from a seed file, over the control plane (docs/whatsapp.md, Templates); ``smsim whatsapp
sandbox [join|leave NUMBER | set ...]``: the world's sandbox (docs/whatsapp.md, The sandbox)."""

from __future__ import annotations

import argparse
import sys
import tomllib
from pathlib import Path

from smsim.clients.cli.output import emit, fail, table
from smsim.clients.sim_client import ClientError, SimClient
from smsim.domain import phone
from smsim.domain import whatsapp as whatsapp_rules

SANDBOX_ACTIONS = ("show", "join", "leave", "set")


def add_parser(sub, common) -> None:
    whatsapp = sub.add_parser("whatsapp", help="WhatsApp: the world's Content templates "
                              "and sandbox.")
    wsub = whatsapp.add_subparsers(dest="whatsapp_command", required=True, metavar="WHAT")
    templates = wsub.add_parser("templates", help="Content templates: load, list.")
    tsub = templates.add_subparsers(dest="templates_command", required=True,
                                    metavar="ACTION")
    load = tsub.add_parser("load", parents=[common], help="Register the templates of a TOML "
                           "file ([[templates]] with sid, body, status, variables, ...).")
    load.add_argument("file", type=Path)
    load.set_defaults(run=_runner("whatsapp templates load", cmd_load))
    tsub.add_parser("list", parents=[common], help="Print the world's templates.").set_defaults(
        run=_runner("whatsapp templates list", cmd_list))
    sandbox = wsub.add_parser(
        "sandbox", parents=[common], help="The sandbox: show it, join or leave it, set its "
        "webhooks.", description="show (the default): its number, join phrase, settings and "
        "members. join NUMBER: the handset sends the join phrase over WhatsApp (it joins when "
        "the message arrives, 1-3 simulated seconds later). leave NUMBER: the membership ends "
        "now. set: its 'when a message comes in' URL and method, its status callback URL.")
    sandbox.add_argument("action", nargs="?", default="show", choices=SANDBOX_ACTIONS)
    sandbox.add_argument("number", nargs="?", help="the handset (join, leave)")
    sandbox.add_argument("--inbound-url", help="set: where members' messages go ('' clears)")
    sandbox.add_argument("--inbound-method", choices=("POST", "GET"), type=str.upper,
                         help="set: the inbound webhook's method (default POST)")
    sandbox.add_argument("--status-callback-url",
                         help="set: status callbacks of messages sent from the sandbox")
    sandbox.set_defaults(run=_sandbox_runner)


def _runner(name: str, body):
    def run(args: argparse.Namespace) -> int:
        try:
            client = SimClient(args.url, account_sid=args.account_sid, auth=args.control_auth)
            return body(client, args) or 0
        except (ClientError, ValueError, OSError) as exc:
            return fail(name, str(exc))
    return run


def read_seed(path: Path) -> list[dict]:
    """The templates of a seed file; ValueError naming the entry at fault."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ValueError(f"{path}: not TOML: {exc}") from None
    unknown = set(data) - {"templates"}
    if unknown:
        raise ValueError(f"{path}: unknown table(s) {', '.join(sorted(unknown))}; "
                         "write [[templates]] entries")
    templates = data.get("templates")
    if not isinstance(templates, list) or not templates:
        raise ValueError(f"{path}: no [[templates]] entries")
    for i, entry in enumerate(templates):
        if not isinstance(entry.get("sid"), str):
            raise ValueError(f"{path}: templates[{i}]: sid is required (HX + 32 hex digits)")
    return templates


def cmd_load(client: SimClient, args) -> None:
    loaded = []
    for i, entry in enumerate(read_seed(args.file)):
        settings = {k: v for k, v in entry.items() if k != "sid"}
        try:
            loaded.append(client.put(f"/whatsapp/templates/{entry['sid']}", settings))
        except ClientError as exc:
            raise ValueError(f"{args.file}: templates[{i}] ({entry['sid']}): {exc}") from None
    emit(args, {"templates": loaded},
         text=f"loaded {len(loaded)} template(s): "
              + ", ".join(f"{t['sid']} ({t['status']})" for t in loaded))


def cmd_list(client: SimClient, args) -> None:
    data = client.get("/whatsapp/templates")
    emit(args, data, data["templates"], ["sid", "status", "friendly_name", "body"])


def _bad_input(message: str) -> int:
    """Bad arguments: exit status 2, as argparse gives (the server is not asked)."""
    print(f"smsim whatsapp sandbox: {message}", file=sys.stderr)
    return 2


def _sandbox_runner(args: argparse.Namespace) -> int:
    settings = {name: value for name, value in (
        ("inbound_url", args.inbound_url), ("inbound_method", args.inbound_method),
        ("status_callback_url", args.status_callback_url)) if value is not None}
    if args.action in ("join", "leave"):
        if args.number is None:
            return _bad_input(f"{args.action}: NUMBER is required (the handset, E.164)")
        if phone.parse_number(args.number) is None:
            return _bad_input(f"NUMBER: {args.number!r} is not an E.164 number")
    elif args.number is not None:
        return _bad_input(f"{args.action}: takes no NUMBER (got {args.number!r})")
    if args.action == "set":
        if not settings:
            return _bad_input("set: give --inbound-url, --inbound-method or "
                              "--status-callback-url")
        try:
            whatsapp_rules.sandbox_settings({}, settings)
        except ValueError as exc:
            return _bad_input("--" + str(exc).replace("_", "-", 2))
    elif settings:
        return _bad_input(f"{args.action}: --inbound-url, --inbound-method and "
                          "--status-callback-url go with 'set'")
    return _runner(f"whatsapp sandbox {args.action}", _SANDBOX[args.action])(args)


def cmd_sandbox_show(client: SimClient, args) -> None:
    data = client.get("/whatsapp/sandbox")
    settings = data["settings"]
    lines = [f"number: {data['number']}", f"join phrase: {data['join']}",
             f"when a message comes in: {settings['inbound_url'] or '-'} "
             f"({settings['inbound_method']})",
             f"status callback URL: {settings['status_callback_url'] or '-'}",
             f"webhooks signed for: {settings['account_sid'] or '(the world default account)'}",
             "members:", table(data["members"], ["number", "joined_at", "expires_at", "active"])]
    emit(args, data, text="\n".join(lines))


def cmd_sandbox_join(client: SimClient, args) -> None:
    phrase = client.get("/whatsapp/sandbox")["join"]
    sent = client.post(f"/handsets/{args.number}/messages", {
        "to": phone.WHATSAPP_PREFIX + whatsapp_rules.SANDBOX_NUMBER, "body": phrase,
        "channel": "whatsapp"})
    emit(args, sent, text=f"{sent['from']} -> {sent['to']}: '{phrase}': {sent['outcome']} "
                          f"({sent['reason']})")


def cmd_sandbox_leave(client: SimClient, args) -> None:
    data = client.delete(f"/whatsapp/sandbox/members/{args.number}")
    emit(args, data, text=f"{args.number} left the sandbox")


def cmd_sandbox_set(client: SimClient, args) -> None:
    changes = {"inbound_url": args.inbound_url, "inbound_method": args.inbound_method,
               "status_callback_url": args.status_callback_url}
    data = client.put("/whatsapp/sandbox", {k: v for k, v in changes.items() if v is not None})
    settings = data["settings"]
    emit(args, data, text=f"when a message comes in: {settings['inbound_url'] or '-'} "
                          f"({settings['inbound_method']}); status callback URL: "
                          f"{settings['status_callback_url'] or '-'}")


_SANDBOX = {"show": cmd_sandbox_show, "join": cmd_sandbox_join, "leave": cmd_sandbox_leave,
            "set": cmd_sandbox_set}
