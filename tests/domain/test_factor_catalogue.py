"""The factor catalogue: built-ins as entries, custom definitions, values and the tag rule."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from twitchlog.domain.errors import ValidationError
from twitchlog.domain.factors import (
    BUILTIN_FACTORS,
    FactorKind,
    builtin_factor,
    check_factor_value,
    custom_factor,
    factor_value,
    find_factor,
    parse_factor_value,
    rename,
    value_text,
    with_factors,
)
from twitchlog.domain.labels import words
from twitchlog.domain.models import FACTOR_FIELDS, DayLog
from twitchlog.domain.validation import RANGES, check_number, merge_day

D = date(2026, 3, 10)
ANXIETY = custom_factor("f-anx", "Anxiety", FactorKind.SCALE, created_on=date(2026, 3, 1))
COLD = custom_factor("f-cold", "cold", FactorKind.TAG, created_on=date(2026, 3, 5))
FOOD = custom_factor("f-mg", "magnesium food", FactorKind.NUMBER, unit="servings", high=10)


def test_the_nine_builtins_are_the_day_fields_in_order() -> None:
    assert tuple(f.key for f in BUILTIN_FACTORS) == FACTOR_FIELDS
    assert all(f.builtin and f.analysis is not None for f in BUILTIN_FACTORS)


def test_builtin_ranges_and_words_stay_as_they_were() -> None:
    assert RANGES["caffeine_mg"][:2] == (0, 2000) and RANGES["stress"] == (0, 10, "", True)
    assert RANGES["sleep_h"] == (0, 24, "h", False)
    assert words("screen_h") == "screen time" and words("exercise_min") == "exercise"
    with pytest.raises(ValidationError, match=r"sleep must be 0-24 hours, for example 7.5"):
        check_number("sleep_h", 30)


def test_a_scale_is_0_to_10_or_1_to_5() -> None:
    assert (ANXIETY.low, ANXIETY.high, ANXIETY.whole, ANXIETY.step) == (0, 10, True, 2.0)
    assert ANXIETY.name == "Anxiety" and ANXIETY.label == "Anxiety"
    five = custom_factor("k", "mood", FactorKind.SCALE, low=1, high=5)
    assert (five.low, five.high) == (1, 5)
    with pytest.raises(ValidationError, match="scale must be 0-10 or 1-5"):
        custom_factor("k", "mood", FactorKind.SCALE, low=0, high=7)


def test_a_number_needs_its_largest_value_and_a_sane_range() -> None:
    assert FOOD.label == "Magnesium food (servings)" and FOOD.range_text == "0-10 servings"
    with pytest.raises(ValidationError, match="--max 10"):
        custom_factor("k", "coffee at work", FactorKind.NUMBER)
    with pytest.raises(ValidationError, match="smaller to a larger"):
        custom_factor("k", "coffee at work", FactorKind.NUMBER, low=5, high=5)


@pytest.mark.parametrize(
    "name", ["", "   ", "a=b", "123", "sleep", "Screen-Time", "coffee", "x" * 41]
)
def test_a_custom_name_must_be_new_and_plain(name: str) -> None:
    with pytest.raises(ValidationError, match="factor name"):
        custom_factor("k", name, FactorKind.TAG)


def test_values_are_checked_against_the_factors_range_in_its_words() -> None:
    check_factor_value(ANXIETY, 6)
    with pytest.raises(
        ValidationError, match=r"^Anxiety must be a whole number 0-10, for example 5 \(got 11\)$"
    ):
        check_factor_value(ANXIETY, 11)
    with pytest.raises(
        ValidationError, match=r"magnesium food must be 0-10 servings.*\(got 10.5\)"
    ):
        check_factor_value(FOOD, 10.5)
    with pytest.raises(ValidationError, match="cold must be yes or no"):
        check_factor_value(COLD, 2)
    assert parse_factor_value(COLD, "Yes") == 1 and parse_factor_value(COLD, "no") == 0
    assert parse_factor_value(ANXIETY, " ") is None and parse_factor_value(FOOD, "2,5") == 2.5
    with pytest.raises(ValidationError, match="Anxiety must be a number 0-10"):
        parse_factor_value(ANXIETY, "lots")


def test_names_are_found_whatever_the_case_and_separators() -> None:
    defs = [*BUILTIN_FACTORS, ANXIETY, COLD, FOOD]
    assert find_factor(defs, "magnesium-food") is FOOD
    assert find_factor(defs, "ANXIETY") is ANXIETY
    assert find_factor(defs, "screen time") is builtin_factor("screen_h")
    with pytest.raises(
        ValidationError, match="'leg day' is not defined; your factors: Anxiety, cold"
    ):
        find_factor(defs, "leg day")


def test_rename_keeps_the_key_and_the_range() -> None:
    renamed = rename(FOOD, "Mg food")
    assert (renamed.key, renamed.high, renamed.unit) == ("f-mg", 10, "servings")
    with pytest.raises(ValidationError):
        rename(builtin_factor("stress"), "worry")


def test_tag_rule_unset_tag_is_no_only_on_a_tags_complete_day_it_existed() -> None:
    plain = DayLog(day=D, checked_in=True)
    complete = DayLog(day=D, checked_in=True, tags_complete=True)
    assert factor_value(plain, COLD) is None  # unknown: not said
    assert factor_value(complete, COLD) == 0.0  # said complete: no
    assert factor_value(DayLog(day=D, custom={"f-cold": 1.0}), COLD) == 1.0
    assert factor_value(DayLog(day=D, custom={"f-cold": 0.0}), COLD) == 0.0  # untagged: no
    before = DayLog(day=date(2026, 3, 4), tags_complete=True)
    assert factor_value(before, COLD) is None  # the tag did not exist yet
    retired = replace(COLD, retired_on=date(2026, 3, 8))
    assert factor_value(complete, retired) is None  # retired before the day
    assert factor_value(complete, ANXIETY) is None  # complete says nothing about scales


def test_with_factors_sets_builtins_and_custom_values_by_key() -> None:
    day = with_factors(DayLog(day=D), {"stress": 4, "f-anx": 6, "f-cold": 1})
    assert day.stress == 4 and day.custom == {"f-anx": 6.0, "f-cold": 1.0}
    assert with_factors(day, {"f-anx": None}).custom == {"f-cold": 1.0}
    with pytest.raises(ValidationError, match="stress must be"):
        with_factors(day, {"stress": 11})
    assert value_text(ANXIETY, 6) == "6/10" and value_text(COLD, 1) == "yes"
    assert value_text(FOOD, 2) == "2 servings"


def test_merge_keeps_other_custom_values_and_tags_complete() -> None:
    old = DayLog(day=D, custom={"f-anx": 3.0, "f-cold": 1.0}, tags_complete=True)
    merged = merge_day(old, DayLog(day=D, custom={"f-anx": 6.0}))
    assert merged.custom == {"f-anx": 6.0, "f-cold": 1.0} and merged.tags_complete
    assert not DayLog(day=D, tags_complete=True).is_empty()
    assert not DayLog(day=D, custom={"f-anx": 0.0}).is_empty()
