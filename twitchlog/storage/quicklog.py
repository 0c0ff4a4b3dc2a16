"""The quick-log writer: one episode into the journal with ``sqlite3`` alone.

``twitchlog log`` must start and finish faster than ``jrnl``, and importing SQLModel,
SQLAlchemy or pydantic alone costs more than that. This writer inserts into the same
``episodes`` table with the same columns (``records.episode_record``) and the same domain
validation; the table's CHECK constraints back both up. It only writes to a journal already
at the current schema: otherwise it returns False and the caller takes the full path, which
backs up and migrates first.

It runs ``PRAGMA integrity_check`` (which also compares every index with its table) before
writing to a journal of up to :data:`QUICK_CHECK_MAX_BYTES`, so it never writes into a file
the full path would refuse (the check costs time in proportion to the file's size; see
docs/reliability.md), unless a full check of this file has already passed today (a note in
the backup folder, :func:`integrity.checked_on`). Larger journals get the full check on the
first start of each day, which the CLI runs after the first quick log of the day has been
committed; a file that a full check found damaged is noted, and the note (one ``stat``) stops
every quick log into it.
"""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

from twitchlog.domain.models import Episode
from twitchlog.domain.validation import validate_episode
from twitchlog.storage.backup import newest_good_backup
from twitchlog.storage.connection import begin_immediate, is_busy, unwritable_reason
from twitchlog.storage.errors import JournalBusy, JournalCorrupt, JournalError, JournalUnwritable
from twitchlog.storage.integrity import checked_on, known_damaged, remember_checked
from twitchlog.storage.migrations import CURRENT_VERSION, user_version
from twitchlog.storage.opening import check_integrity, open_checked
from twitchlog.storage.records import EPISODE_COLUMNS, episode_from_record, episode_record

#: Journals up to this size get ``PRAGMA integrity_check`` before every quick write.
QUICK_CHECK_MAX_BYTES = 4 * 2**20

_INSERT = (
    f"INSERT INTO episodes ({', '.join(EPISODE_COLUMNS)}) "
    f"VALUES ({', '.join(':' + c for c in EPISODE_COLUMNS)})"
)


def quick_add_episode(path: Path, episode: Episode, *, today: date | None = None) -> Episode | None:
    """Insert ``episode`` and commit; returns it as stored, or None if the full path is needed.

    ``today`` (the local day) lets a full check that passed earlier today stand for this
    write's check, and notes this write's check for the next ones. The return value is only
    given after COMMIT succeeded.
    """
    validate_episode(episode)
    if not path.exists():
        return None
    conn = open_checked(path)
    try:
        verified = _check_before_write(conn, path, today)
        if user_version(conn) != CURRENT_VERSION:
            return None
        rec = episode_record(episode)
        begin_immediate(conn)
        try:
            conn.execute(_INSERT, rec)
            conn.execute("COMMIT")
            if verified and today is not None:  # the file as this write left it
                remember_checked(path, today)
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        return episode_from_record(rec)
    except sqlite3.IntegrityError as exc:
        raise JournalError(f"the journal refused the entry ({exc})") from None
    except sqlite3.OperationalError as exc:
        if is_busy(exc):
            raise JournalBusy() from None
        reason = unwritable_reason(exc)
        if reason is not None:
            raise JournalUnwritable(path, reason) from None
        raise JournalError(f"the journal could not be used: {exc}") from None
    except sqlite3.DatabaseError as exc:
        raise JournalCorrupt(path, str(exc), newest_good_backup(path)) from None
    except UnicodeDecodeError:
        raise JournalCorrupt(path, "damaged schema", newest_good_backup(path)) from None
    finally:
        conn.close()


def _check_before_write(conn: sqlite3.Connection, path: Path, today: date | None) -> bool:
    """``integrity_check`` a journal of up to :data:`QUICK_CHECK_MAX_BYTES`, unless it passed a
    full check today and nothing else has written to it since, and any journal a full check
    found damaged. True when the file is known good (checked now or noted today)."""
    if not known_damaged(path) and path.stat().st_size > QUICK_CHECK_MAX_BYTES:
        return False
    if today is not None and checked_on(path, today):
        return True
    check_integrity(conn, path, full=True)
    return True
