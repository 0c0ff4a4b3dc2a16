"""Issue 16: importing experiments through the real command: dry run, apply, once only."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.cli.conftest import CliRunner
from tests.exchange.test_experiments_exchange import sample_experiments
from twitchlog.domain.experiment import draw_schedule
from twitchlog.exchange import JournalData, export_json
from twitchlog.exchange.experiments import experiment_object

FIXED = datetime(2026, 11, 29, 11, 0, tzinfo=UTC)


def _file_with(tmp_path: Path, obj: dict[str, object]) -> Path:
    path = tmp_path / "edited.json"
    path.write_text(json.dumps({"format": "twitchlog/1", "experiments": [obj]}))
    return path


def test_import_adds_an_experiment_once_and_never_changes_a_stored_one(
    cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TWITCHLOG_NOW", "2026-12-01T12:00:00+01:00")
    first, _ = sample_experiments()
    path = tmp_path / "x.json"
    export_json(path, JournalData(experiments=(first,)), exported_at=FIXED)
    dry = cli("import", str(path))
    assert dry.code == 0 and "Would add the caffeine experiment" in dry.out
    nothing = cli("experiment", "list")  # the dry run wrote nothing, not even a journal
    assert nothing.code == 2 and "there is no journal at" in nothing.err, nothing
    applied = cli("import", str(path), "--apply")
    assert applied.code == 0 and "Added the caffeine experiment" in applied.out
    assert "caffeine  2026-09-01 to 2026-10-26  8 weeks  finished" in cli("experiment", "list").out
    # a copy whose schedule was edited (out of order) is refused before anything is written
    obj = experiment_object(first)
    obj["schedule"] = experiment_object(replace(first, schedule=first.schedule[::-1]))["schedule"]
    assert cli("import", str(_file_with(tmp_path, obj)), "--apply").code == 65
    # a well-formed copy with the same id but another draw never replaces the stored one
    seed = first.seed + 1  # a draw of its own (the seed reproduces its schedule)
    redrawn = replace(first, seed=seed, schedule=draw_schedule(first.plan, seed))
    assert redrawn.schedule != first.schedule
    kept = cli("import", str(_file_with(tmp_path, experiment_object(redrawn))), "--apply")
    assert kept.code == 0 and "Nothing to import" in kept.out
    export = tmp_path / "back.json"
    assert cli("export", "--format", "json", "-o", str(export)).code == 0
    back = json.loads(export.read_text())["experiments"]
    assert back == [experiment_object(first)]


def test_import_of_a_running_experiment_after_one_here_has_ended(
    cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A journal's experiment still marked running but past its last day does not keep out a
    running one from a file: it is marked finished and the new one is added."""
    monkeypatch.setenv("TWITCHLOG_NOW", "2026-12-01T12:00:00+01:00")
    assert (
        cli("experiment", "start", "caffeine", "--low", "none", "--weeks", "2", "--yes").code == 0
    )
    other = tmp_path / "other.sqlite3"
    monkeypatch.setenv("TWITCHLOG_NOW", "2026-12-20T12:00:00+01:00")
    from twitchlog.cli.main import run

    assert run(["--db", str(other), "experiment", "start", "sleep", "--low", "at least 8",
                "--yes"]) == 0  # fmt: skip
    exported = tmp_path / "other.json"
    assert run(["--db", str(other), "export", "--format", "json", "-o", str(exported)]) == 0
    result = cli("import", str(exported), "--apply")
    assert result.code == 0, result.err
    assert "Added the sleep experiment" in result.out
    listed = cli("experiment", "list").out
    assert "caffeine" in listed and "finished" in listed and "sleep" in listed


def test_a_day_after_plan_goes_through_a_journal_and_back(
    cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Import stores the day-after test with the plan and export writes it back, as drawn; a
    file's plan with the test and washout days is refused with one line, nothing written."""
    monkeypatch.setenv("TWITCHLOG_NOW", "2026-12-01T12:00:00+01:00")
    first, second = sample_experiments()
    plan = replace(first.plan, block_days=1, washout_days=0, day_after=True)
    tested = replace(first, plan=plan, schedule=draw_schedule(plan, first.seed))
    path = tmp_path / "x.json"
    export_json(path, JournalData(experiments=(tested, second)), exported_at=FIXED)
    bad = {**experiment_object(tested), "id": "e-3", "block_days": 2, "washout_days": 1}
    refused = cli("import", str(_file_with(tmp_path, bad)), "--apply")
    assert refused.code == 65 and "washout days 0" in refused.err
    assert len(refused.err.strip().splitlines()) == 1
    assert cli("import", str(path), "--apply").code == 0
    export = tmp_path / "back.json"
    assert cli("export", "--format", "json", "-o", str(export)).code == 0
    back = json.loads(export.read_text())["experiments"]
    assert back == [experiment_object(second), experiment_object(tested)]
    assert back[1]["day_after"] is True and "day_after" not in back[0]
