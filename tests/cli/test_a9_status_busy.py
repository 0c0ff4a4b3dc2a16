"""``status`` on a journal another program is writing: "busy", as every other command says
it, not "not readable now (run: twitchlog check)" (check then finds nothing wrong)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tests.cli.conftest import CliRunner


def test_a9_status_on_a_busy_journal_says_busy(cli: CliRunner, db: Path) -> None:
    assert cli("log", "calf").code == 0
    writer = sqlite3.connect(db, isolation_level=None)
    try:
        writer.execute("BEGIN EXCLUSIVE")  # another process in the middle of its write
        result = cli("status")
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    assert result.code == 0, result
    assert result.out == "twitchlog: journal is busy, try again\n", result


def test_a9_status_on_a_newer_journal_says_so(cli: CliRunner, db: Path) -> None:
    """A journal of a newer twitchlog: every other command refuses it; status printed today's
    count as if all was well. It says the journal is newer, and reads nothing else."""
    assert cli("log", "calf").code == 0
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("PRAGMA user_version = 99")
    conn.close()
    result = cli("status")
    assert result.out == "twitchlog: journal is newer than this twitchlog knows (update it)\n"


def test_status_knows_the_schema_version_the_migrations_write() -> None:
    from twitchlog.cli.prompt import SCHEMA_VERSION
    from twitchlog.storage.migrations import CURRENT_VERSION

    assert SCHEMA_VERSION == CURRENT_VERSION
