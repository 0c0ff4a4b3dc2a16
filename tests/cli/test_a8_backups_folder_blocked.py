"""A migration whose backups folder is blocked by a file ends as an unwritable place (74)
naming the folder, with the journal untouched (was: "cannot use file …/.partial: Not a
directory", exit 2)."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

from tests.cli.conftest import CliRunner

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def test_a8_migration_with_the_backups_folder_blocked_by_a_file_exits_74(
    cli: CliRunner, db: Path
) -> None:
    """``<journal>-backups`` is a file: the backup before the migration cannot be made."""
    shutil.copy(FIXTURES / "journal-v1.sqlite3", db)
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    blocked = db.with_name(f"{db.stem}-backups")
    blocked.write_text("not a folder")
    blocked.chmod(0o640)
    result = cli("analyze")
    assert result.code == 74, (result.code, result.err)
    assert str(blocked) in result.err and ".partial" not in result.err, result.err
    assert len(result.err.strip().splitlines()) == 1
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before
    assert blocked.read_text() == "not a folder"
    assert blocked.stat().st_mode & 0o777 == 0o640  # the person's file is left as it was
