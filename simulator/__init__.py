"""smsim: a local Twilio-compatible SMS simulator and fault injector."""

__version__ = "0.1.0"


def running(url: str | None = None, **options):
    """``with smsim.running() as sim:`` a simulator (or the one at ``url``) and a fresh world
    in it, for scripts and other test runners; see ``smsim.clients.controller.running``.
    Imported here lazily: ``import smsim`` stays free of Flask, twilio and requests."""
    from smsim.clients.controller import running as _running

    return _running(url, **options)
