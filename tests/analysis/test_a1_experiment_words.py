"""Regression tests from the A1 attack on the self-experiment result's words."""

from __future__ import annotations

import numpy as np

from tests.analysis.experiment_tables import make_plan
from twitchlog.analysis.experiment import analyse_experiment, observed_days, result_sentences
from twitchlog.domain.experiment import pair_count


def _orders(plan_pairs: int) -> list[bool]:
    rng = np.random.default_rng(7)
    return [bool(o) for o in rng.random(plan_pairs) < 0.5]


def test_a1_a_range_of_no_change_is_not_0_pct_to_0_pct_more() -> None:
    """Every day with the same count gives an interval of exactly 1: the words said
    "plausible range 0 % to 0 % more", which reads as a change in one direction."""
    plan = make_plan(8)
    orders = _orders(pair_count(plan))
    y = np.full(plan.days, 3.0)
    text = " ".join(result_sentences(analyse_experiment(plan, observed_days(plan, orders, y))))
    assert "0 % to 0 %" not in text
    assert "plausible range less than 1 % either way" in text

