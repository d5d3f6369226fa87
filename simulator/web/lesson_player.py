"""Playing a lesson in its own world: each action of the scenario vocabulary done the way the
scenario runner does it over HTTP (sends through the official SDK as the lesson's account;
handsets, carriers, faults, the clock through the control plane), but dispatched through
this app's own routes in process, as the dashboard's diagnosis reads them. So a lesson
leaves exactly the evidence a scenario does (request log, messages, outboxes, webhooks),
and needs no socket, no subprocess and no second engine.

``catch_up`` is the player's heartbeat: whoever looks at the lesson (the page polls every
second, ``smsim lesson run`` too) does what fell due, then reads the state. The state and
the decisions are ``engine/lessons.py`` and ``domain/lesson_play.py``.
"""

from __future__ import annotations

import contextvars
import logging
import time
from collections.abc import Callable

from flask import Flask
from smsim.domain import lesson_play
from smsim.domain.errors import title
from smsim.domain.lessons import Lesson
from smsim.engine import accounts
from smsim.engine import lessons as lesson_state
from smsim.web import settings, world_context
from smsim.web.ui.diagnosis import InProcessHttp
from twilio.rest import Client

log = logging.getLogger("smsim.lessons")
APP_PREFIX = "app:"
MAX_MOVES = 10_000  # every move makes progress; this only bounds a bug
# The stand-in application's webhooks: /_sim/lessons/app/<world>/<path> (control/lessons.py).
APP_ROUTE = "/_sim/lessons/app"
# The order a world table is applied in, as the scenario runner applies it.
WORLD_ORDER = ("app", "blocked_countries", "numbers", "carriers", "handsets", "services",
               "opt_outs", "faults", "presets")


class ActionRefused(Exception):
    """The simulator refused an action of the lesson; the message says which and why."""



def isolated(function: Callable, *args):
    """Run ``function`` in a context of its own: each request it dispatches gets its own app
    context (its own ``g``), as one arriving over HTTP would, not the caller's."""
    return contextvars.Context().run(function, *args)


class World:
    """The lesson's world, reached through this app's routes in process."""

    def __init__(self, app: Flask, sid: str, account: dict):
        """``sid``: the world's account SID; ``account``: its row (engine.accounts)."""
        config = app.config["SMSIM"]
        self.app, self.sid, self.account = app, sid, account
        self.base_url = config.public_url  # the SDK's base URL; dispatched in process
        self.app_url = settings.local_url(config)  # where "app:/path" points: see url()

    @classmethod
    def of(cls, app: Flask, store, sid: str) -> World:
        return cls(app, sid, accounts.default(store))

    def control(self, method: str, path: str, body: dict | None = None) -> dict:
        def call():
            answer = self.app.test_client().open(
                f"/_sim{path}", method=method, json=body,
                headers={world_context.HEADER: self.sid})
            data = answer.get_json(silent=True) or {}
            if answer.status_code >= 400:
                raise ActionRefused(f"{method} /_sim{path}: {data.get('error', data)}")
            return data
        return isolated(call)

    def sdk(self, credentials: str = "live") -> Client:
        a = self.account
        sid, token = {"live": (a["sid"], a["auth_token"]),
                      "test": (a["test_sid"], a["test_token"]),
                      "wrong": (a["sid"], "0" * 32)}[credentials]
        client = Client(sid, token, http_client=InProcessHttp(self.app))
        client.edge = client.region = None  # TWILIO_EDGE/REGION would rewrite the host
        client.api.base_url = self.base_url
        client.messaging.base_url = self.base_url
        return client

    def url(self, value):
        """"app:/sms" -> the stand-in app's URL for this world; anything else unchanged."""
        if isinstance(value, str) and value.startswith(APP_PREFIX):
            return f"{self.app_url}{APP_ROUTE}/{self.sid}{value[len(APP_PREFIX):]}"
        return value


class Player:
    def __init__(self, world: World, store, lesson: Lesson):
        # ``store``: the lesson world's handle (world_context), which the engine takes.
        self.world, self.store, self.lesson = world, store, lesson

    # --- the heartbeat -----------------------------------------------------------------------
    def due(self) -> bool:
        """Whether a look now would do anything (a cheap read, no write): what the ticker
        asks before it catches up."""
        state = lesson_state.state(self.store)
        if state is None:
            return False
        after, move = lesson_play.next_move(state, self.lesson, self.store.now(), time.time())
        return move.kind not in ("wait", "busy", "done") or after != state

    def catch_up(self) -> dict:
        """Do every move that is due now, one at a time; return the state."""
        for _ in range(MAX_MOVES):
            move = lesson_state.claim(self.store, self.lesson)
            if move.kind in ("wait", "busy", "done"):
                break
            if move.kind == "finish":
                lesson_state.finish(self.store)
                break
            events, app, services = [], {}, {}
            try:
                if move.kind == "skip":
                    self.world.control("POST", "/clock/advance", {"seconds": move.seconds})
                else:
                    events, app, services = self.perform(move.step, move.action)
            except Exception as exc:  # recorded for the page, and the lesson goes on
                if not isinstance(exc, ActionRefused):
                    log.exception("a lesson action failed")
                events = [self.event(move.step, "error", message=str(exc))]
            finally:
                lesson_state.complete(self.store, events, app, services)
        return lesson_state.state(self.store)

    def event(self, step: int, kind: str, **fields) -> dict:
        return {"step": step, "at": self.store.now(), "kind": kind, **fields}

    # --- actions -----------------------------------------------------------------------------
    def perform(self, step: int, action: dict) -> tuple[list[dict], dict, dict]:
        """(events, the stand-in app's new answers, Messaging Services made)."""
        kind, body = next(iter(action.items()))
        if kind == "world":
            return self.apply_world(step, body)
        if kind == "app":
            return [self.event(step, "app", path=body["path"],
                               status=int(body.get("status", 200)))], {body["path"]: body}, {}
        if kind == "text":
            return [self.text(step, body)], {}, {}
        return [self.send(step, body)], {}, {}

    def send(self, step: int, body: dict) -> dict:
        """Through the official SDK, as the lesson's application would; a refusal is what
        the app would log (the diagnosis has to find it), not an error of the lesson."""
        from twilio.base.exceptions import TwilioRestException

        credentials = body.get("credentials", "live")
        client = self.world.sdk(credentials)
        kwargs = {"to": body["to"], "body": body.get("body", "lesson message")}
        if body.get("from"):
            kwargs["from_"] = body["from"]
        if body.get("media"):
            kwargs["media_url"] = body["media"]
        if body.get("status_callback"):
            kwargs["status_callback"] = self.world.url(body["status_callback"])
        if body.get("messaging_service"):
            services = lesson_state.state(self.store)["services"]
            kwargs["messaging_service_sid"] = services.get(body["messaging_service"],
                                                           body["messaging_service"])
        answers: dict[tuple, dict] = {}
        for n in range(1, body.get("count", 1) + 1):
            each = {**kwargs, "body": kwargs["body"].replace("{n}", str(n))}
            try:
                message = isolated(lambda each=each: client.messages.create(**each))
                key = (201, None, message.status)
                answer = {"status": 201, "message_status": message.status, "sid": message.sid}
            except TwilioRestException as exc:
                key = (exc.status, exc.code, None)
                answer = {"status": exc.status, "code": exc.code,
                          "title": title(exc.code) if exc.code else ""}
            answers.setdefault(key, {**answer, "count": 0})["count"] += 1
        return self.event(step, "send", to=body["to"], body=body.get("body", ""),
                          count=body.get("count", 1), credentials=credentials,
                          answers=list(answers.values()),
                          **{"from": body.get("from") or body.get("messaging_service")})

    def text(self, step: int, body: dict) -> dict:
        sent = self.world.control("POST", f"/handsets/{body['from']}/messages",
                                  {"to": body["to"], "body": body.get("body", ""),
                                   "media_urls": body.get("media", [])})
        return self.event(step, "text", to=body["to"], body=body.get("body", ""),
                          outcome=sent["outcome"], cause=sent["cause"],
                          **{"from": body["from"]})

    def apply_world(self, step: int, world: dict) -> tuple[list[dict], dict, dict]:
        events, app, services = [], {}, {}
        w = self.world
        for key in WORLD_ORDER:
            if key not in world:
                continue
            for spec in [world[key]] if key == "blocked_countries" else world[key]:
                if key == "app":
                    app[spec["path"]] = spec
                    events.append(self.event(step, "app", path=spec["path"],
                                             status=int(spec.get("status", 200))))
                elif key == "blocked_countries":
                    w.control("PUT", "/inbound", {"blocked_countries": spec})
                    events.append(self.event(step, "blocked_countries", countries=spec))
                elif key == "numbers":
                    events.append(self.number(step, dict(spec)))
                elif key in ("carriers", "handsets"):
                    spec = dict(spec)
                    name = spec.pop("name" if key == "carriers" else "number")
                    w.control("PUT", f"/{key}/{name}", spec)
                    events.append(self.event(step, key[:-1], changes=spec,
                                             **{"name" if key == "carriers" else "number": name}))
                elif key == "services":
                    services.update(self.service(spec))
                    events.append(self.event(step, "service", friendly_name=spec["friendly_name"],
                                             numbers=spec.get("numbers", [])))
                elif key == "opt_outs":
                    w.control("POST", "/opt-outs", spec)
                    events.append(self.event(step, "opt_out", **spec))
                elif key == "faults":
                    w.control("POST", "/faults", spec)
                    events.append(self.event(step, "fault", name=spec.get("name"),
                                             effect=spec.get("effect", {})))
                else:
                    w.control("POST", f"/faults/presets/{spec['name']}",
                              {"match": spec["match"]} if "match" in spec else {})
                    events.append(self.event(step, "preset", name=spec["name"],
                                             match=spec.get("match", {})))
        return events, app, services

    def number(self, step: int, spec: dict) -> dict:
        """Buy the number if the lesson's account does not own it; set its webhooks through
        the SDK, its capabilities and send rate through the control plane."""
        phone = spec.pop("phone_number")
        client = self.world.sdk()
        changes = dict(spec)
        caps, send_rate = spec.pop("capabilities", None), spec.pop("send_rate", None)
        owned = isolated(lambda: client.incoming_phone_numbers.list(phone_number=phone))
        number = owned[0] if owned else isolated(
            lambda: client.incoming_phone_numbers.create(phone_number=phone))
        if spec:
            fields = {k: self.world.url(v) for k, v in spec.items()}
            isolated(lambda: client.incoming_phone_numbers(number.sid).update(**fields))
        if caps or send_rate:
            self.world.control("PUT", f"/numbers/{phone}", {
                k: v for k, v in (("capabilities", caps), ("send_rate", send_rate)) if v})
        return self.event(step, "number", phone_number=phone, changes=changes)

    def service(self, spec: dict) -> dict:
        client = self.world.sdk()
        fields = {k: self.world.url(v) for k, v in spec.items()
                  if k not in ("friendly_name", "numbers")}
        service = isolated(lambda: client.messaging.v1.services.create(
            friendly_name=spec["friendly_name"], **fields))
        for phone in spec.get("numbers", []):
            sid = isolated(lambda p=phone: client.incoming_phone_numbers.list(
                phone_number=p))[0].sid
            isolated(lambda s=sid: client.messaging.v1.services(service.sid).phone_numbers
                     .create(phone_number_sid=s))
        return {spec["friendly_name"]: service.sid}
