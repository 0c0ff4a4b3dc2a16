"""Issue 16 "No peeking": ``analyze`` holds back the factor of a running experiment (a
built-in or a medicine tested on and off) and leaves it out of the Benjamini-Hochberg family."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

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
