"""domain/content.py: ContentVariables, filling a template, WhatsApp's review and the fate
of a template message (docs/whatsapp.md, Templates)."""

from __future__ import annotations

import pytest
from smsim.domain import content, whatsapp


def test_content_variables():
    assert content.parse_variables('{"1": "Ana", "name": 2}') == {"1": "Ana", "name": "2"}
    assert content.parse_variables(None) == content.parse_variables("") == {}
    for bad in ("[]", "{", '{"1": null}', '{"1": true}', '"text"', '{"1": " "}',
                '{"1": "a\\nb"}', '{"1": "a\\tb"}', '{"1": "a     b"}'):
        with pytest.raises(content.VariablesError) as refused:
            content.parse_variables(bad)
        assert refused.value.code == 21656, bad
    assert content.parse_variables('{"1": "a    b"}') == {"1": "a    b"}
    with pytest.raises(content.VariablesError) as long:
        content.parse_variables('{"1": "' + "x" * 1601 + '"}')
    assert long.value.code == 21658
    assert whatsapp.TEMPLATE_SID.fullmatch("HX" + "a" * 32)
    assert not whatsapp.TEMPLATE_SID.fullmatch("HX" + "g" * 32)


def test_fill_with_defaults_and_mismatches():
    body = "Hi {{1}} / {{ name }} / {{3}}"
    assert content.placeholders(body) == ["1", "name", "3"]
    filled = content.fill(body, {"3": "three"}, {"1": "Ana", "name": "2"})
    assert (filled.text, filled.mismatch) == ("Hi Ana / 2 / three", False)
    missing = content.fill(body, {}, {"1": "Ana", "name": "2"})
    assert (missing.text, missing.missing) == ("Hi Ana / 2 / {{3}}", ("3",))
    extra = content.fill("Hi {{1}}", {}, {"1": "Ana", "2": "x"})
    assert extra.unexpected == ("2",) and extra.mismatch


def test_review_rules():
    assert content.review("Your code is {{1}}.") == ("approved", "")
    assert content.review("{{1}} is your code.")[0] == "rejected"
    assert content.review("Your code is {{1}}")[0] == "rejected"
    assert "sequential" in content.review("Hi {{1}}, see {{3}} now.")[1]
    assert content.review("Hi {{name}}, welcome.")[0] == "rejected"
    assert content.status_at("received", 600.0, "approved", 599.0) == "received"
    assert content.status_at("received", 600.0, "approved", 600.0) == "approved"
    assert content.status_at("paused", None, None, 9e9) == "paused"


def test_window_failure():
    ok = content.fill("Hi {{1}}.", {}, {"1": "Ana"})
    bad = content.fill("Hi {{1}}.", {}, {})
    assert content.window_failure("rejected", ok, True, freeform=True) is None
    assert content.window_failure("approved", bad, True, freeform=False) == 63028
    assert content.window_failure("approved", ok, False, freeform=False) is None
    assert content.window_failure("approved", ok, False, freeform=True) == 63016
    expected = {"rejected": 63040, "paused": 63041, "disabled": 63042, "unsubmitted": 63016,
                "received": 63016, "pending": 63016}
    for status, code in expected.items():
        assert content.window_failure(status, ok, False, freeform=False) == code
