"""The trainer's dashboard: server-rendered pages over the same engine and serializers as the
API and the control plane; a little hand-written JavaScript keeps them live. Each page module
registers its routes on the blueprint when imported here."""

from smsim.web.ui import (  # noqa: F401
    api,
    data_marks,
    faults_page,
    handsets_page,
    lessons,
    numbers_page,
    pages,
    presenter,
    quiz,
    requests_page,
    send_form,
    verifications_page,
)
from smsim.web.ui.blueprint import bp

__all__ = ["bp"]
