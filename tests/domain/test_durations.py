"""One duration grammar for the CLI, scenario files and the pytest plugin."""

import pytest
from smsim.domain.durations import parse_duration


@pytest.mark.parametrize("value, seconds", [
    (30, 30.0), (2.5, 2.5), ("30", 30.0), ("30s", 30.0), (" 5m ", 300.0), ("1.5h", 5400.0),
    ("1.5M", 90.0), ("2d", 172800.0), (".5m", 30.0), ("0", 0.0),
])
def test_a_duration_in_seconds(value, seconds):
    assert parse_duration(value) == seconds


@pytest.mark.parametrize("value", ["", "m", "5x", "-5s", "five", "5 m s", "1e3", True])
def test_not_a_duration(value):
    with pytest.raises(ValueError, match="is not a duration"):
        parse_duration(value)
