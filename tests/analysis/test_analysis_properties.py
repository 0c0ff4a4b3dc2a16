"""Property tests: any journal, however sparse or odd, gives a consistent, valid analysis."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import timedelta

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.analysis.journals import START, journal
from twitchlog.analysis import Verdict, analyze, to_json
from twitchlog.analysis.series import build_series
from twitchlog.domain.models import Medication

counts_strategy = st.lists(st.one_of(st.none(), st.integers(0, 8)), min_size=1, max_size=90)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    counts=counts_strategy,
    caffeine=st.lists(
        st.one_of(st.none(), st.sampled_from([0.0, 100.0, 250.0])), min_size=90, max_size=90
    ),
    med_start=st.integers(0, 89),
    med_len=st.integers(0, 60),
)
def test_any_journal_gives_a_valid_analysis(
    counts: list[int | None], caffeine: list[float | None], med_start: int, med_len: int
) -> None:
    n = len(counts)
    data = journal(counts, {"caffeine_mg": caffeine[:n]})
    med = Medication(
        id="m",
        name="magnesium",
        start=START + timedelta(days=med_start),
        stop=START + timedelta(days=med_start + med_len),
    )
    data = replace(data, medications=(med,))
    a = analyze(data)
    json.dumps(to_json(a), allow_nan=False)
    assert a.period.logged_days == sum(c is not None for c in counts)
    assert a.period.analysable_days <= a.period.logged_days
    for f in a.factors:
        gated = f.verdict is Verdict.NOT_ENOUGH_DATA
        assert (f.p is None) == gated
        assert (f.reason is None) != gated
        assert f.sentence
        assert f.higher.days + f.lower.days <= a.period.logged_days


@settings(max_examples=100, deadline=None)
@given(counts=counts_strategy)
def test_missing_exactly_where_nothing_was_logged(counts: list[int | None]) -> None:
    y = build_series(journal(counts)).y
    for value, c in zip(y, counts, strict=True):
        if c is None:
            assert np.isnan(value)
        else:
            assert value == c
