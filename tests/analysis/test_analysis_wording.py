"""Wording: association language only; no forbidden word in any sentence we can generate."""

from __future__ import annotations

import itertools
import re

import numpy as np
import pytest

from tests.analysis.simulator import SCENARIOS, simulate
from twitchlog.analysis import Stage, analyze, format_text
from twitchlog.analysis.model import Interval
from twitchlog.analysis.specs import FactorSpec, factor_spec
from twitchlog.analysis.wording import (
    FORBIDDEN_WORDS,
    ExperimentOdds,
    adjusted_note,
    cant_tell_sentence,
    change,
    change_range,
    experiment_hint,
    footer,
    no_big_difference_sentence,
    not_enough_data_for,
    not_enough_data_sentence,
    pattern_sentence,
    stage_text,
    trend_sentence,
    typical_day,
    with_long_waves,
)
from twitchlog.domain.models import FACTOR_FIELDS

SPECS: list[FactorSpec] = [factor_spec(k) for k in (*FACTOR_FIELDS, "med:magnesium")]
INTERVALS = [
    Interval(1.25, 1.08, 1.45),
    Interval(0.8, 0.66, 0.95),
    Interval(2.1, 1.4, 3.2),
    Interval(1.0, 0.85, 1.3),
    Interval(0.45, 0.3, 0.7),
]


def assert_calm(text: str) -> None:
    lowered = text.lower()
    for word in FORBIDDEN_WORDS:
        assert word not in lowered, (word, text)
    assert "nan" not in re.findall(r"[a-z]+", lowered), text


def all_generated_sentences() -> list[str]:
    out: list[str] = []
    for spec, iv, other in itertools.product(SPECS, INTERVALS, INTERVALS):
        for lag, holds in itertools.product((0, 1), (None, True, False)):
            out.append(pattern_sentence(spec, iv, lag, 142, holds=holds, other_rr=other))
        out.append(cant_tell_sentence(spec, iv, 96))
        out.append(no_big_difference_sentence(spec, iv, 300))
    for spec in SPECS:
        out.append(not_enough_data_sentence(spec, "a reason"))
    out.append(not_enough_data_for([s.label for s in SPECS], "a reason"))
    out.extend(stage_text(s, d) for s in Stage for d in (0, 27, 60, 400))
    out.extend(footer(k) for k in range(10))
    out.extend(adjusted_note(r, 100, 220) for r in (True, False))
    out.append(with_long_waves("x."))
    out.extend(trend_sentence(iv) for iv in [*INTERVALS, None])
    return out


def test_forbidden_words_never_appear_in_templates() -> None:
    sentences = all_generated_sentences()
    assert len(sentences) > 1000
    for s in sentences:
        assert_calm(s)


@pytest.mark.parametrize(
    ("scenario", "days", "seed"), [("S0", 30, 1), ("S0f", 90, 2), ("S3", 365, 3), ("S3", 1200, 4)]
)
def test_forbidden_words_never_appear_in_real_output(scenario: str, days: int, seed: int) -> None:
    a = analyze(simulate(SCENARIOS[scenario], days, np.random.default_rng(seed)).journal)
    assert_calm(format_text(a))
    for f in a.factors:
        assert_calm(f.sentence)
        if f.reason:
            assert_calm(f.reason)


def test_the_checker_can_fail() -> None:
    with pytest.raises(AssertionError):
        assert_calm("Caffeine causes your twitches.")
    with pytest.raises(AssertionError):
        assert_calm("Results are less certain.")


def test_change_in_words() -> None:
    assert change(1.25) == "25 % more"
    assert change(0.85) == "15 % fewer"
    assert change(2.14) == "2.1 times as many"
    assert change(1.5, times=True) == "1.5 times as many"
    assert change(1.002) == "about the same number of"


def test_pattern_sentence_gives_direction_size_range_and_days() -> None:
    s = pattern_sentence(factor_spec("caffeine_mg"), Interval(1.25, 1.08, 1.45), 1, 142, holds=None)
    assert s.startswith("On days after you had more caffeine you logged more twitches")
    assert "25 % more twitches per extra 100 mg" in s
    assert "(plausible range 8 % to 45 % more)" in s
    assert "142 days" in s
    assert "experiment" in s


def test_opposite_lag_is_mentioned_only_when_clear() -> None:
    spec = factor_spec("sleep_h")
    main = Interval(1.3, 1.05, 1.6)
    clear = pattern_sentence(spec, main, 0, 150, holds=None, other_rr=Interval(0.7, 0.5, 0.9))
    vague = pattern_sentence(spec, main, 0, 150, holds=None, other_rr=Interval(0.9, 0.7, 1.1))
    assert "other way" in clear
    assert "other way" not in vague


def test_cant_tell_and_no_big_difference_show_the_interval() -> None:
    ct = cant_tell_sentence(factor_spec("alcohol_drinks"), Interval(1.05, 0.85, 1.30), 96)
    assert "can't tell yet" in ct
    assert "from 15 % fewer to 30 % more twitches per 2 extra drinks" in ct
    nb = no_big_difference_sentence(factor_spec("water_l"), Interval(1.0, 0.94, 1.07), 300)
    assert nb.startswith("Water intake doesn't seem to make a big difference for you")
    assert "6 % fewer and 7 % more" in nb


def test_range_with_both_ends_above_one_is_in_one_unit() -> None:
    assert change_range(1.08, 1.45) == "8 % to 45 % more"
    assert change_range(1.2, 2.14) == "1.2 to 2.1 times as many"
    assert change_range(1.0, 1.2) == "no change to 20 % more"


def test_range_with_both_ends_below_one_is_in_one_unit() -> None:
    assert change_range(0.55, 0.9) == "10 % to 45 % fewer"
    assert change_range(0.8, 1.0) == "20 % fewer to no change"


def test_range_crossing_one_reads_from_fewer_to_more() -> None:
    assert change_range(0.85, 1.3) == "15 % fewer to 30 % more"
    assert change_range(0.36, 2.8) == "0.4 to 2.8 times as many"
    assert change_range(0.94, 1.07, "and") == "6 % fewer and 7 % more"


def test_estimate_and_range_share_the_unit_of_the_range() -> None:
    """The old wording mixed units: "about 55 % more (19 % more to 2.0 times as many)"."""
    s = pattern_sentence(factor_spec("stress"), Interval(1.55, 1.19, 2.0), 0, 138, holds=None)
    assert "about 1.6 times as many twitches per 2 extra points of stress" in s
    assert "(plausible range 1.2 to 2.0 times as many)" in s
    assert "%" not in s
    ct = cant_tell_sentence(factor_spec("cigarettes"), Interval(1.0, 0.36, 2.8), 142)
    assert "from 0.4 to 2.8 times as many twitches" in ct
    assert "%" not in ct


def test_no_sentence_mixes_percent_and_times() -> None:
    for s in all_generated_sentences():
        for part in s.split(". "):
            assert not ("%" in part and "times as many" in part), part


def test_trend_sentence_gives_a_plain_verdict_first() -> None:
    assert trend_sentence(Interval(0.96, 0.87, 1.06)) == (
        "Trend: no clear change over time – about 4 % fewer twitches per 30 days "
        "(plausible range 13 % fewer to 6 % more)."
    )
    assert trend_sentence(Interval(0.8, 0.7, 0.92)).startswith(
        "Trend: fewer twitches over time – about 20 % fewer"
    )
    assert trend_sentence(Interval(1.3, 1.1, 1.5)).startswith("Trend: more twitches over time")
    assert trend_sentence(None) == "Trend: too few checked-in days to tell yet (needs 28)."


def test_typical_day_uses_whole_numbers() -> None:
    """The old wording gave a fractional "middle half 1.2 to 4.0"."""
    text = typical_day(3.0, 1.25, 4.0)
    assert text == "3 on a typical day, the median; half of the days had 1 to 4 episodes"
    assert "(" not in text  # it goes in brackets itself


def test_typical_day_of_one_episode_is_singular() -> None:
    """Was "half of the days had 1 episodes" on a one-day diary."""
    assert typical_day(1.0, 1.0, 1.0).endswith("half of the days had 1 episode")
    assert typical_day(0.0, 0.0, 0.0).endswith("half of the days had 0 episodes")


def test_text_summary_has_no_jargon() -> None:
    a = analyze(simulate(SCENARIOS["S3"], 365, np.random.default_rng(3)).journal)
    text = format_text(a)
    for jargon in ("analysable", "middle half", "estimated number", "times the episodes"):
        assert jargon not in text, jargon
    verdict = r"^Trend: (no clear change|more twitches|fewer twitches) over time"
    assert re.search(verdict, text, re.M)


def test_experiment_hint_says_how() -> None:
    hint = experiment_hint(factor_spec("caffeine_mg"))
    assert hint.startswith("A randomized caffeine experiment could tell you more")
    assert "change only your caffeine" in hint and "compares" in hint
    assert "week" not in hint  # no fixed length without the diary's own numbers


def test_experiment_hint_gives_the_diary_s_own_odds() -> None:
    hint = experiment_hint(factor_spec("caffeine_mg"), ExperimentOdds(8, 0.46, 16, 0.79))
    assert (
        "With the ups and downs of your diary, 8 weeks would find a halving of your twitches "
        "about 5 times in 10, and 16 weeks about 8 times in 10." in hint
    )
    assert "6–8" not in hint


def test_a_size_that_rounds_to_no_change_is_said_with_one_about() -> None:
    flat = Interval(1.002, 0.991, 1.012)
    trend = trend_sentence(flat)
    assert "about the same number of twitches per 30 days" in trend
    tiny = Interval(1.004, 1.001, 1.008)  # clear, but under half a percent per unit
    s = pattern_sentence(factor_spec("caffeine_mg"), tiny, 0, 300, holds=None, other_rr=tiny)
    assert "about the same number of twitches per extra 100 mg" in s
    for text in (trend, s):
        assert "about about" not in text
