"""Defects found by attacking the planned interim look of an experiment (issue 16) as a user
would: each test is named after the defect it guards against."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.cli.conftest import CliRunner
from tests.cli.test_experiment import INTERIM_ARGS, _at, _diary


def test_a7_status_after_a_clear_interim_look_does_not_promise_the_comparison_later(
    cli: CliRunner, db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A clear interim look shows its result; status then still said "The comparison is
    shown when it ends (looking earlier would make chance findings likelier)", which
    contradicts the comparison printed just above it."""
    _at(monkeypatch, "2026-12-01")
    assert cli(*INTERIM_ARGS, "--interim", "--yes").code == 0
    _diary(db, "usual", 45)
    _at(monkeypatch, "2027-01-11")
    status = cli("experiment", "status")
    assert status.code == 0, status.err
    assert "Interim look (days 1-40): clear difference: stop now" in status.out
    assert "fewer twitches" in status.out
    assert "The comparison is shown when it ends" not in status.out, status.out


def test_a7_result_counts_one_day_not_logged_in_the_singular(
    cli: CliRunner, db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With day 40 not logged, the look's result said "1 days were not logged"."""
    _at(monkeypatch, "2026-12-01")
    assert cli(*INTERIM_ARGS, "--interim", "--yes").code == 0
    _diary(db, "usual", 39)
    _at(monkeypatch, "2027-01-11")
    out = cli("experiment", "status").out
    assert "clear difference: stop now" in out, out
    assert not re.search(r"\b1 days", out) and "1 day was not logged" in out, out
