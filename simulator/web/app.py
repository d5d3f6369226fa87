"""The app factory: wires the store, the Twilio surface and the control plane.

No module-level app: tests and the server each build their own (flask tutorial's
create_app). Every error on the Twilio surface leaves as Twilio's JSON body, never HTML.
"""

from __future__ import annotations

import logging

from flask import Flask, g, jsonify, request
from smsim.domain.errors import TwilioError
from smsim.engine import delivery, world
from smsim.engine.worlds import Worlds
from smsim.web import access, control, settings, ui, world_context
from smsim.web.api import (
    accounts,
    auth,
    content,
    fault_hook,
    lookup,
    messages,
    numbers,
    request_log,
    services,
    verify,
)
from smsim.web.dispatcher import Dispatcher
from werkzeug.exceptions import HTTPException, MethodNotAllowed

API_PREFIX = "/2010-04-01"
# Paths of the Twilio surface (api.twilio.com, messaging.twilio.com and content.twilio.com on
# /v1/, and lookups/verify.twilio.com on /v2/), which is logged.
TWILIO_PREFIXES = world_context.TWILIO_PREFIXES
log = logging.getLogger("smsim")



def _guard_the_twilio_surface() -> None:
    """Every Twilio resource authenticates, takes form bodies and meets the api fault rules.
    On the blueprints once, when this module is imported (a blueprint takes no hook after it
    has been registered, and create_app may be called more than once: tests build apps)."""
    for blueprint in (messages.bp, numbers.bp, accounts.bp):
        blueprint.before_request(auth.authenticate_request)
        blueprint.before_request(auth.require_form_body)
        blueprint.before_request(fault_hook.inject_api_faults)
    for blueprint in (services.bp, verify.bp):
        blueprint.before_request(auth.authenticate_v1)
        blueprint.before_request(auth.require_form_body)
        blueprint.before_request(fault_hook.inject_api_faults)
    lookup.bp.before_request(auth.authenticate_v1)
    lookup.bp.before_request(fault_hook.inject_api_faults)
    # content.twilio.com/v1 takes JSON bodies (the SDKs send them so): no form check.
    content.bp.before_request(auth.authenticate_v1)
    content.bp.before_request(fault_hook.inject_api_faults)


_guard_the_twilio_surface()

def create_app(config: settings.Config | None = None, boot: bool = True,
               dispatch: bool = True) -> Flask:
    """``boot`` prepares the world (the CLI does it once before forking workers);
    ``dispatch`` starts the clock's ticker and the webhook deliverers of this process."""
    config = config or settings.load()
    app = Flask(__name__)
    app.json.sort_keys = False
    app.url_map.strict_slashes = False
    store = world.open(config.db)
    if boot:
        world.boot(store, config)
    else:
        world.migrate(store)
    app.config.update(WORLDS=Worlds(store), SMSIM=config)
    if dispatch:
        app.extensions["smsim_dispatcher"] = Dispatcher(
            app.config["WORLDS"], config.webhook_timeout).start()
    # Before anything else: who may reach /_sim and the dashboard (web/access.py).
    app.before_request(access.guard)
    app.before_request(world_context.resolve)
    app.teardown_request(world_context.finish)
    app.before_request(_catch_up)

    for blueprint in (messages.bp, numbers.bp, accounts.bp):
        app.register_blueprint(blueprint, url_prefix=API_PREFIX)
    app.register_blueprint(services.bp)
    app.register_blueprint(lookup.bp)
    app.register_blueprint(verify.bp)
    app.register_blueprint(content.bp)
    app.register_blueprint(messages.media_files, url_prefix=API_PREFIX)
    app.register_blueprint(control.bp)
    app.register_blueprint(ui.bp)
    app.register_error_handler(TwilioError, _twilio_error)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(Exception, _unexpected_error)
    app.after_request(_log_twilio_request)
    return app


def _catch_up():
    """Whatever fell due is applied before a request reads or writes, so every answer shows
    the world as of the simulator's clock, even between the ticker's looks."""
    store = world_context.current_store()
    delivery.run_due(store, store.now())


def _error_response(exc: TwilioError):
    g.error_code = exc.code
    response = jsonify(exc.body())
    response.status_code = exc.status
    if exc.status == 401:
        response.headers["WWW-Authenticate"] = 'Basic realm="Twilio API"'
    if exc.status == 429:
        # Rate limits answer with Retry-After (reference section 11, Create Verification).
        response.headers["Retry-After"] = str(exc.retry_after or 1)
    return response


def _twilio_error(exc: TwilioError):
    return _error_response(exc)


def _http_error(exc: HTTPException):
    if not request.path.startswith(TWILIO_PREFIXES):
        return jsonify({"error": exc.description, "status": exc.code}), exc.code
    if isinstance(exc, MethodNotAllowed):
        response = _error_response(TwilioError(20004))
        response.headers["Allow"] = ", ".join(exc.valid_methods or [])
        return response
    if exc.code == 404:
        return _error_response(TwilioError(20404, path=request.path))
    return _error_response(TwilioError(20001 if exc.code == 400 else 20500,
                                       status=exc.code, message=exc.description))


def _unexpected_error(exc: Exception):
    log.exception("unexpected error on %s %s", request.method, request.path)
    if not request.path.startswith(TWILIO_PREFIXES):
        return jsonify({"error": f"internal error: {exc}", "status": 500}), 500
    return _error_response(TwilioError(20500))


def _log_twilio_request(response):
    if request.path.startswith(TWILIO_PREFIXES) and not g.get("request_logged"):
        request_log.log_request(response.status_code)
    return response


