"""The dashboard's diagnosis, in process: the same Twilio API and /_sim routes a client would
call over HTTP, dispatched through Flask's test client inside this process, so it needs no
socket and no public URL. The findings are those of ``smsim diagnose --message SID``."""

from __future__ import annotations

import contextvars
import logging

from flask import Flask
from smsim.domain.diagnosis import evidence
from smsim.domain.diagnosis.api_source import ApiSource
from smsim.domain.diagnosis.run import diagnose
from smsim.web import world_context
from twilio.http import HttpClient
from twilio.http.response import Response
from twilio.rest import Client

log = logging.getLogger("smsim.ui")


class InProcessHttp(HttpClient):
    """The twilio SDK's HTTP client, answering from the app's own routes."""

    def __init__(self, app: Flask):
        super().__init__(log, is_async=False)
        self.app = app

    def request(self, method, uri, params=None, data=None, headers=None, auth=None,
                timeout=None, allow_redirects=False) -> Response:
        extra = {"data": data} if data else {}
        answer = self.app.test_client().open(uri, method=method, query_string=params or None,
                                             headers=headers or {}, auth=auth, **extra)
        return Response(answer.status_code, answer.get_data(as_text=True),
                        dict(answer.headers))


class InProcessSource(ApiSource):
    def __init__(self, app: Flask, base_url: str, account_sid: str, auth_token: str,
                 world: str | None = None):
        client = Client(account_sid, auth_token, http_client=InProcessHttp(app))
        client.edge = client.region = None  # TWILIO_EDGE/REGION would rewrite the host
        client.api.base_url = base_url
        client.messaging.base_url = base_url
        super().__init__(client)
        self.app = app
        # The control plane's reads name the world the dashboard shows, as a client's would;
        # the SDK's reads find it from the account's credentials.
        self.headers = {world_context.HEADER: world} if world else {}

    def _get(self, path: str, params: dict) -> dict:
        """A control-plane GET; ``evidence.Unavailable`` or None as ``Source.read`` says."""
        answer = self.app.test_client().get(f"/_sim{path}", query_string=params or None,
                                            headers=self.headers)
        data = answer.get_json(silent=True)
        if data is None:
            return evidence.refused(answer.status_code, f"GET /_sim{path}: HTTP "
                                    f"{answer.status_code}, not JSON")
        if answer.status_code >= 400:
            error = data.get("error", data) if isinstance(data, dict) else data
            return evidence.refused(answer.status_code, f"GET /_sim{path}: {error}")
        return data

    def now(self) -> float:
        return self._get("/clock", {})["epoch"]

    def read(self, path: str, **params) -> dict | None:
        return self._get(path, params)


def diagnose_message(app: Flask, base_url: str, account: dict, sid: str, lang: str,
                     world: str | None = None) -> dict:
    """``smsim diagnose --message SID`` as the message's account (of the world ``world``, the
    default world for None), in process. It runs in a
    context of its own: each dispatched request gets its own app context (its own ``g``),
    as it would arriving over HTTP, not the dashboard request's."""
    source = InProcessSource(app, base_url, account["sid"], account["auth_token"], world)
    return contextvars.Context().run(diagnose, source, evidence.Scope(message_sid=sid), lang)
