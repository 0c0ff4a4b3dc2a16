"""The whole-file check ``twitchlog check`` runs, what a restore would lose, and damage that a
full check found, remembered for the writers that only run the cheap check (stdlib only).

* :func:`full_check` opens the journal read-write, as every SQLite connection that may write
  does, so a rollback journal left by a killed writer (a *hot* journal) is rolled back first -
  that is SQLite's own recovery, and the only write the check makes - then runs
  ``PRAGMA integrity_check``, which also verifies CHECK constraints and that every index
  matches its table (``quick_check`` skips the latter). A lock held beyond the busy timeout is
  JournalBusy ("busy", exit 75), never "damaged".
* :func:`restore_loss` counts the entries a damaged journal holds that a backup does not (new
  or changed since it was taken), so the advice to restore says what restoring would lose.
* :func:`remember_damage` / :func:`known_damaged`: a full check that finds damage leaves a
  note (``.damaged`` in the backup folder, naming the file's device and inode); writers that
  skip the full check look at it (one ``stat``) and refuse, so nothing is written into a file
  a full check called damaged. A restore replaces the file (a new inode), which voids the
  note; a later full check that passes removes it.
* :func:`remember_checked` / :func:`checked_on`: a full check that passed on a local day,
  and every quick write after it, leaves a note (``.checked`` in the backup folder: the day,
  the file's device, inode, size and modification time). While the file is exactly as noted
  (nothing else wrote to it since), the quick log skips its per-write check for the rest of
  that day (one small read and a ``stat``); any other change to the file brings it back.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from twitchlog.storage.backup import backup_dir, newest_good_backup
from twitchlog.storage.connection import is_busy, open_connection
from twitchlog.storage.errors import JournalBusy, JournalCorrupt, JournalTooNew
from twitchlog.storage.migrations import CURRENT_VERSION, user_version

_REQUIRED_TABLES = {"episodes", "day_logs", "medications", "health_notes"}
_MARK = ".damaged"
_CHECKED = ".checked"


@contextlib.contextmanager
def _said(path: Path) -> Iterator[None]:
    try:
        yield
    except sqlite3.DatabaseError as exc:
        if is_busy(exc):
            raise JournalBusy() from None
        remember_damage(path)
        raise JournalCorrupt(path, str(exc)[:120], newest_good_backup(path)) from None
    except UnicodeDecodeError:  # SQLite's message quoted damaged schema text
        remember_damage(path)
        raise JournalCorrupt(path, "damaged schema", newest_good_backup(path)) from None


def full_check(path: Path) -> int:
    """``PRAGMA integrity_check`` of the journal at ``path``; returns its schema version.

    Raises JournalBusy when another process holds the journal locked beyond the busy timeout,
    JournalTooNew for a newer schema, and JournalCorrupt (naming the newest good backup, and
    remembered: :func:`remember_damage`) for damage. A hot rollback journal is rolled back,
    as SQLite does on any read-write open; nothing else is written to the journal.
    """
    with _said(path):
        conn = open_connection(path)
    try:
        with _said(path):
            rows = conn.execute("PRAGMA integrity_check").fetchall()
            if [tuple(r) for r in rows] != [("ok",)]:
                detail = str(rows[0][0]) if rows else "no answer"
                remember_damage(path)
                raise JournalCorrupt(path, detail[:120], newest_good_backup(path))
            version = user_version(conn)
            tables = {
                str(r[0]) for r in conn.execute("SELECT name FROM sqlite_schema WHERE type='table'")
            }
    finally:
        conn.close()
    if version > CURRENT_VERSION:
        raise JournalTooNew(path, version, CURRENT_VERSION)
    if version == 0 or not tables >= _REQUIRED_TABLES:
        raise JournalCorrupt(path, "the journal's tables are missing", newest_good_backup(path))
    forget_damage(path)
    return version


def refuse_emptied(path: Path) -> None:
    """Raise JournalCorrupt when the zero-byte file at ``path`` is a journal that lost its
    entries: when backups of it exist. The error names the newest good backup, how many
    entries it holds, and how to restore it.

    Without backups a zero-byte file is taken for a journal that was never written: the file
    twitchlog creates (0600) before SQLite first writes it, left so by a process killed in
    between, or made by hand. twitchlog takes its first daily backup on the first start after
    the first entry, so a journal that held entries for more than one start has one.
    """
    folder = backup_dir(path)
    found = sorted(folder.glob("*.sqlite3")) if folder.is_dir() else []
    if not found:
        return
    newest = newest_good_backup(path)
    if newest is None:
        detail = f"it is empty, 0 bytes, but {len(found)} backup file(s) show it held entries"
    else:
        count = _episode_count(newest)
        held = f"{_plural(count, 'entry', 'entries')}" if count is not None else "entries"
        detail = f"it is empty, 0 bytes, but its backup of {backup_taken(newest)} holds {held}"
    raise JournalCorrupt(path, detail, newest)


def _episode_count(backup: Path) -> int | None:
    try:
        conn = _open_ro(backup)
        try:
            return int(conn.execute("SELECT count(*) FROM episodes").fetchone()[0])
        finally:
            conn.close()
    except sqlite3.Error:
        return None


# ------------------------------------------------------------------ what a restore would lose


@dataclass(frozen=True)
class Loss:
    """Entries the damaged journal holds that a backup lacks (new or changed since it)."""

    entries: int
    """Episodes, medicines and health notes."""
    day_logs: int
    """Day check-ins."""
    days: tuple[date, ...]
    """The local days those are on, oldest first."""
    complete: bool
    """False when part of the damaged journal could not be read (the counts are a minimum)."""

    def sentence(self) -> str:
        """``3 entries and 1 day check-in on 2 days (2026-11-30 to 2026-12-01)``."""
        parts = [_plural(self.entries, "entry", "entries")]
        if self.day_logs:
            parts.append(_plural(self.day_logs, "day check-in", "day check-ins"))
        text = " and ".join(parts)
        if self.days:
            span = (
                str(self.days[0]) if len(self.days) == 1 else f"{self.days[0]} to {self.days[-1]}"
            )
            text += f" on {_plural(len(self.days), 'day', 'days')} ({span})"
        return ("at least " if not self.complete else "") + text


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


#: The tables compared, and the column that holds each row's local day (None: no day).
_TABLES = {"episodes": "local_date", "day_logs": "day", "medications": None, "health_notes": "day"}


def restore_loss(journal: Path, backup: Path) -> Loss | None:
    """What restoring ``backup`` over the (damaged) ``journal`` would lose; None when it cannot
    be told at all. Rows are compared whole, so a changed entry counts as well as a new one."""
    try:
        have = _open_ro(backup)
    except sqlite3.Error:
        return None
    try:
        damaged = _open_ro(journal)
    except sqlite3.Error:
        have.close()
        return None
    entries = day_logs = 0
    days: set[date] = set()
    complete = True
    try:
        for table, day_column in _TABLES.items():
            try:
                known = set(have.execute(f"SELECT * FROM {table}"))
                cursor = damaged.execute(f"SELECT * FROM {table}")
                names = [d[0] for d in cursor.description]
                at = names.index(day_column) if day_column in names else None
                for row in cursor:
                    if row in known:
                        continue
                    if table == "day_logs":
                        day_logs += 1
                    else:
                        entries += 1
                    if at is not None:
                        with contextlib.suppress(TypeError, ValueError):
                            days.add(date.fromisoformat(str(row[at])))
            except (sqlite3.Error, UnicodeDecodeError):
                complete = False
    finally:
        have.close()
        damaged.close()
    return Loss(entries, day_logs, tuple(sorted(days)), complete)


def _open_ro(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=0.5)
    conn.text_factory = lambda b: b.decode("utf-8", "replace")
    return conn


def backup_taken(backup: Path) -> str:
    """When ``backup`` was written, for the person: ``2026-11-30 08:12 UTC``."""
    stamp = datetime.fromtimestamp(backup.stat().st_mtime, UTC)
    return stamp.strftime("%Y-%m-%d %H:%M UTC")


# ------------------------------------------------------------------ damage remembered


def _identity(path: Path) -> str | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return f"{st.st_dev}:{st.st_ino}"


def remember_damage(path: Path) -> None:
    """Note that a full check found ``path`` damaged (best effort; a note that cannot be
    written only means the next writer runs its own check)."""
    ident = _identity(path)
    folder = backup_dir(path)
    if ident is None or not folder.is_dir():
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder / _MARK, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            os.write(fd, ident.encode())
        finally:
            os.close(fd)


def forget_damage(path: Path) -> None:
    """Remove the note (the file passed a full check, or was replaced by a restore)."""
    with contextlib.suppress(OSError):
        (backup_dir(path) / _MARK).unlink()


def known_damaged(path: Path) -> bool:
    """True when a full check found this very file (same device and inode) damaged."""
    try:
        noted = (backup_dir(path) / _MARK).read_text()
    except (OSError, UnicodeDecodeError):
        return False
    return noted == _identity(path)


def _state(path: Path) -> str | None:
    """The file's device, inode, size and modification time: any write changes it."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return f"{st.st_dev}:{st.st_ino} {st.st_size} {st.st_mtime_ns}"


def remember_checked(path: Path, day: date) -> None:
    """Note that ``path``, as it is now, passed a full check (or was written by twitchlog
    after one) on the local ``day``. Best effort: a note that cannot be written only means
    the next quick log runs its own check."""
    state = _state(path)
    folder = backup_dir(path)
    if state is None or not folder.is_dir():
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder / _CHECKED, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            os.write(fd, f"{day.isoformat()} {state}".encode())
        finally:
            os.close(fd)


def checked_on(path: Path, day: date) -> bool:
    """True when this very file passed a full check on ``day`` and has not changed since,
    except by the writes noted after it (:func:`remember_checked`)."""
    try:
        noted = (backup_dir(path) / _CHECKED).read_text()
    except (OSError, UnicodeDecodeError):
        return False
    return noted == f"{day.isoformat()} {_state(path)}" and not known_damaged(path)


__all__ = [
    "Loss",
    "backup_taken",
    "checked_on",
    "forget_damage",
    "full_check",
    "known_damaged",
    "refuse_emptied",
    "remember_checked",
    "remember_damage",
    "restore_loss",
]
