"""``smsim lesson list | run ID``: the guide's lessons, one per section (docs/lessons.md).

``run`` mirrors the dashboard's player: it starts the lesson in a world of its own
(``POST /_sim/lessons/ID/start``), plays it on that world's clock (realtime at ``--speed``, or
``--step`` by step with the waits skipped), prints the guide's text of each step and what
happened, then runs ``smsim diagnose`` over the lesson's world. Exit status 0 when the
diagnosis names the lesson's symptom, 1 when it does not, 2 when the lesson could not run.
"""

from __future__ import annotations

import argparse
import sys
import time

from smsim.clients.cli.output import emit
from smsim.clients.sim_client import ClientError, SimClient

POLL = 0.25  # the most wall seconds between two looks at a playing lesson
WORDS = {
    "en": {"lesson": "Lesson", "section": "section", "world": "world", "setup":
           "Setting the stage", "step": "Step {step}/{steps}", "original": "the guide's "
           "original", "note": "in the world", "diagnosis": "Diagnosis",
           "pass": "PASS: the diagnosis names the lesson's symptom ({symptom})",
           "fail": "FAIL: the diagnosis does not name the lesson's symptom ({symptom})",
           "watch": "The lesson's world on the dashboard"},
    "ja": {"lesson": "レッスン", "section": "節", "world": "ワールド", "setup": "準備",
           "step": "ステップ {step}/{steps}", "original": "ガイドの原文", "note": "ワールドでは",
           "diagnosis": "診断",
           "pass": "合格: 診断はこのレッスンの症状 ({symptom}) を示しています",
           "fail": "不合格: 診断はこのレッスンの症状 ({symptom}) を示していません",
           "watch": "ダッシュボードでこのレッスンのワールドを見る"},
}


def add_parser(sub, common) -> None:
    lesson = sub.add_parser("lesson", help="The guide's lessons, one per section: list, run.")
    lsub = lesson.add_subparsers(dest="lesson_command", required=True, metavar="ACTION")
    language = argparse.ArgumentParser(add_help=False)
    language.add_argument("--lang", choices=["en", "ja"], default="en",
                          help="language of the guide's text and of what happened (ja: the "
                          "guide's own)")
    lsub.add_parser("list", parents=[common, language], help="List the lessons.").set_defaults(
        run=cmd_list)
    run = lsub.add_parser(
        "run", parents=[common, language],
        help="Play a lesson in a world of its own and check the diagnosis names its symptom "
        "(exit 0; 1 if not; 2 if it could not run). Without --url an embedded simulator is "
        "started; with --url the class's world there is left alone.")
    run.add_argument("lesson_id", metavar="ID")
    run.add_argument("--speed", type=float,
                     help="simulated seconds per wall second (default: the lesson's own)")
    run.add_argument("--step", action="store_true",
                     help="play step by step without waiting: each step's waits are skipped "
                     "by moving the lesson world's clock (CI)")
    run.add_argument("--delete-world", action="store_true",
                     help="delete the lesson's world at the end (default: keep it to look at)")
    run.set_defaults(run=cmd_run)


def cmd_list(args) -> int:
    from smsim.domain.lessons import LessonError, load_all

    try:
        lessons = load_all()
    except LessonError as exc:
        print(f"smsim lesson list: {exc}", file=sys.stderr)
        return 2
    rows = [{"id": x.id, "section": x.section, "symptom": x.symptom, "steps": len(x.steps),
             "title": x.title[args.lang]} for x in lessons.values()]
    emit(args, {"lessons": [x.as_json(full=False) for x in lessons.values()]}, rows,
         ["id", "section", "symptom", "steps", "title"])
    return 0


class Printer:
    """Prints a lesson as it plays: each step's guide text once, then its events as they
    come (a poll may bring several steps at once)."""

    def __init__(self, lesson: dict, lang: str, quiet: bool):
        self.lesson, self.lang, self.quiet = lesson, lang, quiet
        self.words = WORDS[lang]
        self.headed = -2  # the last step whose heading is printed (-1: the setting)
        self.printed = 0  # events printed

    def say(self, text: str = "") -> None:
        if not self.quiet:
            print(text, flush=True)

    def head(self, upto: int) -> None:
        while self.headed < upto:
            self.headed += 1
            if self.headed == -1:
                continue  # the setting has a heading only if it has events
            step = self.lesson["steps"][self.headed]
            self.say("\n" + self.words["step"].format(step=self.headed + 1,
                                                      steps=len(self.lesson["steps"])))
            self.say(_indent(step["guide"][self.lang]))
            if self.lang != "ja":
                self.say(_indent(f"({self.words['original']}) {step['guide']['ja']}"))
            if step["note"]:
                self.say(_indent(f"[{self.words['note']}] {step['note'][self.lang]}"))

    def show(self, state: dict) -> None:
        for event in state["events"][self.printed:]:
            if event["step"] == -1 and self.printed == 0:
                self.say("\n" + self.words["setup"])
            self.head(event["step"])
            self.say(f"    {event['at'][11:19]}  {event['text']}")
            self.printed += 1
        self.head(len(self.lesson["steps"]) - 1 if state["done"] else state["step"])


def _indent(text: str) -> str:
    return "\n".join("  " + line for line in text.splitlines())


def cmd_run(args) -> int:
    from smsim.clients.sdk import EmbeddedSimulator

    embedded = None
    try:
        if args.url is None:
            embedded = EmbeddedSimulator()
        control = SimClient(embedded.url if embedded else args.url, auth=args.control_auth)
        return play(args, control)
    except ClientError as exc:
        print(f"smsim lesson run: {exc}", file=sys.stderr)
        return 2
    finally:
        if embedded:
            embedded.stop()


def play(args, control: SimClient) -> int:
    from smsim.clients import diagnosis
    from smsim.clients.sdk import client_for
    from smsim.domain.diagnosis import evidence, report

    lang = {"lang": args.lang}
    lesson = control.get(f"/lessons/{args.lesson_id}")
    body = {"paused": args.step, **({"speed": args.speed} if args.speed else {})}
    started = control.request("POST", f"/lessons/{args.lesson_id}/start", json=body,
                              params=lang)
    world, account = started["world"], started["account"]
    player = control.in_world(world)
    printer = Printer(lesson, args.lang, quiet=args.json)
    words = printer.words
    printer.say(f"{words['lesson']}: {lesson['title'][args.lang]} ({lesson['id']}, "
                f"{words['section']} {lesson['section']}) — {words['world']} {world}")
    printer.say(_indent(lesson["summary"][args.lang]))
    state = started["lesson"]
    printer.show(state)
    while not state["done"]:
        if args.step:
            state = player.request("POST", "/lesson", json={"action": "step"}, params=lang)
        else:
            # Back when the current wait ends (the player acts when looked at), or soon.
            due = state.get("next_in_seconds")
            time.sleep(POLL if due is None else min(POLL, due + 0.005))
            state = player.request("GET", "/lesson", params=lang)
        printer.show(state)
    client = client_for(control.url, account["account_sid"], account["auth_token"])
    scope = evidence.Scope(since_seconds=state["elapsed_seconds"] + 1)
    result = diagnosis.diagnose(client, player, scope, args.lang)
    detected = [s["id"] for s in result["symptoms"]]
    passed = lesson["symptom"] in detected
    # A world to look at afterwards: not one the embedded simulator takes with it.
    kept = args.url is not None and not args.delete_world
    watch = f"{control.url}/lessons/{lesson['id']}?world={world}" + \
        ("&lang=ja" if args.lang == "ja" else "") if kept else None
    if args.delete_world:
        control.delete_world(world)
    verdict = words["pass" if passed else "fail"].format(symptom=lesson["symptom"])
    data = {"lesson": lesson["id"], "symptom": lesson["symptom"], "world": world,
            "detected": detected, "verdict": "pass" if passed else "fail",
            "simulated_seconds": state["elapsed_seconds"],
            "steps": [{"step": i + 1, "guide": s["guide"], "note": s["note"],
                       "events": [e for e in state["events"] if e["step"] == i]}
                      for i, s in enumerate(lesson["steps"])],
            "setup": [e for e in state["events"] if e["step"] == -1],
            "diagnosis": result, "dashboard": watch}
    text = "\n".join([f"\n{words['diagnosis']}", report.as_text(result, args.lang),
                      "", verdict] + ([f"{words['watch']}: {watch}"] if watch else []))
    emit(args, data, text=text)
    return 0 if passed else 1

