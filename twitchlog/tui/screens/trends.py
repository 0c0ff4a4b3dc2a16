"""Trends: episodes per day with a 7-day mean, by site, by hour of day, over a chosen period,
and the analysis findings (each factor's verdict and sentence).

The charts come from ``load_slice`` (aggregated per day); the analysis runs after them in the
same thread worker, so the charts show first.
"""

from __future__ import annotations

import textwrap
from datetime import date, timedelta
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Header, Label, Select, Static

from twitchlog.context import AppContext
from twitchlog.domain.models import JournalSlice
from twitchlog.domain.sites import site_label
from twitchlog.storage.errors import JournalError
from twitchlog.storage.repository import journal_bounds, load_slice
from twitchlog.tui.messages import PlanExperiment
from twitchlog.tui.screens.base import BaseScreen
from twitchlog.tui.widgets.charts import bucket, horizontal_bars, rolling_mean, vertical_bars
from twitchlog.tui.widgets.footer import KeysFooter
from twitchlog.tui.widgets.period import Periods, PeriodSelect
from twitchlog.tui.workers import deliver, deliver_error

if TYPE_CHECKING:
    from twitchlog.analysis import Analysis
    from twitchlog.analysis.model import FactorResult

#: Period choices: label, days (None = the whole journal).
PERIODS: Periods = (
    ("last 30 days", 30),
    ("last 90 days", 90),
    ("last year", 365),
    ("all time", None),
)
#: Columns of the per-day chart.
CHART_COLUMNS = 100
VERDICT_WORDS: dict[str, tuple[str, str]] = {
    "pattern": ("pattern", "bold yellow"),
    "cant_tell": ("can't tell yet", "cyan"),
    "no_big_difference": ("no big difference", "green"),
    "not_enough_data": ("not enough data", "dim"),
}


def daily_values(data: JournalSlice) -> list[float | None]:
    """Episodes per calendar day; ``None`` for a day neither checked in nor with episodes."""
    counts = {d.day: d.episodes for d in data.episode_days}
    checked = {d.day for d in data.days if d.checked_in}
    out: list[float | None] = []
    day = data.start
    while day <= data.end:
        n = counts.get(day, 0)
        out.append(float(n) if n or day in checked else None)
        day += timedelta(days=1)
    return out


def per_day_chart(data: JournalSlice, columns: int = CHART_COLUMNS) -> Text:
    """Bars per day (or per group of days) with the 7-day mean as a line, at most
    ``columns`` wide (so the chart never wraps in a narrow terminal)."""
    values = daily_values(data)
    means = rolling_mean(values, 7)
    shown, step = bucket(values, columns)
    shown_means, _ = bucket(means, columns)
    text = vertical_bars(
        shown, [""] * len(shown), height=8, width=1, mean=shown_means, show_values=False, gap=0
    )
    top = max((v for v in shown if v is not None), default=0)
    unit = "day" if step == 1 else f"{step} days (mean per day)"
    head = Text()
    head.append(f"one bar = {unit}; top = {top:g}\n")
    head.append("───", "bold yellow")
    head.append(" 7-day mean; · = not checked in\n", "")
    foot = Text(f"{data.start}".ljust(max(12, len(shown) - 10)) + f"{data.end}", style="dim")
    return head + text + foot


#: What the per-day panel says for a period with nothing logged (instead of blank charts).
EMPTY = (
    "Nothing logged in this period yet. Log an episode (e) or check in a day (d); "
    "charts appear from the first entry. p chooses another period."
)


def is_empty(data: JournalSlice) -> bool:
    """No episode and no checked-in day in the period: nothing to draw."""
    return not data.episode_days and not any(d.checked_in for d in data.days)


def hour_chart(data: JournalSlice) -> Text:
    """Episodes by local hour of start."""
    values: list[float | None] = [float(n) for n in data.hour_counts]
    return vertical_bars(values, [f"{h:02d}" for h in range(24)], height=6, width=2)


def _offers_test(f: FactorResult) -> bool:
    """A finding that offers an experiment: "can't tell yet", or a pattern whose sentence
    ends with the hint's command."""
    from twitchlog.analysis.wording import start_words

    return f.verdict.value == "cant_tell" or start_words(f.factor, f.label) in f.sentence


def _offered(analysis: Analysis) -> FactorResult | None:
    """The finding ``x`` ("test it") plans: the first that offers an experiment."""
    return next((f for f in analysis.factors if _offers_test(f)), None)


def testable_factor(analysis: Analysis) -> str | None:
    """The factor of the first finding that offers an experiment ("can't tell yet", or a
    pattern with the experiment hint), as the experiment form names it."""
    from twitchlog.analysis.specs import CUSTOM_PREFIX
    from twitchlog.domain.factors import BUILTIN_FACTORS

    f = _offered(analysis)
    if f is None:
        return None
    if f.factor.startswith(CUSTOM_PREFIX):
        return f.label  # the form finds a person's own factor by its name
    return next((d.name for d in BUILTIN_FACTORS if d.key == f.factor), f.factor)


def indented(sentence: str, width: int, indent: str = "  ") -> str:
    """``sentence`` with every line indented: wrapped here to ``width`` columns, because a
    wrap done by the widget would start at the left edge (0: one line)."""
    if width <= len(indent) + 10:
        return indent + sentence
    return "\n".join(
        textwrap.wrap(
            sentence,
            width,
            initial_indent=indent,
            subsequent_indent=indent,
            break_long_words=False,
            break_on_hyphens=False,
        )
    )


def findings_text(analysis: Analysis, width: int = 0) -> Text:
    """The stage, then one line per factor: verdict and sentence (indented, wrapped to
    ``width``). The first finding that offers an experiment offers it here (``x``); an
    experiment hint names the key instead of the command."""
    from twitchlog.analysis.wording import tui_sentence

    out = Text()
    out.append(analysis.stage_text + "\n\n")
    for line in analysis.held_back:
        out.append(indented(line, width, "") + "\n\n")
    offered = _offered(analysis)
    for f in analysis.factors:
        word, style = VERDICT_WORDS.get(f.verdict.value, (f.verdict.value, ""))
        out.append(f.label, "bold")
        out.append(" — ")
        out.append(word, style)
        sentence = tui_sentence(f.sentence, f.factor, f.label, offered=f is offered)
        out.append("\n" + indented(sentence, width) + "\n")
        if f is offered:
            out.append("  x: test it with a self-experiment\n", "cyan")
        out.append("\n")
    if analysis.adjusted_note:
        out.append("\n" + analysis.adjusted_note + "\n")
    out.append("\n" + analysis.footer, "dim")
    return out


class TrendsScreen(BaseScreen):
    """Charts over a chosen period and the analysis findings."""

    TITLE_TEXT = "twitchlog — Trends"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.home", "Home"),
        Binding("p", "focus_period", "Period", tooltip="choose the period"),
        Binding(
            "x",
            "test_it",
            "Test it",
            tooltip='test the first "can\'t tell yet" finding with a self-experiment',
        ),
    ]
    DEFAULT_CSS = """
    TrendsScreen #controls { height: auto; padding: 0 1; }
    TrendsScreen #controls Label { padding: 1 1 0 0; }
    TrendsScreen #controls Select { width: 24; }
    TrendsScreen .panel { border: round $panel; padding: 0 1; height: auto; }
    TrendsScreen .panel-title { text-style: bold; }
    TrendsScreen #row { height: auto; }
    TrendsScreen #sites-panel { width: 1fr; }
    TrendsScreen #hours-panel { width: 76; }
    TrendsScreen.-narrow #row { layout: vertical; }
    TrendsScreen.-narrow #sites-panel { width: 100%; }
    TrendsScreen.-narrow #hours-panel { width: 100%; }
    TrendsScreen VerticalScroll { scrollbar-size-vertical: 1; scrollbar-background: $panel; }
    """
    #: Below this many columns the site and hour charts stack instead of sitting side by side.
    NARROW = 110

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        self._generation = 0
        self._loaded_period: object = None
        self._data: JournalSlice | None = None
        self._testable: str | None = None
        self._analysis: Analysis | None = None

    def compose(self) -> ComposeResult:
        """Period choice, three charts, findings."""
        yield Header()
        with Horizontal(id="controls"):
            yield Label("Period")
            yield PeriodSelect(PERIODS, default=1)
        with VerticalScroll():
            with Vertical(classes="panel"):
                yield Static("Episodes per day", classes="panel-title", markup=False)
                yield Static("loading…", id="per-day", markup=False)
            with Horizontal(id="row"):
                with Vertical(classes="panel", id="sites-panel"):
                    yield Static("By site", classes="panel-title", markup=False)
                    yield Static("", id="by-site", markup=False)
                with Vertical(classes="panel", id="hours-panel"):
                    yield Static("By hour of day", classes="panel-title", markup=False)
                    yield Static("", id="by-hour", markup=False)
            with Vertical(classes="panel"):
                yield Static(
                    "Findings (associations, never causes)", classes="panel-title", markup=False
                )
                yield Static("analysing…", id="findings", markup=False)
        yield KeysFooter()

    def on_mount(self) -> None:
        """Load the default period."""
        super().on_mount()
        self.reload()

    def action_focus_period(self) -> None:
        """Focus the period choice."""
        self.query_one("#period", Select).focus()

    @on(Select.Changed, "#period")
    def _period_changed(self) -> None:
        if self.is_mounted and self.query_one("#period", Select).value != self._loaded_period:
            self.reload()

    def reload(self) -> None:
        """Load the chosen period in a worker."""
        self._generation += 1
        period = self.query_one(PeriodSelect)
        self._loaded_period = period.value
        self._load(self._generation, self.ctx.today(), period.days)

    @work(thread=True, exclusive=True, group="trends")
    def _load(self, gen: int, today: date, days: int | None) -> None:
        try:
            if days is None:
                bounds = journal_bounds(self.ctx.journal)
                start = bounds[0] if bounds else today
            else:
                start = today - timedelta(days=days - 1)
            data = load_slice(self.ctx.journal, start, today, today=today)
        except JournalError as exc:
            deliver_error(self, exc)
            return
        deliver(self, self._show_charts, gen, data)
        try:
            from twitchlog.analysis import analyze

            analysis = analyze(data)
            findings_text(analysis)  # a wording error shows here, not on the UI thread
        except Exception as exc:  # the analysis is optional here; the charts stand alone
            failed = Text(f"The analysis could not run ({type(exc).__name__}).", style="dim")
            deliver(self, self._show_findings, gen, failed)
            return
        deliver(self, self._show_findings, gen, Text(""), analysis)

    def on_resize(self) -> None:
        """Stack the charts in a narrow terminal and fit the per-day chart to the width."""
        self.set_class(self.app.size.width < self.NARROW, "-narrow")
        if self._data is not None and not is_empty(self._data):
            self.query_one("#per-day", Static).update(per_day_chart(self._data, self._columns()))
        if self._analysis is not None:
            self.call_after_refresh(self._wrap_findings)

    def _columns(self) -> int:
        """Bars that fit the per-day panel (border, padding and scroll bar taken off)."""
        return max(20, min(CHART_COLUMNS, self.app.size.width - 8))

    def _show_charts(self, gen: int, data: JournalSlice) -> None:
        if gen != self._generation:
            return
        self._data = data
        if is_empty(data):
            self.query_one("#per-day", Static).update(Text(EMPTY, style="dim"))
            self.query_one("#by-site", Static).update(Text("none recorded", style="dim"))
            self.query_one("#by-hour", Static).update(Text("none recorded", style="dim"))
            self._analysis = None
            self.query_one("#findings", Static).update(Text("analysing…", style="dim"))
            return
        self.query_one("#per-day", Static).update(per_day_chart(data, self._columns()))
        sites = sorted(data.site_counts.items(), key=lambda kv: (-kv[1], kv[0]))
        self.query_one("#by-site", Static).update(
            horizontal_bars([(site_label(s), n) for s, n in sites[:12]], width=14)
        )
        self.query_one("#by-hour", Static).update(hour_chart(data))
        self._analysis = None
        self.query_one("#findings", Static).update(Text("analysing…", style="dim"))

    def _show_findings(self, gen: int, text: Text, analysis: Analysis | None = None) -> None:
        if gen == self._generation:
            self._analysis = analysis
            self._testable = testable_factor(analysis) if analysis is not None else None
            if analysis is None:
                self.query_one("#findings", Static).update(text)
            else:
                self._wrap_findings()
            self.refresh_bindings()

    def _wrap_findings(self) -> None:
        """Show the findings wrapped to the panel's width (again after a resize)."""
        if self._analysis is not None:
            box = self.query_one("#findings", Static)
            box.update(findings_text(self._analysis, box.size.width))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """``x`` only when a finding offers an experiment."""
        if action == "test_it":
            return self._testable is not None
        return True

    def action_test_it(self) -> None:
        """Plan an experiment on the factor of the finding that offers one."""
        if self._testable is not None:
            self.post_message(PlanExperiment(self._testable))
