"""The terminal app (Textual). ``run_tui`` opens the journal and runs the app.

Importing this package imports Textual; the CLI imports it only inside the command that opens
the app, so quick logging never loads it.
"""

from __future__ import annotations

import sys
from pathlib import Path

from twitchlog.config import Settings
from twitchlog.domain.errors import ValidationError
from twitchlog.domain.times import local_day, zone
from twitchlog.storage.errors import JournalError


def run_tui(journal_path: Path, settings: Settings) -> None:
    """Open ``journal_path`` (migrate if needed) and run the app until it quits.

    The integrity check and daily backup start in a background thread before Textual and
    SQLModel are imported, and go on while Home paints; writes wait for the check and are
    refused if it fails (the app then says so).

    A storage error prints one line and exits with status 1 (65 for a damaged or too-new
    journal); no traceback reaches the person.
    """
    from twitchlog.clock import system_clock
    from twitchlog.paths import prepare_journal_location
    from twitchlog.storage.errors import JournalCorrupt, JournalTooNew
    from twitchlog.storage.opening import start_check

    try:
        today = local_day(system_clock(), zone(settings.timezone), settings.day_start_hour)
        prepare_journal_location(journal_path)
        # The check and the daily backup read the whole file (seconds for 20 years).
        pending = start_check(journal_path, today=today)
    except (JournalCorrupt, JournalTooNew) as exc:
        print(f"twitchlog: {' '.join(str(exc).split())}", file=sys.stderr)
        raise SystemExit(65) from None
    except (JournalError, ValidationError) as exc:
        print(f"twitchlog: {' '.join(str(exc).split())}", file=sys.stderr)
        raise SystemExit(1) from None
    except OSError as exc:
        print(f"twitchlog: cannot open {journal_path}: {exc.strerror}", file=sys.stderr)
        raise SystemExit(1) from None
    from twitchlog.storage.journal import Journal
    from twitchlog.tui.app import create_app

    journal = Journal(journal_path, pending=pending)
    try:
        app = create_app(journal, settings)
        app.run()
    finally:
        journal.dispose()
    if app.return_code:
        raise SystemExit(app.return_code)


__all__ = ["run_tui"]
