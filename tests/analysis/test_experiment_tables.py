"""The simulation tables of docs/experiments.md measure what the app does: their default plan is
the app's default plan, and the prototype that chose it (§6.8) gives the app's p-values."""

from __future__ import annotations

import numpy as np
import pytest

from tests.analysis.experiment_tables import (
    ISSUE_WORLD,
    _same_and_next_day,
    default_plan,
    diaries,
    echo_ratio,
    make_plan,
    run_trial,
)
from twitchlog.analysis.experiment import Reference, p_value, pair_data_from_counts
from twitchlog.domain.experiment import DEFAULT_WEEKS, pair_count


def test_the_tables_default_plan_is_the_app_s_default_plan() -> None:
    """§6.1-6.7 call their plan "the default": it must be the plan a person gets by default,
    tested as a new plan of that design is (the same day or the day after)."""
    assert make_plan(DEFAULT_WEEKS) == default_plan(DEFAULT_WEEKS)
    assert default_plan(DEFAULT_WEEKS).day_after
    # an explicit design keeps the same-day test, so the history tables measure what they name
    assert not make_plan(8, 2, 0).day_after


@pytest.mark.parametrize("world", ["S0f", ISSUE_WORLD])
def test_the_prototype_of_section_6_8_gives_the_app_s_p_values(world: str) -> None:
    """Table 6.8 was measured with the prototype ``_same_and_next_day``: on the same schedules
    its "same day or day after" p-value is the app's p-value for a day-after plan, with and
    without an effect, kept and in real life."""
    plan = default_plan(4)
    rng = np.random.default_rng(68)
    for y in diaries(world, plan.days, 4, rng):
        for rr, real in ((1.0, True), (2.0, False), (2.0, True)):
            t = run_trial(plan, rr, rng, y, real=real)
            ref = rng.random((99, pair_count(plan))) < 0.5
            ours = _same_and_next_day(plan, t, ref)["same day or day after"]
            app = p_value(pair_data_from_counts(plan, t.orders, t.y), Reference(ref, False))
            assert ours == pytest.approx(app, abs=1e-12)


def test_a_same_day_halving_shows_reversed_in_the_day_after_ratio() -> None:
    """The echo of §8: with 1-day blocks most days after a changed day are usual days, so a
    change that halves twitching on the same day only makes the days after changed days show
    more twitches than the days after usual days (about 1.4 times), and the other way round."""
    plan = default_plan(16)
    rng = np.random.default_rng(8)
    same = [
        echo_ratio(plan, run_trial(plan, 2.0, rng, y, real=False, next_day=False), next_day=True)
        for y in diaries(ISSUE_WORLD, plan.days, 40, rng)
    ]
    after = [
        echo_ratio(plan, run_trial(plan, 2.0, rng, y, real=False, next_day=True), next_day=False)
        for y in diaries(ISSUE_WORLD, plan.days, 40, rng)
    ]
    assert 1.2 < float(np.median(same)) < 1.6
    assert 1.2 < float(np.median(after)) < 1.6
