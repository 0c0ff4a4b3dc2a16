"""Damaged, half-written and replaced journals: ``check``, ``restore`` and the commands that
read (issue 11: D2, D7, D8, D18, D20, D22).

Each test is named after the defect it guards against and failed before its fix.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tests.reliability.conftest import InProcessCli, assert_one_line_error

PAGE = 4096


def _journal(cli: InProcessCli, db: Path, episodes: int = 30) -> None:
    for i in range(episodes):
        assert cli("--db", str(db), "log", "calf", "--note", f"n{i}").code == 0
    assert cli("--db", str(db), "day", "--coffee", "2", "--stress", "3").code == 0


def _root_page(db: Path, name: str) -> int:
    conn = sqlite3.connect(db)
    try:
        return int(
            conn.execute("SELECT rootpage FROM sqlite_schema WHERE name = ?", (name,)).fetchone()[0]
        )
    finally:
        conn.close()


# ------------------------------------------------------------------ D8 analyze/report exit 65


@pytest.mark.parametrize("command", [("analyze",), ("report", "-o", "r.pdf")])
@pytest.mark.parametrize("damage", ["started-at-index", "drinks-json"])
def test_d8_analyze_and_report_say_damaged_not_crash(
    command: tuple[str, ...],
    damage: str,
    tmp_path: Path,
    cli: InProcessCli,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Before: the hour counts read SQLite without the error mapping (a damaged index page
    was "unexpected error (DatabaseError)"), and a damaged drinks value raised
    JSONDecodeError: exit 70 and a crash log. Now exit 65, one line, nothing written."""
    monkeypatch.chdir(tmp_path)
    db = tmp_path / "j" / "journal.sqlite3"
    _journal(cli, db)
    data = bytearray(db.read_bytes())
    if damage == "started-at-index":
        start = (_root_page(db, "ix_episodes_started_at") - 1) * PAGE
        data[start : start + 16] = b"\xff" * 16
    else:
        at = data.index(b'{"coffee":2}')
        data[at + 11] = ord("]")  # same length, no longer JSON
    db.write_bytes(bytes(data))
    r = cli("--db", str(db), *command)
    assert r.code == 65, r
    assert_one_line_error(r)
    assert "damaged" in r.err and r.out == ""
    assert not (tmp_path / "r.pdf").exists()
