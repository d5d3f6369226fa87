"""``smsim whatsapp templates load FILE.toml`` and ``... list``: a world's Content templates
from a seed file, over the control plane (docs/whatsapp.md, Templates)."""

from __future__ import annotations

import argparse
import tomllib
from pathlib import Path

from smsim.clients.cli.output import emit, fail
from smsim.clients.sim_client import ClientError, SimClient


def add_parser(sub, common) -> None:
    whatsapp = sub.add_parser("whatsapp", help="WhatsApp: the world's Content templates.")
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
