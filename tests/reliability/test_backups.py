"""Backups: verified before they get their name, taken daily and before migrations, rotated to
7 daily + 4 weekly, and restored atomically from verified files only.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import stat
import threading
from datetime import date, timedelta
from pathlib import Path

import pytest

from tests.reliability.conftest import Figures, InProcessCli, digest, integrity, scale
from twitchlog.storage import backup
from twitchlog.storage.connection import open_connection
from twitchlog.storage.errors import BackupInvalid
from twitchlog.storage.migrations import CURRENT_VERSION
from twitchlog.storage.opening import prepare

FIXTURES = Path(__file__).parent.parent / "fixtures"
FIRST_DAY = date(2026, 1, 1)


def _add_row(path: Path, n: int) -> None:
    conn = sqlite3.connect(path)
    conn.execute(
        "INSERT INTO episodes (id, started_at, timezone, local_date, site, kind, recorded_at) "
        "VALUES (?, '2026-01-01T10:00:00Z', 'UTC', '2026-01-01', 'calf', 'twitch', "
        "'2026-01-01T10:00:00Z')",
        (f"row-{n:04d}",),
    )
    conn.commit()
    conn.close()


def _rows(path: Path) -> int:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return int(conn.execute("SELECT count(*) FROM episodes").fetchone()[0])
    finally:
        conn.close()


def test_sixty_days_of_starts_keep_exactly_7_daily_and_4_weekly(
    journal_path: Path, figures: Figures
) -> None:
    prepare(journal_path)
    folder = backup.backup_dir(journal_path)
    taken = 0
    for n in range(60):
        today = FIRST_DAY + timedelta(days=n)
        prepare(journal_path, today=today)  # the first start of the day
        prepare(journal_path, today=today)  # a second start the same day adds nothing
        taken += 1
        names = sorted(p.name for p in folder.iterdir() if not p.name.startswith("."))  # no notes
        assert f"daily-{today.isoformat()}.sqlite3" in names
        assert len(names) <= 11, (today, names)
        _add_row(journal_path, n)
    remaining = sorted(p.name for p in folder.iterdir() if not p.name.startswith("."))
    assert remaining == [
        f"daily-{d}.sqlite3"
        for d in [
            "2026-02-01",  # newest of ISO week 5
            "2026-02-08",  # week 6
            "2026-02-15",  # week 7
            "2026-02-22",  # week 8
            *(f"2026-02-{day}" for day in range(23, 29)),  # the 7 newest days ...
            "2026-03-01",  # ... ending today
        ]
    ]
    for p in folder.glob("*.sqlite3"):
        assert backup.verify(p) == CURRENT_VERSION
        assert stat.S_IMODE(p.stat().st_mode) == 0o600
        # Each holds the journal exactly as the day's first start found it.
        day_index = (date.fromisoformat(p.name[6:16]) - FIRST_DAY).days
        assert _rows(p) == day_index
    figures["days_simulated"] = 60
    figures["daily_backups_taken"] = taken
    figures["files_kept"] = len(remaining)
    figures["files_verified"] = len(remaining)


def test_bug_quick_log_only_users_got_no_daily_backup(
    cli: InProcessCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Regression: ``twitchlog log`` never ran the day's first-start backup, so a person who
    only quick-logs had no backup at all to restore from."""
    db = tmp_path / "journal.sqlite3"
    for n in range(3):
        monkeypatch.setenv("TWITCHLOG_NOW", f"2026-11-{20 + n}T12:00:00+00:00")
        for _ in range(2):
            assert cli("--db", str(db), "log", "calf").code == 0
    names = sorted(p.name for p in backup.backup_dir(db).glob("*.sqlite3"))
    # Each day's first log (after the one that created the journal) backs it up, after
    # its own entry was committed: the backup holds the day's first entry too.
    assert names == [f"daily-2026-11-{d}.sqlite3" for d in (20, 21, 22)]
    assert [_rows(backup.backup_dir(db) / n) for n in names] == [2, 3, 5]


def test_a_failing_verify_leaves_no_file_with_a_final_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, figures: Figures
) -> None:
    journal = tmp_path / "journal.sqlite3"
    shutil.copy(FIXTURES / "journal-v1.sqlite3", journal)
    before = digest(journal)

    def failing_verify(path: Path) -> int:
        raise BackupInvalid(f"{path} failed its integrity check")

    monkeypatch.setattr(backup, "verify", failing_verify)
    # The backup before a migration fails: the migration does not run, nothing is named.
    with pytest.raises(BackupInvalid):
        prepare(journal)
    assert digest(journal) == before
    folder = backup.backup_dir(journal)
    assert list(folder.iterdir()) == []  # not even the ``.partial`` temporary file
    # The same for a daily and a manual backup.
    monkeypatch.undo()
    prepare(journal)
    monkeypatch.setattr(backup, "verify", failing_verify)
    conn = open_connection(journal)
    try:
        with pytest.raises(BackupInvalid):
            backup.daily_backup_if_due(conn, journal, date(2026, 11, 29))
        with pytest.raises(BackupInvalid):
            backup.manual_backup(conn, journal, tmp_path / "mine.sqlite3")
    finally:
        conn.close()
    leftovers = [p.name for p in folder.iterdir() if not p.name.startswith("premigrate-v1-")]
    assert leftovers == []
    assert not (tmp_path / "mine.sqlite3").exists()
    figures["failed_verifies"] = 3
    figures["files_left_with_a_final_name"] = 0


def _not_journals(tmp_path: Path, good: Path) -> dict[str, Path]:
    out: dict[str, Path] = {}
    damaged = bytearray(good.read_bytes())
    conn = sqlite3.connect(good)
    (root,) = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'episodes'").fetchone()
    (size,) = conn.execute("PRAGMA page_size").fetchone()
    conn.close()
    at = (root - 1) * size  # the episodes table's root page: its header and cell pointers wiped
    damaged[at + 8 : at + 40] = bytes(32)
    out["damaged"] = tmp_path / "damaged.sqlite3"
    out["damaged"].write_bytes(bytes(damaged))
    out["text"] = tmp_path / "notes.txt"
    out["text"].write_text("not a database\n")
    out["empty"] = tmp_path / "empty.sqlite3"
    out["empty"].write_bytes(b"")
    out["other-sqlite"] = tmp_path / "other.sqlite3"
    conn = sqlite3.connect(out["other-sqlite"])
    conn.execute("CREATE TABLE contacts (name TEXT)")
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()
    out["newer"] = tmp_path / "newer.sqlite3"
    shutil.copy(good, out["newer"])
    conn = sqlite3.connect(out["newer"])
    conn.execute("PRAGMA user_version = 99")
    conn.commit()
    conn.close()
    out["missing"] = tmp_path / "missing.sqlite3"
    out["folder"] = tmp_path / "a-folder"
    out["folder"].mkdir()
    return out


def test_restore_refuses_anything_but_a_verified_journal(
    cli: InProcessCli, tmp_path: Path, figures: Figures
) -> None:
    db = tmp_path / "data" / "journal.sqlite3"
    db.parent.mkdir()
    for i in range(5):
        assert cli("--db", str(db), "log", "calf", "--note", f"kept {i}").code == 0
    good = tmp_path / "good-backup.sqlite3"
    assert cli("--db", str(db), "backup", "--out", str(good)).code == 0
    candidates = _not_journals(tmp_path, good)
    assert integrity(candidates["damaged"]) != "ok"
    before = digest(db)
    for name, source in candidates.items():
        r = cli("--db", str(db), "restore", str(source), "--yes")
        assert r.code == 65, (name, r)
        assert "Traceback" not in r.err and r.err.count("\n") == 1, (name, r)
        assert digest(db) == before, name
        assert sorted(p.name for p in db.parent.iterdir() if "journal.sqlite3" in p.name) == [
            "journal.sqlite3"
        ], name
    figures["files_refused"] = len(candidates)
    figures["journal_changed_by_a_refusal"] = 0


def test_restore_replaces_atomically_and_keeps_the_old_journal(
    cli: InProcessCli, tmp_path: Path, figures: Figures
) -> None:
    db = tmp_path / "data" / "journal.sqlite3"
    db.parent.mkdir()
    for i in range(5):
        assert cli("--db", str(db), "log", "calf", "--note", f"first {i}").code == 0
    small = tmp_path / "small.sqlite3"
    assert cli("--db", str(db), "backup", "--out", str(small)).code == 0
    for i in range(4):
        assert cli("--db", str(db), "log", "calf", "--note", f"later {i}").code == 0
    large = tmp_path / "large.sqlite3"
    assert cli("--db", str(db), "backup", "--out", str(large)).code == 0

    seen: list[int] = []
    problems: list[str] = []
    stop = threading.Event()

    def reader() -> None:  # another process's view while restores run: never missing, never mixed
        while not stop.is_set():
            try:
                seen.append(_rows(db))
            except sqlite3.Error as exc:
                problems.append(str(exc))

    thread = threading.Thread(target=reader)
    thread.start()
    restores = scale(20, 200)
    try:
        for n in range(restores):
            source = small if n % 2 == 0 else large
            old = digest(db)
            r = cli("--db", str(db), "restore", str(source), "--yes")
            assert r.code == 0, r
            aside = Path(r.out.split("kept as ", 1)[1].strip().rstrip("."))
            assert digest(aside) == old
            assert _rows(db) == (5 if source is small else 9)
            assert stat.S_IMODE(db.stat().st_mode) == 0o600
            os.unlink(aside)
    finally:
        stop.set()
        thread.join()
    assert problems == []
    assert set(seen) <= {5, 9} and seen
    assert integrity(db) == "ok"
    figures["restores"] = restores
    figures["concurrent_reads"] = len(seen)
    figures["reads_that_saw_a_missing_or_mixed_journal"] = 0
