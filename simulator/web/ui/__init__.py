"""The trainer's dashboard: server-rendered pages over the same engine and serializers as the
API and the control plane; a little hand-written JavaScript keeps them live. Each page module
registers its routes on the blueprint when imported here."""

from smsim.web.ui import api, pages, presenter  # noqa: F401
from smsim.web.ui.blueprint import bp

__all__ = ["bp"]
