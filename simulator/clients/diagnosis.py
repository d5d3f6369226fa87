"""The diagnosis over HTTP: the Messages API through the official SDK and, where the
simulator offers them, the control plane's evidence endpoints (none on real Twilio)."""

from __future__ import annotations

import time

from smsim.clients.sim_client import ClientError, SimClient
from smsim.domain.diagnosis import evidence
from smsim.domain.diagnosis.api_source import ApiSource
from smsim.domain.diagnosis.run import diagnose as diagnose_source


class HttpSource(ApiSource):
    """``client``: a ``twilio.rest.Client``; ``control``: the simulator's control plane, or
    None for real Twilio."""

    def __init__(self, client, control: SimClient | None):
        super().__init__(client)
        self.control = control

    def now(self) -> float:
        if self.control is not None:
            try:
                return self.control.get("/clock")["epoch"]
            except ClientError:
                self.control = None  # no simulator there: real Twilio
        return time.time()

    def read(self, path: str, **params) -> dict | None:
        if self.control is None:
            raise evidence.Unavailable("no simulator control plane (real Twilio)")
        try:
            return self.control.get(path, **params)
        except ClientError as exc:
            return evidence.refused(exc.status, str(exc))


def diagnose(client, control: SimClient | None, scope: evidence.Scope,
             lang: str = "en") -> dict:
    """The report's JSON for ``scope``, read over HTTP."""
    return diagnose_source(HttpSource(client, control), scope, lang)
