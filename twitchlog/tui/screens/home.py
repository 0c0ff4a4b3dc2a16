"""Home: today at a glance, the last 14 days, a 12-week heatmap, sites of the last 30 days,
medicines, and red flags not yet told to a doctor.

The data comes from a handful of grouped queries (``storage.views.home_view``, plain
``sqlite3``) run in a thread worker; the screen paints first with placeholders. Nothing on
the way to the first frame imports SQLModel or SQLAlchemy (``tests/test_layering.py``):
writes import the repository when they run.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING, ClassVar, TypeVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Header, Static

from twitchlog.context import AppContext
from twitchlog.domain.factors import BUILTIN_FACTORS
from twitchlog.domain.models import (
    FACTOR_FIELDS,
    RED_FLAG_LABELS,
    HealthNote,
    NoteKind,
    RedFlag,
    new_id,
)
from twitchlog.domain.sites import site_label
from twitchlog.domain.validation import inert
from twitchlog.storage.errors import JournalError
from twitchlog.storage.journal import importing
from twitchlog.storage.views import HomeView, health_notes_until, home_view
from twitchlog.tui.dialogs.confirm import ConfirmDialog
from twitchlog.tui.messages import JournalChanged, RepeatLast
from twitchlog.tui.screens.base import BaseScreen
from twitchlog.tui.widgets.charts import horizontal_bars, vertical_bars
from twitchlog.tui.widgets.footer import KeysFooter
from twitchlog.tui.widgets.heatmap import CalendarHeatmap
from twitchlog.tui.workers import deliver, deliver_error

if TYPE_CHECKING:
    from twitchlog.domain.experiment_record import Experiment

WELCOME = (
    "Welcome to twitchlog, a private journal for muscle twitches.\n\n"
    "  e  log an episode (type the site, e.g. eyelid or left calf, then ctrl+s)\n"
    "  g  log the same again, now (then enter)\n"
    "  d  check in the day: sleep, caffeine, stress and more\n"
    "  ?  every key        q  quit\n\n"
    "Everything stays on this computer."
)

#: Said on Home when the journal open is the sample journal.
SAMPLE_NOTE = (
    "Sample journal: made-up entries to try twitchlog. What you save here stays in the "
    "sample, not in your own journal (run twitchlog without --demo for yours)."
)

#: Short names of the day factors for "logged today", from the factor catalogue.
FACTOR_NAMES: dict[str, str] = {f.key: f.short for f in BUILTIN_FACTORS}


def today_text(view: HomeView) -> Text:
    """``Today, Sun 29 Nov: 3 episodes. Checked in; logged: sleep, caffeine.``"""
    out = Text()
    out.append(f"Today, {view.today:%a %d %b %Y}\n", "bold")
    n = view.today_episodes
    out.append(f"{n} episode{'s' if n != 1 else ''} so far\n")
    log = view.today_log
    if log is not None and log.checked_in:
        out.append("Checked in", "green")
        if n == 0:
            out.append(" (no twitches)", "green")
    else:
        out.append("Not checked in yet (press d)", "yellow")
    logged = [
        FACTOR_NAMES[f] for f in FACTOR_FIELDS if log is not None and getattr(log, f) is not None
    ]
    if log is not None:  # the person's own factors with a value today, in the order defined
        logged += [name for key, name in view.own_names.items() if key in log.custom]
    out.append("\nLogged: " + (", ".join(logged) if logged else "no factors yet"))
    if view.last is not None:
        last = view.last
        side = f"{last.side.value} " if last.side else ""
        out.append(f"\nLast: {side}{site_label(last.site)} {last.kind.value} on {last.local_date}")
        out.append("  (g logs it again)", "dim")
    return out


def fourteen_days_text(view: HomeView, *, bar_width: int = 3, height: int = 5) -> Text:
    """Bars of the last 14 days; a dot under a day that was not checked in and has no episodes.

    ``bar_width`` 2 and a lower ``height`` fit the chart beside Today in an 80 x 24 terminal.
    """
    days = [view.today - timedelta(days=i) for i in range(13, -1, -1)]
    values: list[float | None] = []
    for day in days:
        n = view.counts.get(day, 0)
        log = view.days.get(day)
        values.append(float(n) if n or (log is not None and log.checked_in) else None)
    labels = [f"{d:%d}" for d in days]
    return vertical_bars(values, labels, height=height, width=bar_width)


#: The visit note that marks the red flags before it as told to a doctor.
DISCUSSED_TOPIC = "red flags discussed"


def open_red_flags(notes: Sequence[HealthNote]) -> list[HealthNote]:
    """Red-flag notes recorded after the last visit note: not yet told to a doctor.

    No schema of its own: a visit note (any visit, or the one ``x`` writes) marks every
    flag recorded on or before its day as discussed.
    """
    visits = [n.day for n in notes if n.kind is NoteKind.VISIT]
    last_visit = max(visits, default=None)
    return [
        n for n in notes if n.kind is NoteKind.FLAG and (last_visit is None or n.day > last_visit)
    ]


def flag_label(note: HealthNote) -> str:
    """The flag in the person's words (``real weakness (dropping things…)``)."""
    try:
        return RED_FLAG_LABELS[RedFlag(note.topic)]
    except ValueError:
        return note.topic


def red_flags_text(flags: Sequence[HealthNote]) -> Text:
    """One line per open red flag, its day, and how to mark them discussed."""
    out = Text()
    for note in flags:
        out.append(f"{note.day:%d %b}  ", "dim")
        out.append(inert(flag_label(note)))
        if note.text:
            out.append(f"  {inert(note.text)}", "dim")
        out.append("\n")
    out.append("Please tell a doctor soon. x: mark as discussed with a doctor", "dim")
    return out


def medicines_text(view: HomeView) -> Text:
    """One line per medicine taken today."""
    out = Text()
    if not view.medications:
        out.append("none recorded (press m)", "dim")
    for i, med in enumerate(view.medications):
        if i:
            out.append("\n")
        out.append(inert(med.name))
        if med.dose:
            out.append(f"  {inert(med.dose)}", "dim")
        out.append(f"  since {med.start}", "dim")
    return out


def experiment_line(exp: Experiment | None, today: date) -> str:
    """``Experiment: caffeine, day 17 of 42 — today: LOW, at most 100 mg  (p)`` while one
    runs (or is about to start); empty otherwise."""
    if exp is None or exp.ended(today):
        return ""
    from twitchlog.domain.experiment import status_line

    return f"{inert(status_line(exp.plan, exp.schedule, today))}  (p)"


W = TypeVar("W", bound=Widget)


def _titled(widget: W, title: str) -> W:
    """``widget`` as a bordered panel with its title in the border: one widget, where a
    panel holding it would be two for Textual to style, lay out and draw."""
    widget.add_class("panel")
    widget.border_title = title
    return widget


class HomeScreen(BaseScreen):
    """The first screen."""

    class Shown(Message):
        """Home's data is on screen for the first time (the app then prepares History)."""

    TITLE_TEXT = "twitchlog — Home"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("e", "app.log_episode", "Log"),
        Binding(
            "g",
            "again",
            "Again",
            tooltip="log the last episode again, now (then enter)",
        ),
        Binding("d", "app.check_in", "Check in"),
        Binding(
            "x",
            "discussed",
            "Discussed",
            show=False,  # the red-flag panel says it, and the footer is full at 80 columns
            tooltip="mark the red flags shown as discussed with a doctor",
        ),
        Binding("h", "app.open('history')", "History"),
        Binding("m", "app.open('medicines')", "Medicines"),
        Binding("t", "app.open('trends')", "Trends"),
        Binding("r", "app.open('report')", "Report"),
    ]
    DEFAULT_CSS = """
    HomeScreen #welcome { border: round $accent; padding: 1 2; margin: 1 2; display: none; }
    HomeScreen.-empty #welcome { display: block; }
    HomeScreen #sample { background: $warning 20%; padding: 0 1; }
    HomeScreen #flags { display: none; }
    HomeScreen #experiment-line {
        display: none; padding: 0 1; background: $boost;
        height: 1; text-wrap: nowrap; text-overflow: ellipsis;
    }
    HomeScreen.-experiment #experiment-line { display: block; }
    HomeScreen.-flags #flags { display: block; border: round $warning; }
    HomeScreen .panel { border: round $panel; padding: 0 1; height: auto; }
    HomeScreen .panel { border-title-style: bold; border-title-color: $text; }
    HomeScreen #top { height: auto; }
    HomeScreen #today-text { width: 1fr; }
    HomeScreen #fourteen-chart { width: 45; }
    HomeScreen #middle { height: auto; }
    HomeScreen #heatmap { width: auto; }
    HomeScreen #side-panels { width: 1fr; height: auto; }
    HomeScreen #body { scrollbar-size-vertical: 1; scrollbar-background: $panel; }
    """

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        self.view: HomeView | None = None
        self.flags: list[HealthNote] = []
        """Red flags recorded since the last visit note (shown until marked discussed)."""

    def compose(self) -> ComposeResult:
        """Placeholders first; :meth:`reload` fills them from a worker."""
        yield Header()
        with VerticalScroll(id="body"):
            yield from self._panels()
        yield KeysFooter()

    def _panels(self) -> ComposeResult:
        if self.ctx.demo:
            yield Static(SAMPLE_NOTE, id="sample", markup=False)
        # The welcome, the experiment line and the red flags are hidden in most journals: they
        # are mounted when first needed (:meth:`_occasional`), as every widget on the way to
        # the first frame costs Textual styling and mounting (docs/performance.md, section 5).
        with Horizontal(id="top"):
            yield _titled(Static("loading…", id="today-text", markup=False), "Today")
            yield _titled(Static("", id="fourteen-chart", markup=False), "Last 14 days")
        with Horizontal(id="middle"):
            yield _titled(CalendarHeatmap(id="heatmap"), "12 weeks")
            with Vertical(id="side-panels"):
                yield _titled(Static("", id="sites", markup=False), "Sites, last 30 days")
                yield _titled(Static("", id="medicines", markup=False), "Current medicines")

    def on_mount(self) -> None:
        """Paint, then load."""
        super().on_mount()
        self.reload()

    def reload(self) -> None:
        """Load the Home data in a worker."""
        self._load()

    @work(thread=True, exclusive=True, group="home")
    def _load(self) -> None:
        """Home's data, red flags and experiment line: two short reads through ``sqlite3``
        (no SQLModel, which took a second thread importing it while Home painted)."""
        today = self.ctx.today()
        try:
            view = home_view(self.ctx.journal, today)
            notes = health_notes_until(self.ctx.journal, today)
        except JournalError as exc:
            deliver_error(self, exc)
            deliver(self, self._unread, exc)
            return
        line = experiment_line(view.experiment, today)
        deliver(self, self.show, view, open_red_flags(notes), line)

    def _has_occasional(self) -> bool:
        return bool(self.query("#flags"))

    def _occasional(self) -> None:
        """Mount the welcome, the experiment line and the red-flag panel above Today, once
        (hidden by the screen's classes until shown)."""
        if self._has_occasional():
            return
        self.query_one("#body").mount(
            Static(WELCOME, id="welcome", markup=False),
            Static("", id="experiment-line", markup=False),
            _titled(Static("", id="flags", markup=False), "Worth telling a doctor about"),
            before="#top",
        )

    def _unread(self, error: JournalError) -> None:
        """Home's data could not be read: say why in Today (its toast goes after a few
        seconds) instead of "loading…"; data shown before stays as it was."""
        if self.view is None:
            self.query_one("#today-text", Static).update(f"Not shown: {error}")

    def show(self, view: HomeView, flags: Sequence[HealthNote] = (), experiment: str = "") -> None:
        """Draw ``view``, the red flags not yet discussed and today's experiment line (hidden
        when no experiment runs)."""
        first = self.view is None
        offered = bool(self.flags)
        self.view = view
        self.flags = list(flags)
        if view.empty or flags or experiment or self._has_occasional():
            self._occasional()
            self.query_one("#experiment-line", Static).update(experiment)
            self.query_one("#flags", Static).update(red_flags_text(flags))
        # One restyle of the screen for the three, not one each (on the way to the first frame).
        self.update_classes(
            {"-empty": view.empty, "-flags": bool(flags), "-experiment": bool(experiment)}
        )
        if offered != bool(flags):  # ``x`` (check_action); the footer is composed again
            self.refresh_bindings()
        self.query_one("#today-text", Static).update(today_text(view))
        self._draw_fourteen()
        self.query_one(CalendarHeatmap).show(view.window_start, view.today, view.counts, view.days)
        sites = [(site_label(s), n) for s, n in list(view.month_sites.items())[:8]]
        bars = 20 if self.app.size.width >= 110 else 8  # a bar line never wraps at 80 columns
        self.query_one("#sites", Static).update(horizontal_bars(sites, width=bars))
        self.query_one("#medicines", Static).update(medicines_text(view))
        if first:  # once this frame is painted (History's building must not compete with it)
            self.call_after_refresh(self.post_message, self.Shown())

    def _draw_fourteen(self) -> None:
        """The 14-day chart sized to the terminal (narrower bars below 110 columns, lower
        below 30 rows), so it never wraps."""
        if self.view is None:
            return
        width, height = self.app.size
        bar_width = 3 if width >= 110 else 2
        chart = fourteen_days_text(self.view, bar_width=bar_width, height=5 if height >= 30 else 3)
        self.query_one("#fourteen-chart", Static).update(chart)
        # 14 bars and their gaps, less the last gap, plus border and padding.
        self.query_one("#fourteen-chart").styles.width = 14 * (bar_width + 1) + 3

    def on_resize(self) -> None:
        """Redraw the chart for the new size."""
        self._draw_fourteen()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """``x`` is offered only while a red flag waits to be discussed."""
        if action == "discussed":
            return bool(self.flags)
        return True

    def action_discussed(self) -> None:
        """Ask, then record today's visit note that marks the shown red flags discussed."""
        if not self.flags:
            return
        flags = list(self.flags)

        def answered(yes: bool | None) -> None:
            if yes:
                self._mark_discussed(flags)

        self.app.push_screen(
            ConfirmDialog(
                "Did you tell a doctor about these? This records a visit note for today "
                "(Medicines lists it; delete it there to undo).",
                yes="Discussed",
                no="Not yet",
            ),
            answered,
        )

    @work(thread=True, group="home-write")
    def _mark_discussed(self, flags: list[HealthNote]) -> None:
        with importing():
            from twitchlog.storage.repository import add_health_note

        note = HealthNote(
            id=new_id(),
            day=self.ctx.today(),
            kind=NoteKind.VISIT,
            topic=DISCUSSED_TOPIC,
            text=", ".join(flag_label(f) for f in flags),
        )
        try:
            add_health_note(self.ctx.journal, note)
        except JournalError as exc:
            deliver_error(self, exc)
            return
        deliver(self, self.notify, "Red flags marked as discussed (a visit note for today).")
        deliver(self, self.app.post_message, JournalChanged())

    def action_again(self) -> None:
        """Ask for the episode form pre-filled with the last episode (``enter`` saves)."""
        if self.view is None:
            self.post_message(RepeatLast(None, loaded=False))
        else:
            self.post_message(RepeatLast(self.view.last, loaded=True))
