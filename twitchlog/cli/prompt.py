"""The ``status`` line for a shell prompt or a tmux status bar.

``sqlite3`` opened read-only (``mode=ro``): no SQLModel, no typer, no writes, no backups, no
integrity check, so it is fast enough to run on every prompt. It never fails a prompt: no
journal yet, or one that cannot be read, is a short line.

:func:`quick_line` finds the journal, the settings and today with the standard library's
lighter modules only: no domain package, ``pathlib``, ``dataclasses``, ``typing`` or
``platformdirs`` (``tests/cli/test_i17_status_speed.py``), so ``status`` costs little more than
starting Python and importing ``sqlite3``. It answers the common case, Linux with the usual
places; anything else (another system, an odd path or ``HOME``, a refused setting or
``TWITCHLOG_NOW``) goes the full way, ``cli/context.resolve_env``, which finds the places with
platformdirs and words every refusal as the other commands do.
"""

from __future__ import annotations

import os
import sqlite3
import sys
from datetime import date, timedelta

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing
if TYPE_CHECKING:
    from twitchlog.context import AppContext

#: The characters a SQLite URI takes as they are; every other byte is written ``%XX``
#: (what ``urllib.parse.quote`` does, without importing it).
#: The schema version this twitchlog writes (``storage.migrations.CURRENT_VERSION``, which
#: imports the domain package; a test keeps the two equal).
SCHEMA_VERSION = 7

_URI_SAFE = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-~/")


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def status_line(env: AppContext) -> str:
    """``3 twitches today · not checked in`` for the journal of ``env``."""
    return status_text(str(env.journal_path), env.today())


def quick_line(db: str | None) -> tuple[str, list[str]] | None:
    """The line for the journal ``--db`` names (None: the default journal) and the settings'
    warnings; None where the full way must decide (nothing is printed here)."""
    from zoneinfo import ZoneInfo

    from twitchlog.clock import system_clock
    from twitchlog.settings_file import check_onset, read_settings

    try:
        places = _places(db)
        if places is None:
            return None
        journal, config = places
        hour, tz, _name, onset, zone_warning, key_warnings = read_settings(config)
        local = system_clock().astimezone(ZoneInfo(tz))
        today = (local - timedelta(hours=hour)).date()  # as domain.times.local_day
        check_onset(onset, today, config)
        line = status_text(journal, today)
    except Exception:  # the full way repeats the step and says what failed
        return None
    return line, [w for w in (zone_warning, *key_warnings) if w]


def _places(db: str | None) -> tuple[str, str] | None:
    """The journal's and the settings file's paths as ``cli/context.resolve_env`` finds them
    (``paths``, platformdirs), for Linux with an absolute ``HOME`` or XDG folder and paths in
    plain form; None for anything else."""
    if sys.platform != "linux" or hasattr(sys, "getandroidapilevel"):
        return None
    if os.environ.get("ANDROID_DATA"):  # platformdirs may take it for an Android app
        return None
    config = _user_dir("XDG_CONFIG_HOME", "~/.config")
    if config is None:
        return None
    named = db if db is not None else os.environ.get("TWITCHLOG_DB", "").strip()
    if named:
        journal = _plain(named)
    else:
        data = _user_dir("XDG_DATA_HOME", "~/.local/share")
        journal = None if data is None else f"{data}/journal.sqlite3"
    if journal is None:
        return None
    journal.encode("utf-8")  # SQLite takes UTF-8 names only (cli/context.utf8_path)
    return journal, f"{config}/config.toml"


def _user_dir(variable: str, default: str) -> str | None:
    """platformdirs' user folder for twitchlog on Linux: ``$variable`` if it is absolute,
    else ``default`` under ``HOME``; None if ``HOME`` is not absolute or the result is not
    in plain form (platformdirs then decides)."""
    base = os.environ.get(variable, "")
    if not base.startswith("/"):
        if not os.environ.get("HOME", "").startswith("/"):
            return None
        base = os.path.expanduser(default)
    return _plain(os.path.join(base, "twitchlog"))


def _plain(name: str) -> str | None:
    """``name`` as ``Path(name).expanduser()`` gives it, for ``~/...`` with an absolute
    ``HOME`` and for names already in plain form (no ``.``, ``..``, ``//`` or trailing
    ``/``, which ``Path`` would rewrite); None for anything else."""
    if name.startswith("~"):
        if name != "~" and not name.startswith("~/"):
            return None
        if not os.environ.get("HOME", "").startswith("/"):
            return None
        name = os.path.expanduser(name)
    return name if os.path.normpath(name) == name else None


def status_text(path: str, today: date) -> str:
    """The line for the journal at ``path`` on the local day ``today``."""
    import stat

    from twitchlog.settings_file import file_mode

    mode = file_mode(path)
    if mode is None:
        if os.path.islink(path):  # ``log`` refuses it (a link to a file that does not exist)
            return "twitchlog: the journal named is a link to nothing"
        return "twitchlog: no journal yet"
    if stat.S_ISDIR(mode):
        return "twitchlog: the journal named is a folder, not a journal"
    if not stat.S_ISREG(mode):
        return "twitchlog: the journal named is not a file"
    day = today.isoformat()
    where = "".join(
        c if c in _URI_SAFE else "".join(f"%{b:02X}" for b in c.encode("utf-8"))
        for c in os.path.join(os.getcwd(), path)
    )
    try:
        conn = sqlite3.connect(f"file:{where}?mode=ro", uri=True, timeout=0.2)
        try:
            (version,) = conn.execute("PRAGMA user_version").fetchone()
            if version > SCHEMA_VERSION:  # as JournalTooNew says it, in short
                return "twitchlog: journal is newer than this twitchlog knows (update it)"
            (count,) = conn.execute(
                "SELECT count(*) FROM episodes WHERE local_date = ?", (day,)
            ).fetchone()
            row = conn.execute("SELECT checked_in FROM day_logs WHERE day = ?", (day,)).fetchone()
        finally:
            conn.close()
    except sqlite3.Error as exc:
        if getattr(exc, "sqlite_errorcode", None) == sqlite3.SQLITE_BUSY:  # another writer
            return "twitchlog: journal is busy, try again"  # as JournalBusy says it
        return "twitchlog: journal not readable now (run: twitchlog check)"
    checked = "checked in" if row is not None and row[0] else "not checked in"
    return f"{_plural(int(count), 'twitch', 'twitches')} today · {checked}"
