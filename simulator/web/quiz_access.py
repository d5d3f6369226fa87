"""What a quiz opens to clients over the network (docs/quiz.md, README "Security"), asked by
web/access.py for a remote client that does not present the default account's credentials.

Only while a quiz is open and its trainer allows trainees over the network
(``--control-remote`` still required):

- **Joining.** ``/quiz/join`` (GET, POST) and the dashboard's static files answer without
  credentials: the join code is the secret, and the join page counts wrong codes and locks
  the client's address out after a few (engine/quiz.py).
- **A trainee's own world.** HTTP Basic with the account SID and auth token of a trainee's
  world admits requests that name that world and no other (``X-Smsim-Account``, or
  ``?world=`` on the dashboard's pages): its dashboard pages, its ``/_sim`` requests and its
  quiz answer page. Never a request that names no world or another one, the endpoints that
  span worlds or make one (``/_sim/accounts``: every world's account and token, creating and
  deleting worlds; running a scenario from the Scenarios page, which makes a world), or the
  trainer's quiz pages: 403. A page visited without ``?world=`` is sent to
  the same page of the trainee's world.

The Host allow-list and the cross-site write refusals of web/access.py apply all the same.
"""

from __future__ import annotations

import hmac
from collections.abc import Callable
from urllib.parse import urlencode

from flask import g, redirect, request
from smsim.engine import accounts
from smsim.engine import quiz as quizzes
from smsim.engine.worlds import WorldError
from smsim.web import world_context

ADMIT = object()  # the verdict that lets the request through
JOIN = "/quiz/join"
# The quiz's stand-in application (web/ui/quiz_setup.py): answers every request with the same
# empty TwiML, reads and changes nothing, so every client may reach it.
STAND_IN = "/quiz/app/"
# Endpoints that name no world.
WORLDLESS = {"ui.static", "ui.quiz_join"}
# Endpoints no trainee may reach, whatever world they name: the trainer's, and those that
# span every world or make one (a scenario run from the Scenarios page plays in a world made
# for it). ``ui.quiz_page``, the navigation's "Quiz", sends a trainee's world to its answer
# page and never shows a trainer's page for it.
NEVER = {"ui.quiz_start", "ui.quiz_view", "ui.quiz_rows", "ui.quiz_network",
         "ui.quiz_reveal", "ui.quiz_close", "ui.quiz_unlock",
         "control.accounts_collection", "control.delete_world", "ui.run_scenario"}
_EVERY = object()


def lists_world(sid: str | None) -> bool:
    """May the world selector show this world to this client? A trainee over the network sees
    only their own; an anonymous client on the join page, none."""
    only = g.get("quiz_only_world", _EVERY)
    return only is _EVERY or (sid is not None and sid == only)


def verdict(auth, refuse: Callable[[str, int], object]):
    """ADMIT, a response (a refusal or a redirect), or None: not a quiz trainee's request
    (web/access.py then asks for the default account's credentials)."""
    default = world_context.worlds().default
    anonymous = auth is None or auth.type != "basic" or not auth.username
    if request.path == JOIN or (anonymous and request.endpoint == "ui.static"):
        if not quizzes.network_joining(default):
            if request.path == JOIN:
                return refuse("no quiz takes trainees over the network now: the trainer "
                              "allows it on the quiz's page (with --control-remote)", 403)
            return None
        g.quiz_only_world = ""
        return ADMIT
    if anonymous:
        return None
    seat = quizzes.network_seat(default, auth.username)
    if seat is None:
        return None
    world = auth.username
    try:
        account = accounts.get(world_context.worlds().named(world), world)
    except WorldError:  # the trainer deleted that world
        return None
    if account is None or not hmac.compare_digest((auth.password or "").encode(),
                                                  account["auth_token"].encode()):
        return None
    g.quiz_only_world = world
    return _own_world_only(world, account["test_sid"], refuse)


def _own_world_only(world: str, test_sid: str, refuse):
    endpoint = request.endpoint or ""
    if endpoint in WORLDLESS:
        return ADMIT
    if endpoint in NEVER or not endpoint.startswith(("ui.", "control.")):
        return refuse("a quiz trainee's credentials open their own world's pages and "
                      "requests only, not this", 403)
    # The world the request will act on, found as world_context.resolve finds it.
    named = request.headers.get(world_context.HEADER) or (
        request.args.get("world") if not request.path.startswith("/_sim") else None)
    named = (named or "").strip()
    if not named:
        if request.method == "GET" and endpoint.startswith("ui."):
            args = [(k, v) for k, v in request.args.items(multi=True) if k != "world"]
            return redirect(f"{request.path}?{urlencode([*args, ('world', world)])}")
        return refuse(f"name your world: header {world_context.HEADER}: {world} (a quiz "
                      "trainee's credentials open that world only)", 403)
    if named not in (world, test_sid):
        return refuse(f"these credentials open world {world} only, not {named}", 403)
    return ADMIT
