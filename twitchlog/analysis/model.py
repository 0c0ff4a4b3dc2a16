"""The result of an analysis: a tree of frozen dataclasses (standard library only).

The report and the TUI read these; :func:`twitchlog.analysis.to_json` turns them into the
``twitchlog.analysis/1`` JSON shape. Statistics a gate withholds are ``None``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class Verdict(StrEnum):
    """What may be said about one factor (the certainty ladder of docs/analysis.md §8)."""

    PATTERN = "pattern"
    CANT_TELL = "cant_tell"
    NO_BIG_DIFFERENCE = "no_big_difference"
    NOT_ENOUGH_DATA = "not_enough_data"


class Stage(StrEnum):
    """How far the diary is: tests need 28 analysable days, a normal report 90."""

    TOO_EARLY = "too_early"
    EARLY_LOOK = "early_look"
    NORMAL = "normal"


@dataclass(frozen=True, slots=True)
class Interval:
    """A rate ratio (or other estimate) with the low and high ends of its interval."""

    value: float
    low: float
    high: float


@dataclass(frozen=True, slots=True)
class GroupMean:
    """Average episodes per day over ``days`` days (``None`` when there are no days)."""

    days: int
    episodes_per_day: float | None


@dataclass(frozen=True, slots=True)
class Period:
    """The analysed period and how completely it was logged.

    ``logged_days`` counts days with a check-in or at least one episode; ``analysable_days``
    counts logged days whose previous calendar day was logged too (what the models can use).
    """

    start: date
    end: date
    calendar_days: int
    logged_days: int
    checked_in_days: int
    analysable_days: int
    longest_gap_days: int

    @property
    def completeness(self) -> float:
        """Share of calendar days that were logged (0 to 1)."""
        return self.logged_days / self.calendar_days if self.calendar_days else 0.0


@dataclass(frozen=True, slots=True)
class SiteShare:
    """How many episodes were at one body site, and their share of all episodes."""

    site: str
    episodes: int
    share: float


@dataclass(frozen=True, slots=True)
class Summary:
    """The descriptive layer (docs/analysis.md §7), shown whatever the amount of data.

    Episode figures are per logged day. ``trend_rr_per_30_days`` is the rate ratio of a
    log-linear trend per 30 days with its 95 % interval (``None`` with fewer than 28 logged
    days). ``long_waves`` is true when the model residuals stay correlated from one day to
    the next (|lag-1 autocorrelation| > 0.3), so every result is less firm.
    """

    episodes_per_day_mean: float | None
    episodes_per_day_median: float | None
    episodes_per_day_q1: float | None
    episodes_per_day_q3: float | None
    twitch_free_share: float | None
    trend_rr_per_30_days: Interval | None
    duration_median_s: float | None
    intensity_median: float | None
    sites: tuple[SiteShare, ...]
    hour_counts: tuple[int, ...]
    long_waves: bool


@dataclass(frozen=True, slots=True)
class FactorResult:
    """One factor: its descriptives, its test (unless gated) and what may be said about it.

    ``rr_*`` are rate ratios per ``unit`` with 95 % intervals: same day (lag 0), day before
    (lag 1) and both days together. ``rr_two_day_90`` is the 90 % interval used by the
    equivalence rule. ``higher``/``lower`` are the average episodes on days above the
    person's median value of the factor and at or below it (for medicines: on and off days).
    ``adjusted_holds`` says whether a pattern still shows in the mutually adjusted model
    (``None`` when that model was not run or the factor is not a pattern).
    """

    factor: str
    label: str
    unit: str
    logged_days: int
    analysable_days: int
    verdict: Verdict
    p: float | None
    p_adjusted: float | None
    rr_same_day: Interval | None
    rr_previous_day: Interval | None
    rr_two_day: Interval | None
    rr_two_day_90: Interval | None
    dominant_lag: int | None
    higher: GroupMean
    lower: GroupMean
    median_value: float | None
    min_value: float | None
    max_value: float | None
    reason: str | None
    sentence: str
    long_waves: bool
    adjusted_holds: bool | None


@dataclass(frozen=True, slots=True)
class AdjustedFactor:
    """One factor in the mutually adjusted model (docs/analysis.md §6)."""

    factor: str
    p: float
    p_adjusted: float
    rr_two_day: Interval


@dataclass(frozen=True, slots=True)
class Adjusted:
    """The model with all tested factors at once; run only with >= 10 days per parameter."""

    analysable_days: int
    parameters: int
    factors: tuple[AdjustedFactor, ...]


@dataclass(frozen=True, slots=True)
class Analysis:
    """Everything the CLI, the TUI Trends screen and the doctor report show.

    ``factors`` lists every day-log factor (in ``FACTOR_FIELDS`` order) and then each
    medicine (``med:<name>``). ``stage_text`` and ``footer`` are ready-made sentences.
    A factor under a running experiment is not in ``factors`` (nor in ``adjusted``): its
    comparison is held back and ``held_back`` says so, one sentence per such factor.
    """

    period: Period
    stage: Stage
    stage_text: str
    summary: Summary
    factors: tuple[FactorResult, ...]
    adjusted: Adjusted | None
    adjusted_note: str
    footer: str
    held_back: tuple[str, ...] = ()

    @property
    def tested_factors(self) -> int:
        """How many factors passed the gates and were tested."""
        return sum(1 for f in self.factors if f.p is not None)
