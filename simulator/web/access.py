"""Who may reach the control plane (``/_sim``) and the dashboard: every path but the Twilio
surface's, checked before anything else of a request runs (issue 14).

Three checks, in this order, each a refusal that changes nothing:

1. **Host allow-list.** A page on ``evil.example`` whose name an attacker re-points at
   127.0.0.1 (DNS rebinding) reaches the simulator with ``Host: evil.example``: refused (403),
   as Vite's ``server.allowedHosts`` and webpack-dev-server's ``allowedHosts`` refuse it.
   Allowed: localhost, 127.0.0.1, ::1, --host, --public-url's host, --allowed-hosts, and, as
   Vite allows, any IP address and any name under ``.localhost``.
2. **Remote clients.** A client that is not on loopback is refused (403) unless the server was
   started with ``--control-remote``; then it must present HTTP Basic credentials of the
   default account (401 with ``WWW-Authenticate`` otherwise: a browser shows its login prompt).
   While a quiz lets trainees in over the network, web/quiz_access.py admits its join page
   and each trainee's own world (with that world's credentials), and nothing else.
3. **Cross-site writes.** A POST, PUT, PATCH or DELETE that a browser sent from another site
   (``Origin`` not one of ours, ``Origin: null``, or ``Sec-Fetch-Site: cross-site``) is refused
   (403). A "simple" cross-site POST (``text/plain`` body) needs no preflight, so CORS alone
   would not stop it. Clients that send neither header (curl, the SDKs, the CLI, the pytest
   plugin) are not browsers on another site and pass.

The Twilio surface (``/2010-04-01``, ``/v1``) is not checked here: every request there carries
the account's credentials, and SDKs may use any host name. Nor is the quiz's stand-in
application (``/quiz/app/``), which answers every request with the same empty TwiML.
"""

from __future__ import annotations

import hmac
import ipaddress
from urllib.parse import urlsplit

from flask import current_app, jsonify, request
from smsim.engine import accounts
from smsim.web import quiz_access, world_context

TWILIO_PREFIXES = world_context.TWILIO_PREFIXES
LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1")
WILDCARD_BINDS = ("0.0.0.0", "::", "")
STATE_CHANGING = {"POST", "PUT", "PATCH", "DELETE"}
REALM = 'Basic realm="smsim control", charset="UTF-8"'


def split_host(value: str) -> str:
    """The host name of a ``Host`` header or URL authority, without its port, lower case:
    ``[::1]:8080`` -> ``::1``, ``Example.COM.:80`` -> ``example.com``."""
    value = value.strip().lower()
    if value.startswith("["):
        return value[1:value.find("]")] if "]" in value else value[1:]
    if value.count(":") == 1:
        value = value.split(":", 1)[0]
    return value.rstrip(".")


def check_settings(config) -> None:
    """ValueError naming --allowed-hosts when an entry is not a host name (a URL, say)."""
    for entry in (config.allowed_hosts or "").split(","):
        name = entry.strip()
        if name and name != "*" and ("/" in name or "@" in name or " " in name):
            raise ValueError(f"--allowed-hosts: {name!r} is not a host name (give names like "
                             "'smsim' or 'sim.example.test', comma-separated, or '*')")


def summary(config) -> str:
    """One line for the serve banner: who may reach /_sim and the dashboard."""
    names = allowed_hosts(config)
    hosts = "any Host" if names is None else "Host " + ", ".join(sorted(names))
    who = ("remote clients with the default account's credentials" if config.control_remote
           else "loopback clients only")
    return f"{who}; {hosts}; no cross-site writes"


def allowed_hosts(config) -> set[str] | None:
    """The names a request's ``Host`` may carry; None: any (``--allowed-hosts '*'``)."""
    extra = [split_host(name) for name in (config.allowed_hosts or "").split(",")
             if name.strip()]
    if "*" in extra:
        return None
    names = set(LOOPBACK_NAMES) | set(extra)
    if config.host not in WILDCARD_BINDS:
        names.add(split_host(config.host))  # --host as a name or a specific address
    public = urlsplit(config.public_url).hostname
    if public:
        names.add(public.lower().rstrip("."))  # the URL it was told it is reached at
    return names


def _refuse(message: str, status: int = 403):
    response = jsonify({"error": message, "status": status})
    response.status_code = status
    if status == 401:
        response.headers["WWW-Authenticate"] = REALM
    return response


def _host_refusal(config, names: set[str] | None):
    raw = request.headers.get("Host")
    if raw is None or names is None:
        return None  # no Host header: not a browser, so not a rebinding page
    host = split_host(raw)
    if host in names or host.endswith(".localhost") or _is_address(host):
        # As Vite allows by default (CVE-2025-24010 fix): an IP address or a name under
        # .localhost cannot be a rebinding page's Host, which is that page's own DNS name.
        return None
    return _refuse(f"Host {host!r} is not allowed for the control plane and the dashboard; "
                   "add it with --allowed-hosts / SMSIM_ALLOWED_HOSTS (comma-separated)")


def _is_address(host: str) -> bool:
    try:
        ipaddress.ip_address(host.split("%", 1)[0])
    except ValueError:
        return False
    return True


def _is_loopback(address: str | None) -> bool:
    try:
        parsed = ipaddress.ip_address((address or "").split("%", 1)[0])
    except ValueError:
        return False
    mapped = getattr(parsed, "ipv4_mapped", None)  # ::ffff:127.0.0.1 on a dual-stack socket
    return (mapped or parsed).is_loopback


def client_is_local() -> bool:
    """Is this request's client on loopback (the simulator's own machine)?"""
    return _is_loopback(request.remote_addr)


def _remote_refusal(config):
    if _is_loopback(request.remote_addr):
        return None
    if not config.control_remote:
        return _refuse("the control plane and the dashboard only answer loopback clients "
                       "(start with --control-remote to let others in with the default "
                       "account's credentials)")
    auth = request.authorization
    default = accounts.default(world_context.worlds().named(None))
    if auth is None or auth.type != "basic" or default is None \
            or not hmac.compare_digest((auth.username or "").encode(), default["sid"].encode()) \
            or not hmac.compare_digest((auth.password or "").encode(),
                                       default["auth_token"].encode()):
        # A quiz's trainees over the network: the join page, and their own world only.
        decided = quiz_access.verdict(auth, _refuse)
        if decided is quiz_access.ADMIT:
            return None
        if decided is not None:
            return decided
        return _refuse("remote control needs HTTP Basic credentials: the default account's "
                       "SID and auth token (--control-remote)", 401)
    return None


def _cross_site_refusal(names: set[str] | None):
    if request.method not in STATE_CHANGING:
        return None
    if request.headers.get("Sec-Fetch-Site", "").lower() == "cross-site":
        return _refuse("cross-site request refused (Sec-Fetch-Site: cross-site): the control "
                       "plane and the dashboard only take changes from their own pages")
    origin = request.headers.get("Origin")
    if origin is None:
        return None
    parts = urlsplit(origin.strip())
    authority = (parts.netloc or "").lower()
    own = authority and authority == (request.headers.get("Host") or "").strip().lower()
    listed = names is not None and parts.hostname is not None \
        and parts.hostname.rstrip(".") in names
    if parts.scheme in ("http", "https") and (own or listed):
        return None
    return _refuse(f"cross-site request refused (Origin {origin!r}): the control plane and "
                   "the dashboard only take changes from their own pages; add a host with "
                   "--allowed-hosts / SMSIM_ALLOWED_HOSTS")


def guard():
    """before_request, first of all: the three checks above on every non-Twilio path."""
    if request.path.startswith(TWILIO_PREFIXES) or request.path.startswith(
            quiz_access.STAND_IN):
        return None
    config = current_app.config["SMSIM"]
    names = allowed_hosts(config)
    return (_host_refusal(config, names) or _remote_refusal(config)
            or _cross_site_refusal(names))
