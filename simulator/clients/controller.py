"""The controller a test holds: one sealed world on a simulator, driven over HTTP.

The pytest plugin's ``smsim`` fixture and ``smsim.running()`` both hand out a ``Smsim``: the
world's account, the official SDK as that account, the clock, handsets, fault rules, the
evidence (steps, requests, webhooks, diagnose), and a server for the application's own
webhook endpoints. Everything here talks HTTP (the control plane, the Twilio API); nothing
imports pytest, so the same object works in a script, a notebook or another test runner.
"""

from __future__ import annotations

import re
import threading
from contextlib import contextmanager

from smsim.clients import diagnosis
from smsim.clients.sdk import client_for
from smsim.clients.sim_client import ClientError, SimClient
from smsim.domain.durations import parse_duration

# The text of a Verify SMS (domain/verify.message_body): the code is its last word.
VERIFY_CODE = re.compile(r"verification code is: (\d{4,10})$")
SETTLE_STEP = 5.0  # simulated seconds per look while waiting for an SMS
LOOPBACK = "127.0.0.1"


class Handset:
    """A phone in the test's world, for device-style assertions."""

    def __init__(self, smsim: Smsim, number: str):
        self.smsim, self.number = smsim, number

    def set(self, **state) -> dict:
        """Change the phone: ``power="off"``, ``signal="poor"``, ``roaming=True``,
        ``active=False``, ``blocked_senders=[...]``, ``carrier="name"``. Returns its state."""
        return self.smsim.control.put(f"/handsets/{self.number}", state)

    @property
    def state(self) -> dict:
        """The phone's state: ``number``, ``power``, ``signal``, ``roaming``, ``active``,
        ``carrier``, ``blocked_senders``, ..."""
        return self.smsim.control.get(f"/handsets/{self.number}")

    @property
    def inbox(self) -> list[dict]:
        """Every SMS copy the phone received, oldest first: ``message_sid``, ``from``,
        ``body``, ``received_at`` (ISO 8601), ``copy`` (1, or 2+ for a carrier duplicate),
        ``shown`` (False: from a blocked sender)."""
        return self.smsim.control.get(f"/handsets/{self.number}/inbox")["messages"]

    @property
    def outbox(self) -> list[dict]:
        """What the phone texted and where each text stopped: ``id``, ``from``, ``to``,
        ``body``, ``media_urls``, ``sent_at``, ``arrives_at``, ``outcome``, ``cause``,
        ``reason``, ``message_sid`` (the inbound message, once it arrived)."""
        return self.smsim.control.get(f"/handsets/{self.number}/outbox")["messages"]

    def expect_sms(self, contains: str | None = None, from_: str | None = None,
                   within="60s") -> dict:
        """The first not-yet-expected SMS on this phone matching ``contains``/``from_``,
        moving the simulator's clock forward (up to ``within``) until it arrives. Returns
        the inbox entry (see ``inbox``); AssertionError, with the inbox, if none came."""
        limit = parse_duration(within)
        waited = 0.0
        while True:
            inbox = self.inbox
            for sms in inbox:
                key = (sms["message_sid"], sms["copy"])
                if key in self.smsim.expected:
                    continue
                if contains is not None and contains not in sms["body"]:
                    continue
                if from_ is not None and sms["from"] != from_:
                    continue
                self.smsim.expected.add(key)
                return sms
            if waited >= limit:
                break
            step = min(SETTLE_STEP, limit - waited)
            self.smsim.advance(step)
            waited += step
        got = [f"{s['from']}: {s['body']!r}" for s in inbox]
        wanted = (f" containing {contains!r}" if contains else "") + (
            f" from {from_}" if from_ else "")
        raise AssertionError(f"{self.number} got no SMS{wanted} within {limit:g} s of "
                             f"simulated time; its inbox: {got or 'empty'}")

    def verification_code(self, within="60s") -> str:
        """The code of the newest Verify SMS this phone received, moving the clock forward
        (up to ``within``) until one arrives; AssertionError if none came."""
        limit = parse_duration(within)
        waited = 0.0
        while True:
            codes = [m for m in (VERIFY_CODE.search(s["body"]) for s in reversed(self.inbox))
                     if m]
            if codes:
                return codes[0].group(1)
            if waited >= limit:
                raise AssertionError(f"{self.number} got no verification code within "
                                     f"{limit:g} s of simulated time")
            step = min(SETTLE_STEP, limit - waited)
            self.smsim.advance(step)
            waited += step

    def reply(self, body: str, to: str | None = None, media_urls=None) -> dict:
        """Text one of our numbers (default: the world's SMS number, ``from_number``).
        Returns the outbox entry (see ``outbox``)."""
        return self.smsim.control.post(f"/handsets/{self.number}/messages", {
            "to": to or self.smsim.from_number, "body": body, "media_urls": media_urls or []})


class Faults:
    """The world's fault rules (docs/faults.md)."""

    def __init__(self, control: SimClient):
        self.control = control

    def add(self, rule: dict) -> dict:
        """Add one rule (``{"name":, "match":, "effect":}``); returns it with its ``id``."""
        return self.control.post("/faults", rule)

    def preset(self, name: str, *, from_: str | None = None, to: str | None = None,
               **match) -> list[dict]:
        """Switch a preset on, optionally narrowed: ``preset("filtered-long-code",
        from_=number)``, ``preset("carrier-duplicates", to="+1555...")``; other ``match``
        fields (``body=``, ``nth=``, ...) pass through. Returns the rules it added."""
        if from_ is not None:
            match["from"] = from_
        if to is not None:
            match["to"] = to
        return self.control.post(f"/faults/presets/{name}",
                                 {"match": match} if match else {})["faults"]

    def list(self) -> list[dict]:
        """The world's rules, in the order they are tried."""
        return self.control.get("/faults")["faults"]

    def clear(self) -> None:
        """Remove every rule of the world."""
        self.control.request("DELETE", "/faults")

    def log(self, fired: bool | None = None) -> list[dict]:
        """Each time a rule was tried (``fired=True``: only when it fired)."""
        params = {} if fired is None else {"fired": "true" if fired else "false"}
        return self.control.get("/faults/log", **params)["log"]


class AppServer:
    """A WSGI application (Flask, Django's WSGI handler, ...) served from a thread by
    werkzeug on a free port: loopback by default, so only this machine reaches it."""

    def __init__(self, app, bind: str = LOOPBACK, public_host: str | None = None):
        from werkzeug.serving import WSGIRequestHandler, make_server

        class Quiet(WSGIRequestHandler):
            def log_request(self, *args, **kwargs):  # one line per webhook is noise in tests
                pass

        self.server = make_server(bind, 0, app, threaded=True, request_handler=Quiet)
        host = public_host or (LOOPBACK if bind in ("0.0.0.0", "") else bind)
        self.url = f"http://{host}:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever,
                                       kwargs={"poll_interval": 0.05},
                                       name=f"smsim-app-{self.server.server_port}",
                                       daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)


class Smsim:
    """One world on a simulator: what a test needs to drive and inspect it.

    ``url`` (the simulator's base URL), ``account`` (the world's account: ``account_sid``,
    ``auth_token``, ``test_account_sid``, ``test_auth_token``, ``friendly_name``,
    ``numbers``, ``world``), ``account_sid``, ``auth_token``, ``from_number`` (its first
    SMS-capable number), ``control`` (a SimClient naming the world), ``faults``."""

    def __init__(self, url: str, account: dict, control: SimClient | None = None, *,
                 owns_world: bool = False, app_bind: str = LOOPBACK,
                 app_host: str | None = None):
        self.url = url.rstrip("/")
        self.control = control or SimClient(self.url)
        self.account = account
        self.account_sid = account["account_sid"]
        self.auth_token = account["auth_token"]
        self.from_number = next(n["phone_number"] for n in account["numbers"]
                                if n["capabilities"]["sms"])
        self.faults = Faults(self.control)
        self.expected: set = set()
        self.owns_world = owns_world
        self.app_bind, self.app_host = app_bind, app_host
        self.apps: list[AppServer] = []
        self._client = None
        self.started = self.control.get("/clock")["epoch"]

    @classmethod
    def new_world(cls, url: str, friendly_name: str | None = None, **options) -> Smsim:
        """A fresh world (``POST /_sim/accounts``) that ``close()`` deletes."""
        made = SimClient(url).new_world(friendly_name)
        control = SimClient(url, account_sid=made["account_sid"])
        try:
            return cls(url, made, control, owns_world=True, **options)
        except BaseException:
            SimClient(url).delete_world(made["account_sid"])
            raise

    def close(self) -> None:
        """Stop the app servers and delete the world (if this controller made it)."""
        while self.apps:
            self.apps.pop().stop()
        if self.owns_world:
            self.owns_world = False
            try:
                SimClient(self.url, timeout=10).delete_world(self.account_sid)
            except ClientError as exc:
                # 404: already gone; None: the server is gone, and the world with it.
                if exc.status not in (404, None):
                    raise
        self.control.close()

    # --- the official SDK --------------------------------------------------------------------
    @property
    def twilio_client(self):
        """The official ``twilio.rest.Client`` as the world's account (made once)."""
        if self._client is None:
            self._client = self.client()
        return self._client

    def client(self):
        """A new official SDK client as the world's account."""
        return client_for(self.url, self.account_sid, self.auth_token)

    def client_for(self, account_sid: str, auth_token: str):
        """The official SDK as any account (e.g. the test credentials)."""
        return client_for(self.url, account_sid, auth_token)

    # --- the clock and the phones ------------------------------------------------------------
    def advance(self, duration) -> dict:
        """Move the world's clock forward: 30, "30s", "5m"; everything due happens and its
        webhooks are delivered first. Returns ``{"clock": ..., "webhooks_delivered": ...}``."""
        return self.control.post("/clock/advance", {"seconds": parse_duration(duration)})

    @property
    def now(self) -> float:
        """The world's clock, as a Unix time."""
        return self.control.get("/clock")["epoch"]

    def handset(self, number: str) -> Handset:
        return Handset(self, number)

    def verification_code(self, to: str, within="60s") -> str:
        """The newest Verify code texted to ``to``, read from that phone's inbox, moving the
        clock as ``expect_sms`` does (docs/verify.md)."""
        return self.handset(to).verification_code(within)

    # --- the application's webhooks ----------------------------------------------------------
    def serve_app(self, app, *, sms_path: str | None = None,
                  status_path: str | None = None, number: str | None = None) -> str:
        """Serve a WSGI app (your Flask app) on a free port until the test ends; returns its
        base URL. With ``sms_path``/``status_path``, also point ``number`` (default
        ``from_number``) there (``point_number``)."""
        server = AppServer(app, self.app_bind, self.app_host)
        self.apps.append(server)
        if sms_path is not None or status_path is not None:
            self.point_number(number, sms_url=server.url + sms_path if sms_path else None,
                              status_callback=server.url + status_path if status_path
                              else None)
        return server.url

    def point_number(self, number: str | None = None, *, sms_url: str | None = None,
                     status_callback: str | None = None, sms_method: str = "POST"):
        """Set a number's ``SmsUrl`` (texts to it) and ``StatusCallback`` (status of messages
        sent from it without their own) through the official SDK, as your deployment would;
        ``number`` defaults to ``from_number``. Returns the SDK's IncomingPhoneNumber."""
        number = number or self.from_number
        found = self.twilio_client.incoming_phone_numbers.list(phone_number=number, limit=1)
        if not found:
            raise ValueError(f"{number} is not a number of account {self.account_sid}")
        changes = {}
        if sms_url is not None:
            changes.update(sms_url=sms_url, sms_method=sms_method)
        if status_callback is not None:
            changes["status_callback"] = status_callback
        return found[0].update(**changes)

    # --- evidence ----------------------------------------------------------------------------
    def steps(self, sid: str) -> dict:
        """A message's fate step by step (``smsim steps``): ``message_sid``, ``status``,
        ``from``, ``to``, ``created``, ``steps`` (each ``time``, ``offset_seconds``, ``kind``,
        ``status``, ``reason``, ``error_code``, ``copy``, ``revealed``) and the
        ``fault_rules`` that fired on it."""
        return self.control.get(f"/messages/{sid}/steps")

    def requests(self) -> list[dict]:
        """The world's Twilio API requests: ``time``, ``method``, ``path``, ``query``,
        ``params``, ``status``, ``error_code``, ``sid``, ``credential``, ..."""
        return self.control.get("/requests", account=self.account_sid)["requests"]

    def webhooks(self, message_sid: str | None = None) -> list[dict]:
        """Webhooks smsim sent (or will send) to your app, in due order: ``kind``
        (``incoming_message``, ``status_callback``), ``message_sid``, ``url``, ``method``,
        ``params`` (the form smsim posts), ``state``, ``due``, ``attempts`` (each ``time``,
        ``url``, ``status_code``, ``latency_ms``, ``error``, ``response_body``,
        ``signature``); ``message_sid`` narrows to one message."""
        params = {"account": self.account_sid}
        if message_sid:
            params["message"] = message_sid
        return self.control.get("/webhooks", **params)["webhooks"]

    def scenario(self, name: str):
        """Run one of smsim's scenarios in this world (it resets the world); its result."""
        from smsim.clients.scenarios import runner
        from smsim.domain import scenarios

        return runner.run(self.control,
                          scenarios.load(scenarios.discover(scenarios.default_dir())[name]))

    def diagnose(self, message: str | None = None, to: str | None = None,
                 from_: str | None = None) -> list[dict]:
        """``smsim diagnose`` over this world's traffic: the findings (empty: healthy), each
        with ``id`` (the symptom), ``title``, ``evidence``, ``fixes``."""
        from smsim.domain.diagnosis import evidence

        since = None if (message or to or from_) else self.now - self.started + 1
        return diagnosis.diagnose(self.client(), self.control,
                                  evidence.Scope(message, to, from_, since))["symptoms"]

    def unexpected_sms(self) -> list[dict]:
        """SMS any handset received since the start that no ``expect_sms`` claimed (inbox
        entries with their ``number``)."""
        rows = self.control.get("/inbox", since=self.started)["messages"]
        return [r for r in rows if (r["message_sid"], r["copy"]) not in self.expected]

    def assert_no_unexpected_sms(self) -> None:
        """Every SMS a handset received during this test was claimed by expect_sms()."""
        extra = self.unexpected_sms()
        assert not extra, "unexpected SMS: " + "; ".join(
            f"{r['number']} got {r['body']!r} from {r['from']}" for r in extra)


@contextmanager
def running(url: str | None = None, *, app_bind: str = LOOPBACK,
            app_host: str | None = None, extra_args: tuple[str, ...] = ()):
    """``with running() as sim:`` a simulator for a script (as moto's ``mock_aws``): starts
    an embedded one (or uses ``url``), gives a ``Smsim`` for a fresh world with
    ``sim.twilio_client`` ready, and on exit deletes the world and stops the simulator."""
    from smsim.clients.sdk import EmbeddedSimulator

    server = None if url else EmbeddedSimulator(extra_args)
    try:
        sim = Smsim.new_world(url or server.url, "smsim.running()", app_bind=app_bind,
                              app_host=app_host)
        try:
            yield sim
        finally:
            sim.close()
    finally:
        if server is not None:
            server.stop()
