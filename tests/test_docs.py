"""The README and docs stay true to the code (datasette's test_docs pattern)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from smsim.clients.cli import OPTION_NAMES, build_parser
from smsim.domain.errors import CATALOGUE
from smsim.web import settings

ROOT = Path(__file__).parent.parent
README = (ROOT / "README.md").read_text()


@pytest.mark.parametrize("setting", settings.SETTINGS, ids=lambda s: s.name)
def test_every_setting_is_in_the_readme_and_the_cli(setting):
    flag = OPTION_NAMES[setting.name]
    assert f"`{flag}`" in README
    assert f"`{setting.env}`" in README
    help_text = build_parser()._subparsers._group_actions[0].choices["serve"].format_help()
    assert flag in help_text


def test_readme_test_command_is_what_ci_runs():
    command = "pip install -e '.[test]' && python -m pytest"
    assert command in README
    assert command in (ROOT / ".ci" / "run").read_text()


def test_every_sync_error_code_is_documented():
    documented = set(map(int, re.findall(r"^\| (\d{5}) \|", (ROOT / "docs" / "errors.md")
                                         .read_text(), re.MULTILINE)))
    # 11xxx/12xxx are webhook (debugger) codes and 300xx delivery codes: named in prose.
    sync_codes = {code for code in CATALOGUE
                  if not (11000 <= code < 13000 or 30000 <= code < 30400)}
    assert sync_codes <= documented
    prose = (ROOT / "docs" / "errors.md").read_text()
    for code in CATALOGUE:
        if 11000 <= code < 13000:
            assert str(code) in prose
