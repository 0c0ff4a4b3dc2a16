"""Is this file a twitchlog journal? Asked before anything is created, changed or chmodded.

A journal carries ``PRAGMA application_id`` = :data:`APPLICATION_ID` in its header (set when it
is created; a journal made before the mark existed, recognised by ``user_version > 0`` and its
four tables, gets it once, in a write transaction after the integrity check). Everything
else that ``--db`` may name is refused with :class:`NotAJournal` and left exactly as it was:
a folder, a FIFO or device, a link to nothing, a text file, another program's SQLite database.

Two looks, both standard library:

1. :func:`check_file` before SQLite opens the path (SQLite would block on a FIFO and chmod
   nothing itself, but the caller must not create or chmod anything yet);
2. :func:`check_schema` on the opened connection (the header values, through SQLite, so a hot
   rollback journal is replayed first).
"""

from __future__ import annotations

import contextlib
import glob
import os
import re
import sqlite3
import stat
from pathlib import Path
from typing import BinaryIO

from twitchlog.storage.errors import NotAJournal
from twitchlog.storage.migrations import user_version

#: ``PRAGMA application_id`` of every twitchlog journal: the bytes ``TWLG`` (0x54574C47).
APPLICATION_ID = 0x54574C47

#: The tables every twitchlog schema (version 1 on) has.
REQUIRED_TABLES = frozenset({"episodes", "day_logs", "medications", "health_notes"})

_MAGIC = b"SQLite format 3\x00"
#: A journal's backups live in ``<stem>-backups`` beside it (``backup.backup_dir``).
_BACKUPS_SUFFIX = "-backups"
#: A migration that rebuilds a table leaves its schema quoted (``CREATE TABLE "episodes"``), and
#: once the schema outgrows page 1 its text may lie on any page of the file.
_EPISODES_SCHEMA = re.compile(rb'CREATE TABLE "?episodes"? \(')
_CHUNK = 1024 * 1024


def _has_our_schema(fh: BinaryIO) -> bool:
    """Whether the journal's own schema text is anywhere in the file (read in chunks)."""
    fh.seek(0)
    tail = b""
    while chunk := fh.read(_CHUNK):
        if _EPISODES_SCHEMA.search(tail + chunk):
            return True
        tail = chunk[-64:]
    return False


def check_file(path: Path) -> str | None:
    """Look at ``path`` without SQLite; raise NotAJournal for anything that cannot be one.

    Returns None when SQLite may open it (absent, empty, or an SQLite file), or a short
    detail when it is a twitchlog journal whose header is destroyed (the caller reports it as
    damaged, naming a backup).
    """
    try:
        st = os.stat(path)
    except FileNotFoundError:
        if os.path.islink(path):
            raise NotAJournal(path, "it is a link to a file that does not exist") from None
        return None
    except NotADirectoryError:
        raise NotAJournal(path, "a part of the path is a file, not a folder") from None
    if stat.S_ISDIR(st.st_mode):
        raise NotAJournal(path, "it is a folder")
    if not stat.S_ISREG(st.st_mode):
        raise NotAJournal(path, "it is not a regular file")
    _refuse_a_kept_backup(path)
    if st.st_size == 0:
        return None  # a new journal: created empty, made a journal by its first step
    with open(path, "rb") as fh:
        if fh.read(len(_MAGIC)) == _MAGIC:
            return None
        ours = _has_our_schema(fh)
    hot = path.with_name(path.name + "-journal")
    if ours or hot.exists():
        return "file is not a database"  # the header is gone, the journal's schema is not
    raise NotAJournal(path, "it is not a database")


def _refuse_a_kept_backup(path: Path) -> None:
    """Raise NotAJournal when ``path`` lies in a journal's backup folder (``<stem>-backups``
    beside an SQLite file ``<stem>.*``): a kept backup is restored, never written to."""
    folder = Path(os.path.realpath(path)).parent
    if not folder.name.endswith(_BACKUPS_SUFFIX):
        return
    stem = folder.name[: -len(_BACKUPS_SUFFIX)]
    for journal in folder.parent.glob(f"{glob.escape(stem)}*"):
        if journal.stem != stem or journal == folder or not journal.is_file():
            continue
        with contextlib.suppress(OSError), open(journal, "rb") as fh:
            if fh.read(len(_MAGIC)) != _MAGIC:
                continue
            raise NotAJournal(
                path,
                f"it is a backup kept for {journal}; to go back to it: "
                f"twitchlog --db {journal} restore {path}",
            )


def application_id(conn: sqlite3.Connection) -> int:
    """The file's ``PRAGMA application_id`` (0 when none was set)."""
    return int(conn.execute("PRAGMA application_id").fetchone()[0])


def check_schema(conn: sqlite3.Connection, path: Path) -> bool:
    """Raise NotAJournal unless the opened file is a twitchlog journal, or new and empty.

    Returns True when the file still needs its :data:`APPLICATION_ID` (a new file, or a
    journal made before the mark existed); see :func:`mark`.
    """
    found = application_id(conn)
    if found == APPLICATION_ID:
        return False
    if found != 0:
        raise NotAJournal(path, f"another program's database, application id {found:#x}")
    tables = {
        str(r[0]) for r in conn.execute("SELECT name FROM sqlite_schema WHERE type = 'table'")
    }
    objects = int(conn.execute("SELECT count(*) FROM sqlite_schema").fetchone()[0])
    version = user_version(conn)
    if objects == 0 and version == 0:
        return True
    if version > 0 and tables >= REQUIRED_TABLES:
        return True
    raise NotAJournal(path, "another program's database")


def refuse_foreign(path: Path) -> None:
    """Raise NotAJournal when ``path`` exists and is clearly not a twitchlog journal.

    For commands that replace or inspect the journal file itself (``restore``, ``check``): a
    damaged journal passes (it is what a restore is for), and so does a missing or empty file.
    Opens the file read-only.
    """
    if check_file(path) is not None or not path.exists() or path.stat().st_size == 0:
        return
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error:
        return
    try:
        check_schema(conn, path)
    except (sqlite3.Error, UnicodeDecodeError):
        return  # damaged: the caller's own check says so
    finally:
        conn.close()


def mark(conn: sqlite3.Connection) -> None:
    """Write :data:`APPLICATION_ID` into the header, in the transaction the caller has begun.

    Checks again inside the transaction (another process may have marked it meanwhile).
    """
    if application_id(conn) == 0:
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")


__all__ = [
    "APPLICATION_ID",
    "REQUIRED_TABLES",
    "application_id",
    "check_file",
    "check_schema",
    "mark",
    "refuse_foreign",
]
