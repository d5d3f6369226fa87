"""Every Twilio error code smsim can answer has a title in both of the dashboard's
languages (labels/*.toml), so no page falls back to "Unknown error" for a code it shows."""

from __future__ import annotations

import pytest
from smsim.domain.errors import CATALOGUE
from smsim.web.ui.labels import LABELS


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_every_error_code_has_a_title(lang):
    missing = [code for code in CATALOGUE if f"error_{code}" not in LABELS[lang]]
    assert missing == []


def test_english_titles_are_twilios():
    differ = {code: (spec.title, LABELS["en"][f"error_{code}"])
              for code, spec in CATALOGUE.items()
              if LABELS["en"][f"error_{code}"] != spec.title}
    assert differ == {}
