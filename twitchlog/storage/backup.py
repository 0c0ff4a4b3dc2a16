"""Verified backups, rotation and restore (standard library ``sqlite3`` only).

A backup is written with ``VACUUM INTO`` to a temporary 0600 file in the backup folder, checked
with ``PRAGMA integrity_check`` and only then renamed to its final name, so every file that
carries a backup name is a good journal. Daily backups (one on the first start of each day)
keep the 7 newest days and the newest of each of the 4 weeks before them; backups taken before
a migration and by hand are never rotated away.

Each writer has its own temporary file (``.twitchlog-backup-XXXX.partial``, from ``mkstemp``,
0600), held with ``flock`` while it is written; one left by a killed process is removed by the
next backup into that folder once it is :data:`STALE_AFTER_S` old and no process holds it. The
daily backup is taken under a lock on the backup folder (``flock``): when several processes
start at once, one takes it and the others skip it. A daily backup that fails (a
full or read-only disk) is remembered for the day (``.daily-failed-DAY``), so it is neither
retried nor reported again until the next day.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import sqlite3
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

from twitchlog.domain.errors import ValidationError
from twitchlog.fileio import create_private_file, ensure_private_dir, fsync_dir
from twitchlog.storage.connection import (
    begin_immediate,
    is_busy,
    open_connection,
    unwritable_reason,
)
from twitchlog.storage.errors import BackupInvalid, JournalBusy, JournalError, JournalUnwritable
from twitchlog.storage.migrations import CURRENT_VERSION, user_version

DAILY_PREFIX = "daily-"
SUFFIX = ".sqlite3"
KEEP_DAILY = 7
KEEP_WEEKLY = 4
TEMP_PREFIX = ".twitchlog-backup-"
TEMP_SUFFIX = ".partial"
#: A temporary copy this old (seconds) that no process holds was left by a killed process.
STALE_AFTER_S = 15 * 60
_DAILY_FAILED = ".daily-failed-"
_REQUIRED_TABLES = {"episodes", "day_logs", "medications", "health_notes"}


def backup_dir(journal: Path) -> Path:
    """The folder that holds a journal's backups: ``<stem>-backups`` beside it."""
    return journal.with_name(f"{journal.stem}-backups")


def verify(path: Path) -> int:
    """Check that ``path`` is an intact twitchlog journal; return its schema version.

    Raises BackupInvalid with a one-line reason otherwise. Opens the file read-only.
    """
    if not path.is_file():
        raise BackupInvalid(f"{path} is not a file")
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, isolation_level=None)
    except sqlite3.Error as exc:
        raise BackupInvalid(f"{path} cannot be opened: {exc}") from None
    try:
        result = conn.execute("PRAGMA integrity_check").fetchall()
        if [tuple(r) for r in result] != [("ok",)]:
            raise BackupInvalid(f"{path} failed its integrity check")
        version = user_version(conn)
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_schema WHERE type='table'")}
    except sqlite3.Error as exc:
        raise BackupInvalid(f"{path} is not a readable journal ({exc})") from None
    except UnicodeDecodeError:  # SQLite's message quoted damaged schema text
        raise BackupInvalid(f"{path} is not a readable journal (damaged schema)") from None
    finally:
        conn.close()
    if version > CURRENT_VERSION:
        raise BackupInvalid(f"{path} is from a newer twitchlog (schema {version})")
    if version > 0 and not tables >= _REQUIRED_TABLES:
        raise BackupInvalid(f"{path} is not a twitchlog journal")
    if version == 0:
        raise BackupInvalid(f"{path} is not a twitchlog journal (no schema)")
    return version


def write_backup(conn: sqlite3.Connection, dest: Path) -> Path:
    """Copy the open journal to ``dest`` with VACUUM INTO, verify it, then give it its name.

    The copy is written to this process's own temporary file beside ``dest``; a full or
    read-only disk raises JournalUnwritable naming the folder, and leaves nothing behind.
    """
    folder = dest.parent
    remove_stale_temporaries(folder)
    try:
        fd, name = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=TEMP_SUFFIX, dir=folder)
    except OSError as exc:
        raise _unwritable(folder, exc) from None
    tmp = Path(name)
    try:
        os.fchmod(fd, 0o600)
        fcntl.flock(fd, fcntl.LOCK_EX)  # tells remove_stale_temporaries that it is in use
        conn.execute("VACUUM INTO ?", (str(tmp),))  # VACUUM INTO accepts an empty file
        os.chmod(tmp, 0o600)
        os.fsync(fd)  # the same file: VACUUM INTO wrote through its own descriptor
        verify(tmp)
        os.replace(tmp, dest)
        fsync_dir(folder)
    except BaseException as exc:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        if isinstance(exc, (OSError, sqlite3.Error)) and unwritable_reason(exc):
            raise _unwritable(folder, exc) from None
        raise
    finally:
        os.close(fd)
    return dest


def _unwritable(place: Path, exc: BaseException) -> BaseException:
    reason = unwritable_reason(exc)
    return JournalUnwritable(place, reason) if reason else exc


def remove_stale_temporaries(folder: Path, *, older_than_s: float = STALE_AFTER_S) -> list[Path]:
    """Remove temporary copies in ``folder`` that killed processes left behind.

    A temporary file is removed only when it is older than ``older_than_s`` seconds *and* no
    live process holds its lock, so a copy being written (or verified, which can take long on
    a large journal) is never touched. Returns the files removed.
    """
    removed: list[Path] = []
    try:
        candidates = [p for p in folder.iterdir() if p.name.endswith(TEMP_SUFFIX)]
    except OSError:
        return removed
    limit = time.time() - older_than_s
    for p in candidates:
        if not p.name.startswith("."):
            continue
        try:
            fd = os.open(p, os.O_RDONLY)
        except OSError:
            continue
        try:
            if os.fstat(fd).st_mtime > limit:
                continue
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                continue  # a live process is writing it
            with contextlib.suppress(FileNotFoundError):
                p.unlink()
                removed.append(p)
        finally:
            os.close(fd)
    return removed


def _stamp(now: datetime) -> str:
    return now.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def backup_folder(journal: Path) -> Path:
    """The backup folder of ``journal``, made (0700) if missing. A file in its place is an
    unwritable place named as the folder (exit 74), and is left as it is."""
    folder = backup_dir(journal)
    if folder.exists() and not folder.is_dir():
        raise JournalUnwritable(folder, "a file is in the place of this folder")
    return ensure_private_dir(folder)


def premigration_backup(conn: sqlite3.Connection, journal: Path, from_version: int) -> Path:
    """The verified backup taken before migrating ``journal`` from ``from_version``."""
    folder = backup_folder(journal)
    name = f"premigrate-v{from_version}-{_stamp(datetime.now(UTC))}{SUFFIX}"
    return write_backup(conn, folder / name)


def manual_backup(
    conn: sqlite3.Connection, journal: Path, out: Path | None, *, replace: bool = False
) -> Path:
    """A backup the person asked for, to ``out`` or into the backup folder.

    An existing ``out`` is replaced only with ``replace`` (the caller has made sure it is not
    the journal or a backup: ``targets.check_output``).
    """
    if out is None:
        folder = backup_folder(journal)
        out = folder / f"manual-{_stamp(datetime.now(UTC))}{SUFFIX}"
    elif out.exists() and not replace:
        raise ValidationError("out", f"out {out} already exists; choose another name")
    return write_backup(conn, out)


#: Backups taken before an import writes; the newest few are kept.
KEEP_PREIMPORT = 5


def preimport_backup(conn: sqlite3.Connection, journal: Path) -> Path:
    """The verified backup taken before an import writes into a journal with entries (so
    the import can be undone even after the day's daily backup). The newest
    :data:`KEEP_PREIMPORT` are kept."""
    folder = backup_folder(journal)
    stamp = _stamp(datetime.now(UTC))
    dest = folder / f"preimport-{stamp}{SUFFIX}"
    n = 1
    while dest.exists():  # two imports within a second: both copies are kept
        dest, n = folder / f"preimport-{stamp}-{n}{SUFFIX}", n + 1
    written = write_backup(conn, dest)
    for old in sorted(folder.glob(f"preimport-*{SUFFIX}"))[:-KEEP_PREIMPORT]:
        with contextlib.suppress(FileNotFoundError):
            old.unlink()
    return written


def daily_path(journal: Path, today: date) -> Path:
    """Where the daily backup of ``today`` is (or will be)."""
    return backup_dir(journal) / f"{DAILY_PREFIX}{today.isoformat()}{SUFFIX}"


def _failed_marker(journal: Path, today: date) -> Path:
    return backup_dir(journal) / f"{_DAILY_FAILED}{today.isoformat()}"


def daily_due(journal: Path, today: date) -> bool:
    """True when today's backup is neither taken nor known to have failed today."""
    return not daily_path(journal, today).exists() and not _failed_marker(journal, today).exists()


@contextlib.contextmanager
def _daily_lock(folder: Path) -> Iterator[bool]:
    """The daily lock (``flock`` on the backup folder itself), without waiting: yields False
    if another process holds it."""
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            yield False
            return
        yield True
    finally:
        os.close(fd)


def daily_backup_if_due(conn: sqlite3.Connection, journal: Path, today: date) -> Path | None:
    """Take today's backup if there is none yet, then rotate. Returns the new file or None.

    Taken at most once: a process that finds it taken, failed today, or being taken by
    another process returns None at once.
    """
    if not daily_due(journal, today):
        return None
    folder = ensure_private_dir(backup_dir(journal))
    dest = daily_path(journal, today)
    try:
        with _daily_lock(folder) as mine:
            if not mine or not daily_due(journal, today):
                return None
            write_backup(conn, dest)
            rotate(folder)
    except OSError as exc:
        raise _unwritable(folder, exc) from None
    return dest


def remember_daily_failure(journal: Path, today: date) -> bool:
    """Note that today's daily backup failed; True the first time today (to say it once).

    Markers of other days are removed. If the note cannot be written either, True is
    returned: better said again than never.
    """
    folder = backup_dir(journal)
    marker = _failed_marker(journal, today)
    with contextlib.suppress(OSError):
        for old in folder.glob(f"{_DAILY_FAILED}*"):
            if old != marker:
                old.unlink()
    try:
        fd = os.open(marker, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return False
    except OSError:
        return True
    os.close(fd)
    return True


def _daily_files(folder: Path) -> list[tuple[date, Path]]:
    out: list[tuple[date, Path]] = []
    for p in folder.glob(f"{DAILY_PREFIX}*{SUFFIX}"):
        try:
            out.append((date.fromisoformat(p.name[len(DAILY_PREFIX) : -len(SUFFIX)]), p))
        except ValueError:
            continue
    return sorted(out, reverse=True)


def rotate(folder: Path) -> list[Path]:
    """Keep the 7 newest daily backups and the newest of each of the 4 weeks before them."""
    files = _daily_files(folder)
    keep = {p for _d, p in files[:KEEP_DAILY]}
    weeks_seen: set[tuple[int, int]] = set()
    for d, p in files[KEEP_DAILY:]:
        week = d.isocalendar()[:2]
        if week in weeks_seen or len(weeks_seen) >= KEEP_WEEKLY:
            continue
        weeks_seen.add(week)
        keep.add(p)
    removed = []
    for _d, p in files:
        if p not in keep:
            with contextlib.suppress(FileNotFoundError):
                p.unlink()
            removed.append(p)
    with contextlib.suppress(OSError):  # a failure noted on another day is past
        for old in folder.glob(f"{_DAILY_FAILED}*"):
            old.unlink()
    return removed


def newest_good_backup(journal: Path) -> Path | None:
    """The most recent backup file of ``journal`` that passes :func:`verify`."""
    folder = backup_dir(journal)
    if not folder.is_dir():
        return None
    candidates = sorted(folder.glob(f"*{SUFFIX}"), key=lambda p: p.stat().st_mtime, reverse=True)
    for p in candidates:
        if p.name.startswith("."):
            continue
        try:
            verify(p)
        except BackupInvalid:
            continue
        return p
    return None


@contextlib.contextmanager
def readable_copy(source: Path, work: Path) -> Iterator[Path]:
    """``source`` as SQLite would open it: itself, or, when a rollback journal lies beside it
    (``<name>-journal``, e.g. a journal put aside by :func:`restore` in the middle of a
    writer's transaction), a private copy of both in a temporary folder under ``work``,
    opened once so that SQLite rolls the unfinished transaction back. The files at
    ``source`` are never changed; the copy is removed afterwards.
    """
    if not source.is_file():  # verify() says so; "" and "." have no name to put "-journal" on
        yield source
        return
    hot = source.with_name(source.name + "-journal")
    if not (hot.is_file() and hot.stat().st_size > 0):
        yield source
        return
    work.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".twitchlog-recover-", dir=work) as folder:
        copy = Path(folder) / source.name
        for frm, to in ((source, copy), (hot, copy.with_name(copy.name + "-journal"))):
            create_private_file(to)
            with open(frm, "rb") as fin, open(to, "wb") as fout:
                shutil.copyfileobj(fin, fout)
        conn = sqlite3.connect(copy)
        try:
            conn.execute("SELECT count(*) FROM sqlite_schema").fetchone()  # rolls back
        except sqlite3.Error as exc:
            raise BackupInvalid(f"{source} is not a readable journal ({exc})") from None
        finally:
            conn.close()
        yield copy


@contextlib.contextmanager
def _write_locked(journal: Path) -> Iterator[None]:
    """Hold ``journal``'s write lock, as every writer takes it (``BEGIN IMMEDIATE``, waiting
    up to the busy timeout, then JournalBusy), so no transaction is half-way when the file is
    replaced. Taking it rolls back a hot journal left by a killed writer, so the file put
    aside is whole. A file SQLite cannot read at all cannot be locked, and nobody can write
    to it either: it is replaced without the lock.
    """
    conn: sqlite3.Connection | None = None
    if journal.is_file() and journal.stat().st_size > 0:
        try:
            conn = open_connection(journal)
            begin_immediate(conn)
        except (sqlite3.DatabaseError, UnicodeDecodeError, JournalError) as exc:
            if conn is not None:
                conn.close()
                conn = None
            if isinstance(exc, JournalBusy) or (
                isinstance(exc, sqlite3.OperationalError) and is_busy(exc)
            ):
                raise JournalBusy() from None
    try:
        yield
    finally:
        if conn is not None:
            with contextlib.suppress(sqlite3.Error):
                conn.execute("ROLLBACK")
            conn.close()


def restore(journal: Path, source: Path) -> Path | None:
    """Replace ``journal`` with the verified file ``source``, atomically.

    The swap happens under the journal's write lock (:func:`_write_locked`): a writer waits
    for it or gets JournalBusy, and one that opened the old file before the swap is refused
    by SQLite ("moved") instead of writing into the file put aside. The current journal (and
    any leftover rollback journal, which must never be replayed onto the restored file, and
    goes with it) is moved aside as ``<name>.replaced-<time>``; that path is returned, or
    None if there was no journal.
    """
    verify(source)
    journal.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{journal.name}.restoring-", dir=journal.parent)
    os.close(fd)  # 0600 from birth
    tmp = Path(name)
    try:
        src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        dst = sqlite3.connect(tmp)
        try:
            src.backup(dst)
        finally:
            src.close()
            dst.close()
        os.chmod(tmp, 0o600)
        verify(tmp)
        with _write_locked(journal):
            stamp = _stamp(datetime.now(UTC))
            n = 0
            while journal.with_name(f"{journal.name}.replaced-{stamp}").exists():
                n += 1  # a second restore within the same second
                stamp = f"{_stamp(datetime.now(UTC))}-{n}"
            aside: Path | None = None
            hot = journal.with_name(journal.name + "-journal")
            if journal.exists():
                # A hard link keeps the old file while the rename below swaps the name
                # atomically, so no process ever finds the journal missing.
                aside = journal.with_name(f"{journal.name}.replaced-{stamp}")
                os.link(journal, aside)
            if hot.exists():
                os.replace(hot, journal.with_name(f"{journal.name}.replaced-{stamp}-journal"))
            os.replace(tmp, journal)
            fsync_dir(journal.parent)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        raise
    return aside


__all__ = [
    "backup_dir",
    "daily_backup_if_due",
    "daily_due",
    "daily_path",
    "manual_backup",
    "newest_good_backup",
    "preimport_backup",
    "premigration_backup",
    "readable_copy",
    "remember_daily_failure",
    "remove_stale_temporaries",
    "restore",
    "rotate",
    "verify",
    "write_backup",
]
