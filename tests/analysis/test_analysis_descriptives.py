"""Descriptives: "higher" days are above the median, and no data is None, never 0.

Hand mutations of ``analysis/descriptives.py`` that the rest of the suite let through.
"""

from __future__ import annotations

import numpy as np

from twitchlog.analysis.descriptives import median_of, split_means, twitch_free_share

NAN = float("nan")


def test_higher_days_are_strictly_above_the_median() -> None:
    """Caffeine 100, 200, 200, 300 (median 200): only the 300 day is "higher"; the two
    median days count as "lower", as the report's "at or below your usual" says."""
    y = np.array([1.0, 2.0, 3.0, 8.0])
    x = np.array([100.0, 200.0, 200.0, 300.0])
    higher, lower = split_means(y, x, binary=False)
    assert (higher.days, higher.episodes_per_day) == (1, 8.0)
    assert (lower.days, lower.episodes_per_day) == (3, 2.0)


def test_no_logged_day_gives_none_not_zero() -> None:
    """Without a logged day there is no twitch-free share and no median (not 0 or 0 %)."""
    nothing = np.array([NAN, NAN, NAN])
    assert twitch_free_share(nothing) is None
    assert median_of(nothing) is None
    assert twitch_free_share(np.array([NAN, 0.0, 2.0])) == 0.5
    assert median_of(np.array([NAN, 0.0, 4.0])) == 2.0
