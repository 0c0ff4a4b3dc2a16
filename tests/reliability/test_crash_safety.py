"""Crash safety: writers killed with SIGKILL at random moments never lose a confirmed row.

Two writer processes share one journal: a CLI quick-add loop (``twitchlog log`` through
``twitchlog.cli.main.run``, i.e. the ``sqlite3`` quick writer) and a stand-in for the TUI that
uses the SQLModel repository (``add_episode`` and ``merge_day_log``). Each writes what it saved
to a pipe only after the commit returned. The writers are forked from the test process, which
has every module imported already, so a round costs milliseconds instead of a cold start.
The test kills both at random moments, then checks that every confirmed row is in the file
and that ``PRAGMA integrity_check`` says ``ok``.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from functools import partial
from pathlib import Path

import twitchlog.cli.app
import twitchlog.storage.repository  # noqa: F401
from tests.reliability.conftest import Figures, integrity, scale
from twitchlog.domain import DayLog, Episode, new_id
from twitchlog.storage.journal import Journal


def _cli_writer(out: int, db: Path, tag: str) -> None:
    """Quick-add through the real command line, in a loop; confirm after each exit code 0."""
    from twitchlog.cli.main import run

    i = 0
    while True:
        note = f"{tag}-{i}"
        if run(["--db", str(db), "log", "calf", "--note", note]) != 0:
            os._exit(3)
        os.write(out, f"C {note}\n".encode())  # only after the command returned
        i += 1


def _tui_writer(out: int, db: Path, round_no: int) -> None:
    """The TUI's write path: SQLModel repository ``add_episode`` and ``merge_day_log``."""
    from twitchlog.storage.repository import add_episode, merge_day_log

    journal = Journal(db)
    base = date(2000, 1, 1) + timedelta(days=round_no * 1000)
    i = 0
    while True:
        now = datetime.now(UTC).replace(microsecond=0)
        saved = add_episode(
            journal,
            Episode(
                id=new_id(), started_at=now, timezone="UTC", local_date=now.date(), site="eyelid"
            ),
        )
        os.write(out, f"E {saved.id}\n".encode())
        merged = merge_day_log(journal, DayLog(day=base + timedelta(days=i), stress=i % 11))
        os.write(out, f"D {merged.day.isoformat()} {merged.stress}\n".encode())
        i += 1


def _fork(target: Callable[[int], None]) -> tuple[int, int]:
    """Run ``target(write_fd)`` in a forked child (already has every module imported)."""
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child is killed, never returns
        os.close(read_fd)
        try:
            target(write_fd)
        finally:
            os._exit(4)
    os.close(write_fd)
    return pid, read_fd


def _drain(fd: int) -> list[str]:
    chunks = []
    while chunk := os.read(fd, 65536):
        chunks.append(chunk)
    os.close(fd)
    return b"".join(chunks).decode().splitlines()


def _confirmed(lines: list[str]) -> tuple[set[str], set[str], dict[str, int]]:
    notes: set[str] = set()
    ids: set[str] = set()
    days: dict[str, int] = {}
    for line in lines:
        parts = line.split()
        # A line cut short by the kill is not a confirmation (the flush did not complete).
        if len(parts) == 2 and parts[0] == "C":
            notes.add(parts[1])
        elif len(parts) == 2 and parts[0] == "E" and len(parts[1]) == 36:
            ids.add(parts[1])
        elif len(parts) == 3 and parts[0] == "D":
            days[parts[1]] = int(parts[2])
    return notes, ids, days


def test_sigkill_at_random_moments_loses_no_confirmed_row(
    journal: Journal, figures: Figures
) -> None:
    rounds = scale(20, 200)
    rng = random.Random(20261129)
    path = journal.path
    all_notes: set[str] = set()
    all_ids: set[str] = set()
    all_days: dict[str, int] = {}
    hot_journals = 0
    for r in range(rounds):
        writers = [
            _fork(partial(_cli_writer, db=path, tag=f"r{r}")),
            _fork(partial(_tui_writer, db=path, round_no=r)),
        ]
        time.sleep(rng.uniform(0.05, 0.6))
        rng.shuffle(writers)
        for n, (pid, _fd) in enumerate(writers):
            if n:
                time.sleep(rng.uniform(0.0, 0.05))
            os.kill(pid, signal.SIGKILL)
        lines: list[str] = []
        for pid, fd in writers:
            lines += _drain(fd)
            _, status = os.waitpid(pid, 0)
            assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL, (
                f"round {r}: a writer stopped by itself (status {status})"
            )
        notes, ids, days = _confirmed(lines)
        all_notes |= notes
        all_ids |= ids
        all_days.update(days)
        if path.with_name(path.name + "-journal").exists():
            hot_journals += 1
        # Opening the file rolls back a half-written transaction; then everything is checked.
        assert integrity(path) == "ok", f"round {r}"
        conn = sqlite3.connect(path)
        try:
            have_notes = {n for (n,) in conn.execute("SELECT note FROM episodes")}
            have_ids = {i for (i,) in conn.execute("SELECT id FROM episodes")}
            have_days = dict(conn.execute("SELECT day, stress FROM day_logs").fetchall())
            rows = conn.execute("SELECT count(*) FROM episodes").fetchone()[0]
            rows += conn.execute("SELECT count(*) FROM day_logs").fetchone()[0]
        finally:
            conn.close()
        assert all_notes <= have_notes, f"round {r}: lost {sorted(all_notes - have_notes)[:5]}"
        assert all_ids <= have_ids, f"round {r}: lost {sorted(all_ids - have_ids)[:5]}"
        for day, stress in all_days.items():
            assert have_days.get(day) == stress, f"round {r}: day {day} lost or changed"
    confirmed = len(all_notes) + len(all_ids) + len(all_days)
    assert len(all_notes) > 0 and len(all_ids) > 0, "the writers never got to write"
    figures["rounds"] = rounds
    figures["rows_confirmed"] = confirmed
    figures["confirmed_cli_quick_adds"] = len(all_notes)
    figures["confirmed_repository_adds"] = len(all_ids)
    figures["confirmed_day_merges"] = len(all_days)
    figures["rows_in_file_at_end"] = rows
    figures["committed_but_unconfirmed_at_kill"] = rows - confirmed
    figures["rows_lost"] = 0
    figures["kills_leaving_a_hot_rollback_journal"] = hot_journals
    figures["integrity_checks_ok"] = rounds
