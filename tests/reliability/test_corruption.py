"""Corruption: a damaged journal is noticed at start, never written to, and recoverable.

Copies of a real journal are damaged three ways: bytes flipped inside a random page, the file
truncated, the 100-byte header zeroed. For every copy that SQLite's ``quick_check`` rejects,
every command refuses to write (exit 65, one line naming the newest good backup), the quick
logging path included; the damaged file keeps its exact bytes; ``twitchlog check`` reports the
damage and ``twitchlog restore`` brings the journal back from the backup.
"""

from __future__ import annotations

import random
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.reliability.conftest import (
    Figures,
    InProcessCli,
    assert_one_line_error,
    digest,
    integrity,
    scale,
)
from twitchlog.storage.backup import backup_dir

PAGE = 4096


@pytest.fixture
def good_journal(tmp_path: Path, cli: InProcessCli) -> Path:
    """A journal with 40 episodes, a day log and a medicine, and its daily backup."""
    db = tmp_path / "good" / "journal.sqlite3"
    db.parent.mkdir()  # a mistyped folder is never created
    for i in range(40):
        note = f"episode {i} " + "ü" * (i * 37)
        assert cli("--db", str(db), "log", "calf", "--note", note, "-i", str(1 + i % 10)).code == 0
    assert cli("--db", str(db), "day", "--stress", "4", "--note", "a day").code == 0
    assert cli("--db", str(db), "med", "add", "magnesium", "--supplement").code == 0
    (earlier,) = backup_dir(db).glob("daily-*.sqlite3")  # taken by the day's first start
    earlier.unlink()
    assert cli("--db", str(db), "list").code == 0  # today's first start again: a full backup
    assert len(list(backup_dir(db).glob("daily-*.sqlite3"))) == 1
    return db


def quick_check_rejects(path: Path) -> bool:
    """True when SQLite's own quick_check (read-only) finds the file damaged."""
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            rows = conn.execute("PRAGMA quick_check").fetchall()
        finally:
            conn.close()
    except (sqlite3.DatabaseError, UnicodeDecodeError):
        return True
    return [tuple(r) for r in rows] != [("ok",)]


def damaged_copies(data: bytes, flips: int, seed: int) -> Iterator[tuple[str, bytes]]:
    """Named damaged versions of ``data``."""
    yield "zeroed-header", b"\0" * 100 + data[100:]
    yield "truncated-to-half", data[: len(data) // 2]
    yield "truncated-by-1000-bytes", data[:-1000]
    yield "last-page-missing", data[:-PAGE]
    rng = random.Random(seed)
    for k in range(flips):
        page = rng.randrange(len(data) // PAGE)
        buf = bytearray(data)
        for n in range(8):
            # Half the flips hit the page header and cell pointers (structure), half anywhere.
            within = rng.randrange(64) if n % 2 else rng.randrange(PAGE)
            offset = max(100, page * PAGE + within)
            buf[offset] ^= rng.randrange(1, 256)
        yield f"flipped-page-{page + 1}-#{k}", bytes(buf)


def test_damaged_journal_is_refused_untouched_and_restorable(
    good_journal: Path, tmp_path: Path, cli: InProcessCli, figures: Figures
) -> None:
    good_rows = cli("--db", str(good_journal), "list", "--limit", "0").out
    data = good_journal.read_bytes()
    flips = scale(16, 400)
    tried = detected = 0
    quick_log_refusals: dict[int, int] = {}
    for name, content in damaged_copies(data, flips, seed=7):
        tried += 1
        case = tmp_path / "cases" / str(tried)
        db = case / "journal.sqlite3"
        case.mkdir(parents=True)
        db.write_bytes(content)
        if not quick_check_rejects(db):
            # The flips hit unused space or a value: SQLite sees a valid file and so does the
            # app (without checksums a changed value cannot be told). It must still not crash.
            for probe in (("log", "calf"), ("list",)):
                r = cli("--db", str(db), *probe)
                assert r.code in (0, 65) and "Traceback" not in r.err, (name, probe, r)
            continue
        detected += 1
        shutil.copytree(backup_dir(good_journal), backup_dir(db))
        backup = next(backup_dir(db).glob("daily-*.sqlite3"))
        before = digest(db)
        # Every kind of start: the quick log path, an ORM write, a read, a backup.
        starts: tuple[tuple[str, ...], ...] = (
            ("log", "calf", "--note", "after damage"),
            ("day", "--stress", "2"),
            ("list",),
            ("backup",),
            ("med", "add", "zinc"),
        )
        for args in starts:
            r = cli("--db", str(db), *args)
            assert r.code == 65, (name, args, r)
            assert_one_line_error(r)
            assert "damaged" in r.err and f"newest good backup: {backup}" in r.err, (name, r)
            quick_log_refusals[r.code] = quick_log_refusals.get(r.code, 0) + 1
        assert digest(db) == before, f"{name}: the damaged file was modified"
        check = cli("--db", str(db), "check")
        assert check.code == 65 and "DAMAGED" in check.out, (name, check)
        assert f"To recover: twitchlog restore {backup}" in check.out, (name, check)
        restored = cli("--db", str(db), "restore", str(backup), "--yes")
        assert restored.code == 0, (name, restored)
        aside = list(case.glob("journal.sqlite3.replaced-*"))
        assert [digest(p) for p in aside if not p.name.endswith("-journal")] == [before]
        assert integrity(db) == "ok"
        assert cli("--db", str(db), "list", "--limit", "0").out == good_rows, name
    assert detected >= 4 + flips // 4, f"only {detected} of {tried} copies were damaged"
    figures["damaged_copies_made"] = tried
    figures["copies_quick_check_rejects"] = detected
    figures["copies_sqlite_still_reads_as_valid"] = tried - detected
    figures["refusals_exit_65"] = quick_log_refusals.get(65, 0)
    figures["damaged_files_modified"] = 0
    figures["restored_from_backup"] = detected


def _raw_insert_succeeds(content: bytes, probe: Path) -> bool:
    probe.write_bytes(content)
    try:
        conn = sqlite3.connect(probe)
        try:
            conn.execute(
                "INSERT INTO episodes (id, started_at, timezone, local_date, site, kind, "
                "recorded_at) VALUES ('probe', '2026-01-01T00:00:00Z', 'UTC', '2026-01-01', "
                "'calf', 'twitch', '2026-01-01T00:00:00Z')"
            )
            conn.commit()
        finally:
            conn.close()
    except (sqlite3.DatabaseError, UnicodeDecodeError):
        return False
    finally:
        probe.unlink()
    return True


def test_bug_quick_log_wrote_into_a_file_quick_check_rejects(
    good_journal: Path, cli: InProcessCli
) -> None:
    """Regression: ``twitchlog log`` skipped quick_check and saved into a damaged file (exit 0)."""
    db = good_journal
    for _name, content in damaged_copies(db.read_bytes(), 200, seed=11):
        db.write_bytes(content)
        if quick_check_rejects(db) and _raw_insert_succeeds(content, db.with_name("probe")):
            break  # SQLite itself would take an insert into this damaged file
    else:
        pytest.fail("no damaged copy that SQLite would still write into")
    before = digest(db)
    r = cli("--db", str(db), "log", "calf", "--note", "into damage")
    assert r.code == 65, r
    assert_one_line_error(r)
    assert "newest good backup" in r.err and "twitchlog restore" in r.err
    assert digest(db) == before


def test_bug_damaged_schema_text_was_a_crash_not_exit_65(
    good_journal: Path, cli: InProcessCli
) -> None:
    """Regression: a damaged byte in the schema text made SQLite's error message undecodable
    (UnicodeDecodeError), which reached the user as "unexpected error", exit 70."""
    data = bytearray(good_journal.read_bytes())
    at = data.index(b"CHECK", 100)
    data[at] = 0xBC  # not UTF-8: SQLite quotes it in "near ...: syntax error"
    good_journal.write_bytes(bytes(data))
    before = digest(good_journal)
    for args in (("log", "calf"), ("list",), ("day", "--stress", "1"), ("check",)):
        r = cli("--db", str(good_journal), *args)
        assert r.code == 65, (args, r)
        assert "Traceback" not in r.err and "unexpected" not in r.err, (args, r)
    assert digest(good_journal) == before
    r = cli("--db", str(good_journal), "restore", str(good_journal), "--yes")
    assert r.code == 65 and "not a readable journal" in r.err, r
