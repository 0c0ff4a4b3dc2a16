"""Experiment: a randomized self-experiment's plan, its schedule as a calendar, how complete the
diary is and how well the plan was kept; the result once it has ended. ``s`` starts one
(a form that shows the plan and its power before anything is stored), ``x`` stops it early.

While an experiment runs nothing here compares the two conditions (no peeking): only the
schedule, completeness and adherence, as ``twitchlog experiment status`` shows.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from datetime import date
from typing import ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Header, Static

from twitchlog.context import AppContext
from twitchlog.domain.errors import ValidationError
from twitchlog.domain.experiment import Arm, ObservedDay, progress, status_line
from twitchlog.domain.experiment_record import (
    Experiment,
    ended_words,
    plan_lines,
    result_heading,
)
from twitchlog.domain.validation import inert
from twitchlog.storage.errors import JournalError
from twitchlog.storage.experiments import latest_experiment, observed_days, stop_experiment
from twitchlog.tui.dialogs.confirm import ConfirmDialog
from twitchlog.tui.dialogs.experiment_start import StartExperimentDialog
from twitchlog.tui.messages import JournalChanged
from twitchlog.tui.screens.base import BaseScreen
from twitchlog.tui.widgets.footer import KeysFooter
from twitchlog.tui.workers import deliver, deliver_error

#: What an experiment is, shown when there is none yet.
INTRO = (
    "No experiment yet.\n\n"
    "An experiment tests one change, for example less caffeine: twitchlog draws a random "
    "schedule of days with the change and days as usual, in short blocks, and you follow it "
    "for a few weeks. Because chance decides the days, a difference at the end is fair to "
    "compare, and twitchlog says how likely chance alone would have made it.\n\n"
    "Press s to plan one: you see what it can find for you before it starts."
)


@dataclass(frozen=True)
class ExperimentView:
    """What the screen shows: the latest experiment, its days so far, and the result lines
    (only once it has ended)."""

    experiment: Experiment | None
    observed: tuple[ObservedDay, ...] = ()
    result: tuple[str, ...] = ()
    interim: tuple[str, ...] = ()
    """A running experiment's planned interim look: when it comes, or what it found."""


def load_experiment_view(ctx: AppContext) -> ExperimentView:
    """Read the latest experiment and what the diary holds for its days (in a worker)."""
    today = ctx.today()
    exp = latest_experiment(ctx.journal)
    if exp is None:
        return ExperimentView(None)
    observed = observed_days(ctx.journal, exp, today)
    if not exp.ended(today):
        if not exp.plan.interim:
            return ExperimentView(exp, observed)
        from twitchlog.analysis.experiment import interim_lines

        return ExperimentView(
            exp, observed, interim=tuple(interim_lines(exp.plan, observed, before=False))
        )
    if not observed:  # stopped before its first day
        return ExperimentView(exp, observed, (result_heading(exp, today),))
    from twitchlog.analysis.experiment import analyse_experiment, result_sentences
    from twitchlog.domain.experiment_record import ExperimentStatus

    stopped = exp.status_on(today) is ExperimentStatus.STOPPED
    outcome = analyse_experiment(exp.plan, observed, stopped_early=stopped)
    return ExperimentView(exp, observed, (result_heading(exp, today), *result_sentences(outcome)))


def calendar_text(exp: Experiment, observed: tuple[ObservedDay, ...], today: date) -> Text:
    """The schedule a week a row: each day's condition; washout days (if the plan has any) dim
    and in brackets; ``✓`` kept to it, ``✗`` did not, ``·`` not logged; today reversed."""
    plan = exp.plan
    seen = {d.day: d for d in observed}
    out = Text()
    washout = "; (…) washout, not compared" if plan.washout_days else ""
    out.append(f"Schedule (✓ kept, ✗ not kept, · not logged{washout})\n", "dim")
    for week in range(0, len(exp.schedule), 7):
        days = exp.schedule[week : week + 7]
        out.append(f"{days[0].day:%a %d %b}  ", "dim")
        for entry in days:
            name = plan.arm_name(entry.arm)
            label = f"({name})" if entry.washout else name
            style = "bold cyan" if entry.arm is Arm.TEST else ""
            if entry.washout:
                style = "dim"
            if entry.day == today:
                style += " reverse"
            out.append(label, style.strip())
            mark = _mark(seen.get(entry.day))
            out.append(mark)
            out.append(" " * max(1, 9 - len(label) - len(mark)))
        out.append("\n")
    return out


def _mark(day: ObservedDay | None) -> str:
    """``✓`` kept, ``✗`` not kept, ``·`` not logged, blank: can't tell or still to come."""
    if day is None:
        return " "
    if day.episodes is None:
        return "·"
    if day.kept is None:
        return " "
    return "✓" if day.kept else "✗"


def _hanging(line: str, width: int) -> str:
    """An indented plan line wrapped to ``width`` with its indent kept on every line (a wrap
    done by the widget would start at the left edge; 0: as it is)."""
    indent = line[: len(line) - len(line.lstrip(" "))]
    if not indent or width <= len(indent) + 10:
        return line
    return textwrap.fill(
        line, width, subsequent_indent=indent, break_long_words=False, break_on_hyphens=False
    )


def summary_text(view: ExperimentView, today: date, width: int = 0) -> Text:
    """Status, plan, progress (and the result once ended), as plain text; indented plan lines
    are wrapped to ``width`` with their indent (0: left to the widget)."""
    exp = view.experiment
    out = Text()
    if exp is None:
        out.append(INTRO)
        return out
    if exp.ended(today):
        out.append(f"Experiment: {inert(exp.plan.name)}, {ended_words(exp, today)}.\n", "bold")
    else:
        out.append(inert(status_line(exp.plan, exp.schedule, today)) + "\n", "bold")
    for line in plan_lines(exp.plan):
        out.append(inert(_hanging(line, width)) + "\n")
    if view.observed:
        p = progress(view.observed)
        out.append(f"{p.completeness_text(ended=exp.ended(today))} {p.adherence_text()}\n")
    for line in view.interim:
        out.append(inert(line) + "\n", "bold" if line.startswith("Interim look") else "")
    if len(view.result) > 1:
        out.append("\nResult\n", "bold")
        for line in view.result[1:]:
            out.append(inert(line) + "\n")
    elif not exp.ended(today) and len(view.interim) <= 1:  # a clear look showed its own
        out.append(
            "The comparison is shown when it ends (looking earlier would make chance findings "
            "likelier). x stops it early.\n",
            "dim",
        )
    out.rstrip()
    return out


class ExperimentScreen(BaseScreen):
    """The latest experiment: plan, schedule, adherence, result."""

    TITLE_TEXT = "twitchlog — Experiment"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.home", "Home"),
        Binding("s", "start", "Start", tooltip="plan and start a new experiment"),
        Binding("x", "stop", "Stop", tooltip="stop the running experiment early"),
    ]
    DEFAULT_CSS = """
    ExperimentScreen #experiment-body { padding: 0 1; }
    ExperimentScreen #experiment-calendar { margin-top: 1; }
    """

    def __init__(self, ctx: AppContext, *, factor: str = "") -> None:
        super().__init__(ctx)
        self.view: ExperimentView | None = None
        self.factor = factor
        """A factor to offer in the start form (from a "can't tell yet" finding)."""

    def compose(self) -> ComposeResult:
        """Placeholders; :meth:`reload` fills them."""
        yield Header()
        with VerticalScroll(id="experiment-body"):
            yield Static("loading…", id="experiment-summary", markup=False)
            yield Static("", id="experiment-calendar", markup=False)
        yield KeysFooter()

    def on_mount(self) -> None:
        """Paint, then load; open the start form at once when asked to test a factor."""
        super().on_mount()
        self.reload()

    def reload(self) -> None:
        """Read the experiment in a worker."""
        self._load()

    @work(thread=True, exclusive=True, group="experiment")
    def _load(self) -> None:
        try:
            view = load_experiment_view(self.ctx)
        except JournalError as exc:
            deliver_error(self, exc)
            return
        deliver(self, self.show, view)

    def show(self, view: ExperimentView) -> None:
        """Draw ``view``."""
        self.view = view
        today = self.ctx.today()
        self._draw_summary()
        exp = view.experiment
        calendar = Text() if exp is None else calendar_text(exp, view.observed, today)
        self.query_one("#experiment-calendar", Static).update(calendar)
        self.refresh_bindings()
        if self.factor and (exp is None or exp.ended(today)):
            factor, self.factor = self.factor, ""
            self._open_start(factor)

    def _draw_summary(self) -> None:
        if self.view is not None:
            summary = self.query_one("#experiment-summary", Static)
            width = summary.content_region.width
            summary.update(summary_text(self.view, self.ctx.today(), width))

    def on_resize(self) -> None:
        """Wrap the indented plan lines again to the new width."""
        self.call_after_refresh(self._draw_summary)

    def _running_experiment(self) -> Experiment | None:
        if self.view is None or self.view.experiment is None:
            return None
        exp = self.view.experiment
        return None if exp.ended(self.ctx.today()) else exp

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """``s`` only when none runs, ``x`` only while one runs."""
        if action == "start":
            return self.view is not None and self._running_experiment() is None
        if action == "stop":
            return self._running_experiment() is not None
        return True

    def action_start(self) -> None:
        """Open the start form."""
        self._open_start("")

    def _open_start(self, factor: str) -> None:
        self.app.push_screen(StartExperimentDialog(self.ctx, factor=factor))

    def action_stop(self) -> None:
        """Ask, then stop the running experiment as of today."""
        exp = self._running_experiment()
        if exp is None:
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self._stop(exp.id)  # only the one asked about (another may run by now)

        self.app.push_screen(
            ConfirmDialog(
                f"Stop the {inert(exp.plan.name)} experiment early, as of today? It cannot be "
                "started again; its result covers the days so far.",
                yes="Stop",
                no="Keep going",
            ),
            answered,
        )

    @work(thread=True, group="experiment-write")
    def _stop(self, experiment_id: str) -> None:
        try:
            stop_experiment(self.ctx.journal, self.ctx.today(), self.ctx.now(), experiment_id)
        except (JournalError, ValidationError) as exc:
            deliver_error(self, exc)
            return
        deliver(self, self.notify, "Experiment stopped; its result is below.", markup=False)
        deliver(self, self.app.post_message, JournalChanged())
