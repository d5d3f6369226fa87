"""A small HTTP client for a running simulator's control plane (/_sim).

The CLI, the scenario runner and the diagnostic talk to a simulator only through HTTP, so the
same commands work against one in-process, in a container, or on another port.
"""

from __future__ import annotations

import os

import requests

DEFAULT_URL = "http://127.0.0.1:8080"


class ClientError(RuntimeError):
    """The simulator refused a request or could not be reached; the message says why.
    ``status`` is the HTTP status, None when nothing answered."""

    def __init__(self, message: str, status: int | None = None):
        super().__init__(message)
        self.status = status


# The header that names the world a control request is about (docs/worlds.md).
WORLD_HEADER = "X-Smsim-Account"


def credentials_from_environment() -> tuple[str, str] | None:
    """The default account's credentials as a server started with them was given them
    ($SMSIM_ACCOUNT_SID and $SMSIM_AUTH_TOKEN), or None without both."""
    sid, token = os.environ.get("SMSIM_ACCOUNT_SID"), os.environ.get("SMSIM_AUTH_TOKEN")
    return (sid, token) if sid and token else None


class SimClient:
    """``account_sid`` names the world every request acts on (any account SID of it, live
    or test); None is the default world. ``auth``: the default account's SID and auth token,
    sent as HTTP Basic on every request, which a simulator started with --control-remote asks
    of clients not on loopback (web/access.py); default: from the environment when both are
    set. A loopback simulator ignores them."""

    def __init__(self, url: str | None = None, timeout: float = 30.0,
                 account_sid: str | None = None, auth: tuple[str, str] | None = None):
        self.url = (url or os.environ.get("SMSIM_URL") or DEFAULT_URL).rstrip("/")
        self.timeout = timeout
        self.account_sid = account_sid
        self.auth = auth or credentials_from_environment()
        self.session = requests.Session()
        self.session.trust_env = False  # a local simulator: never through a proxy
        self.session.auth = self.auth
        if account_sid:
            self.session.headers[WORLD_HEADER] = account_sid

    def in_world(self, account_sid: str | None) -> SimClient:
        """The same simulator, with the same credentials, acting on another world."""
        return SimClient(self.url, self.timeout, account_sid, self.auth)

    def account(self, account_sid: str | None = None) -> dict:
        """The account ``account_sid`` (live) as GET /_sim/accounts lists it, or the default
        world's default account."""
        listed = self.get("/accounts")["accounts"]
        found = next((a for a in listed if a["account_sid"] == account_sid), None) \
            if account_sid else next((a for a in listed if a["default"]), None)
        if found is None:
            raise ClientError(f"no account {account_sid} in this simulator" if account_sid
                              else "the simulator has no default account")
        return found

    def request(self, method: str, path: str, json: dict | None = None,
                params: dict | None = None) -> dict:
        try:
            response = self.session.request(method, f"{self.url}/_sim{path}", json=json,
                                            params=params, timeout=self.timeout)
        except requests.RequestException as exc:
            raise ClientError(f"cannot reach the simulator at {self.url}: "
                              f"{type(exc).__name__}") from None
        if response.status_code == 204:
            return {}
        try:
            data = response.json()
        except ValueError:
            raise ClientError(f"{method} /_sim{path}: HTTP {response.status_code}, "
                              "not JSON", response.status_code) from None
        if response.status_code >= 400:
            error = data.get("error", data) if isinstance(data, dict) else data
            if response.status_code == 401:
                error = f"{error}; give --account-sid and --auth-token, or set " \
                        "$SMSIM_ACCOUNT_SID and $SMSIM_AUTH_TOKEN"
            raise ClientError(f"{method} /_sim{path}: {error}", response.status_code)
        return data

    def get(self, path: str, **params) -> dict:
        return self.request("GET", path, params=params or None)

    def post(self, path: str, body: dict | None = None) -> dict:
        return self.request("POST", path, json=body or {})

    def delete(self, path: str) -> dict:
        return self.request("DELETE", path)

    def put(self, path: str, body: dict) -> dict:
        return self.request("PUT", path, json=body)

    def new_world(self, friendly_name: str | None = None) -> dict:
        """A new account in a sealed world of its own (POST /_sim/accounts): the account
        with its credentials, test credentials, starter numbers and ``world``."""
        return self.post("/accounts", {"friendly_name": friendly_name} if friendly_name
                         else {})

    def delete_world(self, account_sid: str) -> None:
        """Delete the world of ``account_sid`` and everything in it."""
        self.delete(f"/accounts/{account_sid}")

    def close(self) -> None:
        """Close the kept-alive connections."""
        self.session.close()
