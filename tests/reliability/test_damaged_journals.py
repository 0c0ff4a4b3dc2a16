"""Damaged, half-written and replaced journals: ``check``, ``restore`` and the commands that
read (issue 11: D2, D7, D8, D18, D20, D22).

Each test is named after the defect it guards against and failed before its fix.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.reliability.conftest import (
    InProcessCli,
    assert_one_line_error,
    cli_process,
    digest,
    integrity,
    spawn_script,
    wait_for_line,
)
from twitchlog.storage.backup import backup_dir

PAGE = 4096


def _journal(cli: InProcessCli, db: Path, episodes: int = 30) -> None:
    db.parent.mkdir(parents=True, exist_ok=True)  # a mistyped folder is never created
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


# ------------------------------------------------------------------ D2 check and restore advice

_KILLED_WRITER = """
import os, sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("PRAGMA cache_size = 1")  # the transaction spills into the file before COMMIT
conn.execute("BEGIN IMMEDIATE")
for i in range(2000):
    conn.execute(
        "INSERT INTO episodes (id, started_at, timezone, local_date, site, kind, recorded_at, "
        "note) VALUES (?, '2026-01-01T00:00:00Z', 'UTC', '2026-01-01', 'calf', 'twitch', "
        "'2026-01-01T00:00:00Z', ?)",
        (f"unfinished-{i}", "x" * 200),
    )
os._exit(9)  # killed mid-transaction: a hot rollback journal stays beside the file
"""

_LOCK_HOLDER = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN " + sys.argv[2])
if sys.argv[2] == "IMMEDIATE":
    conn.execute("INSERT INTO medications (id, name, kind, start) SELECT 'held', 'held', "
                 "kind, start FROM medications LIMIT 1")
print("held", flush=True)
sys.stdin.readline()
conn.execute("COMMIT")
print("committed", flush=True)
"""


def _episodes(db: Path) -> int:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return int(conn.execute("SELECT count(*) FROM episodes").fetchone()[0])
    finally:
        conn.close()


def _kill_a_writer_mid_transaction(db: Path) -> None:
    done = subprocess.run([sys.executable, "-c", _KILLED_WRITER, str(db)], check=False)
    assert done.returncode == 9
    hot = db.with_name(db.name + "-journal")
    assert hot.exists() and hot.stat().st_size > 0


def test_d2_check_rolls_back_a_hot_journal_instead_of_calling_it_damaged(
    tmp_path: Path, cli: InProcessCli
) -> None:
    """Before: after a writer was killed mid-write, check (read-only) said DAMAGED, exit 65,
    and advised restoring the daily backup. Now it recovers the file as SQLite does."""
    db = tmp_path / "j" / "journal.sqlite3"
    _journal(cli, db, episodes=8)
    _kill_a_writer_mid_transaction(db)
    r = cli("--db", str(db), "check")
    assert r.code == 0, r
    assert "ok (integrity check passed" in r.out and "DAMAGED" not in r.out
    assert not db.with_name(db.name + "-journal").exists()
    assert _episodes(db) == 8


def test_d2_check_says_busy_not_damaged_while_another_process_holds_the_lock(
    tmp_path: Path, cli: InProcessCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before: check could not read while a writer held the file and said DAMAGED (65)."""
    db = tmp_path / "j" / "journal.sqlite3"
    _journal(cli, db, episodes=3)
    assert cli("--db", str(db), "med", "add", "zinc").code == 0
    monkeypatch.setenv("TWITCHLOG_BUSY_TIMEOUT_MS", "300")
    holder = spawn_script(_LOCK_HOLDER, str(db), "EXCLUSIVE")
    try:
        wait_for_line(holder, "held")
        r = cli("--db", str(db), "check")
        assert r.code == 75, r
        assert_one_line_error(r)
        assert "busy" in r.err and "DAMAGED" not in r.out
    finally:
        assert holder.stdin is not None
        holder.stdin.write("\n")
        holder.stdin.flush()
        holder.wait(timeout=60)
    assert cli("--db", str(db), "check").code == 0


def test_d2_restore_advice_says_what_would_be_lost(tmp_path: Path, cli: InProcessCli) -> None:
    """Before: check advised ``restore <backup>`` without saying that the entries made since
    the backup would be lost with it."""
    db = tmp_path / "j" / "journal.sqlite3"
    _journal(cli, db, episodes=2)  # the second log took today's backup after its commit (2)
    for i in range(4):
        assert cli("--db", str(db), "log", "thigh", "--note", f"after {i}").code == 0
    data = bytearray(db.read_bytes())
    start = (_root_page(db, "ix_episodes_started_at") - 1) * PAGE
    data[start : start + 16] = b"\xff" * 16  # the index: the rows themselves stay readable
    db.write_bytes(bytes(data))
    r = cli("--db", str(db), "check")
    assert r.code == 65 and "DAMAGED" in r.out, r
    (backup,) = backup_dir(db).glob("daily-*.sqlite3")
    assert f"To recover: twitchlog restore {backup}" in r.out
    # 4 new episodes and the day check-in are newer than the backup
    assert "loses" in r.out and "4 entries and 1 day check-in on 1 day" in r.out, r.out


def test_d2_a_replaced_journal_stays_restorable(tmp_path: Path, cli: InProcessCli) -> None:
    """Before: restore moved the hot rollback journal apart from the file it belongs to, and
    restoring the kept ``.replaced-`` copy was then refused (a read-only open cannot roll
    back). Now the restore rolls the file back under its lock before putting it aside, and a
    copy with its rollback journal beside it is restored as SQLite would open it."""
    db = tmp_path / "j" / "journal.sqlite3"
    _journal(cli, db, episodes=6)
    (backup,) = backup_dir(db).glob("daily-*.sqlite3")
    _kill_a_writer_mid_transaction(db)
    pair = tmp_path / "kept" / "journal.sqlite3"  # a file and its hot journal, kept together
    pair.parent.mkdir()
    pair.write_bytes(db.read_bytes())
    hot = pair.with_name(pair.name + "-journal")
    hot.write_bytes(db.with_name(db.name + "-journal").read_bytes())
    kept = (digest(pair), digest(hot))

    assert cli("--db", str(db), "restore", str(backup), "--yes").code == 0
    (aside,) = (p for p in db.parent.glob("journal.sqlite3.replaced-*") if "-journal" not in p.name)
    assert _episodes(db) == 2  # the backup, taken after the second log's commit
    r = cli("--db", str(db), "restore", str(aside), "--yes")
    assert r.code == 0, r
    assert _episodes(db) == 6

    r = cli("--db", str(db), "restore", str(pair), "--yes")
    assert r.code == 0, r
    assert _episodes(db) == 6 and integrity(db) == "ok"
    assert (digest(pair), digest(hot)) == kept  # the kept files are not changed


# ------------------------------------------------------------------ D18 CHECK-constraint damage


def test_d18_check_finds_the_check_constraint_damage_every_other_command_reports(
    tmp_path: Path, cli: InProcessCli
) -> None:
    """Before: with the journal cut short by one byte, SQLite read the last page's missing
    byte as zero in one of the stored values; ``list``, ``log`` and ``day`` refused ("CHECK
    constraint failed"), while ``check`` - a read-only open - passed it (exit 0)."""
    for size in range(5, 20):  # the journal whose last byte lies in a checked value
        db = tmp_path / str(size) / "journal.sqlite3"
        db.parent.mkdir()
        for i in range(size):
            note = f"episode {i} " + "ü" * (i * 37)
            assert cli("--db", str(db), "log", "calf", "--note", note).code == 0
            if i % 10 == 5:
                assert cli("--db", str(db), "day", "--stress", "4", "--note", "a day").code == 0
        assert cli("--db", str(db), "med", "add", "magnesium", "--supplement").code == 0
        db.write_bytes(db.read_bytes()[:-1])
        refused = cli("--db", str(db), "list")
        if refused.code == 65 and "CHECK constraint failed" in refused.err:
            break
    else:
        pytest.fail("no journal whose one-byte truncation breaks a CHECK constraint")
    r = cli("--db", str(db), "check")
    assert r.code == 65, r
    assert "DAMAGED - CHECK constraint failed" in r.out


# ------------------------------------------------------------------ D20 restore takes the lock


def test_d20_restore_waits_for_a_writer_then_is_busy_and_changes_nothing(
    tmp_path: Path, cli: InProcessCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before: restore swapped the file and moved the rollback journal of a transaction in
    progress; the writer then failed ("disk I/O error", exit 1). Now restore waits for the
    write lock like any writer and, after the busy timeout, exits 75 having changed nothing;
    the writer commits."""
    db = tmp_path / "j" / "journal.sqlite3"
    _journal(cli, db, episodes=3)
    assert cli("--db", str(db), "med", "add", "zinc").code == 0
    (backup,) = backup_dir(db).glob("daily-*.sqlite3")
    monkeypatch.setenv("TWITCHLOG_BUSY_TIMEOUT_MS", "300")
    holder = spawn_script(_LOCK_HOLDER, str(db), "IMMEDIATE")
    try:
        wait_for_line(holder, "held")
        inode = db.stat().st_ino
        r = cli("--db", str(db), "restore", str(backup), "--yes")
        assert r.code == 75, r
        assert_one_line_error(r)
        assert "busy" in r.err
        assert db.stat().st_ino == inode and not list(db.parent.glob("*.replaced-*"))
    finally:
        assert holder.stdin is not None
        holder.stdin.write("\n")
        holder.stdin.flush()
    wait_for_line(holder, "committed")
    assert holder.wait(timeout=60) == 0
    assert cli("--db", str(db), "restore", str(backup), "--yes").code == 0
    assert integrity(db) == "ok"


def test_d20_a_log_that_opened_the_journal_before_a_restore_is_busy_not_readonly(
    tmp_path: Path, cli: InProcessCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before: a quick log whose connection was opened before a restore swapped the file
    failed with "attempt to write a readonly database" (SQLite refuses to write to a moved
    file). Now it is "journal is busy, try again" (75), and the entry is in neither file."""
    from twitchlog.storage import connection, quicklog

    db = tmp_path / "j" / "journal.sqlite3"
    _journal(cli, db, episodes=3)
    (backup,) = backup_dir(db).glob("daily-*.sqlite3")
    real_begin = connection.begin_immediate  # what quicklog calls

    def restore_first(conn: sqlite3.Connection) -> None:
        done = cli_process("--db", str(db), "restore", str(backup), "--yes")
        assert done.returncode == 0, done.stderr
        real_begin(conn)

    monkeypatch.setattr(quicklog, "begin_immediate", restore_first)
    r = cli("--db", str(db), "log", "thigh", "--note", "during the restore")
    assert r.code == 75, r
    assert_one_line_error(r)
    assert "busy" in r.err
    for path in [db, *db.parent.glob("journal.sqlite3.replaced-*")]:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            found = conn.execute("SELECT count(*) FROM episodes WHERE site = 'thigh'").fetchone()
            assert found == (0,), path
        finally:
            conn.close()


# ------------------------------------------------------------------ D22 zero-byte journal


def test_d22_an_emptied_journal_with_backups_is_refused_not_remade(
    tmp_path: Path, cli: InProcessCli
) -> None:
    """Before: a journal cut to zero bytes was silently made a new, empty journal by the next
    ``log`` (exit 0) while ``check`` called it damaged. Now every command refuses it (65),
    naming the newest good backup, what it holds and how to restore it."""
    db = tmp_path / "j" / "journal.sqlite3"
    _journal(cli, db, episodes=4)
    (backup,) = backup_dir(db).glob("daily-*.sqlite3")
    db.write_bytes(b"")
    for args in (("log", "calf"), ("day", "--stress", "2"), ("list",)):
        r = cli("--db", str(db), *args)
        assert r.code == 65, (args, r)
        assert_one_line_error(r)
        assert "empty" in r.err and "holds 2 entries" in r.err, r.err
        assert f"newest good backup: {backup}" in r.err and "twitchlog restore" in r.err
        assert db.stat().st_size == 0
    r = cli("--db", str(db), "check")
    assert r.code == 65 and "DAMAGED - it is empty" in r.out, r
    assert f"To recover: twitchlog restore {backup}" in r.out
    assert cli("--db", str(db), "restore", str(backup), "--yes").code == 0
    assert _episodes(db) == 2


def test_d22_a_zero_byte_file_without_backups_is_a_new_journal(
    tmp_path: Path, cli: InProcessCli
) -> None:
    """Without backups (nothing shows it ever held an entry) a zero-byte file is a journal
    that was never written, and ``check`` says so instead of calling it damaged."""
    db = tmp_path / "j" / "journal.sqlite3"
    db.parent.mkdir()
    db.write_bytes(b"")
    r = cli("--db", str(db), "check")
    assert r.code == 0 and "empty (0 bytes) and no backups: a new journal" in r.out, r
    assert cli("--db", str(db), "log", "calf").code == 0
    assert _episodes(db) == 1


# ------------------------------------------------------------------ D7 index out of step


def _index_out_of_step(db: Path) -> None:
    """Make an index disagree with its table, as a wrong byte in an index page or a changed
    collation would: its stored definition names another column than its entries hold.
    ``quick_check`` does not compare indexes with their tables; ``integrity_check`` does."""
    conn = sqlite3.connect(db)
    try:
        conn.execute("PRAGMA writable_schema = ON")
        conn.execute(
            "UPDATE sqlite_schema SET sql = 'CREATE INDEX ix_episodes_local_date ON episodes "
            "(site)' WHERE name = 'ix_episodes_local_date'"
        )
        conn.commit()
    finally:
        conn.close()
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA quick_check").fetchall() == [("ok",)]
        assert conn.execute("PRAGMA integrity_check").fetchall() != [("ok",)]
    finally:
        conn.close()


def test_d7_log_and_day_refuse_a_journal_whose_index_no_longer_matches(
    tmp_path: Path, cli: InProcessCli
) -> None:
    """Before: ``log`` and ``day`` saved into the journal (exit 0) - their quick_check does
    not compare indexes with tables - while ``check`` said DAMAGED."""
    db = tmp_path / "j" / "journal.sqlite3"
    _journal(cli, db, episodes=5)  # today's backup is taken: the next starts are not the first
    _index_out_of_step(db)
    before = digest(db)
    for args in (("log", "calf", "--note", "into damage"), ("day", "--stress", "5")):
        r = cli("--db", str(db), *args)
        assert r.code == 65, (args, r)
        assert_one_line_error(r)
        assert "damaged" in r.err and "missing from index" in r.err
    assert digest(db) == before
    assert cli("--db", str(db), "check").code == 65


def test_d7_a_large_journal_a_full_check_found_damaged_gets_no_quick_logs(
    tmp_path: Path, cli: InProcessCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Above the quick log's size limit no check runs per log; once a full check (``check``,
    or the first start of a day) has found the file damaged, the note it leaves stops quick
    logs into it. Before: exit 0, written. A restore (a new file) ends the refusal."""
    from twitchlog.storage import quicklog

    db = tmp_path / "j" / "journal.sqlite3"
    _journal(cli, db, episodes=5)
    (backup,) = backup_dir(db).glob("daily-*.sqlite3")
    monkeypatch.setattr(quicklog, "QUICK_CHECK_MAX_BYTES", 0)  # as if it were 20 years long
    _index_out_of_step(db)
    assert cli("--db", str(db), "check").code == 65
    before = digest(db)
    r = cli("--db", str(db), "log", "calf", "--note", "into damage")
    assert r.code == 65, r
    assert_one_line_error(r)
    assert "damaged" in r.err and f"newest good backup: {backup}" in r.err
    assert digest(db) == before
    assert cli("--db", str(db), "restore", str(backup), "--yes").code == 0
    assert cli("--db", str(db), "log", "calf", "--note", "after the restore").code == 0
