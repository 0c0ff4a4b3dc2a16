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
