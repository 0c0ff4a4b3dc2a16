"""The descriptive layer (docs/analysis.md §7): always shown, whatever the amount of data."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np

from twitchlog.analysis.glm import FitError, fit_quasi_poisson, inflation_factor, t_quantile
from twitchlog.analysis.model import GroupMean, Interval, SiteShare

if TYPE_CHECKING:
    import numpy.typing as npt

    FloatArray = npt.NDArray[np.float64]

MIN_TREND_DAYS = 28


def quartiles(y: FloatArray) -> tuple[float | None, float | None, float | None, float | None]:
    """Mean, median, first and third quartile of the logged values (``None`` if none)."""
    v = y[~np.isnan(y)]
    if v.size == 0:
        return None, None, None, None
    q1, med, q3 = (float(q) for q in np.percentile(v, [25, 50, 75]))
    return float(v.mean()), med, q1, q3


def twitch_free_share(y: FloatArray) -> float | None:
    """Share of logged days with no episode."""
    v = y[~np.isnan(y)]
    return float(np.mean(v == 0)) if v.size else None


def median_of(values: FloatArray) -> float | None:
    """Median of the known values, ``None`` if there are none."""
    v = values[~np.isnan(values)]
    return float(np.median(v)) if v.size else None


def trend_per_30_days(y: FloatArray) -> Interval | None:
    """Rate ratio per 30 days of a log-linear trend over the logged days, with a 95 % interval.

    Quasi-Poisson with the same autocorrelation widening as the factor tests; no factors and no
    recent-level terms (those would absorb the trend itself).
    """
    rows = np.flatnonzero(~np.isnan(y)).astype(np.int64)
    if rows.size < MIN_TREND_DAYS:
        return None
    t = rows.astype(np.float64) / 30.0
    X = np.column_stack([np.ones(rows.size), t - t.mean()])
    try:
        fit = fit_quasi_poisson(X, y[rows])
    except FitError:
        return None
    vif = inflation_factor(fit.pearson, t, rows, y.size)
    se = math.sqrt(float(fit.cov[1, 1]) * vif)
    b = float(fit.params[1])
    tq = t_quantile(fit.df_resid, 0.975)
    return Interval(math.exp(b), math.exp(b - tq * se), math.exp(b + tq * se))


def split_means(y: FloatArray, x: FloatArray, binary: bool) -> tuple[GroupMean, GroupMean]:
    """Average episodes on "higher" and "lower" days of a factor (same day, both logged).

    Higher = above the person's median value, lower = at or below it; for a medicine,
    days taking it and days without it.
    """
    ok = ~np.isnan(y) & ~np.isnan(x)
    yv, xv = y[ok], x[ok]
    if yv.size == 0:
        return GroupMean(0, None), GroupMean(0, None)
    cut = 0.5 if binary else float(np.median(xv))
    hi = xv > cut

    def group(sel: npt.NDArray[np.bool_]) -> GroupMean:
        n = int(np.sum(sel))
        return GroupMean(n, float(np.mean(yv[sel])) if n else None)

    return group(hi), group(~hi)


def site_shares(site_counts: dict[str, int]) -> tuple[SiteShare, ...]:
    """Body sites by number of episodes, most frequent first."""
    total = sum(c for c in site_counts.values() if c > 0)
    items = sorted(
        ((s, c) for s, c in site_counts.items() if c > 0), key=lambda kv: (-kv[1], kv[0])
    )
    return tuple(SiteShare(s, c, c / total) for s, c in items)
