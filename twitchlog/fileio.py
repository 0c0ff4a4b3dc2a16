"""Private, atomic file writing: every file twitchlog creates is 0600, every folder 0700
(whatever the umask; ``paths.private_process`` also covers files that SQLite and matplotlib
make).

A file is written to a temporary name in the same folder (created 0600 from the start, so
the umask never exposes it), flushed and fsynced, then renamed over the target; the folder is
fsynced so the rename survives a power cut.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

FILE_MODE = 0o600
DIR_MODE = 0o700


def ensure_private_dirs(path: Path) -> Path:
    """Create ``path`` and any missing parents, each 0700 whatever the umask. Returns it.

    Folders that already exist are left as they are (a person's own folder is not chmodded).
    """
    missing = []
    folder = path
    while not folder.exists() and folder != folder.parent:
        missing.append(folder)
        folder = folder.parent
    for folder in reversed(missing):
        try:
            folder.mkdir(mode=DIR_MODE)
        except FileExistsError:  # made meanwhile by another process
            if not folder.is_dir():
                raise
            continue
        os.chmod(folder, DIR_MODE)
    return path


def ensure_private_dir(path: Path) -> Path:
    """Create ``path`` (and parents, 0700) if needed and make it 0700. Returns it."""
    ensure_private_dirs(path)
    os.chmod(path, DIR_MODE)
    return path


def fsync_dir(path: Path) -> None:
    """Flush a folder's entries to disk (no-op where the OS does not allow it)."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def create_private_file(path: Path) -> None:
    """Create an empty file with mode 0600 if it does not exist; fix the mode if it does."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT, FILE_MODE)
    os.close(fd)
    os.chmod(path, FILE_MODE)


@contextlib.contextmanager
def atomic_private_writer(
    path: Path, mode: str = "w", encoding: str | None = "utf-8"
) -> Iterator[IO[str]]:
    """Open a temporary file beside ``path``; on success fsync and rename it over ``path``.

    On an exception the temporary file is removed and ``path`` is left as it was.
    """
    folder = ensure_private_dirs(path.parent)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    os.fchmod(fd, FILE_MODE)
    try:
        with os.fdopen(fd, mode, encoding=encoding, newline="" if "b" not in mode else None) as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
        fsync_dir(folder)
    except BaseException as exc:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        if isinstance(exc, OSError) and exc.filename is None:
            exc.filename = str(path)  # a write or fsync error names no file; say which one
        raise


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically with mode 0600."""
    with atomic_private_writer(path, "wb", encoding=None) as fh:
        fh.write(data)  # type: ignore[arg-type]


def atomic_write_text(path: Path, text: str) -> None:
    """Write ``text`` (UTF-8) to ``path`` atomically with mode 0600."""
    with atomic_private_writer(path, "w") as fh:
        fh.write(text)
