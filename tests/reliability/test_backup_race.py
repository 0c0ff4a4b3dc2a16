"""Backups under concurrency and kills: many processes on the first start of a day, a killed
``backup``, and crash logs written in the same second.

Every process writes its own temporary copy (``mkstemp`` in the backup folder, 0600) and the
daily backup is taken by one process only (a lock in the backup folder); a temporary copy left
by a killed process is removed by the next backup once it is older than a few minutes and no
live process holds it.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import stat
import time
from datetime import date, timedelta
from pathlib import Path

import pytest

from tests.reliability.conftest import (
    Figures,
    InProcessCli,
    cli_process,
    integrity,
    scale,
    spawn_script,
    wait_for_line,
)
from twitchlog.storage import backup
from twitchlog.storage.migrations import CURRENT_VERSION
from twitchlog.storage.opening import prepare

#: Runs ``twitchlog ARGS`` after a line on stdin, so that N processes start their work together.
START_TOGETHER = r"""
import sys
from twitchlog.cli.main import run
print("ready", flush=True)
sys.stdin.readline()
sys.exit(run(sys.argv[1:]))
"""

#: ``twitchlog ARGS``, stopping (for ever) once a backup's temporary copy has been written.
STOP_AFTER_COPY = r"""
import sys, time
from twitchlog.storage import backup
real_verify = backup.verify
def verify(path):
    if path.name.endswith(".partial"):
        print("copied", flush=True)
        time.sleep(3600)
    return real_verify(path)
backup.verify = verify
from twitchlog.cli.main import run
sys.exit(run(sys.argv[1:]))
"""


def _seed(db: Path, n: int) -> None:
    """A journal with ``n`` episodes (enough that a copy takes a moment)."""
    prepare(db)
    conn = sqlite3.connect(db)
    conn.executemany(
        "INSERT INTO episodes (id, started_at, timezone, local_date, site, kind, note, "
        "recorded_at) VALUES (?, '2026-01-01T10:00:00Z', 'UTC', '2026-01-01', 'calf', 'twitch', "
        "?, '2026-01-01T10:00:00Z')",
        [(f"seed-{i:06d}", "a note " * 20) for i in range(n)],
    )
    conn.commit()
    conn.close()


def _rows(db: Path) -> int:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return int(conn.execute("SELECT count(*) FROM episodes").fetchone()[0])
    finally:
        conn.close()


def _temporaries(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.name.endswith(".partial"))


def test_d6_first_start_of_a_day_by_8_processes_saves_every_entry_and_one_backup(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, figures: Figures
) -> None:
    """Regression D6: every process wrote the same ``.partial`` file, so with the daily backup
    due one of two concurrent ``log`` commands often exited 70 or 65 ("….partial is not a
    file") without saving its entry, and the daily backup could end up missing."""
    db = tmp_path / "journal.sqlite3"
    _seed(db, 3000)
    monkeypatch.setenv("TWITCHLOG_DB", str(db))
    folder = backup.backup_dir(db)
    procs_per_round, rounds = 8, scale(3, 10)
    codes: dict[int, int] = {}
    for r in range(rounds):
        day = date(2026, 11, 1) + timedelta(days=r)
        env = {"TWITCHLOG_NOW": f"{day.isoformat()}T10:00:00+00:00"}
        before = _rows(db)
        procs = [
            spawn_script(START_TOGETHER, "log", "calf", "--note", f"r{r} p{i}", env=env)
            for i in range(procs_per_round)
        ]
        for p in procs:
            wait_for_line(p, "ready")
        for p in procs:
            assert p.stdin is not None
            p.stdin.write("go\n")
            p.stdin.flush()
        results = [(p.wait(timeout=120), p.stderr.read() if p.stderr else "") for p in procs]
        for p in procs:
            for pipe in (p.stdin, p.stdout, p.stderr):
                if pipe is not None:
                    pipe.close()
        for code, _err in results:
            codes[code] = codes.get(code, 0) + 1
        assert [c for c, _ in results] == [0] * procs_per_round, (r, results)
        assert _rows(db) == before + procs_per_round, r
        daily = folder / f"daily-{day.isoformat()}.sqlite3"
        assert backup.verify(daily) == CURRENT_VERSION, r
        assert stat.S_IMODE(daily.stat().st_mode) == 0o600
        assert sorted(p.name for p in folder.glob("daily-*.sqlite3"))[-1] == daily.name
        assert _temporaries(folder) == [], r
    assert integrity(db) == "ok"
    figures["rounds"] = rounds
    figures["processes_per_round"] = procs_per_round
    figures["exit_codes"] = codes
    figures["daily_backups"] = len(list(folder.glob("daily-*.sqlite3")))


def _age(path: Path, seconds: float) -> None:
    then = time.time() - seconds
    os.utime(path, (then, then))


def test_d21_killed_backup_leaves_no_partial_copy_for_ever(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, figures: Figures
) -> None:
    """Regression D21: a ``backup`` killed after writing its temporary copy left a copy of
    the journal (health data) in the backup folder for ever. The next backup now removes such
    copies once they are old, but never one that a live process is still writing."""
    db = tmp_path / "journal.sqlite3"
    _seed(db, 200)
    monkeypatch.setenv("TWITCHLOG_DB", str(db))
    monkeypatch.setenv("TWITCHLOG_NOW", "2026-11-01T10:00:00+00:00")
    folder = backup.backup_dir(db)

    killed = spawn_script(STOP_AFTER_COPY, "backup")
    wait_for_line(killed, "copied")
    killed.send_signal(signal.SIGKILL)
    killed.wait(timeout=60)
    orphans = _temporaries(folder)
    assert len(orphans) == 1
    assert stat.S_IMODE(orphans[0].stat().st_mode) == 0o600

    live = spawn_script(STOP_AFTER_COPY, "backup")
    try:
        wait_for_line(live, "copied")
        writing = [p for p in _temporaries(folder) if p not in orphans]
        assert len(writing) == 1
        for p in _temporaries(folder):
            _age(p, 3600)  # both look an hour old; only the killed one is abandoned
        r = cli_process("backup")
        assert r.returncode == 0, r.stderr
        assert _temporaries(folder) == writing  # the orphan is gone, the live copy kept
    finally:
        live.send_signal(signal.SIGKILL)
        live.wait(timeout=60)
        for pipe in (live.stdin, live.stdout, live.stderr, killed.stdin, killed.stdout):
            if pipe is not None:
                pipe.close()
        if killed.stderr is not None:
            killed.stderr.close()
    # The second process was killed too: the next day's first start (a daily backup) tidies.
    _age(writing[0], 3600)
    monkeypatch.setenv("TWITCHLOG_NOW", "2026-11-02T10:00:00+00:00")
    r = cli_process("list", "--limit", "1")
    assert r.returncode == 0, r.stderr
    assert _temporaries(folder) == []
    assert backup.verify(folder / "daily-2026-11-02.sqlite3") == CURRENT_VERSION
    figures["killed_backups"] = 2
    figures["temporaries_left"] = 0


def test_d21_two_crashes_in_one_second_keep_two_private_logs(
    cli: InProcessCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Regression D21: crash logs were named by the second, so a second crash in the same
    second replaced the first one's log."""
    import datetime as dt

    import twitchlog.crashlog
    import twitchlog.paths

    frozen = dt.datetime(2026, 11, 1, 10, 0, 0, tzinfo=dt.UTC)

    class FrozenDatetime(dt.datetime):
        @classmethod
        def now(cls, tz: dt.tzinfo | None = None) -> FrozenDatetime:
            return frozen  # type: ignore[return-value]

    def broken() -> Path:
        raise RuntimeError("my secret note about a hand tremor")

    monkeypatch.setattr(twitchlog.crashlog, "datetime", FrozenDatetime)
    monkeypatch.setattr(twitchlog.paths, "demo_journal", broken)
    db = tmp_path / "journal.sqlite3"
    said = [cli("--db", str(db), "where") for _ in range(2)]
    assert [r.code for r in said] == [70, 70], said
    logs = sorted(twitchlog.paths.log_dir().glob("crash-*.log"))
    assert len(logs) == 2, logs
    assert all(any(str(p) in r.err for r in said) for p in logs)
    assert stat.S_IMODE(twitchlog.paths.log_dir().stat().st_mode) == 0o700
    for p in logs:
        assert stat.S_IMODE(p.stat().st_mode) == 0o600
        text = p.read_text()
        assert "RuntimeError" in text and "tremor" not in text and "secret" not in text
