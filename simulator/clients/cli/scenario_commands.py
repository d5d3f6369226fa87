"""``smsim scenario list | show NAME | run NAME... | run --all``."""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

from smsim.clients.cli.output import emit, fail, table
from smsim.clients.sim_client import ClientError, SimClient


def add_parser(sub, common) -> None:
    scenario = sub.add_parser("scenario", help="Scenarios of the guide's symptoms: list, "
                              "show, run.")
    ssub = scenario.add_subparsers(dest="scenario_command", required=True, metavar="ACTION")
    where = argparse.ArgumentParser(add_help=False)
    where.add_argument("--dir", type=Path, help="scenario directory (default $SMSIM_SCENARIOS,"
                       " ./scenarios, or the project's)")
    listing = ssub.add_parser("list", parents=[common, where], help="List the scenarios.")
    listing.add_argument("--lang", choices=["en", "ja"], default="en",
                         help="language of the titles (ja: the file's title_ja)")
    listing.set_defaults(run=cmd_list)
    show = ssub.add_parser("show", parents=[common, where], help="Print one scenario.")
    show.add_argument("name")
    show.set_defaults(run=cmd_show)
    run = ssub.add_parser("run", parents=[common, where], help="Run scenarios and check the "
                          "diagnosis (exit 1 if any is wrong). Without --url, an embedded "
                          "simulator is started; with --url, the world of --account-sid (else "
                          "the default world) is reset and played in, unless --new-world.")
    run.add_argument("names", nargs="*", metavar="NAME")
    run.add_argument("--all", action="store_true", help="every scenario, with a confusion "
                     "matrix")
    run.add_argument("--new-world", action="store_true",
                     help="with --url: play each scenario in a new world of its own (POST "
                          "/_sim/accounts, named after the scenario's title) and keep it to "
                          "look at; no existing world is reset")
    run.set_defaults(run=cmd_run)


def _scenarios(args) -> dict:
    from smsim.domain.scenarios import default_dir, discover

    return discover(args.dir or default_dir())


def cmd_list(args) -> int:
    from smsim.domain.scenarios import ScenarioError, load

    try:
        rows = []
        for path in _scenarios(args).values():
            s = load(path)
            rows.append({"name": s.name, "symptoms": s.symptoms,
                         "title": s.title_in(args.lang)})
    except ScenarioError as exc:
        return fail("scenario list", str(exc))
    emit(args, {"scenarios": rows}, rows, ["name", "symptoms", "title"])
    return 0


def cmd_show(args) -> int:
    from smsim.domain.scenarios import ScenarioError

    try:
        paths = _scenarios(args)
        if args.name not in paths:
            raise ScenarioError(f"no scenario named {args.name!r}")
    except ScenarioError as exc:
        return fail("scenario show", str(exc))
    text = paths[args.name].read_text(encoding="utf-8")
    emit(args, {"name": args.name, "path": str(paths[args.name]), "text": text}, text=text)
    return 0


def confusion(results) -> tuple[list[str], dict]:
    """Expected id (rows) against detected ids (columns); "healthy" stands for none."""
    counts = Counter()
    for r in results:
        detected = r.detected or ["healthy"]
        for expected in r.expected:
            for got in detected:
                counts[(expected, got)] += 1
    ids = sorted({e for e, _ in counts} | {g for _, g in counts})
    return ids, counts


def _where(control: SimClient, scenario, new_world: bool) -> SimClient:
    """The control client a scenario runs with: the one given (its world is reset), or one
    naming a new world made for this run, named after the scenario."""
    if not new_world:
        return control
    made = control.new_world(scenario.title)
    return control.in_world(made["account_sid"])


def cmd_run(args) -> int:
    from smsim.clients.scenarios.runner import run
    from smsim.clients.sdk import EmbeddedSimulator
    from smsim.domain.scenarios import ScenarioError, load

    try:
        paths = _scenarios(args)
        names = list(paths) if args.all else args.names
        if not names:
            raise ScenarioError("name scenarios to run, or --all")
        missing = [n for n in names if n not in paths]
        if missing:
            raise ScenarioError(f"no scenario named {', '.join(missing)}")
        scenarios = [load(paths[n]) for n in names]
    except ScenarioError as exc:
        return fail("scenario run", str(exc))
    if args.new_world and args.url is None:
        return fail("scenario run", "--new-world needs --url: an embedded simulator and its "
                    "worlds are gone when the run ends")
    embedded = None
    try:
        if args.url is None:
            embedded = EmbeddedSimulator()
        control = SimClient(embedded.url if embedded else args.url, account_sid=args.account_sid,
                            auth=args.control_auth)
        results = [run(_where(control, s, args.new_world), s) for s in scenarios]
    except (ScenarioError, ClientError) as exc:
        return fail("scenario run", str(exc))
    finally:
        if embedded:
            embedded.stop()
    rows = [{**r.as_json(), "expected": ",".join(r.expected),
             "detected": ",".join(r.detected) or "healthy",
             "verdict": "PASS" if r.passed else "FAIL"} for r in results]
    data = {"results": [r.as_json() for r in results]}
    if args.all:
        ids, counts = confusion(results)
        data["confusion"] = {e: {g: counts[(e, g)] for g in ids if counts[(e, g)]}
                             for e in ids}
    if args.json:
        emit(args, data)
    else:
        print(table(rows, ["scenario", "expected", "detected", "verdict",
                           "simulated_seconds", "wall_seconds"]
                    + (["world"] if args.new_world else [])))
        if args.all:
            print("\nconfusion matrix (rows: expected, columns: detected; "
                  "healthy = no symptom)")
            keys = [str(i + 1) for i in range(len(ids))]
            matrix = [{"expected": f"{k} {e}", **{c: counts[(e, g)] or "."
                                                 for c, g in zip(keys, ids, strict=True)}}
                      for k, e in zip(keys, ids, strict=True)]
            print(table(matrix, ["expected", *keys]))
        failed = sum(not r.passed for r in results)
        print(f"\n{len(results) - failed} passed, {failed} failed")
    return 1 if any(not r.passed for r in results) else 0
