"""Issue 12 item 17: config errors name the file; an unknown key is a one-line warning naming
the key and the file; ``onset`` takes a month or a year, as people remember it."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from tests.cli.conftest import CliRunner
from twitchlog.config import load_settings
from twitchlog.domain.errors import ValidationError
from twitchlog.paths import config_file


def _write(text: str) -> Path:
    path = config_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("value", "expected"),
    [('"2026-05"', date(2026, 5, 1)), ('"2025"', date(2025, 1, 1)), ("2024", date(2024, 1, 1))],
)
def test_i17_onset_takes_a_month_or_a_year(value: str, expected: date) -> None:
    assert load_settings(_write(f"onset = {value}\n")).onset == expected


def test_i17_a_bad_value_names_the_config_file(cli: CliRunner) -> None:
    path = _write("day_start_hour = 30\n")
    with pytest.raises(ValidationError, match="day_start_hour must be 0-12"):
        load_settings(path)
    r = cli("status")
    assert r.code == 2 and str(path) in r.err and r.err.count("\n") == 1, r


def test_i17_an_unknown_key_is_a_one_line_warning(cli: CliRunner) -> None:
    path = _write('timezone = "Europe/Berlin"\ntimzone = "Europe/Paris"\n')
    r = cli("status")
    assert r.code == 0, r
    assert r.err == (
        f"twitchlog: warning: {path}: unknown setting 'timzone' is ignored "
        "(known: day_start_hour, name, onset, timezone)\n"
    ), r
