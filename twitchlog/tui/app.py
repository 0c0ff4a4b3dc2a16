"""The composition root: the app, its global keys, and the wiring of screens and dialogs.

``create_app`` injects the journal, the settings and the clock (the CLI and the tests use it).
The app watches the journal for commits by other processes (``PRAGMA data_version``, once a
second, on a cheap timer), turns crashes into a short message and a private crash log, exits
cleanly on SIGTERM and SIGHUP, and offers a form that was being typed when it was killed.

Start-up is kept short (docs/performance.md, section 5): only Home is imported with this
module; the other screens and the dialogs are imported when first opened, and nothing on the
way to Home's first frame imports SQLModel or SQLAlchemy (``tests/test_layering.py``).
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib
import signal
import sqlite3
import sys
import threading
from collections.abc import Callable, Iterable
from datetime import date, datetime
from typing import TYPE_CHECKING, ClassVar, cast

from rich.text import Text
from textual import on, work
from textual.app import SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import ModalScreen, Screen

from twitchlog.clock import system_clock
from twitchlog.config import Settings
from twitchlog.context import AppContext
from twitchlog.crashlog import CrashLogged, write_crash_log
from twitchlog.domain.models import Episode
from twitchlog.paths import data_dir
from twitchlog.storage.errors import JournalError
from twitchlog.storage.journal import ChangeWatcher, Journal, importing
from twitchlog.tui.commands import REPLACED_SYSTEM_COMMANDS, palette_commands, screen_commands
from twitchlog.tui.draft_offer import DraftOfferingApp
from twitchlog.tui.drafts import DraftStore
from twitchlog.tui.messages import (
    CheckInDay,
    EditEpisode,
    EntrySaved,
    EpisodeSaved,
    JournalChanged,
    PlanExperiment,
    RepeatLast,
)
from twitchlog.tui.screens.base import BaseScreen
from twitchlog.tui.screens.home import HomeScreen
from twitchlog.tui.workers import deliver, deliver_error

if TYPE_CHECKING:
    from twitchlog.tui.screens.history import HistoryScreen

#: Seconds between two ``PRAGMA data_version`` polls.
POLL_SECONDS = 1.0

#: The screens ``open`` shows, by name: their module and class, imported when first opened.
SCREENS: dict[str, tuple[str, str]] = {
    "history": ("twitchlog.tui.screens.history", "HistoryScreen"),
    "medicines": ("twitchlog.tui.screens.medicines", "MedicinesScreen"),
    "trends": ("twitchlog.tui.screens.trends", "TrendsScreen"),
    "report": ("twitchlog.tui.screens.report", "ReportScreen"),
    "experiment": ("twitchlog.tui.screens.experiment", "ExperimentScreen"),
    "factors": ("twitchlog.tui.screens.factors", "FactorsScreen"),
}


def screen_class(name: str) -> type[BaseScreen]:
    """The class of the screen ``name`` (imports its module the first time)."""
    module, attribute = SCREENS[name]
    with importing():  # History's may be importing in a worker right now
        loaded = importlib.import_module(module)
    return cast("type[BaseScreen]", getattr(loaded, attribute))


#: Actions that open something; refused while a dialog is open.
_NAVIGATION = {"log_episode", "check_in", "open", "home", "repeat_last", "keys", "about"}


class Crashed(CrashLogged):
    """The app stopped because of an unexpected error; shown instead of a traceback.

    The message names the error's type and the crash log only: its text and the local values
    can hold a person's notes. The original error is the ``__cause__``.
    """

    def __rich__(self) -> Text:
        """What Textual prints when the app has stopped."""
        message = Text()
        message.append(f"twitchlog stopped because of an unexpected error ({self.kind}).\n")
        message.append("Everything saved before is kept. Details (no journal data): ")
        message.append(self.where)
        return message


class TwitchlogApp(DraftOfferingApp):
    """The twitchlog TUI."""

    TITLE = "twitchlog"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit", tooltip="quit"),
        Binding("question_mark", "keys", "Keys", tooltip="this list of keys"),
        Binding(
            "i",
            "about",
            "About twitching",
            show=False,
            tooltip="about twitching, when to see a doctor",
        ),
        Binding("e", "log_episode", "Log", show=False, tooltip="log an episode"),
        Binding("d", "check_in", "Check in", show=False, tooltip="check in a day (any day)"),
        Binding(
            "h", "open('history')", "History", show=False, tooltip="history of episodes and days"
        ),
        Binding(
            "m", "open('medicines')", "Medicines", show=False, tooltip="medicines and health notes"
        ),
        Binding("t", "open('trends')", "Trends", show=False, tooltip="trends and findings"),
        Binding("r", "open('report')", "Report", show=False, tooltip="doctor report"),
        Binding(
            "p",
            "open('experiment')",
            "Experiment",
            show=False,
            tooltip="self-experiment: plan, follow, result",
        ),
        Binding(
            "f", "open('factors')", "Own factors", show=False, tooltip="your own factors and tags"
        ),
    ]

    def __init__(
        self, ctx: AppContext, drafts: DraftStore, *, watch: bool = True, prebuild: bool = True
    ) -> None:
        super().__init__()
        self.ctx = ctx
        self.drafts = drafts
        self.watch_journal = watch
        self.prebuild = prebuild
        """Build History in the background while Home is shown, so ``h`` only switches."""
        self._ready_history: HistoryScreen | None = None
        self._watcher: ChangeWatcher | None = None
        self.recent_episode: Episode | None = None
        """The episode this app saved last (``g`` must not wait for Home to reload)."""
        self.crashed: Crashed | None = None
        """Set when the app stopped because of an unexpected error (``run_tui`` raises it)."""

    # ------------------------------------------------------------ start and stop

    def get_default_screen(self) -> HomeScreen:
        """Home is the app's base screen, the bottom of the stack: pushed over Textual's blank
        default screen it cost a second screen's mount, layout and frame and a restyle of
        Home before its first frame (docs/performance.md, section 5).

        The change watcher starts here, before Home reads, so no commit by another process
        between Home's read and the first poll goes unnoticed."""
        if self.watch_journal and self._watcher is None:
            try:
                self._watcher = ChangeWatcher(self.ctx.journal)
            except (JournalError, OSError, sqlite3.Error):
                self._watcher = None  # no live updates; everything else works
        return HomeScreen(self.ctx)

    def on_mount(self) -> None:
        """Home is shown (:meth:`get_default_screen`); then polling, signals, and any draft
        left behind."""
        if self.watch_journal:
            self.set_interval(POLL_SECONDS, self._poll)
        self._install_signal_handlers()
        self._verify_journal()
        if self.ctx.settings.zone_warning:  # printed on stderr too, which this screen hides
            self.notify(
                self.ctx.settings.zone_warning,
                title="Time zone",
                severity="warning",
                markup=False,
                timeout=15,
            )
        draft = self.drafts.load()
        if draft is not None:
            # After Home has painted, so the question shows on top of it.
            self.call_after_refresh(self.offer_draft, draft)

    def _install_signal_handlers(self) -> None:
        """SIGTERM and SIGHUP exit the app cleanly, so the terminal is restored."""
        if self.is_headless:
            return
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGHUP):
            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                loop.add_signal_handler(sig, self._signalled)

    def _signalled(self) -> None:
        self._keep_drafts()
        self.exit(return_code=0)

    def _keep_drafts(self) -> None:
        forms = sys.modules.get("twitchlog.tui.dialogs.form")
        if forms is None:  # no form was ever opened (and none is imported on the way out)
            return
        for screen in self.screen_stack:
            if isinstance(screen, forms.FormDialog):
                screen.write_draft_now()

    def on_unmount(self) -> None:
        """Write any pending draft and close the polling connection."""
        self._keep_drafts()
        if self._watcher is not None:
            self._watcher.close()
            self._watcher = None

    def _handle_exception(self, error: Exception) -> None:
        """A crash: keep drafts, write the private crash log, and let Textual stop the app
        showing :class:`Crashed` (a short message) instead of its traceback with local values.

        Textual (pinned to one major version in pyproject.toml) has no public hook for an
        unhandled error: every handler, timer and worker calls this private method. Textual's
        own body is kept (it sets the return code and hands the error to ``run_test``); only
        the error it shows is replaced. ``test_crash_in_a_handler_goes_through_the_override``
        fails if Textual stops calling it.
        """
        with contextlib.suppress(Exception):
            self._keep_drafts()
        crashed = Crashed(type(error).__name__, write_crash_log(error))
        crashed.__cause__ = error
        if self.crashed is None:
            self.crashed = crashed
        super()._handle_exception(crashed)

    # ------------------------------------------------------------ changes

    def _poll(self) -> None:
        """Tell the screens when another connection committed (cheap: one PRAGMA)."""
        if self._watcher is not None and self._watcher.changed():
            self.broadcast_changed()

    def broadcast_changed(self) -> None:
        """Ask every screen on the stack (and History built in advance) to read again; the
        dialogs that follow the journal (``follows_journal``) are told too."""
        screens = [*self.screen_stack, self._ready_history]
        for screen in screens:
            if isinstance(screen, BaseScreen) or (
                screen is not None and getattr(screen, "follows_journal", False)
            ):
                screen.post_message(JournalChanged())

    def on_journal_changed(self, _: JournalChanged) -> None:
        """A screen deleted or restored something: refresh them all."""
        self.recent_episode = None
        self.broadcast_changed()

    @on(EntrySaved)
    def _entry_saved(self, message: EntrySaved) -> None:
        """A form saved something: say so and refresh the screens."""
        if isinstance(message, EpisodeSaved):
            self.recent_episode = message.episode
        summary = message.summary
        if self.ctx.demo:
            summary += f" in the sample journal ({self.ctx.journal.path.name}), not your own"
        self.notify(summary, markup=False, timeout=5 if self.ctx.demo else 3)
        self.broadcast_changed()

    # ------------------------------------------------------------ navigation

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Navigation keys do nothing while a dialog is open."""
        return not (action in _NAVIGATION and isinstance(self.screen, ModalScreen))

    def action_home(self) -> None:
        """Back to Home (the bottom of the stack)."""
        while len(self.screen_stack) > 1:
            self.pop_screen()
        self.call_after_refresh(self._prepare_history)

    def action_open(self, name: str) -> None:
        """Open History, Medicines, Trends or Report (from Home or another screen).

        History is the one built in advance when it is ready (:meth:`_prepare_history`).
        """
        screen_type = screen_class(name)
        if isinstance(self.screen, screen_type):
            return
        self.action_home()
        screen: BaseScreen
        if name == "history" and self._ready_history is not None:
            screen, self._ready_history = self._ready_history, None
        else:
            screen = screen_type(self.ctx)
        self.push_screen(screen)

    # ------------------------------------------------------------ History in advance

    @property
    def history_ready(self) -> bool:
        """True when a History screen built in advance shows its first pages (``h`` then
        only switches screens)."""
        return self._ready_history is not None and self._ready_history.loaded

    @on(HomeScreen.Shown)
    def _home_shown(self) -> None:
        """Home's data is painted: build History in the background."""
        self._prepare_history()

    def _prepare_history(self) -> None:
        """While Home is shown, build a History screen off the stack: its module (and SQLModel)
        imported in a thread, then composed and its first pages read, but not shown. ``h``
        then only switches screens (docs/performance.md, section 5). It gets every
        ``JournalChanged`` as the screens on the stack do, so it shows fresh data; a new one is
        built each time Home is shown again (undo ends when History is left, as before)."""
        if self.prebuild and self._ready_history is None and self._on_home():
            # A daemon thread, not a Textual worker: quitting must not wait for the import
            # (thread workers are joined when the app's event loop closes).
            threading.Thread(
                target=self._import_history, name="twitchlog-prebuild", daemon=True
            ).start()

    def _on_home(self) -> bool:
        """Home is the screen shown, or under a dialog."""
        stack = self.screen_stack
        return (
            bool(stack)
            and isinstance(stack[0], HomeScreen)
            and all(isinstance(s, ModalScreen) for s in stack[1:])
        )

    def _import_history(self) -> None:
        screen_class("history")  # with SQLModel, ~0.3 s on an idle machine
        with contextlib.suppress(RuntimeError):  # the app has already quit
            self.call_from_thread(self._build_history)

    def _build_history(self) -> None:
        if self._ready_history is not None or not self._on_home():
            return
        with importing():
            from twitchlog.tui.screens.history import HistoryScreen

        screen = HistoryScreen(self.ctx)
        self._ready_history = screen
        # Textual mounts (composes) a screen it does not run yet when it is pushed; this does
        # the same without pushing it. Private like ``_handle_exception`` (Textual is pinned
        # to one major version); tests/tui/test_i17_history_ready.py fails if it stops.
        self._get_screen(screen)

    def action_log_episode(self) -> None:
        """Open the episode form."""
        with importing():
            from twitchlog.tui.dialogs.episode import EpisodeDialog

        self.push_screen(EpisodeDialog(self.ctx, self.drafts))

    def action_check_in(self) -> None:
        """Open the check-in form for today."""
        self.check_in_day(None)

    def check_in_day(self, day: date | None) -> None:
        """Open the check-in form for ``day`` (default today)."""
        with importing():
            from twitchlog.tui.dialogs.day import DayDialog

        self.push_screen(DayDialog(self.ctx, self.drafts, day=day))

    @on(CheckInDay)
    def _check_in_asked(self, message: CheckInDay) -> None:
        """A screen asked for a day's check-in form (History's ``enter`` on a day)."""
        self.check_in_day(message.day)

    @on(PlanExperiment)
    def _plan_asked(self, message: PlanExperiment) -> None:
        """A screen asked to test a factor (Trends' "test it"): the Experiment screen, with the
        start form for that factor when no experiment runs."""
        with importing():
            from twitchlog.tui.screens.experiment import ExperimentScreen

        self.action_home()
        self.push_screen(ExperimentScreen(self.ctx, factor=message.factor))

    @on(EditEpisode)
    def _edit_asked(self, message: EditEpisode) -> None:
        """A screen asked for the form on an existing episode (History's ``enter``)."""
        with importing():
            from twitchlog.tui.dialogs.episode import EpisodeDialog

        self.push_screen(EpisodeDialog(self.ctx, self.drafts, episode=message.episode))

    @on(RepeatLast)
    def _repeat_asked(self, message: RepeatLast) -> None:
        """A screen asked to log its last episode again: the newer of it and this app's last
        save (the screen may not have reloaded yet), or the journal's if it has read nothing."""
        if not message.loaded:
            self.repeat_from_journal()
            return
        known = [e for e in (message.last, self.recent_episode) if e is not None]
        self.repeat(max(known, key=lambda e: e.started_at) if known else None)

    def repeat(self, last: Episode | None) -> None:
        """The episode form with the last episode's values (not its symptoms or note), now;
        ``enter`` saves."""
        if last is None:
            self.notify("Nothing to repeat yet: press e to log the first episode.")
            return
        with importing():
            from twitchlog.tui.dialogs.episode import EpisodeDialog

        self.push_screen(EpisodeDialog(self.ctx, self.drafts, repeat_of=last))

    def action_repeat_last(self) -> None:
        """Again, from anywhere (reads the last episode first)."""
        self.repeat_from_journal()

    def _verify_journal(self) -> None:
        """The deferred integrity check and daily backup; a damaged journal is said at once.

        A daemon thread rather than a Textual worker: quitting must not wait for a check of a
        large file (writes wait for it in ``Journal.write``, so nothing depends on it finishing
        before exit; an unfinished backup leaves only a temporary file, removed next time).
        """
        journal = self.ctx.journal

        def check() -> None:
            try:
                journal.verify()
            except JournalError as exc:
                with contextlib.suppress(RuntimeError):  # the app has already quit
                    self.call_from_thread(
                        self.notify,
                        str(exc),
                        title="Journal damaged",
                        severity="error",
                        markup=False,
                        timeout=600,
                    )

        threading.Thread(target=check, name="twitchlog-verify", daemon=True).start()

    @work(thread=True, exclusive=True, group="repeat")
    def repeat_from_journal(self) -> None:
        """Read the last episode in a worker, then open the repeat form."""
        with importing():
            from twitchlog.storage.repository import last_episode

        try:
            last = last_episode(self.ctx.journal)
        except JournalError as exc:
            deliver_error(self, exc)
            return
        deliver(self, self.repeat, last)

    def action_keys(self) -> None:
        """Show every key."""
        screen = self.screen
        title = screen.TITLE_TEXT if isinstance(screen, BaseScreen) else "twitchlog"
        keys = screen.keys_help() if isinstance(screen, BaseScreen) else []
        with importing():
            from twitchlog.tui.dialogs.keys import KeysDialog

        self.push_screen(KeysDialog(title, keys))

    def action_about(self) -> None:
        """Show the calm plain words about twitching and the signs worth a doctor's visit."""
        with importing():
            from twitchlog.tui.dialogs.about import AboutDialog

        self.push_screen(AboutDialog())

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """Every action in the command palette, then Textual's own."""
        yield from palette_commands(self)
        yield from screen_commands(self, screen)
        for command in super().get_system_commands(screen):
            if command.title not in REPLACED_SYSTEM_COMMANDS:
                yield command


def create_app(
    journal: Journal,
    settings: Settings,
    clock: Callable[[], datetime] | None = None,
    *,
    drafts: DraftStore | None = None,
    watch: bool = True,
    demo: bool = False,
    prebuild: bool = True,
) -> TwitchlogApp:
    """The app over an open journal; ``clock`` defaults to the system clock (``TWITCHLOG_NOW``).

    ``demo`` labels it as the sample journal (header, Home, and every save's message);
    ``prebuild`` builds History in the background while Home is shown (tests turn it off
    unless they test it: it would add a History screen to every app they start).
    """
    ctx = AppContext.over(journal, settings, clock or system_clock)
    ctx.demo = demo
    store = drafts or DraftStore(data_dir() / "tui-draft.json", journal.path)
    return TwitchlogApp(ctx, store, watch=watch, prebuild=prebuild)
