"""Report: make the doctor report (PDF) for a chosen period in a worker and say where it went."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Checkbox, Header, Input, Label, Select, Static

from twitchlog.context import AppContext
from twitchlog.domain.errors import ValidationError
from twitchlog.storage.errors import JournalError
from twitchlog.tui.dialogs.confirm import ConfirmDialog
from twitchlog.tui.screens.base import BaseScreen
from twitchlog.tui.widgets.footer import KeysFooter
from twitchlog.tui.widgets.period import Periods, PeriodSelect
from twitchlog.tui.workers import deliver

if TYPE_CHECKING:
    from twitchlog.report import ReportFiles

#: The period choice "since the last visit" (a visit in the health notes) in ``PERIODS``.
SINCE_VISIT = -1
#: Period choices: label, days (None = the whole journal; SINCE_VISIT from the last visit).
PERIODS: Periods = (
    ("since the last visit", SINCE_VISIT),
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


def report_start(ctx: AppContext, days: int | None) -> date:
    """The period's first day: ``days`` back, the last visit's day, or the journal's start
    (also for "since the last visit" when no visit is recorded)."""
    from twitchlog.domain.models import NoteKind
    from twitchlog.storage.repository import journal_bounds, list_health_notes

    today = ctx.today()
    if days == SINCE_VISIT:
        visits = list_health_notes(ctx.journal, kind=NoteKind.VISIT, end=today)
        if visits:
            return max(v.day for v in visits)
        days = None
    if days is None:
        bounds = journal_bounds(ctx.journal)
        return bounds[0] if bounds else today
    return today - timedelta(days=days - 1)


def make_report(
    ctx: AppContext, days: int | None, out: Path, paper: str, png: bool = False
) -> ReportFiles:
    """Write the report for the period with the report module (private, atomic)."""
    from twitchlog.report import make_report as write_report

    today = ctx.today()
    start = report_start(ctx, days)
    return write_report(ctx.journal, start, today, ctx.settings, out, png, paper, made_on=today)


def existing_outputs(out: Path, png: bool) -> list[Path]:
    """The files a report to ``out`` would replace (the PDF, and the PNG beside it)."""
    from twitchlog.report import png_path

    targets = [out, png_path(out)] if png else [out]
    return [t for t in targets if t.exists() or t.is_symlink()]


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
    ReportScreen #folder { padding-left: 12; color: $text-muted; }
    ReportScreen #png { margin-left: 11; border: none; }
    ReportScreen #png > .toggle--button { color: $panel; }
    ReportScreen #png.-on > .toggle--button { color: $text-success; }
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
                yield PeriodSelect(PERIODS, default=2)
            with Horizontal():
                yield Label("Paper")
                yield Select(
                    [("A4", "a4"), ("Letter", "letter")], allow_blank=False, value="a4", id="paper"
                )
            with Horizontal():
                yield Label("Save to")
                yield Input(str(default_report_path(self.ctx.today())), id="path")
            yield Static("", id="folder", markup=False)
            yield Checkbox("also the charts as a PNG picture, beside the PDF", id="png")
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
        paper = self.query_one("#paper", Select).value
        paper_key = paper if isinstance(paper, str) else "a4"
        png = self.query_one("#png", Checkbox).value
        out = Path(raw).expanduser()
        there = existing_outputs(out, png)
        if not there:
            self._start(days, out, paper_key, png)
            return

        def answered(replace: bool | None) -> None:
            if replace:
                self._start(days, out, paper_key, png)
            else:
                self._status("Nothing written: change the file name under Save to.", "yellow")

        names = " and ".join(p.name for p in there)
        self.app.push_screen(
            ConfirmDialog(
                f"{names} already exist{'s' if len(there) == 1 else ''} in {out.parent}. "
                "Replace with the new report?",
                yes="Replace",
                no="Keep it",
            ),
            answered,
        )

    def _start(self, days: int | None, out: Path, paper: str, png: bool) -> None:
        self._busy = True
        self._status("Making the report…", "dim")
        self._make(days, out, paper, png)

    @on(Input.Changed, "#path")
    def _path_typed(self, event: Input.Changed) -> None:
        """Say the folder the report goes to (a bare name goes where twitchlog started)."""
        raw = event.value.strip()
        folder = Path(raw).expanduser().absolute().parent if raw else None
        self.query_one("#folder", Static).update(
            Text(f"in the folder {folder}" if folder else "", style="dim")
        )

    def _status(self, message: str, style: str = "") -> None:
        self.query_one("#status", Static).update(Text(message, style=style))

    @work(thread=True, exclusive=True, group="report")
    def _make(self, days: int | None, out: Path, paper: str, png: bool) -> None:
        try:
            files = make_report(self.ctx, days, out, paper, png)
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
            picture = f"; charts as a picture: {files.png}" if files.png else ""
            self._status(f"Report written to {files.pdf}{pages}{picture}", "green")
            self.notify(f"Report written to {files.pdf}", markup=False)
