"""Gates (docs/analysis.md §4), stages and what analyze says below and above them."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import timedelta

import numpy as np
import pytest

from tests.analysis.journals import START, journal
from tests.analysis.simulator import MED_NAME, SCENARIOS, simulate
from twitchlog.analysis import Stage, Verdict, analyze, to_json
from twitchlog.analysis.pipeline import stage_for
from twitchlog.domain.models import JournalSlice, Medication


def _person(days: int, seed: int = 4, scenario: str = "S1") -> JournalSlice:
    return simulate(SCENARIOS[scenario], days, np.random.default_rng(seed)).journal


def _factor(data: JournalSlice, key: str) -> dict[str, object]:
    factors = to_json(analyze(data))["factors"]
    assert isinstance(factors, list)
    return next(f for f in factors if f["factor"] == key)


@pytest.mark.parametrize(
    ("days", "stage"),
    [(0, "too_early"), (27, "too_early"), (28, "early_look"), (89, "early_look"), (90, "normal")],
)
def test_stage_thresholds(days: int, stage: str) -> None:
    assert stage_for(days).value == stage


def test_too_early_gates_every_factor_and_withholds_statistics() -> None:
    a = analyze(_person(30))
    assert a.stage is Stage.TOO_EARLY
    assert a.period.analysable_days < 28
    assert all(f.verdict is Verdict.NOT_ENOUGH_DATA for f in a.factors)
    out = to_json(a)
    factors = out["factors"]
    assert isinstance(factors, list)
    for f in factors:
        for key in ("p", "p_adjusted", "rr_same_day", "rr_previous_day", "rr_two_day"):
            assert f[key] is None, (f["factor"], key)
        assert f["reason"]
        assert f["higher_days"] is not None  # descriptives are always shown
    caffeine = next(f for f in factors if f["factor"] == "caffeine_mg")
    assert "at least 28" in caffeine["reason"]
    assert a.summary.episodes_per_day_mean is not None
    assert "month" in a.stage_text
    assert a.footer.endswith("No factor could be checked yet.")


def test_early_look_runs_the_tests() -> None:
    a = analyze(_person(60))
    assert a.stage is Stage.EARLY_LOOK
    assert any(f.p is not None for f in a.factors)
    assert "Early look" in a.stage_text


def test_factor_nobody_logged_says_so() -> None:
    f = _factor(_person(120), "screen_h")
    assert f["verdict"] == "not_enough_data"
    assert f["reason"] == "not logged in this period"
    assert f["higher_days"] == {"days": 0, "episodes_per_day": None}


def test_too_few_days_with_the_factor() -> None:
    n = 120
    counts: list[int | None] = [3] * n
    caffeine: list[float | None] = [None] * n
    for i in range(100, 120):  # only 20 days of caffeine
        caffeine[i] = float(100 + 50 * (i % 3))
    f = _factor(journal(counts, {"caffeine_mg": caffeine}), "caffeine_mg")
    assert f["verdict"] == "not_enough_data"
    assert f["analysable_days"] == 19
    assert "(you have 19)" in str(f["reason"])


def test_factor_without_variation_is_gated() -> None:
    n = 100
    rng = np.random.default_rng(0)
    counts: list[int | None] = [int(c) for c in rng.poisson(3, n)]
    constant: list[float | None] = [200.0] * n
    f = _factor(journal(counts, {"caffeine_mg": constant}), "caffeine_mg")
    assert f["verdict"] == "not_enough_data"
    assert "more and 10 with less caffeine" in str(f["reason"])
    assert f["p"] is None


def _with_medicine(data: JournalSlice, blocks: list[tuple[int, int]]) -> JournalSlice:
    meds = tuple(
        Medication(
            id=f"m{i}",
            name=MED_NAME,
            start=data.start + timedelta(days=a),
            stop=data.start + timedelta(days=b),
        )
        for i, (a, b) in enumerate(blocks)
    )
    return replace(data, medications=meds)


def test_medicine_with_too_few_switches_is_gated() -> None:
    data = _with_medicine(_person(180), [(40, 100)])  # on once: 2 switches
    f = _factor(data, "med:" + MED_NAME)
    assert f["verdict"] == "not_enough_data"
    assert "at least 4 switches" in str(f["reason"])
    assert "(you have 2)" in str(f["reason"])


def test_medicine_with_too_few_days_on_is_gated() -> None:
    data = _with_medicine(_person(180), [(10, 12), (50, 52), (90, 91)])  # 6 switches, 8 days
    f = _factor(data, "med:" + MED_NAME)
    assert f["verdict"] == "not_enough_data"
    assert "taking it" in str(f["reason"])


def test_medicine_with_enough_switches_is_tested() -> None:
    data = _with_medicine(_person(180), [(10, 40), (70, 100), (130, 160)])
    f = _factor(data, "med:" + MED_NAME)
    assert f["verdict"] != "not_enough_data"
    assert f["p"] is not None
    assert f["higher_days"]["days"] > 50  # type: ignore[index]


def test_missing_days_are_not_counted_as_twitch_free() -> None:
    a = analyze(journal([2, None, None, 4, 0]))
    assert a.summary.episodes_per_day_mean == pytest.approx(2.0)
    assert a.summary.twitch_free_share == pytest.approx(1 / 3)
    assert a.period.logged_days == 3
    assert a.period.longest_gap_days == 2


def test_adjusted_model_needs_ten_days_per_parameter() -> None:
    short = analyze(_person(180))
    assert short.adjusted is None
    found = re.search(r"needs about (\d+) usable days .*you have (\d+)", short.adjusted_note)
    assert found is not None, short.adjusted_note
    assert int(found[1]) % 10 == 0 and int(found[1]) > int(found[2])
    long = analyze(_person(1500, scenario="S3"))
    assert long.adjusted is not None
    assert long.adjusted.analysable_days >= 10 * long.adjusted.parameters
    assert {f.factor for f in long.adjusted.factors} == {
        f.factor for f in long.factors if f.p is not None
    }
    caffeine = next(f for f in long.factors if f.factor == "caffeine_mg")
    assert caffeine.verdict is Verdict.PATTERN
    assert caffeine.adjusted_holds is True
    assert "still shows" in caffeine.sentence


def test_start_is_inclusive_and_empty_period_works() -> None:
    a = analyze(JournalSlice(START, START, (), (), ()))
    assert a.period.calendar_days == 1
    assert a.period.logged_days == 0
    assert a.summary.episodes_per_day_mean is None
    assert a.stage is Stage.TOO_EARLY
