"""What every command needs: the journal's path, the settings, the clock (one ``AppContext``).

Built once per invocation by the app callback from ``--db``/``--demo``/``TWITCHLOG_DB`` and the
config file. ``TWITCHLOG_NOW`` (an ISO instant) freezes the clock for tests and screenshots.
Opening the journal with SQLModel happens only in commands that need it, so ``twitchlog log``
never imports it.
"""

from __future__ import annotations

from pathlib import Path

from twitchlog.config import load_settings, refuse_future_onset
from twitchlog.context import AppContext
from twitchlog.domain.errors import ValidationError
from twitchlog.paths import config_file, default_journal, demo_journal

#: The commands' name for the one context type (``ctx`` is typer's context there).
Env = AppContext


def expand_path(path: Path, field: str = "path") -> Path:
    """``path`` with ``~`` expanded; an unknown ``~user`` or a name that is not UTF-8 text is a
    usage error, not a crash."""
    try:
        expanded = path.expanduser()
    except RuntimeError:  # pathlib: "Could not determine home directory."
        raise ValidationError("path", f"path {path} names an unknown home folder") from None
    return utf8_path(expanded, field)


def utf8_path(path: Path, field: str = "path") -> Path:
    """``path`` if its name is UTF-8 text. SQLite (the journal, backups, restore) takes file
    names only as UTF-8, so bytes from another encoding are refused everywhere alike."""
    try:
        str(path).encode("utf-8")
    except UnicodeEncodeError:
        shown = str(path).encode("utf-8", "surrogateescape").decode("utf-8", "replace")
        raise ValidationError(
            field, f"{field} must be a file name in UTF-8 (got {shown!r}); rename it"
        ) from None
    return path


def resolve_env(db: Path | None, demo: bool) -> AppContext:
    """Build the context of one invocation from the global options."""
    if demo and db is not None:
        raise ValidationError(
            "demo",
            "--demo opens the sample journal in the data folder and --db another file; give "
            "one of them (a sample built with 'twitchlog demo --db FILE' opens with --db FILE)",
        )
    settings = load_settings(config_file())
    if demo:
        path = demo_journal()
    else:
        path = expand_path(db, "db") if db is not None else utf8_path(default_journal(), "db")
    env = AppContext(journal_path=path, settings=settings, demo=demo, explicit_db=db is not None)
    refuse_future_onset(settings, env.today(), config_file())
    return env
