"""Fault rules at run time: stored in order, counted, drawn from the seeded source, logged.

``evaluate`` is called at each decision point (api, plan, status_callback,
incoming_message); the first rule of that point whose match holds fires. Every time a rule's
criteria hold it is logged, fired or not, with the count and the random draw, so a CI run can
be explained and replayed.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass

from smsim.domain import fault_rules as faults
from smsim.domain.clock import iso8601
from smsim.store.database import Store


@dataclass(frozen=True)
class Fired:
    rule_id: int
    name: str
    effects: tuple[dict, ...]

    def label(self) -> str:
        return f"fault rule {self.rule_id}" + (f" ({self.name})" if self.name else "")


def add(store: Store, data) -> dict:
    rule = faults.parse_rule(data)
    with store.write() as db:
        db.conn.execute("INSERT INTO faults(name, spec, point, created_at) VALUES (?, ?, ?, ?)",
                        [rule.name, json.dumps(data), rule.point, store.now()])
        rule_id = db.conn.execute("SELECT last_insert_rowid()").fetchone()[0]
    return view(store.get("faults", id=rule_id))


def view(row: dict) -> dict:
    rule = faults.parse_rule(json.loads(row["spec"]))
    return {"id": row["id"], **faults.as_json(rule), "seen": row["seen"],
            "fired": row["fired"], "created": iso8601(row["created_at"])}


def listing(store: Store) -> list[dict]:
    return [view(row) for row in store.select("faults", order="id")]


def remove(store: Store, rule_id: int) -> bool:
    with store.write() as db:
        return db.conn.execute("DELETE FROM faults WHERE id = ?", [rule_id]).rowcount > 0


def clear(store: Store) -> int:
    with store.write() as db:
        return db.conn.execute("DELETE FROM faults").rowcount


def message_facts(message: dict) -> dict:
    """What fault rules match a message on."""
    return {"account": message["account_sid"], "from": message["from_addr"],
            "to": message["to_addr"], "body": message["body"],
            "messaging_service": message["messaging_service_sid"],
            "direction": message["direction"]}


def any_for(store: Store, point: str) -> bool:
    """Whether any rule acts at ``point`` (cheap; callers skip gathering facts when not)."""
    return store.count("faults", "point = ?", [point]) > 0


def evaluate(store: Store, point: str, facts: dict, *, message_sid: str | None = None,
             request: str | None = None, now: float | None = None) -> Fired | None:
    """The first rule of ``point`` that fires for ``facts``, logged; None when none does."""
    rows = store.select("faults", "point = ?", [point], order="id")
    if not rows:
        return None
    now = store.now() if now is None else now
    with store.write() as db:
        for row in rows:
            rule = faults.parse_rule(json.loads(row["spec"]))
            if not faults.criteria_hold(rule.match, facts, now):
                continue
            seen = db.conn.execute("UPDATE faults SET seen = seen + 1 WHERE id = ? "
                                   "RETURNING seen", [row["id"]]).fetchone()[0]
            fires = faults.counters_allow(rule.match, seen)
            draw = None
            if "probability" in rule.match:
                # One draw per (seed, rule, count): the same traffic fires on the same
                # messages on every run.
                draw = random.Random(f"{store.seed()}:fault:{row['id']}:{seen}").random()
                fires = fires and draw < rule.match["probability"]
            store.insert("fault_log", {
                "rule_id": row["id"], "rule_name": rule.name, "point": point, "at": now,
                "message_sid": message_sid, "request": request,
                "facts": json.dumps(facts, sort_keys=True), "seen": seen, "draw": draw,
                "fired": int(fires), "effects": json.dumps(list(rule.effects))})
            if fires:
                db.conn.execute("UPDATE faults SET fired = fired + 1 WHERE id = ?",
                                [row["id"]])
                return Fired(row["id"], rule.name, rule.effects)
    return None


def log(store: Store, *, message_sid: str | None = None, rule_id: int | None = None,
        fired: bool | None = None, limit: int = 1000) -> list[dict]:
    where, params = ["1"], []
    if message_sid:
        where.append("message_sid = ?")
        params.append(message_sid)
    if rule_id is not None:
        where.append("rule_id = ?")
        params.append(rule_id)
    if fired is not None:
        where.append("fired = ?")
        params.append(int(fired))
    rows = store.select("fault_log", " AND ".join(where), params, order="id", limit=limit)
    return [{"id": r["id"], "rule_id": r["rule_id"], "rule_name": r["rule_name"],
             "point": r["point"], "time": iso8601(r["at"]), "message_sid": r["message_sid"],
             "request": r["request"], "facts": json.loads(r["facts"]), "count": r["seen"],
             "draw": r["draw"], "fired": bool(r["fired"]),
             "effects": json.loads(r["effects"])} for r in rows]


def wall_sleep_seconds(fired: Fired | None) -> float:
    """The injected API latency of a fired api rule, capped (the web layer waits it out)."""
    if fired is None:
        return 0.0
    return min(sum(e["seconds"] for e in fired.effects if e["type"] == "latency"),
               faults.MAX_LATENCY)
