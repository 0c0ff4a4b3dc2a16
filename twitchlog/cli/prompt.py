"""The ``status`` line for a shell prompt or a tmux status bar (standard library only).

``sqlite3`` opened read-only (``mode=ro``): no SQLModel, no typer, no writes, no backups, no
integrity check, so it is fast enough to run on every prompt. It never fails a prompt: no
journal yet, or one that cannot be read, is a short line.
"""

from __future__ import annotations

import sqlite3
from urllib.parse import quote

from twitchlog.context import AppContext


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def status_line(env: AppContext) -> str:
    """``3 twitches today · not checked in`` for the journal of ``env``."""
    path = env.journal_path
    if not path.is_file():
        return "twitchlog: no journal yet"
    today = env.today().isoformat()
    try:
        conn = sqlite3.connect(f"file:{quote(str(path.absolute()))}?mode=ro", uri=True, timeout=0.2)
        try:
            (count,) = conn.execute(
                "SELECT count(*) FROM episodes WHERE local_date = ?", (today,)
            ).fetchone()
            row = conn.execute("SELECT checked_in FROM day_logs WHERE day = ?", (today,)).fetchone()
        finally:
            conn.close()
    except sqlite3.Error:
        return "twitchlog: journal not readable now (run: twitchlog check)"
    checked = "checked in" if row is not None and row[0] else "not checked in"
    return f"{_plural(int(count), 'twitch', 'twitches')} today · {checked}"
