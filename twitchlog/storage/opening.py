"""Making a journal file ready: create it private, check it, migrate it, back it up.

Standard library only, so every front end (and the quick-log path's fall-back) shares one
procedure:

1. a new file is created 0600 *before* SQLite opens it, then migrated from version 0;
2. an existing file gets ``PRAGMA integrity_check`` (up to :data:`FULL_CHECK_MAX_BYTES`, on
   the first start of each day, and once a check has found it damaged) or ``quick_check`` (the
   other starts of a larger journal); a damaged file is never written to, and the error names
   the newest good backup; a zero-byte file with backups lost its entries and is refused
   (:func:`integrity.refuse_emptied`);
3. a file newer than this twitchlog is refused untouched;
4. a pending migration is preceded by a verified backup;
5. the first start of each day takes a verified daily backup (rotated 7 daily + 4 weekly).
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import stat
import threading
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from twitchlog.fileio import create_private_file, ensure_private_dirs
from twitchlog.storage import backup, identity, integrity
from twitchlog.storage.connection import (
    begin_immediate,
    is_busy,
    open_connection,
    unwritable_reason,
)
from twitchlog.storage.errors import (
    BackupInvalid,
    JournalBusy,
    JournalCorrupt,
    JournalError,
    JournalTooNew,
    JournalUnwritable,
)
from twitchlog.storage.migrations import CURRENT_VERSION, migrate, user_version


@contextlib.contextmanager
def _said_for_the_person(path: Path) -> Iterator[None]:
    """SQLite's failures as the person needs them: a held lock is JournalBusy, a file SQLite
    cannot read is JournalCorrupt naming the newest good backup."""
    try:
        yield
    except sqlite3.DatabaseError as exc:
        if is_busy(exc):
            raise JournalBusy() from None
        reason = unwritable_reason(exc)
        if reason is not None:
            raise JournalUnwritable(path, reason) from None
        raise JournalCorrupt(path, str(exc), backup.newest_good_backup(path)) from None
    except UnicodeDecodeError:  # SQLite's message quoted damaged schema text
        raise JournalCorrupt(path, "damaged schema", backup.newest_good_backup(path)) from None


#: Journals up to this size get the full ``integrity_check`` (which also compares every index
#: with its table) at every start; larger ones on the first start of each day, and
#: ``quick_check`` on the others (costs in docs/reliability.md).
FULL_CHECK_MAX_BYTES = 4 * 2**20


def check_integrity(conn: sqlite3.Connection, path: Path, *, full: bool = False) -> None:
    """Run quick_check (or integrity_check); raise JournalCorrupt if it finds damage.

    Damage found is remembered (:func:`integrity.remember_damage`), so writers that skip the
    check refuse the file too; a full check that passes forgets it.
    """
    pragma = "integrity_check" if full else "quick_check"
    try:
        with _said_for_the_person(path):
            rows = conn.execute(f"PRAGMA {pragma}").fetchall()
        if [tuple(r) for r in rows] != [("ok",)]:
            detail = str(rows[0][0]) if rows else "no answer"
            raise JournalCorrupt(path, detail[:120], backup.newest_good_backup(path))
    except JournalCorrupt:
        integrity.remember_damage(path)
        raise
    if full:
        integrity.forget_damage(path)


def full_check_due(path: Path, today: date | None) -> bool:
    """True when this start runs the full ``integrity_check``: a journal of up to
    :data:`FULL_CHECK_MAX_BYTES`, the first start of the day (today's backup not yet taken),
    or a file a full check has found damaged."""
    try:
        size = path.stat().st_size
    except OSError:
        return True
    if size <= FULL_CHECK_MAX_BYTES or integrity.known_damaged(path):
        return True
    if today is None:
        return False
    daily = backup.backup_dir(path) / f"{backup.DAILY_PREFIX}{today.isoformat()}{backup.SUFFIX}"
    return not daily.exists()


def open_checked(path: Path) -> sqlite3.Connection:
    """:func:`open_connection` of a twitchlog journal, with its failures said as the person
    needs them (see :func:`_said_for_the_person`).

    Anything that is not a journal (a folder, a FIFO, another program's database) is refused
    with NotAJournal before SQLite opens it or writes to it (:mod:`identity`).
    """
    damage = identity.check_file(path)
    if damage is not None:
        raise JournalCorrupt(path, damage, backup.newest_good_backup(path))
    with _said_for_the_person(path):
        conn = open_connection(path)
        try:
            identity.check_schema(conn, path)
        except BaseException:
            conn.close()
            raise
        return conn


#: One line per daily backup that failed in this process, said once a day (see
#: :func:`take_backup_warnings`).
_backup_warnings: list[str] = []


def take_backup_warnings() -> list[str]:
    """The warnings about failed daily backups since the last call, for the front end to show."""
    taken = list(_backup_warnings)
    del _backup_warnings[: len(taken)]
    return taken


def _backup_if_due(conn: sqlite3.Connection, path: Path, today: date | None) -> None:
    """The daily backup, when ``today`` is given. A failed backup (a full or read-only disk,
    a copy that fails its check) never stops the person's read or write: it is remembered for
    the day and reported once (:func:`take_backup_warnings`); a busy journal is tried again
    on the next start. A read-only journal cannot change, so it gets none (and no warning)."""
    if today is None or not _writable(path):
        return
    try:
        backup.daily_backup_if_due(conn, path, today)
    except JournalBusy:
        return
    except (OSError, sqlite3.Error, JournalError) as exc:
        if isinstance(exc, sqlite3.Error) and is_busy(exc):
            return
        if backup.remember_daily_failure(path, today):
            if isinstance(exc, JournalUnwritable):
                why = exc.reason
            elif isinstance(exc, BackupInvalid):
                why = "the copy failed its check"
            else:
                why = unwritable_reason(exc) or type(exc).__name__
            _backup_warnings.append(
                f"today's backup in {backup.backup_dir(path)} could not be written ({why}); "
                "your entries are still saved. Free some space, or copy the journal with: "
                "twitchlog backup --out FILE"
            )


def _backup_and_note(
    conn: sqlite3.Connection, path: Path, today: date | None, *, checked_in_full: bool
) -> None:
    """The daily backup if due; then, after a full check that passed, today's note, so the
    quick log skips its own check for the rest of the day (:func:`integrity.checked_on`)."""
    _backup_if_due(conn, path, today)
    if checked_in_full and today is not None:
        integrity.remember_checked(path, today)


def _writable(path: Path) -> bool:
    """True when the journal and its folder (where SQLite puts its rollback file) can be
    written by this process."""
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)


def _keep_private(path: Path) -> None:
    """Take group and other permissions off an existing journal of ours; never add any.

    A journal its owner made 0400 stays 0400; one on a read-only medium is left alone.
    """
    st = path.stat()
    mode = stat.S_IMODE(st.st_mode)
    if st.st_uid == os.getuid() and mode & 0o077:
        with contextlib.suppress(OSError):
            os.chmod(path, mode & 0o700)


def _mark(conn: sqlite3.Connection) -> None:
    """Give a new journal, or one made before the mark existed, its application id (one
    short write transaction). A read-only journal is used unmarked."""
    try:
        begin_immediate(conn)
    except sqlite3.OperationalError:
        return
    try:
        identity.mark(conn)
        conn.execute("COMMIT")
    except sqlite3.OperationalError as exc:
        conn.execute("ROLLBACK")
        if is_busy(exc):
            raise JournalBusy() from None
        if "readonly" not in str(exc).lower():
            raise


def needs_preparation(path: Path) -> bool:
    """True unless ``path`` is an existing journal at the current schema (a cheap look).

    Such a file can be opened at once and checked afterwards (:func:`verify`); a new file, one
    that needs a migration, or one whose version cannot even be read goes through
    :func:`prepare` first.
    """
    if not path.exists():
        return True
    try:
        if identity.check_file(path) is not None:
            return True
        conn = open_connection(path, readonly=True)
    except (sqlite3.DatabaseError, UnicodeDecodeError, JournalError):
        return True
    try:
        return (
            user_version(conn) != CURRENT_VERSION
            or identity.application_id(conn) != identity.APPLICATION_ID
        )
    except (sqlite3.DatabaseError, UnicodeDecodeError):
        return True
    finally:
        conn.close()


def verify(path: Path, today: date | None) -> None:
    """``quick_check`` a journal at the current schema, then take the daily backup if due."""
    conn = open_checked(path)
    try:
        full = full_check_due(path, today)
        check_integrity(conn, path, full=full)
        _backup_and_note(conn, path, today, checked_in_full=full)
    except sqlite3.OperationalError as exc:
        if is_busy(exc):
            raise JournalBusy() from None
        reason = unwritable_reason(exc)
        if reason is not None:
            raise JournalUnwritable(path, reason) from None
        raise
    finally:
        conn.close()


class PendingCheck:
    """:func:`verify` running in a daemon thread, started before the slow imports.

    sqlite3 releases the GIL while ``quick_check`` reads the file, so the check runs on the
    second core while the front end imports SQLModel, numpy or Textual and reads. A daemon
    thread: quitting never waits for it (an unfinished daily backup leaves only a temporary
    file, removed the next time).
    """

    def __init__(self, path: Path, today: date | None) -> None:
        self._done = threading.Event()
        self._error: JournalError | None = None
        self._thread = threading.Thread(
            target=self._run, args=(path, today), name="twitchlog-check", daemon=True
        )
        self._thread.start()

    def _run(self, path: Path, today: date | None) -> None:
        try:
            verify(path, today)
        except JournalError as exc:
            self._error = exc
        except Exception as exc:  # never lose the answer: an unknown failure refuses writes
            self._error = JournalError(f"the journal could not be checked ({type(exc).__name__})")
        finally:
            self._done.set()

    @property
    def done(self) -> bool:
        """True once the check has finished, passed or not."""
        return self._done.is_set()

    @property
    def failed(self) -> bool:
        """True once the check has finished and found a problem."""
        return self._done.is_set() and self._error is not None

    def wait(self) -> None:
        """Wait for the check; raise what it found (every time it is asked)."""
        self._done.wait()
        if self._error is not None:
            raise self._error


def start_check(path: Path, *, today: date | None = None) -> PendingCheck | None:
    """Get ``path`` ready for use with its integrity check running alongside.

    A new journal, one that needs a migration, or one whose version cannot be read is prepared
    here, synchronously (and None is returned: it is checked). Otherwise the check and the
    daily backup start in a background thread and the :class:`PendingCheck` is returned.
    """
    if needs_preparation(path):
        prepare(path, today=today)
        return None
    return PendingCheck(path, today)


def prepare(path: Path, *, create: bool = True, today: date | None = None) -> int:
    """Make ``path`` a checked journal at the current schema. Returns the version found.

    ``today`` (the local day) enables the daily backup; None skips it. Nothing that is not a
    journal is created, chmodded or written (NotAJournal); a read-only journal is only read.
    """
    identity.check_file(path)
    if path.is_file() and path.stat().st_size == 0:
        integrity.refuse_emptied(path)  # a journal that lost its entries is never re-made
    if not path.exists():
        if not create:
            raise JournalError(f"no journal at {path}")
        ensure_private_dirs(path.parent)
        create_private_file(path)
    conn = open_checked(path)
    try:
        _keep_private(path)
        full = full_check_due(path, today)
        check_integrity(conn, path, full=full)
        found = user_version(conn)
        if found > CURRENT_VERSION:
            raise JournalTooNew(path, found, CURRENT_VERSION)
        if found < CURRENT_VERSION and not _writable(path):
            raise JournalUnwritable(
                path, f"it is read-only and needs an upgrade to schema {CURRENT_VERSION} first"
            )
        if found > 0 and found < CURRENT_VERSION:
            backup.premigration_backup(conn, path, found)
        if identity.application_id(conn) != identity.APPLICATION_ID:
            _mark(conn)
        if found < CURRENT_VERSION:
            migrate(conn)
        else:
            _backup_and_note(conn, path, today, checked_in_full=full)
        return found
    except sqlite3.OperationalError as exc:
        if is_busy(exc):
            raise JournalBusy() from None
        reason = unwritable_reason(exc)
        if reason is not None:
            raise JournalUnwritable(path, reason) from None
        raise
    finally:
        conn.close()
