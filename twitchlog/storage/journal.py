"""The open journal: one SQLAlchemy engine over the file, and short sessions for units of work.

``Journal.write()`` is a ``BEGIN IMMEDIATE`` transaction (the write lock is taken at the start,
so two writers queue on the busy timeout instead of failing half-way); ``Journal.read()`` a
deferred one. Both commit or roll back when the ``with`` block ends: nothing holds a
transaction open while a person types.

SQLAlchemy and SQLModel are imported when the first session is made, not with this module:
importing them takes about half of the TUI's start, and Home paints from plain ``sqlite3``
reads (``Journal.plain_read``, ``storage/glance.py``) before anything needs a session.
"""

from __future__ import annotations

import sqlite3
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

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

if TYPE_CHECKING:
    from sqlalchemy import Engine
    from sqlmodel import Session

_WRITE_OPTION = "twitchlog_write"

#: Held while a thread imports what brings in SQLAlchemy and SQLModel (see :func:`importing`).
_IMPORTING = threading.RLock()


@contextmanager
def importing() -> Iterator[None]:
    """Import inside this block one thread at a time.

    The TUI imports SQLAlchemy, SQLModel and the screens that use them after its first frame,
    from workers and from key presses. Two threads importing the same circular package at the
    same moment can get it half-initialised (``ImportError: cannot import name ... from
    partially initialized module``); every such import goes through this lock instead.
    """
    with _IMPORTING:
        yield


def _make_engine(path: Path) -> Engine:
    with importing():
        from sqlalchemy import create_engine, event
        from sqlalchemy.pool import NullPool

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
        self._engine: Engine | None = None
        self._write_engine: Engine | None = None
        self._engine_lock = threading.Lock()
        self._pending = pending

    @property
    def engine(self) -> Engine:
        """The SQLAlchemy engine, made (and SQLAlchemy imported) on first use."""
        return self._engines()[0]

    def _engines(self) -> tuple[Engine, Engine]:
        """The engine for reads and the one for writes (``BEGIN IMMEDIATE``)."""
        with self._engine_lock:
            if self._engine is None or self._write_engine is None:
                engine = _make_engine(self.path)
                self._write_engine = engine.execution_options(**{_WRITE_OPTION: True})
                self._engine = engine
            return self._engine, self._write_engine

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
        with importing():
            from sqlmodel import Session

        writer = self._engines()[1]
        with self._translate(), Session(writer) as session, session.begin():
            yield session

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A session in a deferred (read) transaction."""
        with importing():
            from sqlmodel import Session

        reader = self.engine
        with self._translate(), Session(reader) as session, session.begin():
            yield session

    @contextmanager
    def plain_read(self) -> Iterator[sqlite3.Connection]:
        """A plain ``sqlite3`` connection in one deferred (read) transaction, without
        SQLAlchemy; rows come back as dicts. Errors are said as in :meth:`read`.

        For the few aggregates painted before SQLModel is imported (``storage/glance.py``).
        Nothing is written: the transaction is rolled back when the block ends.
        """
        with self._translate():
            conn = self.raw()
            try:
                conn.row_factory = _dict_row
                conn.execute("BEGIN")
                yield conn
            finally:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                conn.close()

    @contextmanager
    def _translate(self) -> Iterator[None]:
        try:
            yield
        except sqlite3.Error as exc:  # plain reads, and the driver used directly in a session
            if is_busy(exc):
                raise JournalBusy() from None
            reason = unwritable_reason(exc)
            if reason is not None:
                raise JournalUnwritable(self.path, reason) from None
            if "could not decode" in str(exc).lower():
                # A damaged text value; sqlite3's message would quote the person's note.
                detail = "a stored text is not valid UTF-8"
                raise JournalCorrupt(self.path, detail, newest_good_backup(self.path)) from None
            if isinstance(exc, sqlite3.OperationalError):
                raise JournalError(f"the journal could not be used: {_short(exc)}") from None
            raise JournalCorrupt(self.path, _short(exc), newest_good_backup(self.path)) from None
        except DamagedValue as exc:
            raise JournalCorrupt(self.path, str(exc), newest_good_backup(self.path)) from None
        except Exception as exc:
            self._translate_sqlalchemy(exc)
            raise

    def _translate_sqlalchemy(self, exc: Exception) -> None:
        """Raise the storage error for a SQLAlchemy error (SQLAlchemy is imported only once a
        session was made, so an error from before cannot be one of its)."""
        if "sqlalchemy.exc" not in sys.modules:
            return
        from sqlalchemy.exc import DatabaseError, OperationalError

        if isinstance(exc, OperationalError):
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
        if isinstance(exc, DatabaseError):
            raise JournalCorrupt(self.path, _short(exc), newest_good_backup(self.path)) from None

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
        """Release the engine (if one was made)."""
        with self._engine_lock:
            if self._engine is not None:
                self._engine.dispose()


def _short(exc: Exception) -> str:
    orig = getattr(exc, "orig", None)
    return str(orig if orig is not None else exc).splitlines()[0][:200]


def _dict_row(cursor: sqlite3.Cursor, row: tuple[Any, ...]) -> dict[str, Any]:
    """A row as a dict of its column names (what ``records.*_from_record`` read)."""
    return {d[0]: v for d, v in zip(cursor.description, row, strict=True)}


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
