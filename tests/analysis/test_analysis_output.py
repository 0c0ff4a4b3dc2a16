"""analyze end to end: JSON shape and null-ness, text summary, verdicts, imports, speed."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

import numpy as np
import pytest

from tests.analysis.simulator import SCENARIOS, Scenario, simulate
from twitchlog.analysis import Verdict, analyze, format_text, to_json
from twitchlog.analysis.factors import decide
from twitchlog.analysis.model import Interval
from twitchlog.domain.models import FACTOR_FIELDS

FACTOR_KEYS = {
    "factor",
    "unit",
    "analysable_days",
    "verdict",
    "p",
    "p_adjusted",
    "rr_same_day",
    "rr_previous_day",
    "rr_two_day",
    "higher_days",
    "lower_days",
    "reason",
    "sentence",
}


def test_importing_the_package_loads_no_numpy_or_scipy() -> None:
    code = (
        "import sys, twitchlog.analysis as a; "
        "bad = [m for m in sys.modules if m.split('.')[0] in ('numpy', 'scipy')]; "
        "print(','.join(bad))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


@pytest.mark.parametrize(("scenario", "days"), [("S0", 20), ("S1", 75), ("S3", 400)])
def test_json_shape_is_valid_and_complete(scenario: str, days: int) -> None:
    a = analyze(simulate(SCENARIOS[scenario], days, np.random.default_rng(days)).journal)
    text = json.dumps(to_json(a), allow_nan=False)  # raises on NaN or infinity
    out: Any = json.loads(text)
    assert out == to_json(a)
    assert out["format"] == "twitchlog.analysis/1"
    assert set(out["period"]) >= {"from", "to", "calendar_days", "checked_in_days"}
    assert out["period"]["analysable_days"] == a.period.analysable_days
    assert out["period"]["calendar_days"] == days
    assert out["stage"] in {"too_early", "early_look", "normal"}
    summary = out["summary"]
    assert set(summary["episodes_per_day"]) == {"mean", "median", "q1", "q3"}
    factors = out["factors"]
    assert isinstance(factors, list)
    assert [f["factor"] for f in factors][: len(FACTOR_FIELDS)] == list(FACTOR_FIELDS)
    assert all(f["factor"] == "med:magnesium" for f in factors[len(FACTOR_FIELDS) :])
    for f in factors:
        assert set(f) >= FACTOR_KEYS
        gated = f["verdict"] == "not_enough_data"
        assert (f["reason"] is not None) == gated
        for key in ("p", "p_adjusted", "rr_same_day", "rr_previous_day", "rr_two_day"):
            assert (f[key] is None) == gated, (f["factor"], key)
        if not gated:
            assert set(f["rr_two_day"]) == {"value", "low", "high"}
            assert f["rr_two_day"]["low"] <= f["rr_two_day"]["value"] <= f["rr_two_day"]["high"]
            assert 0 <= f["p"] <= f["p_adjusted"] <= 1
    assert f["unit"] == "on vs off" or f["factor"] != "med:magnesium"
    if days < 30:
        assert summary["trend_rr_per_30_days"] is None
    if days >= 400:  # 315 usable days >= 10 x 26 parameters: the adjusted model ran
        adjusted = out["adjusted"]
        assert adjusted["analysable_days"] >= 10 * adjusted["parameters"]
        tested = {f["factor"] for f in factors if f["p"] is not None}
        assert {f["factor"] for f in adjusted["factors"]} == tested
        for f in adjusted["factors"]:
            assert set(f) == {"factor", "p", "p_adjusted", "rr_two_day"}
    else:
        assert out["adjusted"] is None


def test_units_are_the_reporting_units() -> None:
    a = analyze(simulate(SCENARIOS["S0"], 60, np.random.default_rng(0)).journal)
    units = {f.factor: f.unit for f in a.factors}
    assert units["caffeine_mg"] == "per 100 mg"
    assert units["stress"] == "per 2 points"
    assert units["cigarettes"] == "per 5 cigarettes"
    assert units["exercise_min"] == "per 30 min"
    assert units["water_l"] == "per 0.5 L"
    assert units["alcohol_drinks"] == "per 2 drinks"
    assert units["sleep_h"] == "per hour of sleep below 7 h"


def test_rate_ratio_is_per_unit() -> None:
    # RR per 100 mg must equal exp(100 * b): compare with a person whose caffeine is in grams
    a = analyze(simulate(SCENARIOS["S3"], 365, np.random.default_rng(8)).journal)
    caf = next(f for f in a.factors if f.factor == "caffeine_mg")
    assert caf.rr_previous_day is not None and caf.rr_two_day is not None
    assert caf.verdict is Verdict.PATTERN
    assert 1.1 < caf.rr_previous_day.value < 1.6  # planted 1.30 per 100 mg on the day before
    assert caf.dominant_lag == 1
    assert caf.rr_previous_day.low < caf.rr_previous_day.value < caf.rr_previous_day.high


def test_decide_uses_bh_level_then_equivalence() -> None:
    inside = Interval(1.0, 0.92, 1.10)
    assert decide(0.05, inside) is Verdict.PATTERN
    assert decide(0.051, inside) is Verdict.NO_BIG_DIFFERENCE
    assert decide(0.5, Interval(1.0, 0.89, 1.05)) is Verdict.CANT_TELL
    assert decide(0.5, Interval(1.0, 0.95, 1.12)) is Verdict.CANT_TELL


def test_long_null_diary_reaches_no_big_difference() -> None:
    quiet = Scenario("quiet", sigma_u=0.0, phi_u=0.0, season=False)
    a = analyze(simulate(quiet, 3000, np.random.default_rng(5)).journal)
    verdicts = {f.factor: f.verdict for f in a.factors}
    assert verdicts["water_l"] is Verdict.NO_BIG_DIFFERENCE
    water = next(f for f in a.factors if f.factor == "water_l")
    assert water.rr_two_day_90 is not None
    assert water.rr_two_day_90.low >= 0.90 and water.rr_two_day_90.high <= 1.11


def test_text_summary_orders_patterns_first_and_ends_with_the_footer() -> None:
    a = analyze(simulate(SCENARIOS["S3"], 365, np.random.default_rng(8)).journal)
    text = format_text(a)
    lines = text.splitlines()
    assert lines[0].startswith("Period 2025-01-06 to 2026-01-05:")
    assert "days logged" in lines[0]
    assert lines[1] == a.stage_text
    assert lines[2].startswith("Episodes per logged day: ")
    assert lines[3].startswith("Trend:")
    assert (
        text.index("Patterns found:")
        < text.index("Can't tell yet:")
        < text.index("Not enough data yet:")
    )
    assert lines[-1] == a.footer
    assert "8 factors were checked" in a.footer


def test_twenty_years_are_analysed_with_the_adjusted_model() -> None:
    """A 20-year diary works end to end (its speed is measured in tests/perf, not here)."""
    journal = simulate(SCENARIOS["S2"], 7300, np.random.default_rng(20)).journal
    a = analyze(journal)
    assert a.period.calendar_days == 7300
    assert a.adjusted is not None
    caffeine = next(f for f in a.factors if f.factor == "caffeine_mg")
    assert caffeine.verdict.value == "pattern"


def test_text_gives_one_line_for_factors_held_back_for_the_same_reason() -> None:
    a = analyze(simulate(SCENARIOS["S0"], 25, np.random.default_rng(1)).journal)
    text = format_text(a)
    grouped = [line for line in text.splitlines() if "caffeine, short sleep" in line]
    assert len(grouped) == 1
    assert grouped[0].startswith("- Not enough data to check caffeine, short sleep, stress")
    assert "magnesium yet: patterns need at least 28 days" in grouped[0]
    # sleep quality and screen time (never logged) share the second line
    assert text.count("Not enough data to check") == 2
    assert "check sleep quality and screen time yet: not logged in this period." in text
