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
from smsim.domain import phone
from smsim.domain.clock import iso8601
from smsim.store import fault_rules as fault_rules_store
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
    rule_id = fault_rules_store.add(store, rule.name, json.dumps(data), rule.point, store.now())
    return view(fault_rules_store.get(store, rule_id))


def get(store: Store, rule_id: int) -> dict | None:
    """One rule as the control plane shows it; None when there is no such rule."""
    row = fault_rules_store.get(store, rule_id)
    return None if row is None else view(row)


def view(row: dict) -> dict:
    rule = faults.parse_rule(json.loads(row["spec"]))
    return {"id": row["id"], **faults.as_json(rule), "seen": row["seen"],
            "fired": row["fired"], "created": iso8601(row["created_at"])}


def listing(store: Store) -> list[dict]:
    return [view(row) for row in fault_rules_store.in_order(store)]


def remove(store: Store, rule_id: int) -> bool:
    return fault_rules_store.delete(store, rule_id)


def clear(store: Store) -> int:
    return fault_rules_store.delete_all(store)


def message_facts(message: dict) -> dict:
    """What fault rules match a message on: its numbers without a channel prefix (as
    match.to/from are written, and as the api point sees a create's To), and its channel."""
    return {"account": message["account_sid"],
            "from": phone.plain_number(message["from_addr"]),
            "to": phone.plain_number(message["to_addr"]), "body": message["body"],
            "messaging_service": message["messaging_service_sid"],
            "direction": message["direction"],
            "channel": phone.channel_of(message["to_addr"])}


def any_for(store: Store, point: str) -> bool:
    """Whether any rule acts at ``point`` (cheap; callers skip gathering facts when not).
    A world without rules (the rule count in meta, read once per request) asks nothing."""
    return any_rules(store) and fault_rules_store.count_at_point(store, point) > 0


def any_rules(store: Store) -> bool:
    """Has the world any fault rule? (Read once per request.)"""
    return fault_rules_store.any_rules(store)


def evaluate(store: Store, point: str, facts: dict, *, message_sid: str | None = None,
             request: str | None = None, now: float | None = None) -> Fired | None:
    """The first rule of ``point`` that fires for ``facts``, logged; None when none does."""
    if not fault_rules_store.any_rules(store):
        return None
    rows = fault_rules_store.at_point(store, point)
    if not rows:
        return None
    now = store.now() if now is None else now
    with store.write():
        for row in rows:
            rule = faults.parse_rule(json.loads(row["spec"]))
            if not faults.criteria_hold(rule.match, facts, now):
                continue
            seen = fault_rules_store.count_seen(store, row["id"])
            fires = faults.counters_allow(rule.match, seen)
            draw = None
            if "probability" in rule.match:
                # One draw per (seed, rule, count): the same traffic fires on the same
                # messages on every run.
                draw = random.Random(f"{store.seed()}:fault:{row['id']}:{seen}").random()
                fires = fires and draw < rule.match["probability"]
            fault_rules_store.log_evaluation(store, {
                "rule_id": row["id"], "rule_name": rule.name, "point": point, "at": now,
                "message_sid": message_sid, "request": request,
                "facts": json.dumps(facts, sort_keys=True), "seen": seen, "draw": draw,
                "fired": int(fires), "effects": json.dumps(list(rule.effects))})
            if fires:
                fault_rules_store.count_fired(store, row["id"])
                return Fired(row["id"], rule.name, rule.effects)
    return None


def log(store: Store, *, message_sid: str | None = None, rule_id: int | None = None,
        fired: bool | None = None, limit: int = 1000) -> list[dict]:
    rows = fault_rules_store.log_entries(store, message_sid=message_sid, rule_id=rule_id,
                                         fired=fired, limit=limit)
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
