"""Daily series: missing versus zero, check-ins, calendar lags across gaps, rolling means."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np

from tests.analysis.journals import START, journal
from twitchlog.analysis.design import outcome_terms, rows_with
from twitchlog.analysis.series import (
    build_series,
    lag1,
    longest_gap,
    mean_previous_7,
    model_value,
)
from twitchlog.domain.models import DayLog, EpisodeDayStats, JournalSlice, Medication


def test_not_logged_is_missing_and_checked_in_without_episodes_is_zero() -> None:
    s = build_series(journal([0, None, 3]))
    assert s.y[0] == 0.0
    assert np.isnan(s.y[1])
    assert s.y[2] == 3.0
    assert s.logged.tolist() == [True, False, True]


def test_day_with_episodes_counts_as_logged_without_check_in() -> None:
    data = JournalSlice(
        start=START,
        end=START + timedelta(days=2),
        days=(DayLog(day=START, caffeine_mg=100.0),),  # factor logged, no check-in
        episode_days=(EpisodeDayStats(day=START + timedelta(days=1), episodes=2),),
        medications=(),
    )
    s = build_series(data)
    assert np.isnan(s.y[0])  # a factor alone is not a check-in: the count stays unknown
    assert s.y[1] == 2.0
    assert np.isnan(s.y[2])
    assert s.factors["caffeine_mg"][0] == 100.0
    assert np.isnan(s.factors["caffeine_mg"][1])  # not logged is not zero
    assert s.checked_in.sum() == 0


def test_days_outside_the_period_are_ignored() -> None:
    data = JournalSlice(
        start=START,
        end=START,
        days=(DayLog(day=START - timedelta(days=1), checked_in=True),),
        episode_days=(EpisodeDayStats(day=START + timedelta(days=3), episodes=5),),
        medications=(),
    )
    s = build_series(data)
    assert s.n == 1
    assert np.isnan(s.y[0])


def test_lags_follow_the_calendar_not_the_rows() -> None:
    # day 2 is missing: day 3's previous-day value must be missing, not day 1's value
    s = build_series(journal([1, 2, None, 4], {"stress": [5, 6, None, 8]}))
    lagged = lag1(s.factors["stress"])
    assert np.isnan(lagged[0])
    assert lagged[1] == 5
    assert lagged[2] == 6
    assert np.isnan(lagged[3])  # day 2 was not logged; day 1's value must not slide in
    terms = outcome_terms(s.y)
    assert terms.usable.tolist() == [False, True, False, False]


def test_mean_of_previous_seven_days_skips_missing_days() -> None:
    y = np.array([1.0, np.nan, 3.0, 5.0, np.nan, np.nan, np.nan, np.nan, np.nan, np.nan, 7.0])
    m = mean_previous_7(y)
    assert np.isnan(m[0])
    assert m[1] == 1.0
    assert m[3] == 2.0  # (1 + 3) / 2
    assert m[7] == 3.0  # days 0..6: 1, 3, 5
    assert m[8] == 4.0  # days 1..7: 3, 5
    assert m[10] == 5.0  # days 3..9: only day 3 is logged


def test_mean_previous_7_matches_a_loop() -> None:
    rng = np.random.default_rng(3)
    y = rng.poisson(3, 400).astype(float)
    y[rng.random(400) < 0.3] = np.nan
    fast = mean_previous_7(y)
    for t in range(400):
        window = y[max(0, t - 7) : t]
        window = window[~np.isnan(window)]
        if window.size:
            assert abs(fast[t] - window.mean()) < 1e-12
        else:
            assert np.isnan(fast[t])


def test_rows_need_factor_today_and_yesterday() -> None:
    s = build_series(journal([1, 2, 3, 4], {"caffeine_mg": [100, None, 200, 300]}))
    terms = outcome_terms(s.y)
    x = s.factors["caffeine_mg"]
    rows = rows_with(terms, [x, lag1(x)])
    assert rows.tolist() == [3]


def test_sleep_enters_as_sleep_debt() -> None:
    out = model_value("sleep_h", np.array([5.0, 7.0, 9.0, np.nan]))
    assert out[:3].tolist() == [2.0, 0.0, 0.0]
    assert np.isnan(out[3])
    caf = np.array([100.0, np.nan])
    assert model_value("caffeine_mg", caf) is caf


def test_medicines_become_on_off_series_by_name() -> None:
    meds = (
        Medication(
            id="a",
            name="magnesium",
            start=START + timedelta(days=1),
            stop=START + timedelta(days=2),
        ),
        Medication(id="b", name="magnesium", start=START + timedelta(days=4)),
        Medication(id="c", name="vitamin D", start=date(2020, 1, 1), stop=date(2020, 2, 1)),
    )
    data = JournalSlice(START, START + timedelta(days=5), (), (), meds)
    s = build_series(data)
    assert s.factors["med:magnesium"].tolist() == [0, 1, 1, 0, 1, 1]
    assert s.factors["med:vitamin D"].tolist() == [0] * 6


def test_longest_gap() -> None:
    logged = np.array([True, False, False, True, False, False, False, True])
    assert longest_gap(logged) == 3
    assert longest_gap(np.array([True, True])) == 0
    assert longest_gap(np.array([False, False])) == 2
