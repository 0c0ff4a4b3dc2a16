"""What every command needs: the journal's path, the settings, the clock.

Built once per invocation by the app callback from ``--db``/``--demo``/``TWITCHLOG_DB`` and the
config file. ``TWITCHLOG_NOW`` (an ISO instant) freezes the clock for tests and screenshots.
Opening the journal with SQLModel happens only in commands that need it, so ``twitchlog log``
never imports it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from twitchlog.clock import system_clock
from twitchlog.config import Settings, load_settings
from twitchlog.domain.errors import ValidationError
from twitchlog.domain.times import local_day, zone
from twitchlog.paths import config_file, default_journal, demo_journal, prepare_journal_location

if TYPE_CHECKING:
    from twitchlog.storage.journal import Journal


@dataclass
class Env:
    """The resolved environment of one invocation."""

    journal_path: Path
    settings: Settings
    demo: bool = False
    explicit_db: bool = False
    """True when ``--db`` named the file (the sample journal may then be written there)."""

    @property
    def tz(self) -> ZoneInfo:
        """The zone new entries are logged in."""
        return zone(self.settings.timezone)

    def now(self) -> datetime:
        """The current instant (UTC)."""
        return system_clock()

    def today(self) -> date:
        """The person's current local day (with the day-start hour)."""
        return local_day(self.now(), self.tz, self.settings.day_start_hour)

    def open_journal(self, *, backup: bool = True, check_alongside: bool = False) -> Journal:
        """Open (check, migrate, daily backup) the journal with SQLModel.

        With ``check_alongside`` the integrity check and daily backup start in a background
        thread *before* SQLModel is imported, and run while the command imports and reads;
        writes wait for it, and the command must call ``journal.verify()`` before it shows or
        writes anything it read.
        """
        from twitchlog.storage.opening import start_check

        prepare_journal_location(self.journal_path)
        today = self.today() if backup else None
        if not check_alongside:
            from twitchlog.storage.journal import Journal

            return Journal.open(self.journal_path, today=today)
        pending = start_check(self.journal_path, today=today)
        from twitchlog.storage.journal import Journal

        return Journal(self.journal_path, pending=pending)


def expand_path(path: Path) -> Path:
    """``path`` with ``~`` expanded; an unknown ``~user`` is a usage error, not a crash."""
    try:
        return path.expanduser()
    except RuntimeError:  # pathlib: "Could not determine home directory."
        raise ValidationError("path", f"path {path} names an unknown home folder") from None


def resolve_env(db: Path | None, demo: bool) -> Env:
    """Build the Env from the global options."""
    settings = load_settings(config_file())
    if demo:
        path = db or demo_journal()
    else:
        path = expand_path(db) if db is not None else default_journal()
    return Env(journal_path=path, settings=settings, demo=demo, explicit_db=db is not None)
