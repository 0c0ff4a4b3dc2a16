"""The terminal app (Textual). ``run_tui`` opens the journal and runs the app.

Importing this package imports Textual; the CLI imports it only inside the command that opens
the app, so quick logging never loads it.
"""

from __future__ import annotations

import gc

from twitchlog.context import AppContext


def run_tui(ctx: AppContext) -> None:
    """Open the journal of ``ctx`` (migrate if needed) and run the app until it quits.

    The integrity check and daily backup start in a background thread before Textual and
    SQLModel are imported (:meth:`AppContext.open_journal`), and go on while Home paints;
    writes wait for the check and are refused if it fails (the app then says so).

    Nothing is said or decided here: a journal that cannot be opened raises its storage error
    (``JournalBusy``, ``JournalCorrupt``, ...), a bad setting ``ValidationError``, a crash in
    the app ``twitchlog.crashlog.CrashLogged`` (the app has shown where its log is); the
    CLI's exit point turns each into one line and an exit code.
    """
    journal = ctx.open_journal(check_alongside=True)
    try:
        from twitchlog.paths import demo_journal
        from twitchlog.tui.app import create_app

        sample = ctx.demo or ctx.journal_path.resolve() == demo_journal().resolve()
        app = create_app(journal, ctx.settings, ctx.clock, demo=sample)
        app.run()
    finally:
        journal.dispose()
    # The app has closed and the journal is released: what it made is freed by reference
    # counting as before, but the collections Python runs while it shuts down no longer walk
    # the whole heap (Textual's included), which took ~0.15 s between the quit and the shell's
    # prompt (docs/performance.md, section 5).
    gc.freeze()
    if app.crashed is not None:
        raise app.crashed


__all__ = ["run_tui"]
