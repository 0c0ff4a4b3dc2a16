"""The exit-code table, condition by condition (README, ``twitchlog --help``).

0 ok (also "no" to a question: nothing changed), 2 bad usage or value, 65 bad data or a damaged
journal, 74 disk full or a place that cannot be written (nothing written), 75 busy, 70 only for
a real bug (with a crash log that holds no data), 130 interrupted. No condition a person can
cause ends in 1 or 70. Each failure is one line on stderr, never a traceback.
"""

from __future__ import annotations

import errno
import io
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.reliability.conftest import InProcessCli, MountFn
from twitchlog.storage.errors import JournalError

NOW = "2026-11-01T10:00:00+00:00"
Setup = Callable[[Path, pytest.MonkeyPatch, Path], list[str]]
_HELD: list[sqlite3.Connection] = []  # a lock held while one command runs


def _fail_in_where(monkeypatch: pytest.MonkeyPatch, exc: BaseException) -> None:
    """Make ``twitchlog where`` raise ``exc`` (the hook stands for any point in any command)."""
    import twitchlog.paths

    def broken() -> Path:
        raise exc

    monkeypatch.setattr(twitchlog.paths, "demo_journal", broken)


def _stdin(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(text))


class _InterruptedStdin:
    """A terminal where the person presses Ctrl-C at the question."""

    def readline(self, size: int = -1) -> str:
        raise KeyboardInterrupt


def _first_id(db: Path) -> str:
    conn = sqlite3.connect(db)
    try:
        return str(conn.execute("SELECT id FROM episodes").fetchone()[0])[:8]
    finally:
        conn.close()


def ok(tmp: Path, mp: pytest.MonkeyPatch, db: Path) -> list[str]:
    return ["log", "calf", "--for", "30s"]


def bad_value(tmp: Path, mp: pytest.MonkeyPatch, db: Path) -> list[str]:
    return ["log", "calf", "--intensity", "11"]


def unknown_command(tmp: Path, mp: pytest.MonkeyPatch, db: Path) -> list[str]:
    return ["frobnicate"]


def unknown_id(tmp: Path, mp: pytest.MonkeyPatch, db: Path) -> list[str]:
    return ["delete", "zzzzzzzz", "--yes"]


def answered_no(tmp: Path, mp: pytest.MonkeyPatch, db: Path) -> list[str]:
    _stdin(mp, "n\n")
    return ["delete", _first_id(db)]


def no_answer(tmp: Path, mp: pytest.MonkeyPatch, db: Path) -> list[str]:
    _stdin(mp, "")  # a script without --yes: stdin ends before the question is answered
    return ["delete", _first_id(db)]


def ctrl_c_at_question(tmp: Path, mp: pytest.MonkeyPatch, db: Path) -> list[str]:
    mp.setattr("sys.stdin", _InterruptedStdin())
    return ["delete", _first_id(db)]


def backup_without_journal(tmp: Path, mp: pytest.MonkeyPatch, db: Path) -> list[str]:
    return ["--db", str(tmp / "none.sqlite3"), "backup"]


def path_too_long(tmp: Path, mp: pytest.MonkeyPatch, db: Path) -> list[str]:
    return ["export", "--format", "json", "--out", str(tmp / ("x" * 300))]


def damaged_journal(tmp: Path, mp: pytest.MonkeyPatch, db: Path) -> list[str]:
    data = bytearray(db.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)  # the schema page
    db.write_bytes(bytes(data))
    return ["list"]


def journal_too_new(tmp: Path, mp: pytest.MonkeyPatch, db: Path) -> list[str]:
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA user_version = 99")
    conn.commit()
    conn.close()
    return ["list"]


def malformed_import(tmp: Path, mp: pytest.MonkeyPatch, db: Path) -> list[str]:
    bad = tmp / "bad.csv"
    bad.write_text("id,started_at,site\n1,yesterday-ish,calf\n")
    return ["import", str(bad), "--apply"]


def busy(tmp: Path, mp: pytest.MonkeyPatch, db: Path) -> list[str]:
    mp.setenv("TWITCHLOG_BUSY_TIMEOUT_MS", "200")
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    _HELD.append(holder)
    return ["log", "calf"]


def permission_denied(tmp: Path, mp: pytest.MonkeyPatch, db: Path) -> list[str]:
    _fail_in_where(mp, PermissionError(errno.EACCES, "Permission denied", str(tmp / "x")))
    return ["where"]


def disk_full_oserror(tmp: Path, mp: pytest.MonkeyPatch, db: Path) -> list[str]:
    _fail_in_where(mp, OSError(errno.ENOSPC, "No space left on device", str(tmp / "x")))
    return ["where"]


def sqlite_full(tmp: Path, mp: pytest.MonkeyPatch, db: Path) -> list[str]:
    _fail_in_where(mp, sqlite3.OperationalError("database or disk is full"))
    return ["where"]


def sqlite_readonly(tmp: Path, mp: pytest.MonkeyPatch, db: Path) -> list[str]:
    _fail_in_where(mp, sqlite3.OperationalError("attempt to write a readonly database"))
    return ["where"]


def journal_error_leftover(tmp: Path, mp: pytest.MonkeyPatch, db: Path) -> list[str]:
    _fail_in_where(mp, JournalError("the journal could not be used: something odd"))
    return ["where"]


def real_bug(tmp: Path, mp: pytest.MonkeyPatch, db: Path) -> list[str]:
    _fail_in_where(mp, RuntimeError("a secret note about a hand tremor"))
    return ["where"]


def interrupted(tmp: Path, mp: pytest.MonkeyPatch, db: Path) -> list[str]:
    _fail_in_where(mp, KeyboardInterrupt())
    return ["where"]


TABLE: list[tuple[Setup, int]] = [
    (ok, 0),
    (answered_no, 0),
    (bad_value, 2),
    (unknown_command, 2),
    (unknown_id, 2),
    (no_answer, 2),
    (backup_without_journal, 2),
    (path_too_long, 2),
    (damaged_journal, 65),
    (journal_too_new, 65),
    (malformed_import, 65),
    (journal_error_leftover, 65),
    (permission_denied, 74),
    (disk_full_oserror, 74),
    (sqlite_full, 74),
    (sqlite_readonly, 74),
    (busy, 75),
    (real_bug, 70),
    (interrupted, 130),
    (ctrl_c_at_question, 130),
]


@pytest.mark.parametrize(("setup", "code"), TABLE, ids=[s.__name__ for s, _ in TABLE])
def test_exit_code_table(
    setup: Setup,
    code: int,
    cli: InProcessCli,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from twitchlog.paths import log_dir

    db = tmp_path / "journal.sqlite3"
    monkeypatch.setenv("TWITCHLOG_DB", str(db))
    monkeypatch.setenv("TWITCHLOG_NOW", NOW)
    assert cli("log", "calf").code == 0
    argv = setup(tmp_path, monkeypatch, db)
    r = cli(*argv)
    while _HELD:
        held = _HELD.pop()
        held.rollback()
        held.close()
    assert r.code == code, r
    assert "Traceback" not in r.out + r.err, r
    crash_logs = list(log_dir().glob("crash-*")) if log_dir().is_dir() else []
    if code == 70:
        assert len(crash_logs) == 1 and "tremor" not in crash_logs[0].read_text(), crash_logs
    else:
        assert crash_logs == [], r
    if code not in (0, 130):
        assert len(r.err.splitlines()) == 1 and r.err.startswith("twitchlog: "), r


def test_exit_code_74_for_a_read_only_place(
    cli: InProcessCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, small_disk: MountFn
) -> None:
    """A read-only disk: writing the journal or an export there is exit 74 naming the place."""
    import subprocess

    place = small_disk(tmp_path / "ro", size="1m")
    db = place / "journal.sqlite3"
    monkeypatch.setenv("TWITCHLOG_NOW", NOW)
    assert cli("--db", str(db), "log", "calf").code == 0
    assert cli("--db", str(db), "log", "calf").code == 0  # today's backup is taken
    remount = ["mount", "-o", "remount,ro", str(place)]
    if subprocess.run(remount, capture_output=True, check=False).returncode != 0:
        pytest.skip("cannot remount the tmpfs read-only")
    r = cli("--db", str(db), "log", "calf")
    assert r.code == 74 and str(db) in r.err and len(r.err.splitlines()) == 1, r
    out = place / "export.json"
    other = tmp_path / "other.sqlite3"
    assert cli("--db", str(other), "log", "calf").code == 0  # export never creates a journal
    r = cli("--db", str(other), "export", "--format", "json", "-o", str(out))
    assert r.code == 74 and str(place) in r.err and len(r.err.splitlines()) == 1, r


def test_help_and_readme_list_every_exit_code(cli: InProcessCli) -> None:
    """The table is documented where a person looks: ``twitchlog --help`` and the README."""
    r = cli("--help")
    assert r.code == 0
    documented = {
        int(line.split()[0])
        for line in r.out.split("Exit codes:")[1].splitlines()
        if line.strip()[:1].isdigit()
    }
    assert documented == {code for _setup, code in TABLE} | {74}
    readme = (Path(__file__).parents[2] / "README.md").read_text()
    for code in sorted(documented):
        assert f"| {code} |" in readme, code
