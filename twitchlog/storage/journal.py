"""The open journal: one SQLAlchemy engine over the file, and short sessions for units of work.

``Journal.write()`` is a ``BEGIN IMMEDIATE`` transaction (the write lock is taken at the start,
so two writers queue on the busy timeout instead of failing half-way); ``Journal.read()`` a
deferred one. Both commit or roll back when the ``with`` block ends: nothing holds a
transaction open while a person types.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import DatabaseError, OperationalError
from sqlalchemy.pool import NullPool
from sqlmodel import Session

from twitchlog.storage.backup import newest_good_backup
from twitchlog.storage.connection import (
    begin_immediate,
    is_busy,
    open_connection,
    unwritable_reason,
)
from twitchlog.storage.errors import (
    DamagedValue,
    JournalBusy,
    JournalCorrupt,
    JournalError,
    JournalUnwritable,
)
from twitchlog.storage.opening import PendingCheck, check_integrity, prepare

_WRITE_OPTION = "twitchlog_write"


def _make_engine(path: Path) -> Engine:
    engine = create_engine(
        "sqlite://",
        creator=lambda: open_connection(path),
        poolclass=NullPool,
    )

    @event.listens_for(engine, "begin")
    def _begin(conn: Any) -> None:
        if conn.get_execution_options().get(_WRITE_OPTION, False):
            begin_immediate(conn.connection.driver_connection)
        else:
            conn.exec_driver_sql("BEGIN")

    return engine


class Journal:
    """A journal made ready by :func:`opening.prepare`, with sessions to read and write."""

    def __init__(self, path: Path, *, pending: PendingCheck | None = None) -> None:
        self.path = path
        self.engine = _make_engine(path)
        self._write_engine = self.engine.execution_options(**{_WRITE_OPTION: True})
        self._pending = pending

    @classmethod
    def open(cls, path: Path, *, create: bool = True, today: date | None = None) -> Journal:
        """Check, migrate and (with ``today``) back up the file, then return it opened."""
        prepare(path, create=create, today=today)
        return cls(path)

    def verify(self) -> None:
        """Wait for the check running alongside (if any); raise what it found."""
        if self._pending is not None:
            self._pending.wait()

    @property
    def checked(self) -> bool:
        """True once the integrity check has run (passed or not)."""
        return self._pending is None or self._pending.done

    @property
    def verified(self) -> bool:
        """True once the journal was checked and found intact."""
        return self._pending is None or (self._pending.done and not self._pending.failed)

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A session in one short ``BEGIN IMMEDIATE`` transaction; commits on success.

        Waits for a deferred integrity check first and refuses to write if it failed.
        """
        self.verify()
        with self._translate(), Session(self._write_engine) as session, session.begin():
            yield session

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A session in a deferred (read) transaction."""
        with self._translate(), Session(self.engine) as session, session.begin():
            yield session

    @contextmanager
    def _translate(self) -> Iterator[None]:
        try:
            yield
        except OperationalError as exc:
            if is_busy(exc.orig if exc.orig is not None else exc):
                raise JournalBusy() from None
            reason = unwritable_reason(exc.orig if exc.orig is not None else exc)
            if reason is not None:
                raise JournalUnwritable(self.path, reason) from None
            if "could not decode" in str(exc.orig).lower():
                # A damaged text value; sqlite3's message would quote the person's note.
                detail = "a stored text is not valid UTF-8"
                raise JournalCorrupt(self.path, detail, newest_good_backup(self.path)) from None
            raise JournalError(f"the journal could not be used: {_short(exc)}") from None
        except DatabaseError as exc:
            raise JournalCorrupt(self.path, _short(exc), newest_good_backup(self.path)) from None
        except sqlite3.Error as exc:  # the driver used directly in a session (hour counts)
            if is_busy(exc):
                raise JournalBusy() from None
            reason = unwritable_reason(exc)
            if reason is not None:
                raise JournalUnwritable(self.path, reason) from None
            if isinstance(exc, sqlite3.OperationalError):
                raise JournalError(f"the journal could not be used: {_short(exc)}") from None
            raise JournalCorrupt(self.path, _short(exc), newest_good_backup(self.path)) from None
        except DamagedValue as exc:
            raise JournalCorrupt(self.path, str(exc), newest_good_backup(self.path)) from None

    def raw(self) -> sqlite3.Connection:
        """A new checked ``sqlite3`` connection (for backups and change polling); close it."""
        return open_connection(self.path)

    def quick_check(self) -> None:
        """Raise JournalCorrupt if ``PRAGMA quick_check`` finds damage."""
        conn = self.raw()
        try:
            check_integrity(conn, self.path)
        finally:
            conn.close()

    def dispose(self) -> None:
        """Release the engine."""
        self.engine.dispose()


def _short(exc: Exception) -> str:
    orig = getattr(exc, "orig", None)
    return str(orig if orig is not None else exc).splitlines()[0][:200]


class ChangeWatcher:
    """Tells whether another connection committed since the last call (``PRAGMA data_version``).

    Holds one connection and no transaction between polls.
    """

    def __init__(self, journal: Journal) -> None:
        self._conn = journal.raw()
        self._last = self._version()

    def _version(self) -> int:
        return int(self._conn.execute("PRAGMA data_version").fetchone()[0])

    def changed(self) -> bool:
        """True once after each commit made by any other connection."""
        try:
            now = self._version()
        except sqlite3.OperationalError:
            return False
        if now != self._last:
            self._last = now
            return True
        return False

    def close(self) -> None:
        """Close the polling connection."""
        self._conn.close()
