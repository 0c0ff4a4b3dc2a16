"""Report: make the doctor report (PDF) for a chosen period in a worker and say where it went."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Header, Input, Label, Select, Static

from twitchlog.context import AppContext
from twitchlog.domain.errors import ValidationError
from twitchlog.storage.errors import JournalError
from twitchlog.tui.screens.base import BaseScreen
from twitchlog.tui.widgets.footer import KeysFooter
from twitchlog.tui.widgets.period import Periods, PeriodSelect
from twitchlog.tui.workers import deliver

if TYPE_CHECKING:
    from twitchlog.report import ReportFiles

#: Period choices: label, days (None = the whole journal).
PERIODS: Periods = (
    ("last 30 days", 30),
    ("last 90 days", 90),
    ("last 6 months", 182),
    ("last year", 365),
    ("all time", None),
)


def default_report_path(today: date) -> Path:
    """``twitchlog-report-YYYY-MM-DD.pdf`` in the folder the app was started from."""
    from twitchlog.report import default_pdf_name

    return Path.cwd() / default_pdf_name(today)


def make_report(ctx: AppContext, days: int | None, out: Path, paper: str) -> ReportFiles:
    """Write the report for the period with the report module (private, atomic)."""
    from twitchlog.report import make_report as write_report
    from twitchlog.storage.repository import journal_bounds

    today = ctx.today()
    if days is None:
        bounds = journal_bounds(ctx.journal)
        start = bounds[0] if bounds else today
    else:
        start = today - timedelta(days=days - 1)
    return write_report(ctx.journal, start, today, ctx.settings, out, False, paper, made_on=today)


class ReportScreen(BaseScreen):
    """Choose a period and a file; ``enter`` on Make writes the report."""

    TITLE_TEXT = "twitchlog — Doctor report"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.home", "Home"),
        Binding("ctrl+s", "make", "Make report", priority=True, tooltip="make the report"),
    ]
    DEFAULT_CSS = """
    ReportScreen > Vertical { padding: 1 2; height: auto; }
    ReportScreen Horizontal { height: auto; }
    ReportScreen Label { width: 12; padding-top: 1; }
    ReportScreen Select { width: 30; }
    ReportScreen Input { width: 1fr; }
    ReportScreen #status { margin-top: 1; }
    """

    def __init__(self, ctx: AppContext) -> None:
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
                yield PeriodSelect(PERIODS, default=1)
            with Horizontal():
                yield Label("Paper")
                yield Select(
                    [("A4", "a4"), ("Letter", "letter")], allow_blank=False, value="a4", id="paper"
                )
            with Horizontal():
                yield Label("Save to")
                yield Input(str(default_report_path(self.ctx.today())), id="path")
            yield Button("Make report (ctrl+s)", variant="primary", id="make")
            yield Static("", id="status", markup=False)
        yield KeysFooter()

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
        days = self.query_one(PeriodSelect).days
        raw = self.query_one("#path", Input).value.strip()
        if not raw:
            self._status("Say where the report should be saved.", "red")
            return
        self._busy = True
        self._status("Making the report…", "dim")
        paper = self.query_one("#paper", Select).value
        self._make(days, Path(raw).expanduser(), paper if isinstance(paper, str) else "a4")

    def _status(self, message: str, style: str = "") -> None:
        self.query_one("#status", Static).update(Text(message, style=style))

    @work(thread=True, exclusive=True, group="report")
    def _make(self, days: int | None, out: Path, paper: str) -> None:
        try:
            files = make_report(self.ctx, days, out, paper)
        except (JournalError, ValidationError) as exc:
            deliver(self, self._done, None, str(exc))
            return
        except OSError as exc:
            deliver(self, self._done, None, f"cannot write {out}: {exc.strerror or 'error'}")
            return
        deliver(self, self._done, files, "")

    def _done(self, files: ReportFiles | None, error: str) -> None:
        self._busy = False
        if files is None:
            self._status(f"The report could not be made: {error}", "red")
        else:
            pages = f" ({files.pages} page{'s' if files.pages != 1 else ''})"
            self._status(f"Report written to {files.pdf}{pages}", "green")
            self.notify(f"Report written to {files.pdf}", markup=False)
