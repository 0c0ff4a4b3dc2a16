"""``status``: one short line for a shell prompt or a tmux status bar; ``about``: plain words
about twitching (the text lives in ``domain/about.py``, for the app too).

Standard-library ``sqlite3`` only, opened read-only (``mode=ro``): no SQLModel, no writes, no
backups, no integrity check, so it is fast enough to run on every prompt. It never fails a
prompt: no journal yet, or one that cannot be read, is a short line and exit 0.
"""

from __future__ import annotations

import sqlite3
from urllib.parse import quote

import typer

from twitchlog.cli.context import Env
from twitchlog.cli.format import plural


def status_line(env: Env) -> str:
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
    twitches = plural(int(count), "twitch", "twitches")
    return f"{twitches} today · {checked}"


def status(ctx: typer.Context) -> None:
    """One short line for a shell prompt or tmux: today's twitches and the check-in."""
    typer.echo(status_line(ctx.obj))


def about() -> None:
    """About twitching: what is common, what a doctor asks, when to see one soon."""
    from twitchlog.domain.about import about_text

    typer.echo(about_text(), nl=False)
