"""Private crash logs that say where an error happened, never what the data was.

Only the exception type and the code locations (file, line, function) are written: exception
messages and local variables can hold a person's notes, so neither is recorded.
"""

from __future__ import annotations

import os
import traceback
from datetime import UTC, datetime

from twitchlog.fileio import atomic_write_text, ensure_private_dir
from twitchlog.paths import log_dir


class CrashLogged(Exception):
    """An unexpected error that was written to a crash log and already shown to the person
    (the TUI's crash message); the CLI's exit point only ends with code 70."""

    def __init__(self, kind: str, where: str) -> None:
        super().__init__(f"unexpected error ({kind}); details in {where}")
        self.kind = kind
        """The error's type name (never its message: it can hold a person's notes)."""
        self.where = where
        """The crash log's path, or a notice that none could be written."""


def write_crash_log(exc: BaseException) -> str:
    """Write the log (0600, in the private 0700 log folder); return its path or a notice.

    Each log has its own name (time, process id and a random part), so two crashes in the
    same second keep two logs.
    """
    frames = traceback.extract_tb(exc.__traceback__)
    now = datetime.now(UTC)
    lines = [f"{now.isoformat()} {type(exc).__module__}.{type(exc).__qualname__}"]
    lines += [f"  {f.filename}:{f.lineno} in {f.name}" for f in frames]
    try:
        folder = ensure_private_dir(log_dir())
        path = folder / f"crash-{now:%Y%m%dT%H%M%S}-{os.getpid()}-{os.urandom(4).hex()}.log"
        atomic_write_text(path, "\n".join(lines) + "\n")
        return str(path)
    except OSError:
        return "(no log could be written)"
