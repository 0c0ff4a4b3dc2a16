"""Opening with the check alongside (``AppContext.open_journal``, the TUI's and the report's
way): use first, check after, and never write into a damaged file."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import sys
import threading
import time
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from twitchlog.config import Settings
from twitchlog.context import AppContext
from twitchlog.domain import Episode, new_id
from twitchlog.storage import opening
from twitchlog.storage import repository as repo
from twitchlog.storage.backup import backup_dir
from twitchlog.storage.errors import JournalCorrupt
from twitchlog.storage.journal import Journal

TODAY = date(2026, 11, 29)


def _episode() -> Episode:
    now = datetime.now(UTC)
    return Episode(id=new_id(), started_at=now, timezone="UTC", local_date=now.date(), site="calf")


def _open_alongside(path: Path, today: date | None) -> Journal:
    """The one opening path with the check alongside; ``today`` None takes no daily backup."""
    day = today or TODAY
    noon = datetime(day.year, day.month, day.day, 12, tzinfo=UTC)
    ctx = AppContext(path, Settings(timezone="UTC"), clock=lambda: noon)
    return ctx.open_journal(backup=today is not None, check_alongside=True)


def _damage_a_data_page(path: Path) -> None:
    """Overwrite the middle of the episodes' table pages so quick_check fails but the header
    and the schema (page 1) stay readable."""
    conn = sqlite3.connect(path)
    root = conn.execute("SELECT rootpage FROM sqlite_schema WHERE name = 'episodes'").fetchone()[0]
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    data = bytearray(path.read_bytes())
    start = (root - 1) * page_size
    data[start : start + 16] = b"\xff" * 16
    path.write_bytes(bytes(data))


def test_intact_journal_opens_then_checks_and_backs_up(journal_path: Path) -> None:
    Journal.open(journal_path).dispose()  # an existing journal at the current schema
    j = _open_alongside(journal_path, TODAY)
    j.verify()
    assert j.checked and j.verified
    assert [p.name for p in backup_dir(journal_path).glob("daily-*")] == [
        "daily-2026-11-29.sqlite3"
    ]
    repo.add_episode(j, _episode())
    assert repo.count_episodes(j) == 1


def test_reads_go_ahead_while_writes_wait_for_the_check(
    journal_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    Journal.open(journal_path).dispose()
    release = threading.Event()
    real_verify = opening.verify

    def slow_verify(path: Path, today: date | None) -> None:
        release.wait(timeout=30)
        real_verify(path, today)

    monkeypatch.setattr(opening, "verify", slow_verify)
    j = _open_alongside(journal_path, None)
    assert not j.checked
    assert repo.count_episodes(j) == 0  # reading does not wait
    done = threading.Event()

    def writer() -> None:
        repo.add_episode(j, _episode())
        done.set()

    t = threading.Thread(target=writer)
    t.start()
    time.sleep(0.2)
    assert not done.is_set()  # still waiting for the check
    release.set()
    t.join(timeout=10)
    assert done.is_set() and j.verified and repo.count_episodes(j) == 1


def test_damaged_journal_refuses_every_write_and_stays_untouched(journal_path: Path) -> None:
    j0 = Journal.open(journal_path)
    for _ in range(300):
        repo.add_episode(j0, _episode())
    j0.dispose()
    _damage_a_data_page(journal_path)
    before = hashlib.sha256(journal_path.read_bytes()).hexdigest()
    j = _open_alongside(journal_path, TODAY)  # the header still reads fine
    with pytest.raises(JournalCorrupt, match="damaged"):
        j.verify()
    assert not j.verified
    with pytest.raises(JournalCorrupt):
        repo.add_episode(j, _episode())
    with pytest.raises(JournalCorrupt):
        j.verify()  # asked again, the same answer
    assert hashlib.sha256(journal_path.read_bytes()).hexdigest() == before
    assert list(backup_dir(journal_path).glob("daily-*")) == []  # no backup of a damaged file


def test_new_or_outdated_journal_is_prepared_before_use(journal_path: Path) -> None:
    j = _open_alongside(journal_path, TODAY)  # no file yet: created and migrated
    assert j.verified
    repo.add_episode(j, _episode())
    assert repo.count_episodes(j) == 1


@pytest.mark.skipif(sys.platform != "linux", reason="a thread has its own nice value on Linux")
def test_the_tuis_check_keeps_the_normal_priority(
    journal_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The check reads in one transaction, and in the rollback journal a reader delays every
    writer's commit: a check run at a lower priority on a busy machine held that read for
    longer than a quick log waits (5 s), which then said "busy" and saved nothing. The TUI's
    check runs at the process's own priority, like every other."""
    from twitchlog.tui import run_tui

    Journal.open(journal_path).dispose()
    seen: list[int] = []
    real_verify = opening.verify

    def noting_verify(path: Path, today: date | None) -> None:
        seen.append(os.getpriority(os.PRIO_PROCESS, threading.get_native_id()))
        real_verify(path, today)

    class Stop(Exception):
        pass

    real_open = AppContext.open_journal

    def open_and_wait(self: AppContext, **kwargs: Any) -> Journal:
        journal = real_open(self, **kwargs)
        journal.verify()  # the check has run
        raise Stop

    monkeypatch.setattr(opening, "verify", noting_verify)
    monkeypatch.setattr(AppContext, "open_journal", open_and_wait)
    base = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
    with pytest.raises(Stop):
        run_tui(AppContext(journal_path, Settings(timezone="UTC")))
    assert seen == [base]
