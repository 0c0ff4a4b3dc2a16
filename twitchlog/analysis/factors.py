"""One pre-registered test per factor (docs/analysis.md §4-6): gates, fit, verdict.

Each factor gets a quasi-Poisson distributed-lag model (same day and day before) adjusted for
the person's recent twitch level and a slow trend; its covariance is widened by the
Bartlett/Clifford factor and by the mean-dependent dispersion factor, and the two lag
coefficients are tested jointly (2-df F test).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from twitchlog.analysis.design import OutcomeTerms, build_design, lagged_pair, rows_with
from twitchlog.analysis.glm import (
    FitError,
    acf_on_grid,
    dispersion_shape_factor,
    fit_quasi_poisson,
    inflation_factor,
    joint_f_test,
    t_quantile,
)
from twitchlog.analysis.model import Interval, Verdict
from twitchlog.analysis.specs import FactorSpec

if TYPE_CHECKING:
    import numpy.typing as npt

    FloatArray = npt.NDArray[np.float64]
    IntArray = npt.NDArray[np.int64]

MIN_DAYS = 28
MIN_SIDE_DAYS = 10
MIN_SWITCHES = 4
LONG_WAVE_RHO = 0.3
EQUIVALENCE = (0.90, 1.11)


@dataclass(frozen=True, slots=True)
class FactorTest:
    """A fitted factor model: the two lag coefficients with their inflated covariance."""

    analysable_days: int
    p: float
    b: FloatArray
    V: FloatArray
    df: int
    vif: float
    long_waves: bool


@dataclass(frozen=True, slots=True)
class Effects:
    """Rate ratios per reporting unit (95 % intervals, plus the 90 % one for equivalence)."""

    same_day: Interval
    previous_day: Interval
    two_day: Interval
    two_day_90: Interval
    dominant_lag: int


def higher_days(values: FloatArray) -> npt.NDArray[np.bool_]:
    """The days the variation gate counts as "more than usual": above the median.

    When the days tied at the median would make the smaller side smaller than counting them
    as "more" does (most days at the top value, as in an experiment's 50 mg and 300 mg days,
    where no day is above the median), the tied days count as "more": the gate asks whether
    the factor varies, and the more even of the two splits says that.
    """
    median = float(np.median(values)) if values.size else 0.0
    above = values > median
    at_or_above = values >= median
    n = values.size

    def smaller_side(sel: npt.NDArray[np.bool_]) -> int:
        k = int(np.sum(sel))
        return min(k, n - k)

    return at_or_above if smaller_side(at_or_above) > smaller_side(above) else above


def gate_reason(
    spec: FactorSpec,
    x: FloatArray,
    rows: IntArray,
    base_days: int,
) -> str | None:
    """Why a factor cannot be tested yet, in plain words, or ``None`` if it can.

    ``x`` is the factor as modelled on the calendar grid, ``rows`` the days a model could use,
    ``base_days`` the analysable days of the whole diary.
    """
    if spec.binary:
        if not np.any(x > 0):
            if spec.tag:
                return f"no day in this period is tagged \u201c{spec.label}\u201d"
            return f"there are no days with {spec.label} in this period"
    elif np.all(np.isnan(x)):
        return "not logged in this period"
    if base_days < MIN_DAYS:
        return (
            f"patterns need at least {MIN_DAYS} days checked in together with the day before "
            f"(you have {base_days})"
        )
    m = int(rows.size)
    if m < MIN_DAYS:
        return (
            f"it needs at least {MIN_DAYS} checked-in days with {spec.logged_name} logged on "
            f"the day and the day before (you have {m})"
        )
    values = x[rows]
    if spec.binary:
        on = int(np.sum(values > 0))
        off = m - on
        with_it, between = (
            ("with the tag", "days with and without the tag")
            if spec.tag
            else ("taking it", "taking and not taking it")
        )
        if on < MIN_SIDE_DAYS or off < MIN_SIDE_DAYS:
            return (
                f"we need at least {MIN_SIDE_DAYS} usable days {with_it} and {MIN_SIDE_DAYS} "
                f"without it (you have {on} and {off})"
            )
        known = x[~np.isnan(x)]
        switches = int(np.sum(known[1:] != known[:-1]))
        if switches < MIN_SWITCHES:
            return (
                f"we need at least {MIN_SWITCHES} switches between {between} (you have {switches})"
            )
        return None
    higher = int(np.sum(higher_days(values)))
    lower = m - higher
    if higher < MIN_SIDE_DAYS or lower < MIN_SIDE_DAYS:
        return (
            f"we need at least {MIN_SIDE_DAYS} usable days with more and {MIN_SIDE_DAYS} with "
            f"less {spec.label} than usual (you have {higher} and {lower})"
        )
    return None


def fit_factor(
    terms: OutcomeTerms,
    exposures: list[FloatArray],
    rows: IntArray,
    start_mu: FloatArray | None,
    n_grid: int,
    alpha: float = 0.0,
) -> tuple[FactorTest, ...]:
    """Fit one model with the given factors' lag pairs and test each factor (2-df F test).

    ``exposures`` holds one grid array per factor; returns one test per factor, in order.
    ``start_mu`` are the fitted means of the model without factors on the grid (a warm start,
    and with ``alpha > 0`` the basis of the mean-dependent dispersion widening).
    Raises :class:`FitError` when the model cannot be fitted.
    """
    columns: list[FloatArray] = []
    for x in exposures:
        columns.extend(lagged_pair(x))
    X = build_design(terms, columns, rows)
    fit = fit_quasi_poisson(X, terms.y[rows], None if start_mu is None else start_mu[rows])
    rho1 = acf_on_grid(fit.pearson, rows, n_grid, 1)
    long_waves = bool(abs(float(rho1[0])) > LONG_WAVE_RHO)
    cov = fit.cov
    lag_columns = np.arange(2 * len(exposures))
    if start_mu is not None and alpha > 0.0:
        widen = np.sqrt(dispersion_shape_factor(X, start_mu[rows], alpha, lag_columns))
    else:
        widen = np.ones(lag_columns.size)
    tests = []
    for j, x in enumerate(exposures):
        idx = lag_columns[2 * j : 2 * j + 2]
        vif = inflation_factor(fit.pearson, x[rows], rows, n_grid)
        V = cov[np.ix_(idx, idx)] * vif * np.outer(widen[idx], widen[idx])
        b = fit.params[idx]
        test = joint_f_test(b, V, fit.df_resid)
        if not np.isfinite(test.p):
            raise FitError("test could not be computed")
        tests.append(FactorTest(int(rows.size), test.p, b, V, fit.df_resid, vif, long_waves))
    return tuple(tests)


def rows_for(terms: OutcomeTerms, exposures: list[FloatArray]) -> IntArray:
    """Usable days for a model with these factors at lag 0 and lag 1."""
    columns: list[FloatArray] = []
    for x in exposures:
        columns.extend(lagged_pair(x))
    return rows_with(terms, columns)


def _interval(b: float, se: float, t: float, unit: float) -> Interval:
    def rr(v: float) -> float:
        return math.exp(min(700.0, max(-700.0, v * unit)))

    return Interval(rr(b), rr(b - t * se), rr(b + t * se))


def effects(test: FactorTest, unit: float) -> Effects:
    """Rate ratios per ``unit`` for lag 0, lag 1 and their sum, with t-based intervals."""
    b0, b1 = float(test.b[0]), float(test.b[1])
    v = test.V
    se0 = math.sqrt(float(v[0, 0]))
    se1 = math.sqrt(float(v[1, 1]))
    se_sum = math.sqrt(max(0.0, float(v[0, 0] + v[1, 1] + 2.0 * v[0, 1])))
    t95 = t_quantile(test.df, 0.975)
    t90 = t_quantile(test.df, 0.95)
    dominant = 0 if abs(b0) / se0 >= abs(b1) / se1 else 1
    return Effects(
        _interval(b0, se0, t95, unit),
        _interval(b1, se1, t95, unit),
        _interval(b0 + b1, se_sum, t95, unit),
        _interval(b0 + b1, se_sum, t90, unit),
        dominant,
    )


def decide(p_adjusted: float, two_day_90: Interval, level: float = 0.05) -> Verdict:
    """Pattern at BH-adjusted p <= level; otherwise equivalence or "can't tell yet"."""
    if p_adjusted <= level:
        return Verdict.PATTERN
    low, high = EQUIVALENCE
    if low <= two_day_90.low and two_day_90.high <= high:
        return Verdict.NO_BIG_DIFFERENCE
    return Verdict.CANT_TELL
