"""The quasi-Poisson fit against statsmodels, BH against scipy, ACF and the two widenings."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pytest
import statsmodels.api as sm
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import false_discovery_control

from tests.analysis.simulator import SCENARIOS, simulate
from twitchlog.analysis.design import (
    SplineDesign,
    build_design,
    lagged_pair,
    outcome_terms,
    rows_with,
)
from twitchlog.analysis.glm import (
    FitError,
    acf_on_grid,
    benjamini_hochberg,
    dispersion_shape_factor,
    fit_quasi_poisson,
    inflation_factor,
    joint_f_test,
    pearson_alpha,
)
from twitchlog.analysis.series import build_series, model_value


@pytest.mark.parametrize(
    ("scenario", "days", "factor"),
    [("S3", 180, "caffeine_mg"), ("S0f", 365, "sleep_h"), ("S1", 90, "med:magnesium")],
)
def test_fit_matches_statsmodels_quasi_poisson(scenario: str, days: int, factor: str) -> None:
    person = simulate(SCENARIOS[scenario], days, np.random.default_rng(11))
    series = build_series(person.journal)
    terms = outcome_terms(series.y)
    x = model_value(factor, series.factors[factor])
    cols = lagged_pair(x)
    rows = rows_with(terms, cols)
    design = build_design(terms, cols, rows)
    X = design.matrix()
    y = terms.y[rows]

    ours = fit_quasi_poisson(design, y)
    dense = fit_quasi_poisson(X, y)
    np.testing.assert_allclose(ours.params, dense.params, rtol=1e-9, atol=1e-11)
    np.testing.assert_allclose(ours.cov_unscaled, dense.cov_unscaled, rtol=1e-8, atol=1e-12)
    ref = sm.GLM(y, X, family=sm.families.Poisson()).fit(scale="X2", tol=1e-12)

    np.testing.assert_allclose(ours.params, ref.params, rtol=1e-6, atol=1e-8)
    assert ours.scale_raw == pytest.approx(ref.scale, rel=1e-6)
    se = np.sqrt(np.diag(ours.scale_raw * ours.cov_unscaled))
    np.testing.assert_allclose(se, ref.bse, rtol=1e-6)
    R = np.zeros((2, X.shape[1]))
    R[0, 0] = R[1, 1] = 1.0
    ref_f = ref.f_test(R)
    idx = np.array([0, 1])
    test = joint_f_test(
        ours.params[idx], (ours.scale_raw * ours.cov_unscaled)[np.ix_(idx, idx)], ours.df_resid
    )
    assert test.f == pytest.approx(float(np.squeeze(ref_f.fvalue)), rel=1e-6)
    assert test.p == pytest.approx(float(ref_f.pvalue), rel=1e-6, abs=1e-12)
    assert test.df_den == int(ref_f.df_denom)


def test_phi_is_never_below_one() -> None:
    rng = np.random.default_rng(1)
    X = np.column_stack([np.ones(200), rng.standard_normal(200)])
    y = np.full(200, 3.0)  # underdispersed
    fit = fit_quasi_poisson(X, y)
    assert fit.scale_raw < 1.0
    assert fit.phi == 1.0


def test_collinear_design_is_refused() -> None:
    x = np.arange(50, dtype=float)
    X = np.column_stack([np.ones(50), x, 2 * x])
    with pytest.raises(FitError):
        fit_quasi_poisson(X, np.ones(50))


def test_no_events_is_refused() -> None:
    X = np.column_stack([np.ones(40), np.arange(40.0)])
    with pytest.raises(FitError):
        fit_quasi_poisson(X, np.zeros(40))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.floats(min_value=0.0, max_value=1.0), min_size=1, max_size=12))
def test_bh_matches_scipy(ps: list[float]) -> None:
    p = np.array(ps)
    np.testing.assert_allclose(
        benjamini_hochberg(p), false_discovery_control(p), rtol=1e-12, atol=1e-15
    )


def test_bh_known_values() -> None:
    p = np.array([0.01, 0.04, 0.03, 0.5])
    np.testing.assert_allclose(benjamini_hochberg(p), [0.04, 0.16 / 3, 0.16 / 3, 0.5])


def test_acf_skips_missing_days_by_calendar_distance() -> None:
    # a +1 +1 -1 -1 pattern observed on every second calendar day
    positions = np.arange(0, 40, 2, dtype=np.int64)
    values = np.tile([1.0, 1.0, -1.0, -1.0], 5)[: positions.size]
    rho = acf_on_grid(values, positions, 40, 4)
    assert rho[0] == 0.0  # no pairs one day apart
    assert abs(rho[1]) < 0.2  # two days apart: as often equal as opposite
    assert rho[3] == pytest.approx(-1.0)  # four days apart: always opposite


def test_inflation_factor_grows_with_shared_persistence() -> None:
    rng = np.random.default_rng(0)
    n = 400
    pos = np.arange(n, dtype=np.int64)
    white = rng.standard_normal(n)
    assert inflation_factor(white, rng.standard_normal(n), pos, n) < 1.3
    smooth = np.convolve(rng.standard_normal(n + 30), np.ones(30) / 30, mode="valid")[:n]
    smooth2 = np.convolve(rng.standard_normal(n + 30), np.ones(30) / 30, mode="valid")[:n]
    assert inflation_factor(smooth, smooth2, pos, n) > 3.0


def test_pearson_alpha_solves_its_moment_equation() -> None:
    rng = np.random.default_rng(5)
    mu = np.exp(rng.normal(1.5, 0.6, 4000))
    y = rng.poisson(mu * rng.gamma(1 / 0.4, 0.4, mu.size)).astype(float)
    alpha = pearson_alpha(y, mu, mu.size - 3)
    assert 0.3 < alpha < 0.5  # the planted 0.4, from 4,000 days
    assert float(np.sum((y - mu) ** 2 / (mu + alpha * mu * mu))) == pytest.approx(
        mu.size - 3, rel=1e-6
    )
    poisson = rng.poisson(mu).astype(float)
    flat = np.full(mu.size, 4.0)
    assert pearson_alpha(flat, flat, flat.size - 1) == 0.0  # no spread at all
    assert pearson_alpha(poisson, mu, mu.size - 3) < 0.03


def _design(scenario: str, days: int, factor: str) -> tuple[SplineDesign, npt.NDArray[np.float64]]:
    person = simulate(SCENARIOS[scenario], days, np.random.default_rng(3))
    series = build_series(person.journal)
    terms = outcome_terms(series.y)
    cols = lagged_pair(model_value(factor, series.factors[factor]))
    rows = rows_with(terms, cols)
    return build_design(terms, cols, rows), terms.y[rows]


def test_dispersion_shape_factor_is_the_sandwich_ratio() -> None:
    design, y = _design("S0f", 365, "water_l")
    base = fit_quasi_poisson(design, y)
    mu0 = base.mu
    alpha = pearson_alpha(y, mu0, base.df_resid)
    assert alpha > 0.2  # long flares on top of NB2 noise
    columns = np.array([0, 1])
    got = dispersion_shape_factor(design, mu0, alpha, columns)
    X = design.matrix()
    shape = 1 + alpha * mu0
    a_inv = np.linalg.inv(X.T @ (X * mu0[:, None]))
    b = X.T @ (X * (mu0 * shape / shape.mean())[:, None])
    want = np.diag(a_inv @ b @ a_inv)[columns] / np.diag(a_inv)[columns]
    np.testing.assert_allclose(got, np.maximum(1.0, want), rtol=1e-9)
    assert np.all(got > 1.0)


def test_dispersion_shape_factor_is_one_without_mean_dependence() -> None:
    design, y = _design("S0", 180, "caffeine_mg")
    columns = np.array([0, 1])
    mu0 = fit_quasi_poisson(design, y).mu
    np.testing.assert_array_equal(dispersion_shape_factor(design, mu0, 0.0, columns), [1.0, 1.0])
    flat = np.full(y.size, float(y.mean()))
    np.testing.assert_allclose(dispersion_shape_factor(design, flat, 0.5, columns), [1.0, 1.0])


def test_d_fit_that_did_not_converge_is_refused() -> None:
    """GlmFit.converged was set and never read: a fit stopped before its iterations settled
    was used as if it had an answer. It now raises NotConverged (a FitError)."""
    from twitchlog.analysis.glm import NotConverged

    rng = np.random.default_rng(5)
    t = np.linspace(-1.0, 1.0, 200)
    X = np.column_stack([np.ones(t.size), t])
    y = rng.poisson(np.exp(0.5 + 1.5 * t)).astype(np.float64)
    with pytest.raises(NotConverged):
        fit_quasi_poisson(X, y, maxiter=2)
    fit = fit_quasi_poisson(X, y)  # the default limit is enough for an ordinary fit
    assert fit.params[1] == pytest.approx(1.5, abs=0.3)


def test_d_factor_whose_fit_did_not_converge_could_not_be_fitted(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A factor model that does not converge is "could not be fitted" with a plain reason,
    never a pattern or a number."""
    from twitchlog.analysis import Verdict, analyze, glm

    data = simulate(SCENARIOS["S3"], 180, np.random.default_rng(11)).journal
    tested = {f.factor for f in analyze(data).factors if f.p is not None}
    assert {"caffeine_mg", "sleep_h"} <= tested

    monkeypatch.setattr(glm, "MAX_ITERATIONS", 2)  # no fit can settle in two steps
    a = analyze(data)
    for f in a.factors:
        assert f.verdict is Verdict.NOT_ENOUGH_DATA, f.factor
        assert f.p is None and f.rr_two_day is None, f.factor
        if f.factor in tested:
            assert f.reason is not None and "could not be fitted" in f.reason, f.reason
            assert "did not settle" in f.sentence, f.sentence
    assert a.adjusted is None
