"""Issue 16: the doctor report shows a finished experiment on page 1 and its schedule as bands."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest

from tests.report.conftest import pdf_text
from twitchlog.config import Settings
from twitchlog.demo import generate
from twitchlog.demo.experiment import add_experiment
from twitchlog.domain.experiment import Arm, ExperimentPlan
from twitchlog.domain.models import DayLog
from twitchlog.report import ReportData, build_report, render_pdf
from twitchlog.storage import repository as repo
from twitchlog.storage.experiments import import_experiments, start_experiment
from twitchlog.storage.journal import Journal

END = date(2026, 11, 30)
SETTINGS = Settings(timezone="Europe/Berlin")


def _own_left_out(days: tuple[DayLog, ...]) -> list[DayLog]:
    """The day logs without the sample's own factors (this journal does not define them)."""
    return [replace(d, custom={}) for d in days]


def _journal(path: Path) -> tuple[Journal, list[date]]:
    """The demo journal with its finished caffeine experiment; returns its low days."""
    sample, exp = add_experiment(generate(days=180, seed=171, end=END), seed=171)
    assert exp is not None
    journal = Journal.open(path)
    repo.import_entries(journal, episodes=sample.episodes, days=_own_left_out(sample.days))
    import_experiments(journal, [exp])
    return journal, [d.day for d in exp.schedule if d.arm is Arm.TEST]


def test_a_finished_experiment_is_on_page_one(tmp_path: Path) -> None:
    """Page 1's two lines, the PDF's bands, and the same bands on the summary PNG."""
    journal, low = _journal(tmp_path / "j.sqlite3")
    data = build_report(journal, END - timedelta(days=89), END, SETTINGS, made_on=END)
    first, second = data.experiment
    assert first.startswith("Caffeine, ") and "LOW (at most 100 mg) against USUAL" in first
    assert "checkable days" in first and "days logged" in first
    assert "rate ratio" in second and "95 % interval" in second and "randomization p" in second
    # the bands cover exactly the low days inside the period
    banded = {
        b.start + timedelta(days=i)
        for b in data.chart.experiment
        for i in range((b.stop - b.start).days + 1)
    }
    assert banded == {d for d in low if d >= END - timedelta(days=89)}
    page_one = pdf_text(render_pdf(data))[0]
    assert "Self-experiment (randomized" in page_one and "randomization p" in page_one
    journal.dispose()
    _summary_png_has_the_bands(data)


def _summary_png_has_the_bands(data: ReportData) -> None:
    """The one-page summary chart (--png) draws the experiment's changed-condition days as
    bands on its day-by-day chart, as page 2 of the PDF does, with their legend entry."""
    from matplotlib.colors import to_hex
    from matplotlib.patches import Rectangle

    from twitchlog.report.charts import EXPERIMENT_FACE
    from twitchlog.report.summary import draw_summary

    per_day = draw_summary(data).axes[0]
    bands = [
        p
        for p in per_day.patches
        if isinstance(p, Rectangle) and to_hex(p.get_facecolor()) == EXPERIMENT_FACE.lower()
    ]
    assert len(bands) == len(data.chart.experiment) > 0
    legend = per_day.get_legend()
    assert legend is not None
    assert "caffeine experiment: LOW days" in [t.get_text() for t in legend.get_texts()]


def test_a_running_experiment_shows_bands_but_no_result(tmp_path: Path) -> None:
    journal = Journal.open(tmp_path / "j.sqlite3")
    sample = generate(days=60, seed=171, end=END)
    repo.import_entries(journal, episodes=sample.episodes, days=_own_left_out(sample.days))
    start = END - timedelta(days=10)
    plan = ExperimentPlan("caffeine_mg", "caffeine", "at most 100 mg", "as usual", start)
    start_experiment(journal, plan, start, seed=5)
    data = build_report(journal, END - timedelta(days=59), END, SETTINGS, made_on=END)
    assert data.experiment == ()
    assert data.chart.experiment and all(b.start >= start for b in data.chart.experiment)
    assert all(b.stop <= END for b in data.chart.experiment)
    journal.dispose()


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_the_experiment_lines_keep_page_one_on_one_page(
    report_data: ReportData, paper: str
) -> None:
    """With an experiment and 120 medicine lines, page 1 still fits one page, cleanly."""
    from tests.report.test_report_layout import _check_page
    from twitchlog.report.pages import lay_out, paper_points

    lines = (
        "Caffeine, 23 Sep 2026 to 17 Nov 2026 (8 weeks; days drawn at random in blocks of 1 "
        "day, no washout days): LOW (at most 100 mg) against USUAL (as usual); kept to on 93 % "
        "of 27 checkable days; 51 of 56 days logged.",
        "Result (intention to treat): 1.4 episodes a day on LOW days, 3.7 on USUAL days; rate "
        "ratio 0.38 (95 % interval 0.20-0.67) on the same day, 1.05 (0.60-1.80) on the day "
        "after, randomization p (same day or day after) = 0.004.",
    )
    data = replace(report_data, experiment=lines, medicines=report_data.medicines * 40)
    pages = lay_out(data, paper)
    assert len(pages) == 2
    first = " ".join(w.text for w in pages[0].words)
    assert "Self-experiment" in first and "randomization" in first
    width, height = paper_points(paper)
    for page in pages:
        _check_page(page, width, height)


def test_page_one_says_how_an_interim_look_came_out() -> None:
    """Page 1's lines of an experiment with a planned look: stopped at a clear look, the
    result is the look's, with its 99.5 % interval; otherwise the end's 95.5 % interval."""
    from twitchlog.domain.experiment import draw_schedule
    from twitchlog.domain.experiment_record import Experiment, ExperimentStatus
    from twitchlog.domain.models import EpisodeDayStats, JournalSlice
    from twitchlog.report.experiment import experiment_lines

    plan = ExperimentPlan(
        "caffeine_mg", "caffeine", "at most 100 mg", "as usual", date(2026, 6, 1), weeks=12,
        block_days=2, washout_days=1, interim=True,
    )  # fmt: skip
    schedule = draw_schedule(plan, 11)
    made = datetime.combine(plan.start - timedelta(days=1), time(20), tzinfo=UTC)
    for busy, words, interval in (
        (True, "clear at the planned interim look over days 1-40", "(99.5 % interval"),
        (False, "interim look said keep going, so the end is tested at 0.045", "(95.5 % interval"),
    ):
        per_day = tuple(
            EpisodeDayStats(d.day, 6 if busy and d.arm is Arm.USUAL else 3) for d in schedule
        )
        diary = JournalSlice(plan.start, plan.end, (), per_day, ())
        exp = Experiment("e1", plan, 11, schedule, ExperimentStatus.FINISHED, made)
        first, second = experiment_lines(exp, diary, plan.end + timedelta(days=1))
        assert words in first and interval in second, (first, second)


def test_page_one_gives_both_comparisons_of_a_day_after_plan() -> None:
    """A plan tested on the same day or the day after: page 1 gives the same-day and the
    day-after ratio, each with its interval, and says the p-value is of the two together;
    a plan with washout days keeps its one ratio."""
    from twitchlog.domain.experiment import draw_schedule
    from twitchlog.domain.experiment_record import Experiment, ExperimentStatus
    from twitchlog.domain.models import EpisodeDayStats, JournalSlice
    from twitchlog.report.experiment import experiment_lines

    made = datetime.combine(date(2026, 5, 31), time(20), tzinfo=UTC)
    either = ExperimentPlan(
        "caffeine_mg", "caffeine", "at most 100 mg", "as usual", date(2026, 6, 1),
        block_days=1, washout_days=0, day_after=True,
    )  # fmt: skip
    washout = replace(either, block_days=2, washout_days=1, day_after=False)
    combined = "on the day after, randomization p (same day or day after) = <0.001."
    for plan, words in ((either, "on the same day, 0.50 ("), (washout, "randomization p = ")):
        schedule = draw_schedule(plan, 11)
        before = [Arm.USUAL] + [d.arm for d in schedule[:-1]]
        # 3 twitches a day, 6 after a USUAL day: the day after shows a halving
        per_day = tuple(
            EpisodeDayStats(d.day, 6 if b is Arm.USUAL else 3)
            for d, b in zip(schedule, before, strict=True)
        )
        diary = JournalSlice(plan.start, plan.end, (), per_day, ())
        exp = Experiment("e1", plan, 11, schedule, ExperimentStatus.FINISHED, made)
        _, second = experiment_lines(exp, diary, plan.end + timedelta(days=1))
        assert words in second, second
        assert (combined in second) == plan.day_after, second


def test_page_one_names_the_blocks_and_the_washout_days() -> None:
    """Page 1's first line gives the plan's design in words: the block length and the washout
    days, "no washout days" for a plan without them (its second line says what is compared)."""
    from twitchlog.domain.experiment import draw_schedule
    from twitchlog.domain.experiment_record import Experiment, ExperimentStatus
    from twitchlog.domain.models import EpisodeDayStats, JournalSlice
    from twitchlog.report.experiment import experiment_lines

    made = datetime.combine(date(2026, 5, 31), time(20), tzinfo=UTC)
    either = ExperimentPlan(
        "caffeine_mg", "caffeine", "at most 100 mg", "as usual", date(2026, 6, 1),
        block_days=1, washout_days=0, day_after=True,
    )  # fmt: skip
    for plan, words in (
        (either, "in blocks of 1 day, no washout days): LOW"),
        (replace(either, block_days=2, washout_days=1, day_after=False),
         "in blocks of 2 days, 1 washout day after each change): LOW"),
        (replace(either, block_days=3, washout_days=2, day_after=False),
         "in blocks of 3 days, 2 washout days after each change): LOW"),
    ):  # fmt: skip
        schedule = draw_schedule(plan, 11)
        diary = JournalSlice(
            plan.start, plan.end, (), tuple(EpisodeDayStats(d.day, 3) for d in schedule), ()
        )
        exp = Experiment("e1", plan, 11, schedule, ExperimentStatus.FINISHED, made)
        first, _ = experiment_lines(exp, diary, plan.end + timedelta(days=1))
        assert words in first, first
