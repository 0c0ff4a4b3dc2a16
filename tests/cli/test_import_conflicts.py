"""D4: importing a file never replaces a newer record with an older one, and says so.

Each record carries when it was last changed (``updated_at``); exports write it and import
compares: newer in the file replaces, older in the file is kept out, a record with the same id
but other content and no marker (files from before the marker) is a conflict kept as it is.
The dry run lists every conflict with what ``--apply`` will do.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import date
from pathlib import Path

import pytest

from tests.cli.conftest import CliRunner
from twitchlog.storage import repository as repo
from twitchlog.storage.journal import Journal

DAY = "2026-11-20"


def _age_markers(db: Path, when: str = "2026-01-01T00:00:00Z") -> None:
    """Pretend every record of the journal was last changed at ``when``."""
    conn = sqlite3.connect(db)
    conn.execute("UPDATE day_logs SET updated_at = ?", (when,))
    conn.execute("UPDATE episodes SET updated_at = ?", (when,))
    conn.commit()
    conn.close()


def _episode_id(db: Path) -> str:
    return repo.list_episodes(Journal(db), limit=1)[0].id


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_d4_reimporting_an_older_export_keeps_the_newer_day(
    fmt: str, cli: CliRunner, db: Path, tmp_path: Path
) -> None:
    """The issue's steps: coffee 1, export, coffee 3 with a note, import the old export."""
    assert cli("day", "--date", DAY, "--coffee", "1").code == 0
    old = tmp_path / f"old.{fmt}"
    assert cli("export", "--format", fmt, "--out", str(old)).code == 0
    assert cli("day", "--date", DAY, "--coffee", "3", "-n", "NEW").code == 0

    dry = cli("import", str(old))
    assert dry.code == 0
    assert "conflict" in dry.out and DAY in dry.out
    assert "keeps the journal's" in dry.out

    applied = cli("import", str(old), "--apply")
    assert applied.code == 0
    day = repo.get_day(Journal(db), date(2026, 11, 20))
    assert day is not None
    assert day.caffeine_mg == 285 and day.note == "NEW"


def test_d4_known_episode_with_other_content_is_reported_not_dropped_silently(
    cli: CliRunner, db: Path, tmp_path: Path
) -> None:
    """Same id, different content: the dry run names it and says what --apply does."""
    assert cli("log", "calf", "--at", "2026-11-20 10:00", "-i", "3").code == 0
    ident = _episode_id(db)
    old = tmp_path / "old.json"
    assert cli("export", "--format", "json", "--out", str(old)).code == 0
    assert cli("edit", ident, "-i", "8", "--note", "worse").code == 0

    dry = cli("import", str(old))
    assert dry.code == 0
    assert ident[:8] in dry.out and "conflict" in dry.out
    assert "intensity" in dry.out and "keeps the journal's" in dry.out
    assert cli("import", str(old), "--apply").code == 0
    ep = repo.get_episode(Journal(db), ident)
    assert ep.intensity == 8 and ep.note == "worse"


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_d4_a_newer_export_replaces_older_values(
    fmt: str, cli: CliRunner, db: Path, tmp_path: Path
) -> None:
    """The other direction: the file's record was changed after the journal's."""
    assert cli("day", "--date", DAY, "--coffee", "3", "--sleep", "7", "-n", "NEW").code == 0
    assert cli("log", "calf", "--at", "2026-11-20 10:00", "-i", "8").code == 0
    newer = tmp_path / f"newer.{fmt}"
    assert cli("export", "--format", fmt, "--out", str(newer)).code == 0
    ident = _episode_id(db)
    assert cli("day", "--date", DAY, "--coffee", "1", "-n", "OLD").code == 0
    assert cli("edit", ident, "-i", "2").code == 0
    _age_markers(db)

    dry = cli("import", str(newer))
    assert "newer in the file" in dry.out and "--apply replaces" in dry.out
    assert cli("import", str(newer), "--apply").code == 0
    day = repo.get_day(Journal(db), date(2026, 11, 20))
    assert day is not None
    assert day.caffeine_mg == 285 and day.sleep_h == 7 and day.note == "NEW"
    assert repo.get_episode(Journal(db), ident).intensity == 8


def test_d4_old_export_without_markers_reports_conflicts_and_keeps_the_journal(
    cli: CliRunner, db: Path, tmp_path: Path
) -> None:
    """A file from before the marker: differing values are conflicts kept as they are; days
    only gain values the journal does not have."""
    assert cli("day", "--date", DAY, "--coffee", "1").code == 0
    assert cli("log", "calf", "--at", "2026-11-20 10:00", "-i", "3").code == 0
    ident = _episode_id(db)
    old = tmp_path / "old.json"
    assert cli("export", "--format", "json", "--out", str(old)).code == 0
    doc = json.loads(old.read_text())
    for table in ("episodes", "days"):
        for record in doc[table]:
            record.pop("updated_at", None)
    doc["days"][0]["caffeine_mg"] = 47.0
    doc["days"][0]["drinks"] = {"tea": 1}
    doc["days"][0]["stress"] = 4
    doc["episodes"][0]["intensity"] = 9
    old.write_text(json.dumps(doc))

    dry = cli("import", str(old))
    assert dry.code == 0
    assert dry.out.count("conflict") >= 2
    assert "no change marker" in dry.out
    assert cli("import", str(old), "--apply").code == 0
    day = repo.get_day(Journal(db), date(2026, 11, 20))
    assert day is not None
    assert day.caffeine_mg == 95 and day.stress == 4  # kept; the missing value filled in
    assert repo.get_episode(Journal(db), ident).intensity == 3
