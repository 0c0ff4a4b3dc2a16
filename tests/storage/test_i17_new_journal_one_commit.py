"""A new journal is made in one transaction: every migration step, one commit (issue 17).

Step by step, a new file took one commit (one sync) per step, 0.1 s of making a journal (an
import into a new file, the first log ever). A new file has nothing to keep between steps, so
it takes them all in one transaction: all there or nothing. A journal that exists still
migrates one step per transaction.
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from twitchlog.storage.migrations import CURRENT_VERSION, MIGRATIONS, migrate, user_version

FIXTURES = Path(__file__).parent.parent / "fixtures"


def _commits(conn: sqlite3.Connection) -> list[str]:
    seen: list[str] = []
    conn.set_trace_callback(lambda sql: seen.append(sql) if sql == "COMMIT" else None)
    return seen


def test_i17_a_new_journal_is_made_in_one_commit(tmp_path: Path) -> None:
    conn = sqlite3.connect(tmp_path / "journal.sqlite3", isolation_level=None)
    commits = _commits(conn)
    assert migrate(conn) == list(range(1, CURRENT_VERSION + 1))
    assert len(commits) == 1
    assert user_version(conn) == CURRENT_VERSION
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_schema WHERE type = 'table'")}
    assert {"episodes", "day_logs", "medications", "health_notes"} <= tables
    conn.close()


def test_i17_a_new_journal_whose_last_step_fails_is_left_empty(tmp_path: Path) -> None:
    path = tmp_path / "journal.sqlite3"

    def exploding(c: sqlite3.Connection) -> None:
        MIGRATIONS[-1](c)
        raise RuntimeError("injected failure in the last step")

    conn = sqlite3.connect(path, isolation_level=None)
    with pytest.raises(RuntimeError, match="injected"):
        migrate(conn, (*MIGRATIONS[:-1], exploding))
    assert user_version(conn) == 0
    assert conn.execute("SELECT count(*) FROM sqlite_schema").fetchone() == (0,)
    conn.close()


def test_i17_an_existing_journal_still_migrates_one_step_per_commit(tmp_path: Path) -> None:
    path = tmp_path / "journal.sqlite3"
    shutil.copy(FIXTURES / "journal-v1.sqlite3", path)
    conn = sqlite3.connect(path, isolation_level=None)
    commits = _commits(conn)
    assert migrate(conn) == list(range(2, CURRENT_VERSION + 1))
    assert len(commits) == CURRENT_VERSION - 1
    conn.close()
