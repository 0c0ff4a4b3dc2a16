"""Rate-ratio intervals are 95 % (and 90 %) t intervals, checked against scipy.stats.

Hand mutation that the rest of the suite let through: the "95 %" interval built with the
90 % quantile (too narrow, so too confident).
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats

from twitchlog.analysis.factors import FactorTest, effects


def test_same_day_interval_is_a_95_percent_t_interval() -> None:
    b = np.array([0.2, -0.1])
    V = np.array([[0.01, 0.002], [0.002, 0.04]])
    test = FactorTest(60, 0.03, b, V, 55, 1.0, False)
    eff = effects(test, 1.0)
    t95 = stats.t.ppf(0.975, 55)
    t90 = stats.t.ppf(0.95, 55)
    assert eff.same_day.value == pytest.approx(math.exp(0.2))
    assert eff.same_day.low == pytest.approx(math.exp(0.2 - t95 * 0.1))
    assert eff.same_day.high == pytest.approx(math.exp(0.2 + t95 * 0.1))
    assert eff.previous_day.low == pytest.approx(math.exp(-0.1 - t95 * 0.2))
    se_sum = math.sqrt(0.01 + 0.04 + 2 * 0.002)
    assert eff.two_day.low == pytest.approx(math.exp(0.1 - t95 * se_sum))
    assert eff.two_day_90.low == pytest.approx(math.exp(0.1 - t90 * se_sum))
