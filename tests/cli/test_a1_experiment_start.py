"""A1: `experiment start --start` takes the words a first day is said in."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.conftest import CliRunner

ARGS = ("experiment", "start", "caffeine", "--low", "at most 100 mg", "--yes")


def test_a1_start_tomorrow_or_in_3_days_is_understood(
    cli: CliRunner, db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`--start tomorrow` (the default, said in words) was refused with "date must be today,
    yesterday, -3 (days ago) ...": a field named "date" and examples that are refused too."""
    monkeypatch.setenv("TWITCHLOG_NOW", "2026-12-01T12:00:00+01:00")
    result = cli(*ARGS, "--start", "tomorrow")
    assert result.code == 0, result.err
    assert "8 weeks from 2026-12-02" in result.out
    cli("experiment", "stop", "--yes")
    result = cli(*ARGS, "--start", "+3")
    assert result.code == 0, result.err
    assert "8 weeks from 2026-12-04" in result.out
    cli("experiment", "stop", "--yes")
    bad = cli(*ARGS, "--start", "next week")
    assert bad.code == 2
    assert bad.err.strip() == (
        "twitchlog: first day must be today, tomorrow, +3 (days ahead) or a date such as "
        "2026-12-02 (got 'next week')"
    )
