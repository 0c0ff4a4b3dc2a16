"""A full disk: a failed daily backup never stops a read or a write, and a write that cannot be
stored ends in exit 74 with nothing written and the journal intact.

The disk is a small tmpfs mounted (as root) over the backup folder or the journal's folder and
then filled to the last page, so SQLite meets a real ENOSPC ("database or disk is full"). On a
machine where mounting is not allowed the tests are skipped with that reason.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tests.reliability.conftest import Figures, InProcessCli, MountFn, digest, fill, integrity
from twitchlog.storage import backup
from twitchlog.storage.migrations import CURRENT_VERSION


def rows(db: Path) -> int:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return int(conn.execute("SELECT count(*) FROM episodes").fetchone()[0])
    finally:
        conn.close()


def _warnings(err: str) -> list[str]:
    return [line for line in err.splitlines() if "backup" in line and "warning" in line]


def test_d5_full_backup_folder_stops_no_command_and_warns_once_a_day(
    cli: InProcessCli,
    tmp_path: Path,
    small_disk: MountFn,
    monkeypatch: pytest.MonkeyPatch,
    figures: Figures,
) -> None:
    """Regression D5: with the backup folder's disk full, the daily backup's "database or disk
    is full" escaped and every command exited 70 (``analyze`` 1), so nothing could even be
    exported. Now every command works, and one warning line is printed once a day."""
    db = tmp_path / "j" / "journal.sqlite3"
    db.parent.mkdir()
    monkeypatch.setenv("TWITCHLOG_NOW", "2026-11-01T10:00:00+00:00")
    assert cli("--db", str(db), "log", "calf").code == 0  # creates the journal
    for n in range(40):  # enough pages that a copy cannot fit in what is left
        assert cli("--db", str(db), "log", "left eyelid", "--note", f"entry {n}").code == 0
    folder = small_disk(backup.backup_dir(db), size="256k")
    filler = fill(folder)
    before = rows(db)

    monkeypatch.setenv("TWITCHLOG_NOW", "2026-11-02T10:00:00+00:00")  # a new day: backup due
    commands = [
        ["log", "calf", "--for", "30s"],
        ["list"],
        ["day", "--stress", "4"],
        ["export", "--format", "json", "--out", str(tmp_path / "out.json")],
        ["analyze"],
        ["med", "add", "magnesium"],
        ["note", "list"],
        ["log", "calf"],
    ]
    warned: list[str] = []
    codes: dict[str, int] = {}
    for argv in commands:
        r = cli("--db", str(db), *argv)
        codes[" ".join(argv[:1])] = r.code
        assert r.code == 0, (argv, r)
        assert "Traceback" not in r.err, (argv, r)
        warned += _warnings(r.err)
    assert rows(db) == before + 2  # both entries saved
    assert (tmp_path / "out.json").is_file()
    # One warning, on the first command of the day, one line, naming the folder and the cause.
    assert len(warned) == 1, warned
    assert str(folder) in warned[0] and "full" in warned[0], warned
    assert not list(folder.glob("daily-*.sqlite3"))
    assert not list(folder.glob(".*.partial"))

    # The next day: said once again.
    monkeypatch.setenv("TWITCHLOG_NOW", "2026-11-03T10:00:00+00:00")
    again = [_warnings(cli("--db", str(db), "log", "calf").err) for _ in range(3)]
    assert [len(w) for w in again] == [1, 0, 0]

    # A backup by hand into the full folder: exit 74, one line naming the folder.
    r = cli("--db", str(db), "backup")
    assert r.code == 74 and str(folder) in r.err and len(r.err.splitlines()) == 1, r
    # Space freed: the next day's first start takes the daily backup, without a warning.
    filler.unlink()
    monkeypatch.setenv("TWITCHLOG_NOW", "2026-11-04T10:00:00+00:00")
    r = cli("--db", str(db), "list")
    assert r.code == 0 and not _warnings(r.err), r
    assert backup.verify(folder / "daily-2026-11-04.sqlite3") == CURRENT_VERSION
    figures["commands_with_backup_disk_full"] = len(commands) + 3
    figures["exit_codes"] = codes
    figures["warnings_per_day"] = 1


def test_d5_full_journal_disk_exits_74_and_writes_nothing(
    cli: InProcessCli,
    tmp_path: Path,
    small_disk: MountFn,
    monkeypatch: pytest.MonkeyPatch,
    figures: Figures,
) -> None:
    """Regression D5: a write onto a full disk ended in exit 1 ("the journal could not be
    used"); it is exit 74 with one line naming the journal, and nothing is written."""
    place = small_disk(tmp_path / "disk", size="1m")
    db = place / "journal.sqlite3"
    monkeypatch.setenv("TWITCHLOG_NOW", "2026-11-01T10:00:00+00:00")
    assert cli("--db", str(db), "log", "calf").code == 0
    assert cli("--db", str(db), "log", "calf").code == 0  # takes today's backup
    fill(place)
    before_rows, before_hash = rows(db), digest(db)
    attempts = [
        ["log", "calf", "--note", "x" * 3000],
        ["day", "--stress", "4", "--note", "y" * 3000],
        ["med", "add", "magnesium", "--note", "z" * 3000],
    ]
    for argv in attempts:
        r = cli("--db", str(db), *argv)
        assert r.code == 74, (argv, r)
        assert len(r.err.splitlines()) == 1 and str(db) in r.err and "full" in r.err, r
        assert "Traceback" not in r.err
    assert rows(db) == before_rows
    assert digest(db) == before_hash
    assert integrity(db) == "ok"
    assert not (place / "journal.sqlite3-journal").exists()
    # Reading still works on the full disk.
    assert cli("--db", str(db), "list").code == 0
    figures["writes_refused_exit_74"] = len(attempts)
