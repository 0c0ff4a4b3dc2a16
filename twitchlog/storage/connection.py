"""Opening SQLite connections with the settings every connection must have (stdlib only).

Every connection sets and then reads back: ``busy_timeout`` (waits for another writer instead
of failing), the rollback journal (``journal_mode=DELETE``; WAL's reset bug is fixed only from
SQLite 3.51.3), ``synchronous=FULL`` and ``foreign_keys=ON``. Connections are in autocommit
mode: every write is an explicit short ``BEGIN IMMEDIATE`` transaction.
"""

from __future__ import annotations

import os
import sqlite3
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


def is_busy(exc: BaseException) -> bool:
    """True when SQLite gave up waiting for a lock."""
    text = str(exc).lower()
    return isinstance(exc, sqlite3.OperationalError) and (
        "database is locked" in text or "database is busy" in text or "locked" in text
    )
