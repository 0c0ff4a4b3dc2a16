"""Defects found by attacking the planned interim look of an experiment (issue 16) as a user
would: each test is named after the defect it guards against."""

from __future__ import annotations

import io
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


def test_a7_json_export_keeps_the_planned_interim_look(
    cli: CliRunner, db: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Export read the experiments without their ``interim`` flag: the JSON had no
    ``"interim": true`` and a journal restored from it had lost the planned look (and tested
    its end at 0.05 instead of 0.045)."""
    import json

    from twitchlog.cli.main import run

    _at(monkeypatch, "2026-12-01")
    assert cli(*INTERIM_ARGS, "--interim", "--yes").code == 0
    out = tmp_path / "all.json"
    assert cli("export", "--format", "json", "-o", str(out)).code == 0
    (exp,) = json.loads(out.read_text(encoding="utf-8"))["experiments"]
    assert exp.get("interim") is True, exp.keys()
    fresh = tmp_path / "fresh" / "journal.sqlite3"
    fresh.parent.mkdir(mode=0o700)
    assert run(["--db", str(fresh), "import", "--apply", str(out)]) == 0
    from twitchlog.storage.experiments import list_experiments
    from twitchlog.storage.journal import Journal

    journal = Journal.open(fresh, create=False)
    (restored,) = list_experiments(journal)
    journal.dispose()
    assert restored.plan.interim


def test_a7_screen_after_a_clear_interim_look_does_not_promise_the_comparison_later(
    cli: CliRunner, db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The Experiment screen (TUI) showed the look's result and then "The comparison is
    shown when it ends (looking earlier would make chance findings likelier)"."""
    from datetime import date

    from twitchlog.analysis.experiment import interim_lines
    from twitchlog.storage.experiments import latest_experiment, observed_days
    from twitchlog.storage.journal import Journal
    from twitchlog.tui.screens.experiment import ExperimentView, summary_text

    _at(monkeypatch, "2026-12-01")
    assert cli(*INTERIM_ARGS, "--interim", "--yes").code == 0
    _diary(db, "usual", 45)
    today = date(2027, 1, 11)
    journal = Journal.open(db, create=False)
    exp = latest_experiment(journal)
    assert exp is not None
    observed = observed_days(journal, exp, today)
    journal.dispose()
    look = tuple(interim_lines(exp.plan, observed, before=False))
    text = summary_text(ExperimentView(exp, observed, interim=look), today).plain
    assert "clear difference: stop now" in text and "fewer twitches" in text
    assert "The comparison is shown when it ends" not in text, text
    before = summary_text(ExperimentView(exp, observed, interim=()), today).plain
    assert "The comparison is shown when it ends" in before  # no look yet: still said


class _Terminal(io.StringIO):
    """Typed answers at a terminal (``isatty`` true)."""

    def isatty(self) -> bool:
        return True


def test_a7_the_analysis_hints_start_command_asks_for_the_change_at_a_terminal(
    cli: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``analyze`` ends a pattern with "To start one: twitchlog experiment start sleep"; typed
    as shown it failed with exit 2 and a caffeine example ('--low "at most 100 mg" ... for
    sleep'). At a terminal it now asks for the changed condition, then shows the plan."""
    _at(monkeypatch, "2026-12-01")
    monkeypatch.setattr("sys.stdin", _Terminal("at least 8 h\nn\n"))
    asked = cli("experiment", "start", "sleep")
    assert asked.code == 0, asked.err
    assert "changed condition" in asked.out and "at least 8 h" in asked.out, asked.out
    assert "Nothing started." in asked.out + asked.err
    monkeypatch.setattr("sys.stdin", io.StringIO(""))  # not a terminal
    refused = cli("experiment", "start", "sleep")
    assert refused.code == 2 and "--low must describe the changed condition" in refused.err
