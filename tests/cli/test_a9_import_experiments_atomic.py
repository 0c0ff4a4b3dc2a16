"""Import writes a file's entries and its experiments in one transaction: when another
process starts an experiment between import's look and its write, the running experiment in
the file is refused and nothing of the import is written (the entries were committed first)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.conftest import CliRunner
from tests.cli.test_experiment import INTERIM_ARGS, _at


def test_a9_import_refused_for_a_raced_experiment_writes_nothing(
    cli: CliRunner, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from twitchlog.cli.main import run
    from twitchlog.storage import bulk
    from twitchlog.storage.journal import Journal
    from twitchlog.storage.repository import all_episodes

    _at(monkeypatch, "2026-12-01")
    assert cli("log", "calf", "--side", "left").code == 0
    assert cli(*INTERIM_ARGS, "--yes").code == 0  # runs from tomorrow
    out = tmp_path / "all.json"
    assert cli("export", "-o", str(out)).code == 0

    other = tmp_path / "other" / "journal.sqlite3"
    other.parent.mkdir(mode=0o700)
    assert run(["--db", str(other), "log", "eyelid", "--side", "right"]) == 0
    sleep = ("experiment", "start", "sleep", "--low", "at least 8 hours", "--yes")
    assert run(["--db", str(other), *sleep]) == 0
    # As if the sleep experiment had been started by another process just after import
    # looked: the look finds none running.
    monkeypatch.setattr(bulk, "read_experiments", lambda conn: [])
    code = run(["--db", str(other), "import", "--apply", str(out)])
    assert code == 65
    journal = Journal.open(other, create=False)
    try:
        assert [e.site for e in all_episodes(journal)] == ["eyelid"]  # the calf is not in
    finally:
        journal.dispose()
