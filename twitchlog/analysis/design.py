"""Design matrices of the distributed-lag models (ANALYSIS.md §3.4).

Columns, in order: intercept, the exposure columns (each factor at lag 0 then lag 1),
``log1p(y[t-1])``, ``log1p(mean y[t-7..t-1])`` and a linear spline in calendar time with one
knot per ~60 days (knots at quantiles of the model's own days, so every segment has data).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from twitchlog.analysis.series import lag1, mean_previous_7

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    FloatArray = npt.NDArray[np.float64]
    BoolArray = npt.NDArray[np.bool_]
    IntArray = npt.NDArray[np.int64]

KNOT_SPACING_DAYS = 60.0


@dataclass(frozen=True, slots=True)
class OutcomeTerms:
    """The outcome and the person's own recent level on the calendar grid.

    ``usable`` marks days with an outcome and a logged previous day (then at least one of
    the previous 7 days is logged, too).
    """

    y: FloatArray
    recent_1: FloatArray
    recent_7: FloatArray
    usable: BoolArray


def outcome_terms(y: FloatArray) -> OutcomeTerms:
    """``log1p`` of the previous day's count and of the mean of the previous 7 days."""
    import numpy as np

    recent_1 = np.log1p(lag1(y))
    recent_7 = np.log1p(mean_previous_7(y))
    usable = ~np.isnan(y) & ~np.isnan(recent_1) & ~np.isnan(recent_7)
    return OutcomeTerms(y, recent_1, recent_7, np.asarray(usable, dtype=np.bool_))


def spline_columns(t: FloatArray) -> FloatArray:
    """Linear spline in time: ``(t - t0)/60`` plus one hinge per ~60 days of span."""
    import numpy as np

    t0 = float(t.min())
    span = float(t.max()) - t0
    k = int(span // KNOT_SPACING_DAYS)
    cols = [(t - t0) / KNOT_SPACING_DAYS]
    if k > 0:
        knots = np.unique(np.quantile(t, np.arange(1, k + 1) / (k + 1)))
        cols.extend(np.maximum(0.0, t - knot) / KNOT_SPACING_DAYS for knot in knots)
    return np.column_stack(cols)


def rows_with(terms: OutcomeTerms, exposures: list[FloatArray]) -> IntArray:
    """Calendar positions usable by a model with these exposure columns (all present)."""
    import numpy as np

    ok = terms.usable.copy()
    for col in exposures:
        ok &= ~np.isnan(col)
    return np.flatnonzero(ok).astype(np.int64)


def build_design(terms: OutcomeTerms, exposures: list[FloatArray], rows: IntArray) -> FloatArray:
    """The model matrix on ``rows``: intercept, exposures, recent level, time spline."""
    import numpy as np

    m = rows.size
    cols = [np.ones(m)]
    cols.extend(col[rows] for col in exposures)
    cols.append(terms.recent_1[rows])
    cols.append(terms.recent_7[rows])
    X = np.column_stack(cols)
    return np.asarray(np.hstack([X, spline_columns(rows.astype(np.float64))]), dtype=np.float64)


def lagged_pair(x: FloatArray) -> list[FloatArray]:
    """A factor's same-day and previous-calendar-day columns."""
    return [x, lag1(x)]
