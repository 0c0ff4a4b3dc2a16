"""Issue 16 "No peeking": ``analyze`` holds back the factor of a running experiment (a
built-in or a medicine tested on and off) and leaves it out of the Benjamini-Hochberg family."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import numpy as np

from tests.analysis.journals import START, journal
from twitchlog.analysis import analyze
from twitchlog.domain.models import HeldBack, JournalSlice, Medication

DAYS = 40


def _diary() -> JournalSlice:
    """40 checked-in days with caffeine and stress logged and magnesium taken from day 20."""
    counts: list[int | None] = [2 + (i * 7) % 5 for i in range(DAYS)]
    data = journal(
        counts,
        {
            "caffeine_mg": [float(50 * (i % 4)) for i in range(DAYS)],
            "stress": [float(i % 6) for i in range(DAYS)],
        },
    )
    med = Medication(id="m1", name="Magnesium", start=START + timedelta(days=20))
    return replace(data, medications=(med,))


def test_a8_a_builtin_under_test_is_left_out_of_the_family() -> None:
    """Caffeine under a running experiment: not among the findings, one line instead, and
    one test fewer in the family (the other factors are corrected among themselves)."""
    plain = analyze(_diary())
    held = analyze(
        replace(_diary(), held_back=(HeldBack("caffeine_mg", "caffeine", date(2026, 12, 30)),))
    )
    assert any(f.factor == "caffeine_mg" for f in plain.factors)
    assert all(f.factor != "caffeine_mg" for f in held.factors)
    assert held.held_back == (
        "Caffeine: held back while your caffeine experiment runs (until 2026-12-30), so the "
        "comparison cannot sway it.",
    )
    assert held.tested_factors == plain.tested_factors - 1
    assert plain.held_back == ()


def test_a8_a_medicine_under_test_is_held_back_whatever_its_case() -> None:
    """``med:magnesium`` (stored casefolded) holds back the analysis's ``med:Magnesium``."""
    held = analyze(
        replace(_diary(), held_back=(HeldBack("med:magnesium", "Magnesium", date(2026, 12, 30)),))
    )
    assert all(not f.factor.startswith("med:") for f in held.factors)
    assert any(f.factor == "caffeine_mg" for f in held.factors)
    assert len(held.held_back) == 1 and "your Magnesium experiment runs" in held.held_back[0]


def test_a8_no_other_factor_offers_an_experiment_while_one_runs() -> None:
    """Only one experiment can run: while caffeine's runs, a stress pattern said "A randomized
    stress experiment could tell you more ... twitchlog experiment start stress", a command
    that would be refused. Without a running experiment the hint is there."""
    days = 90
    levels = [(i * 5) % 7 for i in range(days)]
    stress: list[float | None] = [float(s) for s in levels]
    counts: list[int | None] = [1 + int(s * 1.5) + (i % 2) for i, s in enumerate(levels)]
    data = journal(
        counts,
        {"caffeine_mg": [float(50 * (i % 4)) for i in range(days)], "stress": stress},
    )
    plain = analyze(data)
    (found,) = [f for f in plain.factors if f.factor == "stress"]
    assert found.verdict.value == "pattern" and "experiment start" in found.sentence
    held = analyze(
        replace(data, held_back=(HeldBack("caffeine_mg", "caffeine", date(2026, 12, 30)),))
    )
    (found,) = [f for f in held.factors if f.factor == "stress"]
    assert found.verdict.value == "pattern"
    assert all("experiment" not in f.sentence for f in held.factors)


def test_a8_two_level_factor_with_most_days_at_the_top_is_tested() -> None:
    """After an experiment with 300 mg on 22 days and 50 mg on 18 (most days at the top,
    median 300), the gate said "not enough data ... (you have 0 and 40)": no day is *above*
    the median. The tied days count as "more" when that makes the split more even."""
    days = 40
    mg = [300.0 if i % 9 not in (0, 2, 4, 6) else 50.0 for i in range(days)]
    assert mg.count(300.0) > days / 2
    counts: list[int | None] = [(5 if v > 100 else 2) + (i * 7) % 4 for i, v in enumerate(mg)]
    data = journal(counts, {"caffeine_mg": list[float | None](mg)})
    (caffeine,) = [f for f in analyze(data).factors if f.factor == "caffeine_mg"]
    assert "you have 0 and" not in (caffeine.reason or ""), caffeine.reason
    assert caffeine.verdict.value != "not_enough_data", caffeine.reason


def test_a8_a_factor_mostly_zero_keeps_the_strict_split() -> None:
    """Most days at zero (median 0): only the days above zero are "more", as before."""
    from twitchlog.analysis.factors import higher_days

    values = np.array([0.0] * 30 + [1.0, 2.0] * 6)
    assert int(np.sum(higher_days(values))) == 12
    tied_top = np.array([50.0] * 18 + [300.0] * 22)
    assert int(np.sum(higher_days(tied_top))) == 22
    assert int(np.sum(higher_days(np.array([100.0, 200.0, 200.0, 300.0])))) == 1
