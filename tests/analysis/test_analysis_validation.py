"""Monte-Carlo validation against docs/analysis.md §11.3 (fast CI variant; full grid on request).

The fast variant simulates 300 people at 180 days in S0 and S3 with fixed seeds. The full
grid (all scenarios, 30 to 365 days, 1,000 people a cell) runs with TWITCHLOG_ANALYSIS_FULL=1.
"""

from __future__ import annotations

import math
import os
from dataclasses import replace

import pytest

from tests.analysis.simulator import SCENARIOS
from tests.analysis.validation import (
    SCENARIO_ORDER,
    CellResult,
    markdown,
    predicted_cold_power,
    run_cell,
    run_grid,
)

# Reference power per cell (docs/analysis.md §11.4; sleep as sleep debt).
REFERENCE_POWER: dict[tuple[str, int], tuple[float, float, float]] = {
    ("S1", 60): (0.09, 0.0, 0.04),
    ("S1", 90): (0.11, 0.08, 0.05),
    ("S1", 180): (0.31, 0.19, 0.10),
    ("S1", 365): (0.73, 0.43, 0.32),
    ("S2", 60): (0.15, 0.0, 0.04),
    ("S2", 90): (0.29, 0.10, 0.06),
    ("S2", 180): (0.65, 0.27, 0.13),
    ("S2", 365): (0.98, 0.58, 0.30),
    ("S3", 90): (0.23, 0.35, 0.12),
    ("S3", 180): (0.61, 0.74, 0.30),
    ("S3", 365): (0.94, 0.98, 0.68),
}


def test_fast_validation_s0_and_s3_at_180_days() -> None:
    null = run_cell("S0", 180, 300)
    strong = run_cell("S3", 180, 300)
    print("\n" + markdown([null, strong]))
    assert null.fwer <= 0.13
    assert null.app_style_fwer >= 0.30  # the simulator is hard enough to fool app methods
    assert strong.power_caffeine >= 0.61 - 0.08
    assert strong.power_sleep >= 0.74 - 0.08
    assert strong.reported_planted > 300
    # direction: dominant lag against the planted effect in < 1 % of reported patterns
    assert strong.wrong_direction / strong.reported_planted < 0.01


def test_long_flares_keep_false_patterns_and_raw_p_values_honest() -> None:
    # S0f (weeks-long flares) over a year is where quasi-Poisson alone runs liberal (raw
    # p < 0.05 for 7.1 % of null factors, any false pattern 0.110 on these 300 people);
    # the mean-dependent dispersion widening brings both back.
    flare = run_cell("S0f", 365, 300)
    print("\n" + markdown([flare]))
    assert flare.fwer <= 0.10
    assert flare.null_raw_size <= 0.062
    assert flare.null_tests >= 2000


def test_fast_validation_own_factors_null_world_and_planted_tag() -> None:
    # 9 built-in + 6 own factors + the medicine (docs/analysis.md §11.5): in the null world no
    # more false patterns than the promise allows; the tag planted at rate ratio 1.5 on 20 % of
    # days found about as often as the design predicts (0.61 at 365 days).
    null = run_cell("C0", 180, 50)
    tag = run_cell("CT", 365, 30)
    print("\n" + markdown([null, tag]))
    assert null.tested_factors >= 15.5  # the own factors pass the gates and are tested
    assert null.fwer <= 0.10 + _slack(0.10, null.people)
    assert tag.cold_tested == 1.0
    want = predicted_cold_power(365)
    assert tag.power_cold >= want - 0.05 - _slack(want, tag.people)
    # the other 15 factors stay quiet (§11.5: each at most 0.06, any at most 0.10)
    assert tag.max_null_factor_rate <= 0.06 + _slack(0.06, tag.people)
    assert tag.fwer <= 0.10 + _slack(0.10, tag.people)


def _slack(level: float, people: int) -> float:
    """Two Monte-Carlo standard errors of a share estimated at ``level`` from ``people``."""
    return 2.0 * math.sqrt(level * (1.0 - level) / people)


def grid_failures(cells: dict[tuple[str, int], CellResult]) -> list[str]:
    """Every criterion of docs/analysis.md §11.3 that the grid misses by more than 2 SE.

    §11.3 states point-estimate limits for 1,000 people a cell (SE about 1 pp at 10 %); a
    point estimate can miss a limit by chance, so a cell fails only beyond 2 SE. The
    measured figures and the strict point-estimate reading are in docs/analysis.md §12.3.
    """
    failures = []
    for (scenario, n), r in sorted(cells.items()):
        if n <= 30:  # with 10 % missing days, 30 calendar days give < 28 analysable days
            if r.any_tested != 0.0:
                failures.append(f"{scenario} {n} d: tests ran below the 28-day gate")
        elif SCENARIOS[scenario].is_null:
            failures += _null_cell_failures(scenario, n, r)
        else:
            failures += _planted_cell_failures(scenario, n, r)
    return failures + _power_gate_failures(cells)


def _null_cell_failures(scenario: str, n: int, r: CellResult) -> list[str]:
    """False patterns in a world where nothing has an effect; the app-style baseline fails."""
    failures = []
    if r.fwer > 0.10 + _slack(0.10, r.people):
        failures.append(f"{scenario} {n}: FWER {r.fwer:.3f}")
    if r.max_null_factor_rate > 0.035 + _slack(0.035, r.people):
        failures.append(f"{scenario} {n}: {r.max_null_factor} {r.max_null_factor_rate:.3f}")
    if scenario == "S0" and r.app_style_fwer < 0.30:
        failures.append(f"S0 {n}: the app-style baseline did not fail")
    return failures


def _planted_cell_failures(scenario: str, n: int, r: CellResult) -> list[str]:
    """Pure-null rate, FDR, direction, power against Table B and (S1) interval coverage."""
    failures = []
    k = r.people
    if r.max_null_factor_rate > 0.06 + _slack(0.06, k):
        failures.append(f"{scenario} {n}: {r.max_null_factor} {r.max_null_factor_rate:.3f}")
    if SCENARIOS[scenario].rr_cold != 1.0:
        # one weak effect: nearly a null world, judged by its other 15 factors (§11.5)
        if r.fwer > 0.10 + _slack(0.10, k):
            failures.append(f"{scenario} {n}: any other factor {r.fwer:.3f}")
    elif r.fdr > 0.05 + _slack(0.05, k):
        failures.append(f"{scenario} {n}: FDR {r.fdr:.3f}")
    reported = r.reported_caffeine_sleep
    if reported and r.wrong_caffeine_sleep / reported > 0.01 + _slack(0.01, reported):
        failures.append(f"{scenario} {n}: wrong direction {r.wrong_caffeine_sleep}/{reported}")
    ref = REFERENCE_POWER.get((scenario, n))
    if ref:
        got = (r.power_caffeine, r.power_sleep, r.power_stress)
        for name, g, want in zip(("caffeine", "sleep", "stress"), got, ref, strict=True):
            if g < want - 0.05 - _slack(want, k):
                failures.append(f"{scenario} {n}: {name} power {g:.3f} vs {want}")
    if SCENARIOS[scenario].rr_cold != 1.0:
        want = predicted_cold_power(n)
        if r.power_cold < want - 0.05 - _slack(want, k):
            failures.append(f"{scenario} {n}: cold power {r.power_cold:.3f} vs {want:.3f}")
    if scenario == "S1" and not 0.93 <= r.coverage_caffeine_lag1 <= 0.97:
        failures.append(f"S1 {n}: coverage {r.coverage_caffeine_lag1:.3f}")
    return failures


def _power_gate_failures(cells: dict[tuple[str, int], CellResult]) -> list[str]:
    """The "reasonable power" gate: S3 at 180 days and S2 at 365 days."""
    failures = []
    s3 = cells.get(("S3", 180))
    if s3 and (
        s3.power_caffeine < 0.56 - _slack(0.56, s3.people)
        or s3.power_sleep < 0.69 - _slack(0.69, s3.people)
    ):
        failures.append("S3 180 d: below the reasonable-power gate")
    s2 = cells.get(("S2", 365))
    if s2 and s2.power_caffeine < 0.93 - _slack(0.93, s2.people):
        failures.append("S2 365 d: caffeine power below 0.93")
    return failures


@pytest.mark.skipif(
    os.environ.get("TWITCHLOG_ANALYSIS_FULL") != "1", reason="set TWITCHLOG_ANALYSIS_FULL=1"
)
def test_full_grid_meets_every_acceptance_criterion() -> None:
    workers = int(os.environ.get("TWITCHLOG_ANALYSIS_WORKERS", "2"))
    results = run_grid(SCENARIO_ORDER, (30, 60, 90, 180, 365), 1000, workers)
    print("\n" + markdown(results))
    failures = grid_failures({(r.scenario, r.days): r for r in results})
    assert not failures, "\n".join(failures)


def test_grid_judge_can_fail() -> None:
    bad = replace(
        run_cell("S0", 60, 5),
        people=1000,
        fwer=0.2,
        max_null_factor_rate=0.01,
        app_style_fwer=0.4,
    )
    assert grid_failures({("S0", 60): bad}) == ["S0 60: FWER 0.200"]


def test_grid_judge_holds_the_planted_tag_to_the_design() -> None:
    def ct(n: int, power: float, fwer: float) -> CellResult:
        return replace(
            run_cell("CT", 60, 5),
            days=n,
            people=1000,
            max_null_factor_rate=0.02,
            fdr=0.07,  # reported, not judged, in CT (§11.5)
            power_cold=power,
            fwer=fwer,
        )

    assert grid_failures({("CT", 365): ct(365, 0.60, 0.09)}) == []
    assert grid_failures({("CT", 365): ct(365, 0.45, 0.14)}) == [
        "CT 365: any other factor 0.140",
        f"CT 365: cold power 0.450 vs {predicted_cold_power(365):.3f}",
    ]


def test_grid_judge_holds_the_power_gate_within_monte_carlo_error() -> None:
    def s3_180(sleep: float) -> CellResult:
        return replace(
            run_cell("S3", 60, 5),
            people=1000,
            max_null_factor_rate=0.04,
            fdr=0.04,
            wrong_caffeine_sleep=0,
            reported_caffeine_sleep=1300,
            power_caffeine=0.61,
            power_sleep=sleep,
            power_stress=0.30,
        )

    assert grid_failures({("S3", 180): s3_180(0.685)}) == []  # 0.69 within 2 SE
    assert grid_failures({("S3", 180): s3_180(0.64)}) == [
        "S3 180: sleep power 0.640 vs 0.74",
        "S3 180 d: below the reasonable-power gate",
    ]
