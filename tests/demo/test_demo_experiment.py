"""Issue 16: the sample journal's finished caffeine experiment has its effect built in."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

from twitchlog.demo import generate
from twitchlog.demo.experiment import ENDED_DAYS_AGO, add_experiment
from twitchlog.domain.experiment import (
    DEFAULT_BLOCK_DAYS,
    DEFAULT_WASHOUT_DAYS,
    Arm,
    draw_schedule,
)
from twitchlog.domain.experiment_record import ExperimentStatus
from twitchlog.domain.validation import caffeine_from_drinks, validate_day

END = date(2026, 6, 30)
SEED = 171


def test_the_sample_holds_one_finished_caffeine_experiment() -> None:
    sample = generate(180, seed=SEED, end=END)
    changed, exp = add_experiment(sample, seed=SEED)
    assert exp is not None
    assert exp.status is ExperimentStatus.FINISHED and exp.status_on(END) is exp.status
    assert exp.plan.end == END - timedelta(days=ENDED_DAYS_AGO)
    assert exp.created_at.date() < exp.plan.start  # drawn before the first day
    assert exp.schedule == draw_schedule(exp.plan, exp.seed)
    # the design a plan started today gets: the default blocks and washout, and without
    # washout days the test of the same day or the day after
    assert (exp.plan.block_days, exp.plan.washout_days) == (
        DEFAULT_BLOCK_DAYS,
        DEFAULT_WASHOUT_DAYS,
    )
    assert exp.plan.day_after is (exp.plan.washout_days == 0)
    # outside the experiment nothing changed
    before = [d for d in sample.days if not exp.plan.start <= d.day <= exp.plan.end]
    assert before == [d for d in changed.days if not exp.plan.start <= d.day <= exp.plan.end]
    low = {d.day for d in exp.schedule if d.arm is Arm.TEST}
    kept = [d for d in changed.days if d.day in low and d.caffeine_mg is not None]
    assert sum(d.caffeine_mg <= 100 for d in kept if d.caffeine_mg is not None) >= 0.8 * len(kept)
    for day in changed.days:
        validate_day(day)
        if day.drinks:
            assert caffeine_from_drinks(day.drinks) == day.caffeine_mg


def test_low_days_have_about_half_the_twitches() -> None:
    sample = generate(180, seed=SEED, end=END)
    changed, exp = add_experiment(sample, seed=SEED)
    assert exp is not None
    counts = Counter(e.local_date for e in changed.episodes)
    logged = {d.day for d in changed.days}
    per_arm = {
        arm: [counts[d.day] for d in exp.schedule if d.arm is arm and d.day in logged]
        for arm in Arm
    }
    low = sum(per_arm[Arm.TEST]) / len(per_arm[Arm.TEST])
    usual = sum(per_arm[Arm.USUAL]) / len(per_arm[Arm.USUAL])
    assert 0.25 < low / usual < 0.75


def test_a_short_sample_has_no_experiment() -> None:
    sample = generate(60, seed=SEED, end=END)
    assert add_experiment(sample, seed=SEED) == (sample, None)
