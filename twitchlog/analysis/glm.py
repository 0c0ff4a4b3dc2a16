"""Quasi-Poisson regression by IRLS, the two variance widenings and BH.

The widenings are the autocorrelation factor (:func:`inflation_factor`) and the
mean-dependent dispersion factor (:func:`dispersion_shape_factor`, with :func:`pearson_alpha`).

The fit equals ``statsmodels GLM(y, X, family=Poisson()).fit(scale='X2')``: same parameters,
same ``scale_raw`` (Pearson chi-square over residual degrees of freedom) and, before the
inflation step, the same covariance. The models then use ``phi = max(1, scale_raw)``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

import numpy as np

from twitchlog.analysis import tails

if TYPE_CHECKING:
    import numpy.typing as npt

    FloatArray = npt.NDArray[np.float64]
    IntArray = npt.NDArray[np.int64]


class FitError(ValueError):
    """The design cannot be fitted (collinear columns, no events, too few rows)."""


class NotConverged(FitError):
    """The iterations did not settle within :data:`MAX_ITERATIONS`: no answer to report."""


#: IRLS steps before a fit that has not settled is given up (a Poisson fit needs ~5-30).
MAX_ITERATIONS = 100


@dataclass(frozen=True, slots=True)
class GlmFit:
    """A fitted Poisson GLM with quasi-likelihood scale.

    ``cov_unscaled`` is ``(X' W X)^-1``; ``cov`` is ``phi * cov_unscaled`` with
    ``phi = max(1, scale_raw)``; ``pearson`` holds the Pearson residuals. Only a fit whose
    iterations converged is ever returned.
    """

    params: FloatArray
    cov_unscaled: FloatArray
    scale_raw: float
    mu: FloatArray
    pearson: FloatArray
    df_resid: int

    @property
    def phi(self) -> float:
        """The dispersion used for inference, never below 1."""
        return max(1.0, self.scale_raw)

    @property
    def cov(self) -> FloatArray:
        """Model-based quasi-Poisson covariance of the parameters."""
        return self.phi * self.cov_unscaled


def _check_information(xtwx: FloatArray) -> None:
    """Refuse a (near) singular information matrix: collinear or empty columns."""
    d = np.sqrt(np.diag(xtwx))
    if not np.all(d > 0):
        raise FitError("a column is all zero")
    eig = np.linalg.eigvalsh(xtwx / np.outer(d, d))
    if not eig[0] > eig[-1] * 1e-11:
        raise FitError("collinear columns")


class LinearOps(Protocol):
    """What IRLS needs from a model matrix ``X``."""

    @property
    def shape(self) -> tuple[int, int]:
        """Rows and columns of ``X``."""
        ...

    def gram(self, w: FloatArray) -> FloatArray:
        """``X' diag(w) X``."""
        ...

    def xtv(self, v: FloatArray) -> FloatArray:
        """``X' v``."""
        ...

    def predict(self, b: FloatArray) -> FloatArray:
        """``X b``."""
        ...


@dataclass(frozen=True, slots=True)
class DenseOps:
    """:class:`LinearOps` of an ordinary dense matrix."""

    X: FloatArray

    @property
    def shape(self) -> tuple[int, int]:
        """Rows and columns of ``X``."""
        m, p = self.X.shape
        return int(m), int(p)

    def gram(self, w: FloatArray) -> FloatArray:
        """``X' diag(w) X`` as one symmetric product (BLAS syrk)."""
        a = self.X * np.sqrt(w)[:, None]
        return np.asarray(a.T @ a, dtype=np.float64)

    def xtv(self, v: FloatArray) -> FloatArray:
        """``X' v``."""
        return self.X.T @ v

    def predict(self, b: FloatArray) -> FloatArray:
        """``X b``."""
        return self.X @ b


def fit_quasi_poisson(
    X: FloatArray | LinearOps,
    y: FloatArray,
    start_mu: FloatArray | None = None,
    maxiter: int | None = None,
    tol: float = 1e-10,
) -> GlmFit:
    """Fit ``log E[y] = X b`` by iteratively reweighted least squares (Poisson score).

    ``X`` is a dense matrix or any :class:`LinearOps` (such as the spline design of
    ``design.py``). ``start_mu`` (e.g. from a smaller nested model) only speeds up
    convergence. Raises :class:`FitError` for a design that cannot be fitted, and its
    subclass :class:`NotConverged` when ``maxiter`` (default :data:`MAX_ITERATIONS`) steps
    do not settle the deviance: a fit that did not converge is never used.
    """
    ops: LinearOps = DenseOps(X) if isinstance(X, np.ndarray) else X
    m, p = ops.shape
    if m <= p:
        raise FitError("fewer rows than parameters")
    if not np.any(y > 0):
        raise FitError("no events")
    mu = (y + y.mean()) / 2.0 if start_mu is None else np.maximum(start_mu, 1e-8)
    eta: FloatArray = np.log(mu)
    ylogy = np.where(y > 0, y * np.log(np.where(y > 0, y, 1.0)), 0.0)
    dev_old = np.inf
    converged = False
    params: FloatArray = np.zeros(p)
    xtwx = np.eye(p)
    for i in range(MAX_ITERATIONS if maxiter is None else maxiter):
        xtwx = ops.gram(mu)
        if i == 0:
            _check_information(xtwx)
        try:
            # weighted least squares on the working response z = eta + (y - mu) / mu
            params = np.asarray(np.linalg.solve(xtwx, ops.xtv(mu * eta + (y - mu))), np.float64)
        except np.linalg.LinAlgError as exc:
            raise FitError("singular weighted design") from exc
        eta = np.asarray(np.minimum(ops.predict(params), 700.0), dtype=np.float64)
        mu = np.exp(eta)
        dev = 2.0 * float(np.sum(ylogy - y * eta - (y - mu)))
        if abs(dev - dev_old) <= tol * (abs(dev) + 0.1):
            converged = True
            break
        dev_old = dev
    # like statsmodels: the covariance comes from the weights of the last IRLS step
    try:
        cov_unscaled = np.asarray(np.linalg.inv(xtwx), dtype=np.float64)
    except np.linalg.LinAlgError as exc:
        raise FitError("singular information matrix") from exc
    if not np.all(np.isfinite(cov_unscaled)) or not np.all(np.isfinite(params)):
        raise FitError("fit did not converge")
    if not converged:
        raise NotConverged("the iterations did not settle")
    pearson = (y - mu) / np.sqrt(mu)
    df = m - p
    scale_raw = float(np.sum(pearson * pearson) / df)
    return GlmFit(params, cov_unscaled, scale_raw, mu, pearson, df)


def acf_on_grid(values: FloatArray, positions: IntArray, n_grid: int, max_lag: int) -> FloatArray:
    """Autocorrelation at lags 1..max_lag of values observed at calendar ``positions``.

    Pairs are formed by calendar distance; days without a value are skipped (each lag's
    cross-product is averaged over the pairs that exist). Returns zeros where no pair exists.
    """
    out = np.zeros(max_lag)
    if values.size < 2 or max_lag < 1:
        return out
    d = values - values.mean()
    var = float(np.mean(d * d))
    if var <= 0:
        return out
    grid = np.zeros(n_grid)
    mask = np.zeros(n_grid)
    grid[positions] = d
    mask[positions] = 1.0
    for k in range(1, max_lag + 1):
        if k >= n_grid:
            break
        pairs = float(np.dot(mask[:-k], mask[k:]))
        if pairs > 0:
            out[k - 1] = float(np.dot(grid[:-k], grid[k:])) / pairs / var
    return out


def inflation_factor(resid: FloatArray, x: FloatArray, positions: IntArray, n_grid: int) -> float:
    """Bartlett/Clifford variance inflation ``max(1, 1 + 2 sum_k rho_resid(k) rho_x(k))``.

    ``K = min(20, m // 4)``; both autocorrelations are taken on the calendar grid.
    """
    k = min(20, resid.size // 4)
    if k < 1:
        return 1.0
    rr = acf_on_grid(resid, positions, n_grid, k)
    rx = acf_on_grid(x, positions, n_grid, k)
    return max(1.0, 1.0 + 2.0 * float(np.dot(rr, rx)))


ALPHA_MAX = 10.0


def pearson_alpha(y: FloatArray, mu: FloatArray, df: int) -> float:
    """Moment estimate of ``alpha`` in ``Var(y) = mu + alpha mu^2``, given fitted ``mu``.

    Solves ``sum (y - mu)^2 / (mu + alpha mu^2) = df`` by bisection (the left side falls as
    ``alpha`` grows); ``0`` when the Poisson Pearson statistic is already at most ``df``.
    """
    r2 = (y - mu) ** 2

    def excess(a: float) -> float:
        return float(np.sum(r2 / (mu + a * mu * mu))) - df

    if df <= 0 or excess(0.0) <= 0.0:
        return 0.0
    if excess(ALPHA_MAX) >= 0.0:
        return ALPHA_MAX
    lo, hi = 0.0, ALPHA_MAX
    while hi - lo > 1e-9 * (1.0 + hi):
        mid = (lo + hi) / 2.0
        if excess(mid) > 0.0:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2.0


def dispersion_shape_factor(
    ops: LinearOps, mu0: FloatArray, alpha: float, columns: IntArray
) -> FloatArray:
    """How much wider each coefficient's variance is when dispersion grows with the mean.

    Quasi-Poisson assumes ``Var(y) = phi mu``: the same dispersion on every day. With
    weeks-long flares on top of negative-binomial noise the variance is closer to
    ``mu (1 + alpha mu)``, so high-count days are noisier than ``phi`` says, and a coefficient
    whose information comes more than evenly from them gets too small a variance. For each
    of ``columns`` this returns ``c_j = [A^-1 B A^-1]_jj / [A^-1]_jj``, with
    ``A = X' diag(mu0) X`` and ``B = X' diag(v) X``, ``v = mu0 (1 + alpha mu0) / mean(1 + alpha
    mu0)`` (the same overall level, so ``phi`` still sets the scale), floored at 1 like the
    autocorrelation factor. ``mu0`` are the fitted means of the model without factors (the
    variance under "this factor goes with nothing"), ``alpha`` its :func:`pearson_alpha`.
    """
    if alpha <= 0.0:
        return np.ones(columns.size)
    shape = 1.0 + alpha * mu0
    try:
        a_inv = np.linalg.inv(ops.gram(mu0))
    except np.linalg.LinAlgError as exc:
        raise FitError("singular information matrix") from exc
    rows = a_inv[columns]
    sandwich = np.einsum("ij,jk,ik->i", rows, ops.gram(mu0 * shape / float(np.mean(shape))), rows)
    plain = a_inv[columns, columns]
    return np.asarray(np.maximum(1.0, sandwich / plain), dtype=np.float64)


@dataclass(frozen=True, slots=True)
class WaldTest:
    """A joint Wald F test of some coefficients: statistic, p-value and degrees of freedom."""

    f: float
    p: float
    df_num: int
    df_den: int


def joint_f_test(b: FloatArray, V: FloatArray, df_den: int) -> WaldTest:
    """Test ``b = 0`` with ``F = b' V^-1 b / q`` against ``F(q, df_den)``."""
    q = b.size
    f = float(b @ np.linalg.solve(V, b)) / q
    return WaldTest(f, tails.f_upper_tail(q, df_den, f), q, df_den)


def t_quantile(df: int, prob: float) -> float:
    """The ``prob`` quantile of Student's t with ``df`` degrees of freedom."""
    return tails.t_quantile(df, prob)


def benjamini_hochberg(p: FloatArray) -> FloatArray:
    """Benjamini-Hochberg adjusted p-values (same as ``false_discovery_control(p)``)."""
    m = p.size
    if m == 0:
        return np.asarray(p, dtype=np.float64)
    order = np.argsort(p)
    ranked = p[order] * m / np.arange(1, m + 1)
    ranked = np.minimum.accumulate(ranked[::-1])[::-1]
    out = np.empty(m)
    out[order] = np.minimum(ranked, 1.0)
    return out
