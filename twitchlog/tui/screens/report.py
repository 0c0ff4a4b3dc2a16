"""Report: make the doctor report (PDF) for a chosen period in a worker and say where it went."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Footer, Header, Input, Label, Select, Static

from twitchlog.storage.errors import JournalError
from twitchlog.tui.context import TuiContext
from twitchlog.tui.screens.base import BaseScreen
from twitchlog.tui.workers import deliver

#: Period choices: label, days (None = the whole journal).
PERIODS: tuple[tuple[str, int | None], ...] = (
    ("last 30 days", 30),
    ("last 90 days", 90),
    ("last 6 months", 182),
    ("last year", 365),
    ("all time", None),
)


def default_report_path(today: date) -> Path:
    """``twitchlog-report-YYYY-MM-DD.pdf`` in the folder the app was started from."""
    return Path.cwd() / f"twitchlog-report-{today.isoformat()}.pdf"


def make_report(ctx: TuiContext, days: int | None, out: Path) -> Path:
    """Build the report for the period and write it (private, atomic); returns the path."""
    from twitchlog.fileio import atomic_write_bytes
    from twitchlog.report.build import build_report
    from twitchlog.report.render import render_pdf
    from twitchlog.storage.repository import journal_bounds

    today = ctx.today()
    if days is None:
        bounds = journal_bounds(ctx.journal)
        start = bounds[0] if bounds else today
    else:
        start = today - timedelta(days=days - 1)
    data = build_report(ctx.journal, start, today, ctx.settings, made_on=today)
    atomic_write_bytes(out, render_pdf(data))
    return out


class ReportScreen(BaseScreen):
    """Choose a period and a file; ``enter`` on Make writes the report."""

    TITLE_TEXT = "twitchlog — Doctor report"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.home", "Home"),
        Binding("ctrl+s", "make", "Make report", priority=True),
    ]
    KEYS_HELP: ClassVar[list[tuple[str, str]]] = [("ctrl+s", "make the report")]
    DEFAULT_CSS = """
    ReportScreen > Vertical { padding: 1 2; height: auto; }
    ReportScreen Horizontal { height: auto; }
    ReportScreen Label { width: 12; padding-top: 1; }
    ReportScreen Select { width: 30; }
    ReportScreen Input { width: 1fr; }
    ReportScreen #status { margin-top: 1; }
    """

    def __init__(self, ctx: TuiContext) -> None:
        super().__init__(ctx)
        self._busy = False

    def compose(self) -> ComposeResult:
        """Period, file, the button and a status line."""
        yield Header()
        with Vertical():
            yield Static(
                "A PDF for your doctor: onset, sites, frequency, factors, medicines, tests and red "
                "flags for the period.",
                markup=False,
            )
            with Horizontal():
                yield Label("Period")
                yield Select(
                    [(n, str(i)) for i, (n, _) in enumerate(PERIODS)],
                    allow_blank=False,
                    value="1",
                    id="period",
                )
            with Horizontal():
                yield Label("Save to")
                yield Input(str(default_report_path(self.ctx.today())), id="path")
            yield Button("Make report (ctrl+s)", variant="primary", id="make")
            yield Static("", id="status", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        """Focus the button: ``enter`` makes the report."""
        super().on_mount()
        self.query_one("#make", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """Make the report."""
        if event.button.id == "make":
            self.action_make()

    def action_make(self) -> None:
        """Start the worker that writes the report."""
        if self._busy:
            return
        value = self.query_one("#period", Select).value
        days = PERIODS[int(value)][1] if isinstance(value, str) else 90
        raw = self.query_one("#path", Input).value.strip()
        if not raw:
            self._status("Say where the report should be saved.", "red")
            return
        self._busy = True
        self._status("Making the report…", "dim")
        self._make(days, Path(raw).expanduser())

    def _status(self, message: str, style: str = "") -> None:
        self.query_one("#status", Static).update(Text(message, style=style))

    @work(thread=True, exclusive=True, group="report")
    def _make(self, days: int | None, out: Path) -> None:
        try:
            path = make_report(self.ctx, days, out)
        except (JournalError, OSError, ValueError, ImportError) as exc:
            message = str(exc) if isinstance(exc, JournalError) else type(exc).__name__
            deliver(self, self._done, None, message)
            return
        deliver(self, self._done, path, "")

    def _done(self, path: Path | None, error: str) -> None:
        self._busy = False
        if path is None:
            self._status(f"The report could not be made: {error}", "red")
        else:
            self._status(f"Report written to {path}", "green")
            self.notify(f"Report written to {path}", markup=False)
