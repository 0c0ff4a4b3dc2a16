"""What both front ends work with: the journal's place, the settings, the clock, and the one
way to open the journal.

The CLI builds one :class:`AppContext` per invocation (``cli/context.resolve_env``) and hands it
to ``run_tui`` when no command is given; the tests build one over a temporary file. Opening
goes through :meth:`AppContext.open_journal` only: make the folder private, then either prepare
the file at once (create, check, migrate, daily backup) or start the check and the backup in a
background thread *before* SQLModel (and Textual or numpy) is imported, so they overlap.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from twitchlog.clock import system_clock
from twitchlog.config import Settings
from twitchlog.domain.errors import ValidationError
from twitchlog.domain.times import local_day, zone
from twitchlog.paths import data_dir, prepare_journal_location

if TYPE_CHECKING:
    from twitchlog.storage.journal import Journal


def check_journal_folder(journal: Path) -> Path:
    """``journal`` if its folder exists or is twitchlog's own data folder (made when missing);
    a folder the person named (``--db``, ``TWITCHLOG_DB``) that does not exist is a
    ValidationError: a mistyped path never creates folders or an empty journal."""
    if journal.parent != data_dir() and not journal.parent.is_dir():
        raise ValidationError(
            "db",
            f"the folder {journal.parent} does not exist; create it first or check the path "
            f"(the journal would be {journal})",
        )
    return journal


@dataclass
class AppContext:
    """The journal's place, the person's settings and the clock, shared by every command and
    screen (attributes down); the journal itself once :meth:`open_journal` has opened it."""

    journal_path: Path
    settings: Settings
    clock: Callable[[], datetime] = system_clock
    """Now as an aware UTC instant (``TWITCHLOG_NOW`` freezes the system clock)."""
    demo: bool = False
    """True for ``--demo`` (the sample journal)."""
    explicit_db: bool = False
    """True when ``--db`` named the file (the sample journal may then be written there)."""
    _journal: Journal | None = field(default=None, init=False, repr=False)

    @classmethod
    def over(
        cls, journal: Journal, settings: Settings, clock: Callable[[], datetime] = system_clock
    ) -> AppContext:
        """A context over a journal that is already open (the app factory and the tests)."""
        ctx = cls(journal_path=journal.path, settings=settings, clock=clock)
        ctx._journal = journal
        return ctx

    @property
    def tz(self) -> ZoneInfo:
        """The zone new entries are logged in."""
        return zone(self.settings.timezone)

    def now(self) -> datetime:
        """The current instant (aware, UTC)."""
        return self.clock()

    def today(self) -> date:
        """The person's current local day (with the day-start hour)."""
        return local_day(self.now(), self.tz, self.settings.day_start_hour)

    @property
    def journal(self) -> Journal:
        """The journal :meth:`open_journal` opened."""
        if self._journal is None:
            raise RuntimeError("the journal is not open yet: call open_journal() first")
        return self._journal

    def open_journal(
        self, *, backup: bool = True, check_alongside: bool = False, create: bool = True
    ) -> Journal:
        """Open the journal: the one opening path of the CLI, the TUI and the tests.

        The folder is made private first. Without ``check_alongside`` the file is prepared
        before this returns (created 0600, ``quick_check``, migrated after a verified backup,
        and, with ``backup``, the daily backup). With it, a new file or one that needs a
        migration is still prepared at once; otherwise the check and the daily backup start in
        a background thread *before* SQLModel is imported, and the journal is returned at once:
        writes wait for the check and refuse a damaged file, and whoever shows what it read
        calls ``journal.verify()`` first.

        Commands that only read pass ``create=False``: a place with no journal raises
        ``NoJournal`` and nothing is created (no folder, no file).

        Raises the storage errors (``JournalBusy``, ``JournalCorrupt``, ...), ``ValidationError``
        (a bad ``TWITCHLOG_NOW`` or zone) and ``OSError``; ``cli/main`` says them and picks the
        exit code.
        """
        from twitchlog.storage.opening import prepare, start_check

        if not create and not self.journal_path.exists() and not self.journal_path.is_symlink():
            from twitchlog.storage.errors import NoJournal

            raise NoJournal(self.journal_path)
        prepare_journal_location(check_journal_folder(self.journal_path))
        today = self.today() if backup else None
        if check_alongside:
            # The check and the daily backup read the whole file (seconds for 20 years).
            pending = start_check(self.journal_path, today=today)
        else:
            prepare(self.journal_path, today=today)
            pending = None
        from twitchlog.storage.journal import Journal

        self._journal = Journal(self.journal_path, pending=pending)
        return self._journal
