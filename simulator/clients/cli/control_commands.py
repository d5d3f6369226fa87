"""CLI commands over the control plane (/_sim) of a running simulator."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from smsim.clients.cli.output import emit, fail
from smsim.clients.sim_client import ClientError, SimClient
from smsim.domain.durations import parse_duration


def _runner(name: str, body):
    """Wrap a command body: a client from --url, control-plane errors to exit status 1."""
    def run(args: argparse.Namespace) -> int:
        try:
            client = SimClient(args.url, account_sid=args.account_sid, auth=args.control_auth)
            return body(client, args) or 0
        except (ClientError, ValueError) as exc:
            return fail(name, str(exc))
    return run


def add_parsers(sub, common) -> None:
    steps = sub.add_parser("steps", parents=[common], help="A message's delivery steps.",
                           description="The guide's delivery steps of one message.")
    steps.add_argument("sid")
    steps.add_argument("--plan", action="store_true", help="include steps still to come")
    steps.set_defaults(run=_runner("steps", cmd_steps))

    handset = sub.add_parser("handset", help="Act on a handset: show, set, send, inbox, "
                             "outbox.")
    hsub = handset.add_subparsers(dest="handset_command", required=True, metavar="ACTION")
    for name, what in (("show", "its state"), ("inbox", "what it received"),
                       ("outbox", "what it sent and where each text stopped")):
        one = hsub.add_parser(name, parents=[common], help=f"Print {what}.")
        one.add_argument("number", help="the handset's number (E.164 or a short code)")
        one.set_defaults(run=_runner(f"handset {name}", cmd_handset_read), action=name)
    setter = hsub.add_parser("set", parents=[common], help="Change its state.",
                             description="Change a handset: power=on|off signal=good|poor|"
                             "none roaming=true|false active=true|false line_type=mobile|"
                             "landline|voip carrier=NAME country=CC blocked_senders=+1..,+1.. "
                             "whatsapp.installed=true|false whatsapp.reads_after=SECONDS|never")
    setter.add_argument("number")
    setter.add_argument("settings", nargs="+", metavar="KEY=VALUE")
    setter.set_defaults(run=_runner("handset set", cmd_handset_set))
    send = hsub.add_parser("send", parents=[common], help="Text a number from this handset.")
    send.add_argument("number", help="the handset's number")
    send.add_argument("--to", required=True, help="the number to text")
    send.add_argument("--body", default="", help="the text")
    send.add_argument("--media", action="append", default=[], metavar="URL",
                      help="a media URL (repeat for several)")
    send.add_argument("--channel", choices=["sms", "whatsapp"], default="sms",
                      help="an SMS, or a WhatsApp message (opens the 24-hour window)")
    send.set_defaults(run=_runner("handset send", cmd_handset_send))

    faults = sub.add_parser("faults", help="Fault rules: add, list, clear, preset, log.")
    fsub = faults.add_subparsers(dest="faults_command", required=True, metavar="ACTION")
    add = fsub.add_parser("add", parents=[common], help="Add a rule (JSON, or @file.json).",
                          description='Add a fault rule, e.g. \'{"match": {"to": "+1555..."},'
                          ' "effect": {"type": "api_error", "code": 21610}}\'.')
    add.add_argument("rule", help="the rule as JSON, or @path to a JSON file")
    add.set_defaults(run=_runner("faults add", cmd_faults_add))
    for name, helptext, body in (("list", "List the rules in order.", cmd_faults_list),
                                 ("clear", "Delete every rule.", cmd_faults_clear)):
        fsub.add_parser(name, parents=[common], help=helptext).set_defaults(
            run=_runner(f"faults {name}", body))
    log = fsub.add_parser("log", parents=[common], help="When rules matched and fired.")
    log.add_argument("--message", help="only this message SID")
    log.add_argument("--fired", action="store_true", help="only firings")
    log.set_defaults(run=_runner("faults log", cmd_faults_log))
    preset = fsub.add_parser("preset", parents=[common], help="Load a preset (no name: list).")
    preset.add_argument("name", nargs="?")
    preset.add_argument("--from", dest="from_", help="narrow it to this From")
    preset.add_argument("--to", help="narrow it to this To")
    preset.add_argument("--account", help="narrow it to this account SID")
    preset.set_defaults(run=_runner("faults preset", cmd_faults_preset))

    clock = sub.add_parser("clock", help="The simulator's clock: show, advance, mode.")
    csub = clock.add_subparsers(dest="clock_command", required=True, metavar="ACTION")
    csub.add_parser("show", parents=[common], help="Print mode, speed and now.").set_defaults(
        run=_runner("clock show", cmd_clock_show))
    advance = csub.add_parser("advance", parents=[common], help="Move time forward (manual "
                              "mode): 30, 30s, 5m, 1h.")
    advance.add_argument("duration")
    advance.set_defaults(run=_runner("clock advance", cmd_clock_advance))
    mode = csub.add_parser("mode", parents=[common], help="Switch to manual or realtime.")
    mode.add_argument("mode", choices=["manual", "realtime"])
    mode.add_argument("--speed", type=float, help="realtime speed factor")
    mode.set_defaults(run=_runner("clock mode", cmd_clock_mode))

    requests = sub.add_parser("requests", parents=[common], help="The API request log.")
    requests.add_argument("--account")
    requests.add_argument("--path", help="path prefix")
    requests.add_argument("--since", help="epoch seconds or ISO 8601 time")
    requests.add_argument("--limit", type=int, default=50)
    requests.set_defaults(run=_runner("requests", cmd_requests))
    webhooks = sub.add_parser("webhooks", parents=[common], help="Webhooks sent and their "
                              "attempts.")
    webhooks.add_argument("--message", help="only this message SID")
    webhooks.add_argument("--account")
    webhooks.set_defaults(run=_runner("webhooks", cmd_webhooks))
    verifications = sub.add_parser(
        "verifications", parents=[common], help="Verify verifications and their SMS.",
        description="The world's Verify verifications, newest first: status, attempts, wrong "
        "checks, and the SMS that carried each code with its status (docs/verify.md).")
    verifications.add_argument("--to", help="only those to this number")
    verifications.set_defaults(run=_runner("verifications", cmd_verifications))

    sub.add_parser("health", parents=[common], help="Exit 0 if the simulator answers healthy "
                   "(the container's HEALTHCHECK).").set_defaults(
        run=_runner("health", cmd_health))
    sub.add_parser("reset", parents=[common], help="Forget everything but the default "
                   "account's credentials.").set_defaults(run=_runner("reset", cmd_reset))
    seed = sub.add_parser("seed", parents=[common], help="Reset the world with this seed.")
    seed.add_argument("seed")
    seed.set_defaults(run=_runner("seed", cmd_seed))


def cmd_steps(client: SimClient, args) -> None:
    data = client.get(f"/messages/{args.sid}/steps", **({"plan": "true"} if args.plan else {}))
    summary = (f"{data['message_sid']} {data['from']} -> {data['to']}: {data['status']}; "
               f"queue {data['queue_wait_seconds']} s, carrier {data['carrier_seconds']} s"
               + (", DELAYED (over 30 s)" if data["delayed"] else ""))
    if args.json:
        emit(args, data)
        return
    emit(args, data, data["steps"], ["offset_seconds", "kind", "status", "error_code",
                                     "reason"])
    print(summary)


def cmd_handset_read(client: SimClient, args) -> None:
    path = {"show": "", "inbox": "/inbox", "outbox": "/outbox"}[args.action]
    data = client.get(f"/handsets/{args.number}{path}")
    if args.action == "show":
        emit(args, data, [{"field": k, "value": v} for k, v in data.items()],
             ["field", "value"])
    elif args.action == "inbox":
        emit(args, data, data["messages"], ["received_at", "message_sid", "from", "copy",
                                            "shown", "body"])
    else:
        emit(args, data, data["messages"], ["sent_at", "to", "outcome", "message_sid",
                                            "reason", "body"])


BOOLEAN = {"true": True, "false": False, "yes": True, "no": False, "on": True, "off": False}


def _setting(key: str, raw: str):
    if key in ("roaming", "active", "whatsapp.installed"):
        if raw.lower() not in BOOLEAN:
            raise ValueError(f"{key} must be true or false, got {raw!r}")
        return BOOLEAN[raw.lower()]
    if key == "blocked_senders":
        return [s for s in raw.split(",") if s]
    if key == "whatsapp.reads_after":
        if raw.lower() in ("never", "none", "null"):
            return None
        try:
            return float(raw)
        except ValueError:
            raise ValueError(f"{key} must be seconds or 'never', got {raw!r}") from None
    return raw


def cmd_handset_set(client: SimClient, args) -> None:
    changes = {}
    for item in args.settings:
        key, sep, raw = item.partition("=")
        if not sep:
            raise ValueError(f"{item!r} is not KEY=VALUE")
        if key.startswith("whatsapp."):  # the WhatsApp side, set field by field
            changes.setdefault("whatsapp", {})[key.split(".", 1)[1]] = _setting(key, raw)
        else:
            changes[key] = _setting(key, raw)
    data = client.put(f"/handsets/{args.number}", changes)
    emit(args, data, [{"field": k, "value": v} for k, v in data.items()], ["field", "value"])


def cmd_handset_send(client: SimClient, args) -> None:
    data = client.post(f"/handsets/{args.number}/messages",
                       {"to": args.to, "body": args.body, "media_urls": args.media,
                        "channel": args.channel})
    emit(args, data, text=f"{data['from']} -> {data['to']}: {data['outcome']} "
                          f"({data['reason']})")


def cmd_faults_add(client: SimClient, args) -> None:
    raw = args.rule
    if raw.startswith("@"):
        raw = Path(raw[1:]).read_text(encoding="utf-8")
    try:
        rule = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise ValueError(f"the rule is not JSON: {exc}") from None
    data = client.post("/faults", rule)
    emit(args, data, text=f"added fault rule {data['id']} ({data['point']})")


def cmd_faults_list(client: SimClient, args) -> None:
    data = client.get("/faults")
    rows = [{**r, "match": json.dumps(r["match"]), "effects": json.dumps(r["effects"])}
            for r in data["faults"]]
    emit(args, data, rows, ["id", "name", "point", "seen", "fired", "match", "effects"])


def cmd_faults_clear(client: SimClient, args) -> None:
    data = client.request("DELETE", "/faults")
    emit(args, data, text=f"deleted {data['deleted']} fault rule(s)")


def cmd_faults_log(client: SimClient, args) -> None:
    params = {}
    if args.message:
        params["message"] = args.message
    if args.fired:
        params["fired"] = "true"
    data = client.get("/faults/log", **params)
    emit(args, data, data["log"], ["time", "rule_id", "rule_name", "point", "message_sid",
                                   "count", "draw", "fired"])


def cmd_faults_preset(client: SimClient, args) -> None:
    if not args.name:
        data = client.get("/faults/presets")
        emit(args, data, data["presets"], ["name", "symptom", "guide_section", "description"])
        return
    narrow = {k: v for k, v in (("from", args.from_), ("to", args.to),
                                ("account", args.account)) if v}
    data = client.post(f"/faults/presets/{args.name}", {"match": narrow} if narrow else {})
    emit(args, data, text=f"loaded preset {data['preset']}: rule(s) "
                          + ", ".join(str(r["id"]) for r in data["faults"]))


def _clock_text(data: dict) -> str:
    return f"{data['mode']} clock (speed {data['speed']:g}), now {data['now']}"


def cmd_clock_show(client: SimClient, args) -> None:
    data = client.get("/clock")
    emit(args, data, text=_clock_text(data))


def cmd_clock_advance(client: SimClient, args) -> None:
    data = client.post("/clock/advance", {"seconds": parse_duration(args.duration)})
    emit(args, data, text=f"{_clock_text(data)}; {data['steps_fired']} step(s) fired, "
                          f"{data['webhooks_delivered']} webhook(s) delivered")


def cmd_clock_mode(client: SimClient, args) -> None:
    body = {"mode": args.mode}
    if args.speed is not None:
        body["speed"] = args.speed
    data = client.post("/clock", body)
    emit(args, data, text=_clock_text(data))


def cmd_requests(client: SimClient, args) -> None:
    params = {k: v for k, v in (("account", args.account), ("path", args.path),
                                ("since", args.since)) if v}
    data = client.get("/requests", **params)
    rows = data["requests"][-args.limit:] if args.limit > 0 else data["requests"]
    emit(args, data, rows, ["iso_time", "method", "path", "status", "error_code", "sid"])


def cmd_webhooks(client: SimClient, args) -> None:
    params = {k: v for k, v in (("message", args.message), ("account", args.account)) if v}
    data = client.get("/webhooks", **params)
    rows = []
    for hook in data["webhooks"]:
        last = hook["attempts"][-1] if hook["attempts"] else {}
        rows.append({"due": hook["due"], "kind": hook["kind"],
                     "status": hook["params"].get("MessageStatus") or "received",
                     "message_sid": hook["message_sid"], "state": hook["state"],
                     "answer": last.get("status_code"), "error": last.get("error_code"),
                     "url": hook["url"]})
    emit(args, data, rows, ["due", "kind", "status", "message_sid", "state", "answer",
                            "error", "url"])


def cmd_verifications(client: SimClient, args) -> None:
    data = client.get("/verifications", **({"to": args.to} if args.to else {}))
    rows = [{"sid": v["sid"], "to": v["to"], "status": v["status"], "channel": v["channel"],
             "attempts": len(v["send_code_attempts"]), "wrong_checks": v["wrong_checks"],
             "created": v["date_created"],
             "sms": [f"{m['sid']} ({m['status'] or 'gone'})" for m in v["messages"]]}
            for v in data["verifications"]]
    emit(args, data, rows, ["sid", "to", "status", "channel", "attempts", "wrong_checks",
                            "created", "sms"])


def cmd_health(client: SimClient, args) -> int:
    data = client.get("/health")
    emit(args, data, text=f"{data['status']}: smsim {data['version']}, {data['clock']} clock, "
                          f"{data['accounts']} account(s)")
    return 0 if data["status"] == "ok" else 1


def cmd_reset(client: SimClient, args) -> None:
    data = client.post("/reset")
    emit(args, data, text=f"reset; default account {data['account']['account_sid']}")


def cmd_seed(client: SimClient, args) -> None:
    data = client.post("/seed", {"seed": args.seed})
    emit(args, data, text=f"reset with seed {data['seed']}")
