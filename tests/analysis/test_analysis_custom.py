"""The person's own factors in the analysis: series by the tags rule, units, one BH family."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, timedelta

import numpy as np
import pytest

from tests.analysis.simulator import COLD, CUSTOM_DEFS, SCENARIOS, simulate
from twitchlog.analysis import Verdict, analyze
from twitchlog.analysis.glm import benjamini_hochberg
from twitchlog.analysis.series import build_series
from twitchlog.analysis.specs import custom_spec, number_step
from twitchlog.analysis.wording import FORBIDDEN_WORDS
from twitchlog.domain.factors import FactorKind, custom_factor
from twitchlog.domain.models import DayLog, JournalSlice

START = date(2025, 3, 1)
COLD_DEF = custom_factor("c1", "cold", FactorKind.TAG, created_on=START + timedelta(days=1))
ANXIETY = custom_factor("a1", "anxiety", FactorKind.SCALE, low=0, high=10)
MAG_FOOD = custom_factor("m1", "magnesium food", FactorKind.NUMBER, high=10, unit="servings")


def _slice(days: list[DayLog], *factors: object) -> JournalSlice:
    return JournalSlice(
        start=START,
        end=START + timedelta(days=9),
        days=tuple(days),
        episode_days=(),
        medications=(),
        custom_factors=tuple(factors),  # type: ignore[arg-type]
    )


def test_a_tag_is_no_only_on_days_marked_tags_complete_after_it_existed() -> None:
    d = [START + timedelta(days=i) for i in range(5)]
    days = [
        DayLog(day=d[0], checked_in=True, tags_complete=True),  # before the tag existed
        DayLog(day=d[1], checked_in=True, custom={"c1": 1.0}),  # tagged
        DayLog(day=d[2], checked_in=True, tags_complete=True),  # complete, not tagged: no
        DayLog(day=d[3], checked_in=True),  # not marked complete: unknown
        DayLog(day=d[4], checked_in=True, custom={"c1": 0.0}),  # explicitly untagged
    ]
    x = build_series(_slice(days, COLD_DEF)).factors["factor:c1"]
    assert np.isnan(x[0])
    assert x[1] == 1.0
    assert x[2] == 0.0
    assert np.isnan(x[3])
    assert x[4] == 0.0
    assert np.all(np.isnan(x[5:]))  # days without a day log stay missing


def test_own_values_are_missing_where_not_logged_never_zero() -> None:
    days = [
        DayLog(day=START, checked_in=True, custom={"a1": 6.0}),
        DayLog(day=START + timedelta(days=1), checked_in=True),
    ]
    x = build_series(_slice(days, ANXIETY)).factors["factor:a1"]
    assert x[0] == 6.0
    assert np.isnan(x[1])


def test_units_scale_per_2_points_tag_with_versus_without_number_per_step() -> None:
    assert custom_spec(ANXIETY).unit == "per 2 points"
    assert custom_spec(ANXIETY).unit_size == 2.0
    assert "per 2 extra points of anxiety" in custom_spec(ANXIETY).per_unit
    tag = custom_spec(COLD_DEF)
    assert tag.binary and tag.unit == "with vs without"
    assert tag.per_unit == "on days tagged \u201ccold\u201d compared with other days"
    assert custom_spec(MAG_FOOD, 2.0).unit == "per 2 servings"
    assert custom_spec(MAG_FOOD, 2.0).per_unit == "per 2 more servings of magnesium food"
    assert custom_spec(MAG_FOOD, 1.0).unit == "per 1 serving"


@pytest.mark.parametrize(
    ("values", "whole", "step"),
    [
        ([0, 1, 2, 3, 4, 5], True, 1.0),  # SD 1.9
        ([0, 3, 6, 9, 12], True, 2.0),  # SD 4.7
        ([1000, 4000, 7000, 10000, 13000], False, 2000.0),  # SD 4743
        ([0.1, 0.3, 0.2, 0.5], False, 0.1),  # SD 0.17
        ([0.1, 0.2, 0.3], True, 1.0),  # whole numbers never go below 1
        ([4, 4, 4], True, 1.0),  # no spread yet
        ([4], False, 1.0),
    ],
)
def test_number_step_comes_from_the_spread(values: list[float], whole: bool, step: float) -> None:
    assert number_step(values, whole) == step


def test_the_step_of_a_number_is_said_in_its_sentence() -> None:
    person = simulate(SCENARIOS["C0"], 180, np.random.default_rng(3))
    steps = next(f for f in analyze(person.journal).factors if f.factor == "factor:steps-0")
    assert steps.unit == "per 2 thousand"  # steps drawn with SD 3 (thousand)
    assert "per 2 more thousand of steps" in steps.sentence


def test_own_factors_join_the_one_benjamini_hochberg_family() -> None:
    person = simulate(SCENARIOS["C0"], 365, np.random.default_rng(8))
    a = analyze(person.journal)
    keys = [f.factor for f in a.factors]
    assert keys[9:15] == ["factor:" + f.key for f in CUSTOM_DEFS]  # after the nine built-ins
    assert keys[-1] == "med:magnesium"
    tested = [f for f in a.factors if f.p is not None]
    assert len(tested) == 16
    assert "16 factors" in a.footer
    q = benjamini_hochberg(np.array([f.p for f in tested]))
    assert [f.p_adjusted for f in tested] == pytest.approx(list(q))


def test_planted_tag_is_a_pattern_worded_with_versus_without() -> None:
    person = simulate(SCENARIOS["CT"], 365, np.random.default_rng(5))
    cold = next(f for f in analyze(person.journal).factors if f.factor == COLD)
    assert cold.verdict is Verdict.PATTERN
    assert cold.label == "cold"
    assert cold.unit == "with vs without"
    assert cold.higher.days == cold.logged_days  # same-day comparison: tagged days
    sentence = cold.sentence
    assert sentence.startswith("On days tagged \u201ccold\u201d you logged more twitches")
    assert "compared with other days" in sentence
    lowered = sentence.lower()
    assert not [w for w in FORBIDDEN_WORDS if w in lowered]
    assert "nan" not in re.findall(r"[a-z]+", lowered)


def test_a_rare_tag_is_held_back_with_tag_words() -> None:
    person = simulate(SCENARIOS["C0"], 180, np.random.default_rng(2))
    days = tuple(replace(d, custom={}) for d in person.journal.days)
    a = analyze(replace(person.journal, days=days))
    cold = next(f for f in a.factors if f.factor == COLD)
    assert cold.verdict is Verdict.NOT_ENOUGH_DATA
    assert cold.reason == "no day in this period is tagged \u201ccold\u201d"
    few = tuple(
        replace(d, custom={"cold-0": 1.0}) if i % 40 == 0 else d for i, d in enumerate(days)
    )
    cold = next(f for f in analyze(replace(person.journal, days=few)).factors if f.factor == COLD)
    assert cold.reason is not None
    assert cold.reason.startswith("we need at least 10 usable days with the tag and 10 without")


def test_a_retired_factor_is_analysed_only_when_it_has_values_in_the_period() -> None:
    person = simulate(SCENARIOS["C0"], 90, np.random.default_rng(4))
    retired = tuple(replace(f, retired_on=START) for f in CUSTOM_DEFS)
    with_values = analyze(replace(person.journal, custom_factors=retired))
    assert sum(f.factor.startswith("factor:") for f in with_values.factors) == 6
    days = tuple(replace(d, custom={}, tags_complete=False) for d in person.journal.days)
    without = analyze(replace(person.journal, custom_factors=retired, days=days))
    assert not [f for f in without.factors if f.factor.startswith("factor:")]
    active = analyze(replace(person.journal, days=days))
    assert sum(f.factor.startswith("factor:") for f in active.factors) == 6
    assert all(
        f.verdict is Verdict.NOT_ENOUGH_DATA for f in active.factors if f.factor[:7] == "factor:"
    )
