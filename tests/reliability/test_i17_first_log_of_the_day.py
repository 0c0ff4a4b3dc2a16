"""Issue 17: the first quick log of a day commits its entry before the day's check and backup,
and later quick logs skip the per-write check while the file is as the day's check left it.

What must not change: a failing backup never stops a write, damage found is remembered and
refused, anything else that writes to the file brings the check back.
"""

from __future__ import annotations

import sqlite3
import time
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tests.reliability.conftest import InProcessCli, cli_process
from twitchlog.storage import backup, integrity
from twitchlog.storage.opening import FULL_CHECK_MAX_BYTES

DAY_1 = "2026-11-20T09:00:00+00:00"
DAY_2 = "2026-11-21T09:00:00+00:00"


def _rows(path: Path, where: str = "1") -> int:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return int(conn.execute(f"SELECT count(*) FROM episodes WHERE {where}").fetchone()[0])
    finally:
        conn.close()


def _count_checks(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every full ``integrity_check`` the quick writer runs, by the note it was run for."""
    from twitchlog.storage import quicklog

    seen: list[str] = []
    real = getattr(quicklog, "check_integrity")  # noqa: B009 (not exported: patched here)

    def counting(conn: sqlite3.Connection, path: Path, *, full: bool = False) -> None:
        seen.append("full" if full else "quick")
        real(conn, path, full=full)

    monkeypatch.setattr(quicklog, "check_integrity", counting)
    return seen


def test_i17_first_log_of_the_day_commits_before_the_daily_backup(
    cli: InProcessCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before: the first log of a day ran the full check and the verified daily backup first
    (1.4 s on 20 years while a twitch was happening). Now the entry is committed first, and
    the day's backup holds it."""
    from twitchlog.storage import opening

    db = tmp_path / "journal.sqlite3"
    monkeypatch.setenv("TWITCHLOG_NOW", DAY_1)
    assert cli("--db", str(db), "log", "calf", "--note", "day one").code == 0
    rows_when_prepared: list[int] = []
    real_prepare = opening.prepare

    def watching(path: Path, **kw: Any) -> int:
        rows_when_prepared.append(_rows(path, "note = 'first of day two'"))
        return real_prepare(path, **kw)

    monkeypatch.setattr(opening, "prepare", watching)
    monkeypatch.setenv("TWITCHLOG_NOW", DAY_2)
    r = cli("--db", str(db), "log", "calf", "--note", "first of day two")
    assert r.code == 0 and r.out.startswith("Saved "), r
    assert rows_when_prepared == [1]  # the day's check and backup ran after the commit
    daily = backup.backup_dir(db) / "daily-2026-11-21.sqlite3"
    assert _rows(daily, "note = 'first of day two'") == 1


def test_i17_a_failing_daily_backup_after_the_commit_keeps_the_entry(
    cli: InProcessCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The backup runs after the commit: when it fails the entry is saved (exit 0), the
    failure is said once, and the next log of the day does not try again."""
    db = tmp_path / "journal.sqlite3"
    monkeypatch.setenv("TWITCHLOG_NOW", DAY_1)
    assert cli("--db", str(db), "log", "calf").code == 0
    assert cli("--db", str(db), "log", "calf").code == 0  # day one's backup: the folder

    def full_disk(*_: Any, **__: Any) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(backup, "daily_backup_if_due", full_disk)
    monkeypatch.setenv("TWITCHLOG_NOW", DAY_2)
    r = cli("--db", str(db), "log", "calf", "--note", "kept")
    assert r.code == 0 and r.out.startswith("Saved "), r
    assert "could not be written" in r.err and "still saved" in r.err, r
    assert _rows(db, "note = 'kept'") == 1
    r = cli("--db", str(db), "log", "calf", "--note", "kept too")
    assert r.code == 0 and r.err == "", r
    assert _rows(db) == 4


def test_i17_quick_log_skips_its_check_while_the_file_is_as_checked_today(
    cli: InProcessCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before: every quick log of a journal up to 4 MiB ran ``integrity_check`` (~40 ms of a
    1-year journal's 0.15 s). Now a check that passed today stands while nothing but
    twitchlog's own quick writes has changed the file; any other change, and a new day,
    bring it back."""
    db = tmp_path / "journal.sqlite3"
    monkeypatch.setenv("TWITCHLOG_NOW", DAY_1)
    assert cli("--db", str(db), "log", "calf").code == 0  # creates the journal
    assert cli("--db", str(db), "log", "calf").code == 0  # the day's check and backup
    checks = _count_checks(monkeypatch)
    for _ in range(3):
        assert cli("--db", str(db), "log", "calf").code == 0
    assert checks == []
    # another program writes to the file: the next quick log checks it again
    conn = sqlite3.connect(db)
    conn.execute("UPDATE episodes SET note = 'changed elsewhere' WHERE rowid = 1")
    conn.commit()
    conn.close()
    assert cli("--db", str(db), "log", "calf").code == 0
    assert checks == ["full"]
    assert cli("--db", str(db), "log", "calf").code == 0
    assert checks == ["full"]
    # a new day: checked once more (its first log, before the write), then skipped again
    monkeypatch.setenv("TWITCHLOG_NOW", DAY_2)
    assert cli("--db", str(db), "log", "calf").code == 0
    assert cli("--db", str(db), "log", "calf").code == 0
    assert checks == ["full", "full"]
    assert _rows(db) == 9


def test_i17_a_file_noted_damaged_is_checked_even_on_a_day_already_checked(
    cli: InProcessCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The note of today's check never stands for a file a check has found damaged."""
    db = tmp_path / "journal.sqlite3"
    monkeypatch.setenv("TWITCHLOG_NOW", DAY_1)
    assert cli("--db", str(db), "log", "calf").code == 0
    assert cli("--db", str(db), "log", "calf").code == 0
    assert integrity.checked_on(db, date(2026, 11, 20))
    integrity.remember_damage(db)
    assert not integrity.checked_on(db, date(2026, 11, 20))
    checks = _count_checks(monkeypatch)
    assert cli("--db", str(db), "log", "calf").code == 0  # the file itself is whole
    assert checks == ["full"]


def _large_journal(path: Path) -> None:
    """A journal over FULL_CHECK_MAX_BYTES (the size from which housekeeping is detached)."""
    from twitchlog.storage.journal import Journal

    Journal.open(path).dispose()
    note = "x" * 300
    conn = sqlite3.connect(path)
    conn.executemany(
        "INSERT INTO episodes (id, started_at, timezone, local_date, site, kind, recorded_at, "
        "note) VALUES (?, ?, 'UTC', ?, 'calf', 'twitch', ?, ?)",
        [
            (f"e{i}", f"2020-01-{1 + i % 28:02d}T10:00:00Z", f"2020-01-{1 + i % 28:02d}",
             "2020-01-01T10:00:00Z", note)
            for i in range(16_000)
        ],
    )  # fmt: skip
    conn.commit()
    conn.close()
    assert path.stat().st_size > FULL_CHECK_MAX_BYTES


def test_i17_a_large_journal_gets_its_daily_check_and_backup_after_the_command(
    tmp_path: Path,
) -> None:
    """On a journal over 4 MiB the first log of the day returns as soon as the entry is
    committed; a detached child process runs the full check and the verified daily backup,
    which then holds the entry."""
    db = tmp_path / "journal.sqlite3"
    _large_journal(db)
    r = cli_process("--db", str(db), "log", "calf", "--note", "first today", env={
        "TWITCHLOG_NOW": DAY_2})  # fmt: skip
    assert r.returncode == 0 and r.stdout.startswith("Saved "), r
    assert _rows(db, "note = 'first today'") == 1
    daily = backup.backup_dir(db) / "daily-2026-11-21.sqlite3"
    deadline = time.monotonic() + 300  # waits for the child; not a timing assertion
    while not integrity.checked_on(db, date(2026, 11, 21)) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert backup.verify(daily) > 0
    assert _rows(daily, "note = 'first today'") == 1
    assert integrity.checked_on(db, date(2026, 11, 21))
