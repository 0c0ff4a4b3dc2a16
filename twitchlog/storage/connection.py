"""Opening SQLite connections with the settings every connection must have (stdlib only).

Every connection sets and then reads back: ``busy_timeout`` (waits for another writer instead
of failing), the rollback journal (``journal_mode=DELETE``; WAL's reset bug is fixed only from
SQLite 3.51.3), ``synchronous=FULL`` and ``foreign_keys=ON``. Connections are in autocommit
mode: every write is an explicit short ``BEGIN IMMEDIATE`` transaction.
"""

from __future__ import annotations

import errno
import os
import random
import sqlite3
import time
from pathlib import Path

from twitchlog.storage.errors import JournalBusy, JournalError

#: Default busy timeout; ``TWITCHLOG_BUSY_TIMEOUT_MS`` overrides it (tests use a short one).
DEFAULT_BUSY_TIMEOUT_MS = 5000


def busy_timeout_ms() -> int:
    """The busy timeout in milliseconds for this process."""
    raw = os.environ.get("TWITCHLOG_BUSY_TIMEOUT_MS", "")
    return int(raw) if raw.isdigit() else DEFAULT_BUSY_TIMEOUT_MS


def open_connection(path: Path, *, readonly: bool = False) -> sqlite3.Connection:
    """Open ``path`` with the journal's settings, checked. The file must already exist."""
    timeout_ms = busy_timeout_ms()
    uri = f"file:{path}?mode={'ro' if readonly else 'rw'}"
    try:
        conn = sqlite3.connect(
            uri,
            uri=True,
            timeout=timeout_ms / 1000,
            isolation_level=None,
            check_same_thread=False,
        )
    except sqlite3.OperationalError as exc:
        raise JournalError(f"cannot open journal {path}: {exc}") from None
    try:
        configure(conn, timeout_ms, readonly=readonly)
    except BaseException:
        conn.close()
        raise
    return conn


def configure(conn: sqlite3.Connection, timeout_ms: int, *, readonly: bool = False) -> None:
    """Apply and verify the pragmas on a fresh connection."""
    try:
        conn.execute(f"PRAGMA busy_timeout = {int(timeout_ms)}")
        if not readonly:
            mode = conn.execute("PRAGMA journal_mode = DELETE").fetchone()[0]
            if str(mode).lower() != "delete":
                raise JournalError(f"journal mode could not be set (got {mode})")
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
    except sqlite3.OperationalError as exc:
        if is_busy(exc):
            raise JournalBusy() from None
        raise
    checks = {
        "busy_timeout": int(timeout_ms),
        "synchronous": 2,
        "foreign_keys": 1,
    }
    for pragma, expected in checks.items():
        got = conn.execute(f"PRAGMA {pragma}").fetchone()[0]
        if got != expected:
            raise JournalError(f"PRAGMA {pragma} is {got}, expected {expected}")


#: While waiting for the write lock, SQLite's own handler is held to this many ms per attempt.
_POLL_MS = 2


def begin_immediate(conn: sqlite3.Connection) -> None:
    """``BEGIN IMMEDIATE``, waiting up to the busy timeout; raises JournalBusy after it.

    SQLite's built-in busy handler backs off to 100 ms sleeps, so a process committing in a
    loop wins the lock back again and again and a waiter can starve past the timeout (two
    processes doing 500 transactions each saw "database is locked" after 5 s). Polling every
    few milliseconds, with jitter, gives the waiter a fair share of the gaps between commits.
    """
    timeout_ms = busy_timeout_ms()
    deadline = time.monotonic() + timeout_ms / 1000
    conn.execute(f"PRAGMA busy_timeout = {_POLL_MS}")
    try:
        while True:
            try:
                conn.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.OperationalError as exc:
                if not is_busy(exc):
                    raise
                if time.monotonic() >= deadline:
                    raise JournalBusy() from None
                time.sleep(random.uniform(0, _POLL_MS / 1000))
    finally:
        # The commit's wait for readers (and every other statement) keeps the full timeout.
        conn.execute(f"PRAGMA busy_timeout = {int(timeout_ms)}")


def is_busy(exc: BaseException) -> bool:
    """True when SQLite gave up waiting for a lock, or refused to write to a file that a
    restore replaced after this connection opened it (``SQLITE_READONLY_DBMOVED``: trying
    again opens the restored journal)."""
    if getattr(exc, "sqlite_errorname", None) == "SQLITE_READONLY_DBMOVED":
        return True
    text = str(exc).lower()
    return isinstance(exc, sqlite3.OperationalError) and (
        "database is locked" in text or "database is busy" in text or "locked" in text
    )


#: OSError numbers that mean "this place cannot be written", as said to the person.
_UNWRITABLE_ERRNOS = {
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is used up",
    errno.EROFS: "it is on a read-only disk",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
}


def unwritable_reason(exc: BaseException) -> str | None:
    """Why a write failed for lack of space or permission (``the disk is full``), else None.

    Knows OSError numbers (ENOSPC, EDQUOT, EROFS, EACCES, EPERM) and SQLite's SQLITE_FULL
    ("database or disk is full") and SQLITE_READONLY, which are not OSErrors.
    """
    if isinstance(exc, OSError):
        return _UNWRITABLE_ERRNOS.get(exc.errno or 0)
    if isinstance(exc, sqlite3.Error):
        code = getattr(exc, "sqlite_errorcode", None)
        primary = code & 0xFF if isinstance(code, int) else None
        text = str(exc).lower()
        if primary == sqlite3.SQLITE_FULL or "database or disk is full" in text:
            return "the disk is full"
        if primary == sqlite3.SQLITE_READONLY or "readonly database" in text:
            return "it is read-only"
    return None
