"""Monte-Carlo validation of ``analyze`` (docs/analysis.md §11.3): metrics per scenario and length.

Used by the fast CI test and the full grid (``TWITCHLOG_ANALYSIS_FULL=1``); run directly to
print the grid as a Markdown table::

    python -m tests.analysis.validation --people 1000 --days 60 90 180 365 --workers 2
"""

from __future__ import annotations

import argparse
import math
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, fields

import numpy as np
from scipy.stats import pearsonr

from tests.analysis.simulator import (
    COLD,
    CONFOUNDED,
    CUSTOM_NULLS,
    PLANTED,
    PURE_NULLS,
    SCENARIOS,
    Scenario,
    simulate,
)
from twitchlog.analysis import Analysis, Verdict, analyze

ALL_FACTORS = (*PLANTED, CONFOUNDED, *PURE_NULLS)
SCENARIO_ORDER = ("S0", "S0i", "S0f", "S1", "S2", "S3", "C0", "C0i", "C0f", "CT")
SEED = 20261129


@dataclass(frozen=True, slots=True)
class CellResult:
    """Metrics of one scenario x length cell (shares over simulated people)."""

    scenario: str
    days: int
    people: int
    fwer: float
    max_null_factor_rate: float
    max_null_factor: str
    fdr: float
    power_caffeine: float
    power_sleep: float
    power_stress: float
    cigarettes_flagged: float
    wrong_direction: int
    reported_planted: int
    wrong_caffeine_sleep: int
    reported_caffeine_sleep: int
    coverage_caffeine_lag1: float
    coverage_n: int
    null_raw_size: float
    null_tests: int
    any_tested: float
    medicine_gated: float
    app_style_fwer: float
    seconds: float
    tested_factors: float = 0.0
    power_cold: float = 0.0
    cold_tested: float = 0.0
    cold_log_rr: float = float("nan")


@dataclass(slots=True)
class _CustomTally:
    """Factors tested, and for the planted tag of world CT: people found, same-day log RRs."""

    tested: int = 0
    found: int = 0
    log_rr: list[float] = field(default_factory=list)

    def add(self, a: Analysis, planted_cold: bool) -> None:
        self.tested += sum(f.p is not None for f in a.factors)
        cold = next((f for f in a.factors if f.factor == COLD), None)
        if planted_cold and cold is not None and cold.rr_same_day is not None:
            self.found += cold.verdict is Verdict.PATTERN
            self.log_rr.append(math.log(cold.rr_same_day.value))


def _null_keys(sc: Scenario) -> tuple[str, ...]:
    """The factors without any effect that count as false patterns in ``sc``.

    In S1-S3 cigarettes travel with the planted caffeine and are scored apart (§11.2); in the
    custom worlds every factor except the planted tag is a null, cigarettes included.
    """
    own = (*CUSTOM_NULLS, COLD) if sc.custom else ()
    if sc.is_null:
        return (*ALL_FACTORS, *own)
    if sc.custom and sc.rr_caffeine == 1.0:
        return (*ALL_FACTORS, *CUSTOM_NULLS)
    return (*PURE_NULLS, *own)


def _app_style_any(y: np.ndarray, factors: dict[str, np.ndarray]) -> bool:
    """Same-day Pearson r, p < 0.05, no correction, over the 8 factors (the baseline)."""
    for key in ALL_FACTORS:
        x = factors[key]
        ok = ~np.isnan(y) & ~np.isnan(x)
        if ok.sum() < 3 or np.std(x[ok]) == 0 or np.std(y[ok]) == 0:
            continue
        if float(pearsonr(x[ok], y[ok]).pvalue) < 0.05:
            return True
    return False


def run_cell(scenario: str, days: int, people: int, seed: int = SEED) -> CellResult:
    """Simulate ``people`` diaries of ``days`` days in ``scenario`` and score ``analyze``."""
    sc = SCENARIOS[scenario]
    rng = np.random.default_rng([seed, SCENARIO_ORDER.index(scenario), days])
    true_caf = math.log(sc.rr_caffeine)
    nulls = _null_keys(sc)
    any_false = 0
    null_counts = dict.fromkeys(nulls, 0)
    cold = _CustomTally()
    fdp_sum = 0.0
    power = dict.fromkeys(PLANTED, 0)
    wrong = reported = confounded = 0
    wrong_by = dict.fromkeys(PLANTED, 0)
    covered = cov_n = 0
    raw_hits = raw_tests = 0
    any_tested = med_gated = app_any = 0
    start = time.perf_counter()
    for _ in range(people):
        person = simulate(sc, days, rng)
        a = analyze(person.journal)
        by_key = {f.factor: f for f in a.factors}
        patterns = {k for k, f in by_key.items() if f.verdict is Verdict.PATTERN}
        cold.add(a, sc.rr_cold != 1.0)
        false = patterns & set(nulls)
        any_false += bool(false)
        for k in false:
            null_counts[k] += 1
        for k in nulls:
            f = by_key.get(k)
            if f is not None and f.p is not None:
                raw_tests += 1
                raw_hits += f.p < 0.05
        if not sc.is_null:
            confounded += CONFOUNDED in patterns
            counted = patterns - ({CONFOUNDED} - set(nulls))
            if counted:
                fdp_sum += len(counted & set(nulls)) / len(counted)
            for k in PLANTED:
                if k in patterns:
                    power[k] += 1
                    f = by_key[k]
                    rr = f.rr_same_day if f.dominant_lag == 0 else f.rr_previous_day
                    assert rr is not None
                    reported += 1
                    wrong += rr.value < 1.0
                    wrong_by[k] += rr.value < 1.0
        caf = by_key["caffeine_mg"].rr_previous_day
        if caf is not None:
            cov_n += 1
            covered += math.log(caf.low) <= true_caf <= math.log(caf.high)
        any_tested += any(f.p is not None for f in a.factors)
        med = by_key.get(PURE_NULLS[-1])
        med_gated += med is None or med.p is None
        app_any += _app_style_any(person.y, person.factors)
    worst = max(nulls, key=lambda k: null_counts[k])
    return CellResult(
        scenario=scenario,
        days=days,
        people=people,
        fwer=any_false / people,
        max_null_factor_rate=null_counts[worst] / people,
        max_null_factor=worst,
        fdr=fdp_sum / people,
        power_caffeine=power["caffeine_mg"] / people,
        power_sleep=power["sleep_h"] / people,
        power_stress=power["stress"] / people,
        cigarettes_flagged=(null_counts[CONFOUNDED] if sc.is_null else confounded) / people,
        wrong_direction=wrong,
        wrong_caffeine_sleep=wrong_by["caffeine_mg"] + wrong_by["sleep_h"],
        reported_caffeine_sleep=power["caffeine_mg"] + power["sleep_h"],
        reported_planted=reported,
        coverage_caffeine_lag1=covered / cov_n if cov_n else float("nan"),
        coverage_n=cov_n,
        null_raw_size=raw_hits / raw_tests if raw_tests else float("nan"),
        null_tests=raw_tests,
        any_tested=any_tested / people,
        medicine_gated=med_gated / people,
        app_style_fwer=app_any / people,
        seconds=time.perf_counter() - start,
        tested_factors=cold.tested / people,
        power_cold=cold.found / people,
        cold_tested=len(cold.log_rr) / people,
        cold_log_rr=float(np.mean(cold.log_rr)) if cold.log_rr else float("nan"),
    )


def predicted_cold_power(days: int, tests: int = 16, draws: int = 20_000) -> float:
    """The power the design predicts for the planted tag of world CT (docs/analysis.md §11.5).

    A planning calculation from the simulator's parameters, not from its diaries: usable days
    ``m`` = (days - 6) x 0.81 (10 % missing days, the day before needed) x 0.846 (the tag
    known on both days: tagged days always, untagged ones on the 90 % of days marked
    complete); the tag on 21.7 % of them (20 % / 92 %); mean 4.1 episodes a day without it and
    1.5 times that with it; variance ``mu + a mu^2`` with ``a = 1.3 exp(0.25^2) - 1 = 0.384``
    (gamma noise and the hidden level). The log rate ratio's variance is that of a weighted
    two-group comparison, ``1 / (m p w1) + 1 / (m (1 - p) w0)`` with ``w = mu / (1 + a mu)``;
    its square divided into ``ln(1.5)^2`` is the non-centrality of the 2-df test. The share of
    people found is that test's p-value passing Benjamini-Hochberg at 0.05 among ``tests``
    tests whose other ``tests - 1`` p-values are uniform (no other effect).
    """
    from scipy.stats import chi2, ncx2

    m = max(0.0, (days - 6) * 0.81 * 0.846)
    p = 0.2 / 0.92
    mu0 = 4.1
    mu1 = 1.5 * mu0
    a = 1.3 * math.exp(0.25**2) - 1.0
    w0, w1 = mu0 / (1 + a * mu0), mu1 / (1 + a * mu1)
    var = 1.0 / (m * p * w1) + 1.0 / (m * (1 - p) * w0)
    lam = math.log(1.5) ** 2 / var
    rng = np.random.default_rng(SEED)
    p1 = chi2.sf(ncx2.rvs(2, lam, size=draws, random_state=rng), 2)
    pv = np.column_stack([p1, rng.random((draws, tests - 1))])
    ranked = np.sort(pv, axis=1)
    ok = ranked <= 0.05 * np.arange(1, tests + 1) / tests
    k = np.where(ok.any(axis=1), tests - np.argmax(ok[:, ::-1], axis=1), 0)
    cut = 0.05 * k / tests
    return float(np.mean(p1 <= cut))


def _run(args: tuple[str, int, int, int]) -> CellResult:
    return run_cell(*args)


def run_grid(
    scenarios: tuple[str, ...],
    days: tuple[int, ...],
    people: int,
    workers: int,
    seed: int = SEED,
) -> list[CellResult]:
    """All cells, in parallel processes."""
    jobs = [(s, n, people, seed) for s in scenarios for n in days]
    with ProcessPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(_run, jobs))


def markdown(results: list[CellResult]) -> str:
    """The cells as a Markdown table."""
    names = [f.name for f in fields(CellResult)]
    lines = ["| " + " | ".join(names) + " |", "|" + "---|" * len(names)]
    for r in results:
        cells = []
        for name in names:
            v = getattr(r, name)
            cells.append(f"{v:.3f}" if isinstance(v, float) else str(v))
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main() -> None:
    """Command line: run a grid and print it."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--people", type=int, default=1000)
    parser.add_argument("--days", type=int, nargs="+", default=[30, 60, 90, 180, 365])
    parser.add_argument("--scenarios", nargs="+", default=list(SCENARIO_ORDER))
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=SEED)
    ns = parser.parse_args()
    results = run_grid(tuple(ns.scenarios), tuple(ns.days), ns.people, ns.workers, ns.seed)
    print(markdown(results), flush=True)


if __name__ == "__main__":
    main()
