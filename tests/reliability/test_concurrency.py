"""Concurrency: two processes in read-then-write transactions never see "database is locked",
and a held write lock delays a quick log but does not fail it (unless held past the timeout).

Each of two processes runs transactions that read the journal and then write based on what
they read (count the episodes, insert one saying how many it saw) through the SQLModel
repository's ``Journal.write()``. Because writers take the lock at ``BEGIN IMMEDIATE``, the
transactions are serial: every count from 0 to N-1 is seen exactly once.
"""

from __future__ import annotations

import itertools
import re
import sqlite3
import time

from tests.reliability.conftest import (
    Figures,
    cli_process,
    integrity,
    scale,
    spawn_script,
    wait_for_line,
)
from twitchlog.storage.journal import Journal

READ_THEN_WRITE = r"""
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from sqlmodel import func, select
from twitchlog.domain import DayLog, Episode, new_id
from twitchlog.storage.journal import Journal
from twitchlog.storage.records import episode_record
from twitchlog.storage.repository import merge_day_log
from twitchlog.storage.tables import EpisodeRow

journal, name, n = Journal(Path(sys.argv[1])), sys.argv[2], int(sys.argv[3])
print("ready", flush=True)
sys.stdin.readline()  # start together
for i in range(n):
    now = datetime.now(UTC).replace(microsecond=0)
    with journal.write() as s:  # read, then write from what was read, in one transaction
        seen = s.exec(select(func.count()).select_from(EpisodeRow)).one()
        s.add(EpisodeRow(**episode_record(Episode(
            id=new_id(), started_at=now, timezone="UTC", local_date=now.date(),
            site="eyelid", note=f"{name} saw {seen}"))))
    if i % 10 == 0:  # and the day log: read, merge, write
        merge_day_log(journal, DayLog(day=date(2026, 1, 1), stress=i % 11))
print("done", flush=True)
"""

HOLD_LOCK = r"""
import sqlite3, sys, time
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN IMMEDIATE")
print("locked", flush=True)
if sys.argv[2] == "until-stdin-closes":  # released by the test, however slow the machine is
    sys.stdin.read()
else:
    time.sleep(float(sys.argv[2]))
conn.execute("COMMIT")
"""


def test_two_processes_500_read_then_write_transactions_each(
    journal: Journal, figures: Figures
) -> None:
    n = scale(500, 2500)
    procs = [spawn_script(READ_THEN_WRITE, str(journal.path), name, str(n)) for name in "AB"]
    for p in procs:
        wait_for_line(p, "ready")
    started = time.perf_counter()
    for p in procs:  # both wait on stdin: release them together
        assert p.stdin is not None
        p.stdin.write("go\n")
        p.stdin.flush()
    outputs = [p.communicate(timeout=600) for p in procs]
    elapsed = time.perf_counter() - started
    for p, (out, err) in zip(procs, outputs, strict=True):
        assert p.returncode == 0, err[-800:]
        assert "locked" not in err and "Traceback" not in err, err[-800:]
        assert out.strip() == "done"
    conn = sqlite3.connect(journal.path)
    notes = [n for (n,) in conn.execute("SELECT note FROM episodes")]
    conn.close()
    seen = sorted(int(m.group(1)) for note in notes if (m := re.search(r"saw (\d+)", note)))
    assert len(notes) == 2 * n
    assert seen == list(range(2 * n)), "two transactions saw the same count: not serial"
    by_count = [note[0] for note in sorted(notes, key=_seen)]
    interleavings = sum(1 for a, b in itertools.pairwise(by_count) if a != b)
    assert integrity(journal.path) == "ok"
    figures["processes"] = 2
    figures["transactions"] = 2 * n + 2 * ((n + 9) // 10)
    figures["rows"] = len(notes)
    figures["database_is_locked"] = 0
    figures["distinct_counts_seen"] = len(set(seen))
    figures["switches_between_processes"] = interleavings
    figures["transactions_per_second"] = round(figures["transactions"] / elapsed, 1)


def _seen(note: str) -> int:
    return int(note.rsplit(" ", 1)[1])


def test_held_lock_delays_a_quick_log_but_does_not_fail_it(
    journal: Journal, figures: Figures
) -> None:
    holder = spawn_script(HOLD_LOCK, str(journal.path), "2")
    wait_for_line(holder, "locked")
    started = time.perf_counter()
    r = cli_process("--db", str(journal.path), "log", "calf", "--note", "waited")
    waited = time.perf_counter() - started
    holder.communicate(timeout=30)
    assert r.returncode == 0, r.stderr
    assert "Saved" in r.stdout and r.stderr == ""
    assert waited >= 1.5, f"the quick log did not wait for the lock ({waited:.2f} s)"
    conn = sqlite3.connect(journal.path)
    assert conn.execute("SELECT count(*) FROM episodes WHERE note = 'waited'").fetchone() == (1,)
    conn.close()
    figures["lock_held_s"] = 2
    figures["quick_log_exit"] = r.returncode
    figures["quick_log_waited_s"] = round(waited, 2)


def test_lock_held_past_the_busy_timeout_gives_exit_75(journal: Journal, figures: Figures) -> None:
    # Held until both commands have given up: on a loaded machine a fixed hold could end
    # before the second command even starts.
    holder = spawn_script(HOLD_LOCK, str(journal.path), "until-stdin-closes")
    wait_for_line(holder, "locked")
    env = {"TWITCHLOG_BUSY_TIMEOUT_MS": "1000"}
    results = {}
    for args in (("log", "calf", "--note", "too late"), ("day", "--stress", "3")):
        started = time.perf_counter()
        r = cli_process("--db", str(journal.path), *args, env=env)
        results[args[0]] = (r, time.perf_counter() - started)
    holder.communicate(timeout=30)
    for name, (r, took) in results.items():
        assert r.returncode == 75, (name, r.stderr)
        assert r.stderr == "twitchlog: journal is busy, try again\n", (name, r.stderr)
        assert r.stdout == "" and took >= 0.9, (name, took)
        figures[f"{name}_exit"] = r.returncode
        figures[f"{name}_gave_up_after_s"] = round(took, 2)
    conn = sqlite3.connect(journal.path)
    assert conn.execute("SELECT count(*) FROM episodes").fetchone() == (0,)
    assert conn.execute("SELECT count(*) FROM day_logs").fetchone() == (0,)
    conn.close()
    figures["busy_timeout_ms"] = 1000
    figures["rows_written"] = 0
