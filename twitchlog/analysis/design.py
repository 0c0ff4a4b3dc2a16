"""Design matrices of the distributed-lag models (docs/analysis.md §5).

Columns, in order: the exposure columns (each factor at lag 0 then lag 1),
``log1p(y[t-1])``, ``log1p(mean y[t-7..t-1])``, then a linear spline in calendar time with one
knot per ~60 days (knots at quantiles of the model's own days, so every segment has data).

The spline is written in the hat-function basis (piecewise-linear B-splines): it spans exactly
the same functions as "intercept + t + one hinge per knot", but each day touches only two hat
columns. :class:`SplineDesign` uses that to form ``X'WX`` in O(days) instead of
O(days x columns²), so twenty years with 120 knots still fit in milliseconds.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from twitchlog.analysis.series import lag1, mean_previous_7

if TYPE_CHECKING:
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
    recent_1 = np.log1p(lag1(y))
    recent_7 = np.log1p(mean_previous_7(y))
    usable = ~np.isnan(y) & ~np.isnan(recent_1) & ~np.isnan(recent_7)
    return OutcomeTerms(y, recent_1, recent_7, np.asarray(usable, dtype=np.bool_))


@dataclass(frozen=True, slots=True)
class SplineDesign:
    """A model matrix ``[dense | hats]``: a few dense columns and a linear spline in time.

    Row ``i`` has weight ``1 - frac[i]`` on hat ``seg[i]`` and ``frac[i]`` on hat
    ``seg[i] + 1``; all other hats are zero. The hats sum to one, so they carry the intercept.
    """

    dense: FloatArray
    seg: IntArray
    frac: FloatArray
    n_hats: int

    @property
    def shape(self) -> tuple[int, int]:
        """Rows and columns of the full matrix."""
        return self.dense.shape[0], self.dense.shape[1] + self.n_hats

    def _hat_sums(self, v: FloatArray, w_left: FloatArray, w_right: FloatArray) -> FloatArray:
        q = self.n_hats
        left = np.bincount(self.seg, v * w_left, minlength=q)
        right = np.bincount(self.seg + 1, v * w_right, minlength=q)
        return np.asarray(left[:q] + right[:q], dtype=np.float64)

    def gram(self, w: FloatArray) -> FloatArray:
        """``X' diag(w) X``."""
        d = self.dense.shape[1]
        q = self.n_hats
        right = self.frac
        left = 1.0 - right
        wl, wr = w * left, w * right
        g = np.zeros((d + q, d + q))
        dw = self.dense * w[:, None]
        g[:d, :d] = dw.T @ self.dense
        for c in range(d):
            cross = self._hat_sums(self.dense[:, c], wl, wr)
            g[c, d:] = cross
            g[d:, c] = cross
        diag = self._hat_sums(np.ones_like(w), wl * left, wr * right)
        off = np.bincount(self.seg, wl * right, minlength=q)[: q - 1]
        hats = np.arange(q)
        g[d + hats, d + hats] = diag
        g[d + hats[:-1], d + hats[:-1] + 1] = off
        g[d + hats[:-1] + 1, d + hats[:-1]] = off
        return g

    def xtv(self, v: FloatArray) -> FloatArray:
        """``X' v``."""
        right = self.frac
        return np.concatenate([self.dense.T @ v, self._hat_sums(v, 1.0 - right, right)])

    def predict(self, b: FloatArray) -> FloatArray:
        """``X b``."""
        d = self.dense.shape[1]
        hats = b[d:]
        out = (
            self.dense @ b[:d] + (1.0 - self.frac) * hats[self.seg] + self.frac * hats[self.seg + 1]
        )
        return out

    def matrix(self) -> FloatArray:
        """The full dense matrix (for tests and cross-checks)."""
        m = self.dense.shape[0]
        h = np.zeros((m, self.n_hats))
        rows = np.arange(m)
        h[rows, self.seg] += 1.0 - self.frac
        h[rows, self.seg + 1] += self.frac
        return np.asarray(np.hstack([self.dense, h]), dtype=np.float64)


def spline_knots(t: FloatArray) -> FloatArray:
    """Boundary knots plus one interior knot per full 60 days of span, at quantiles of ``t``."""
    t0, t1 = float(t.min()), float(t.max())
    k = int((t1 - t0) // KNOT_SPACING_DAYS)
    inner = np.quantile(t, np.arange(1, k + 1) / (k + 1)) if k > 0 else np.empty(0)
    knots = np.unique(np.concatenate(([t0], inner, [t1])))
    return np.asarray(knots, dtype=np.float64)


def time_spline(dense: FloatArray, t: FloatArray) -> SplineDesign:
    """Attach the linear time spline (hat basis) to dense columns for days ``t``."""
    knots = spline_knots(t)
    if knots.size < 2:  # a single day: one hat is the intercept
        return SplineDesign(dense, np.zeros(t.size, dtype=np.int64), np.zeros(t.size), 1)
    seg = np.clip(np.searchsorted(knots, t, side="right") - 1, 0, knots.size - 2)
    frac = (t - knots[seg]) / (knots[seg + 1] - knots[seg])
    return SplineDesign(dense, seg.astype(np.int64), frac, int(knots.size))


def rows_with(terms: OutcomeTerms, exposures: list[FloatArray]) -> IntArray:
    """Calendar positions usable by a model with these exposure columns (all present)."""
    ok = terms.usable.copy()
    for col in exposures:
        ok &= ~np.isnan(col)
    return np.flatnonzero(ok).astype(np.int64)


def build_design(terms: OutcomeTerms, exposures: list[FloatArray], rows: IntArray) -> SplineDesign:
    """The model on ``rows``: exposures, recent level, time spline (which holds the intercept)."""
    cols = [col[rows] for col in exposures]
    cols.append(terms.recent_1[rows])
    cols.append(terms.recent_7[rows])
    return time_spline(np.column_stack(cols), rows.astype(np.float64))


def lagged_pair(x: FloatArray) -> list[FloatArray]:
    """A factor's same-day and previous-calendar-day columns."""
    return [x, lag1(x)]
