"""A1: page 1 of the report on an experiment with no twitches on one side."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from twitchlog.domain.experiment import Arm, ExperimentPlan, draw_schedule
from twitchlog.domain.experiment_record import Experiment, ExperimentStatus
from twitchlog.domain.models import DayLog, EpisodeDayStats, JournalSlice
from twitchlog.report.experiment import experiment_lines


def test_a1_page_one_gives_the_test_when_one_side_had_no_twitches() -> None:
    """No twitches on any logged low day, 3 a day otherwise: page 1 said "No comparison: no
    twitches were logged on the LOW days", hiding a randomization p below 0.001."""
    made = datetime.combine(date(2026, 5, 31), time(20), tzinfo=UTC)
    for plan in (
        ExperimentPlan(
            "caffeine_mg", "caffeine", "at most 100 mg", "as usual", date(2026, 6, 1),
            block_days=1, washout_days=0, day_after=True,
        ),
        ExperimentPlan(
            "caffeine_mg", "caffeine", "at most 100 mg", "as usual", date(2026, 6, 1),
            block_days=2, washout_days=1,
        ),
    ):  # fmt: skip
        schedule = draw_schedule(plan, 11)
        days = tuple(DayLog(d.day, checked_in=True) for d in schedule)
        per_day = tuple(EpisodeDayStats(d.day, 3) for d in schedule if d.arm is Arm.USUAL)
        diary = JournalSlice(plan.start, plan.end, days, per_day, ())
        exp = Experiment("e1", plan, 11, schedule, ExperimentStatus.FINISHED, made)
        _, second = experiment_lines(exp, diary, plan.end + timedelta(days=1))
        assert "No comparison" not in second, second
        assert "0.0 episodes a day on LOW days, 3.0 on USUAL days" in second, second
        assert "no rate ratio (no episodes on LOW days)" in second, second
        assert "= <0.001." in second, second
