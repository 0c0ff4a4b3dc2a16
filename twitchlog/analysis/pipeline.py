"""``analyze``: the journal slice in, the whole :class:`Analysis` out (pure, no I/O)."""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

import numpy as np

from twitchlog.analysis import descriptives as desc
from twitchlog.analysis import wording
from twitchlog.analysis.design import build_design, outcome_terms, spline_knots
from twitchlog.analysis.factors import (
    MIN_DAYS,
    FactorTest,
    decide,
    effects,
    fit_factor,
    gate_reason,
    rows_for,
)
from twitchlog.analysis.glm import (
    FitError,
    NotConverged,
    acf_on_grid,
    benjamini_hochberg,
    fit_quasi_poisson,
    pearson_alpha,
)
from twitchlog.analysis.model import (
    Adjusted,
    AdjustedFactor,
    Analysis,
    FactorResult,
    Period,
    Stage,
    Summary,
    Verdict,
)
from twitchlog.analysis.series import DailySeries, build_series, longest_gap, model_value
from twitchlog.analysis.specs import (
    CUSTOM_PREFIX,
    MED_PREFIX,
    FactorSpec,
    custom_spec,
    factor_spec,
    number_step,
    same_factor,
)
from twitchlog.domain.factors import FactorKind
from twitchlog.domain.models import FACTOR_FIELDS, JournalSlice

if TYPE_CHECKING:
    from collections.abc import Callable

    import numpy.typing as npt

    from twitchlog.analysis.design import OutcomeTerms

    FloatArray = npt.NDArray[np.float64]

NORMAL_DAYS = 90
PATTERN_LEVEL = 0.05
DAYS_PER_PARAMETER = 10


def stage_for(days: int) -> Stage:
    """Too early below 28 analysable days, an early look up to 89, normal from 90."""
    if days < MIN_DAYS:
        return Stage.TOO_EARLY
    return Stage.EARLY_LOOK if days < NORMAL_DAYS else Stage.NORMAL


def _base_fit(terms: OutcomeTerms, n: int) -> tuple[FloatArray | None, bool, float]:
    """The model without factors: its fitted means on the grid, whether the twitching comes
    in long waves, and the ``alpha`` of a mean-dependent dispersion (0 if none)."""
    rows = np.flatnonzero(terms.usable).astype(np.int64)
    if rows.size < MIN_DAYS:
        return None, False, 0.0
    try:
        fit = fit_quasi_poisson(build_design(terms, [], rows), terms.y[rows])
    except FitError:
        return None, False, 0.0
    mu = np.full(n, np.nan)
    mu[rows] = fit.mu
    rho1 = float(acf_on_grid(fit.pearson, rows, n, 1)[0])
    alpha = pearson_alpha(terms.y[rows], fit.mu, fit.df_resid)
    return mu, abs(rho1) > 0.3, alpha


def _adjusted(
    terms: OutcomeTerms,
    tested: list[tuple[FactorSpec, FloatArray]],
    start_mu: FloatArray | None,
    n: int,
    alpha: float,
) -> tuple[Adjusted | None, str]:
    if len(tested) < 2:
        return None, "Looking at all factors together needs at least two tested factors."
    xs = [x for _, x in tested]
    rows = rows_for(terms, xs)
    if rows.size == 0:
        return None, wording.adjusted_note(False)
    # two lags per factor, two recent-level terms, the spline (which holds the intercept)
    params = 2 * len(xs) + 2 + spline_knots(rows.astype(np.float64)).size
    needed = DAYS_PER_PARAMETER * params
    if rows.size < needed:
        return None, wording.adjusted_note(False, int(rows.size), needed)
    try:
        tests = fit_factor(terms, xs, rows, start_mu, n, alpha)
    except FitError:
        return None, "The model with all factors together could not be fitted."
    p_adj = benjamini_hochberg(np.array([t.p for t in tests]))
    out = []
    for (spec, _), test, q in zip(tested, tests, p_adj, strict=True):
        two_day = effects(test, spec.unit_size).two_day
        out.append(AdjustedFactor(spec.key, test.p, float(q), two_day))
    return Adjusted(int(rows.size), params, tuple(out)), wording.adjusted_note(True)


def factor_specs(data: JournalSlice, series: DailySeries) -> list[FactorSpec]:
    """Every factor to test, in order: the built-ins, the person's own factors, the medicines.

    A retired custom factor is included only when it has a value in the period. A custom
    number's reporting step comes from the spread of its logged values (never the outcome).
    """
    specs = [factor_spec(k) for k in FACTOR_FIELDS]
    for f in data.custom_factors:
        raw = series.factors[CUSTOM_PREFIX + f.key]
        known = raw[~np.isnan(raw)]
        if not f.active and known.size == 0:
            continue
        step = number_step(known.tolist(), f.whole) if f.kind is FactorKind.NUMBER else 1.0
        specs.append(custom_spec(f, step))
    meds = sorted(k for k in series.factors if k.startswith(MED_PREFIX))
    specs.extend(factor_spec(k) for k in meds)
    return specs


def analyze(data: JournalSlice) -> Analysis:
    """Analyse the period ``data.start..data.end`` (inclusive); see the package docstring."""
    series = build_series(data)
    return analyze_series(data, series, factor_specs(data, series))


def analyze_series(data: JournalSlice, series: DailySeries, specs: list[FactorSpec]) -> Analysis:
    """Analyse ``series`` for the factors ``specs`` (their values in ``series.factors``).

    Every factor goes through the same gates, model, widening and one Benjamini-Hochberg
    family, whatever its kind; ``data`` supplies the period, sites and hours. A factor under
    a running experiment (``data.held_back``) is left out of all of it: not tested, not in
    the family, not in the model with all factors; one sentence says why.
    """
    held: list[str] = []
    kept: list[FactorSpec] = []
    for spec in specs:
        exp = next((h for h in data.held_back if same_factor(spec.key, h.factor)), None)
        if exp is None:
            kept.append(spec)
        else:
            held.append(wording.held_back_sentence(spec.label, exp.name, exp.until))
    specs = kept
    n = series.n
    terms = outcome_terms(series.y)
    base_days = int(np.sum(terms.usable))
    stage = stage_for(base_days)
    base_mu, long_waves, alpha = _base_fit(terms, n)

    by_key = {spec.key: spec for spec in specs}
    keys = list(by_key)
    model_x: dict[str, FloatArray] = {}
    reasons: dict[str, str | None] = {}
    tests: dict[str, FactorTest] = {}
    days: dict[str, int] = {}
    for key in keys:
        spec = by_key[key]
        x = model_value(key, series.factors[key])
        model_x[key] = x
        rows = rows_for(terms, [x])
        days[key] = int(rows.size)
        reason = gate_reason(spec, x, rows, base_days)
        if reason is None:
            try:
                tests[key] = fit_factor(terms, [x], rows, base_mu, n, alpha)[0]
            except NotConverged:
                reason = (
                    f"the model for {spec.label} could not be fitted (its calculation did not "
                    "settle on one answer)"
                )
            except FitError:
                reason = (
                    f"{spec.label} could not be separated from your overall trend and "
                    "recent twitch level"
                )
        reasons[key] = reason

    tested = [k for k in keys if k in tests]
    p_adj = {
        k: float(q)
        for k, q in zip(
            tested, benjamini_hochberg(np.array([tests[k].p for k in tested])), strict=True
        )
    }
    adjusted, adjusted_note = _adjusted(
        terms, [(by_key[k], model_x[k]) for k in tested], base_mu, n, alpha
    )
    adjusted_p = {f.factor: f.p_adjusted for f in adjusted.factors} if adjusted else {}

    @cache
    def odds() -> wording.ExperimentOdds | None:
        # Simulated once per analysis, and only when a pattern sentence offers an experiment.
        from twitchlog.analysis.experiment import experiment_odds

        return experiment_odds(series.y)

    results = [
        _factor_result(
            by_key[key],
            series,
            analysable=days[key],
            test=tests.get(key),
            reason=reasons[key],
            p_adjusted=p_adj.get(key),
            adjusted_p=adjusted_p,
            odds=odds,
            hint=not data.held_back,
        )
        for key in keys
    ]

    mean, median, q1, q3 = desc.quartiles(series.y)
    summary = Summary(
        episodes_per_day_mean=mean,
        episodes_per_day_median=median,
        episodes_per_day_q1=q1,
        episodes_per_day_q3=q3,
        twitch_free_share=desc.twitch_free_share(series.y),
        trend_rr_per_30_days=desc.trend_per_30_days(series.y),
        duration_median_s=desc.median_of(series.duration_s),
        intensity_median=desc.median_of(series.intensity),
        sites=desc.site_shares(data.site_counts),
        hour_counts=tuple(int(c) for c in data.hour_counts),
        long_waves=long_waves,
    )
    logged = series.logged
    period = Period(
        start=data.start,
        end=data.end,
        calendar_days=n,
        logged_days=int(np.sum(logged)),
        checked_in_days=int(np.sum(series.checked_in)),
        analysable_days=base_days,
        longest_gap_days=longest_gap(logged),
    )
    return Analysis(
        period=period,
        stage=stage,
        stage_text=wording.stage_text(stage, base_days),
        summary=summary,
        factors=tuple(results),
        adjusted=adjusted,
        adjusted_note=adjusted_note,
        footer=wording.footer(len(tested)),
        held_back=tuple(held),
    )


def _factor_result(
    spec: FactorSpec,
    series: DailySeries,
    *,
    analysable: int,
    test: FactorTest | None,
    reason: str | None,
    p_adjusted: float | None,
    adjusted_p: dict[str, float],
    odds: Callable[[], wording.ExperimentOdds | None] = lambda: None,
    hint: bool = True,
) -> FactorResult:
    """Descriptives, effects, verdict and sentence of one factor; ``hint=False`` (an
    experiment runs, and only one can) offers no experiment."""
    key = spec.key
    raw = series.factors[key]
    higher, lower = desc.split_means(series.y, raw, spec.binary)
    known = raw[~np.isnan(raw)]
    logged = int(np.sum(known > 0)) if spec.binary else int(known.size)
    described = (not spec.binary) and known.size > 0
    eff = None
    holds: bool | None = None
    if test is None or p_adjusted is None:
        verdict = Verdict.NOT_ENOUGH_DATA
        reason = reason or "it was not tested"
        sentence = wording.not_enough_data_sentence(spec, reason)
    else:
        reason = None
        eff = effects(test, spec.unit_size)
        verdict = decide(p_adjusted, eff.two_day_90, PATTERN_LEVEL)
        if verdict is Verdict.PATTERN:
            if key in adjusted_p:
                holds = adjusted_p[key] <= PATTERN_LEVEL
            lag_rr, other = (
                (eff.same_day, eff.previous_day)
                if eff.dominant_lag == 0
                else (eff.previous_day, eff.same_day)
            )
            sentence = wording.pattern_sentence(
                spec,
                lag_rr,
                eff.dominant_lag,
                test.analysable_days,
                holds=holds,
                other_rr=other,
                odds=None if spec.binary or not hint else odds(),
                hint=hint,
            )
        elif verdict is Verdict.NO_BIG_DIFFERENCE:
            sentence = wording.no_big_difference_sentence(
                spec, eff.two_day_90, test.analysable_days
            )
        else:
            sentence = wording.cant_tell_sentence(spec, eff.two_day, test.analysable_days)
        if test.long_waves:
            sentence = wording.with_long_waves(sentence)
    return FactorResult(
        factor=key,
        label=spec.label,
        unit=spec.unit,
        logged_days=logged,
        analysable_days=analysable,
        verdict=verdict,
        p=None if test is None else test.p,
        p_adjusted=p_adjusted if test is not None else None,
        rr_same_day=None if eff is None else eff.same_day,
        rr_previous_day=None if eff is None else eff.previous_day,
        rr_two_day=None if eff is None else eff.two_day,
        rr_two_day_90=None if eff is None else eff.two_day_90,
        dominant_lag=None if eff is None else eff.dominant_lag,
        higher=higher,
        lower=lower,
        median_value=float(np.median(known)) if described else None,
        min_value=float(known.min()) if described else None,
        max_value=float(known.max()) if described else None,
        reason=reason,
        sentence=sentence,
        long_waves=False if test is None else test.long_waves,
        adjusted_holds=holds,
    )
