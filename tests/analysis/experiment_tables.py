"""Simulation tables for randomized self-experiments (docs/experiments.md).

Run ``.venv/bin/python -m tests.analysis.experiment_tables [--sims N] [--seed S]`` to regenerate
every table of docs/experiments.md §5. The diaries come from the analysis tests' simulator
(``tests/analysis/simulator.py``: negative-binomial counts around 4 a day, a hidden level with
flares, 10 % of days missing plus one 5-day gap). The experiment's effect is planted by
binomial thinning: on a day the lower-rate condition acts, each simulated twitch is kept with
probability ``1 / rr``, which multiplies that day's rate by exactly ``1 / rr``.

Real-life conditions (``real=True``):

* adherence 80 %: each TEST day is, with probability 0.2, lived as usual instead (USUAL days
  are always as usual);
* one-day carry-over: the condition lived on a day acts on the next day too, so the first day
  after a change still has the previous condition's rate (a day's rate follows the condition of
  the day before).
"""

from __future__ import annotations

import argparse
import math
import sys
import time
from dataclasses import dataclass
from datetime import date

import numpy as np

from tests.analysis.simulator import SCENARIOS, simulate
from twitchlog.analysis.experiment import (
    exposure_of,
    p_value,
    pair_data_from_counts,
    rate_ratio_interval,
    reference,
)
from twitchlog.domain.experiment import (
    DEFAULT_BLOCK_DAYS,
    DEFAULT_WASHOUT_DAYS,
    DEFAULT_WEEKS,
    ExperimentPlan,
    pair_count,
)

FloatArray = np.ndarray
WEEKS = (4, 6, 8, 12, 16)
RATIOS = (1.3, 1.5, 2.0)
ADHERENCE = 0.8


def make_plan(
    weeks: int, block: int = DEFAULT_BLOCK_DAYS, washout: int = DEFAULT_WASHOUT_DAYS
) -> ExperimentPlan:
    """A caffeine plan of ``weeks`` weeks with the given blocks."""
    return ExperimentPlan(
        "caffeine_mg", "caffeine", "at most 100 mg", "as usual", date(2025, 1, 6),
        weeks=weeks, block_days=block, washout_days=washout,
    )  # fmt: skip


@dataclass(frozen=True, slots=True)
class Trial:
    """One simulated experiment: the schedule as drawn and the counts the diary holds."""

    orders: np.ndarray
    y: FloatArray


def diaries(
    world: str, days: int, sims: int, rng: np.random.Generator, per_person: int = 1
) -> np.ndarray:
    """``sims`` diaries of ``days`` days from ``world`` (one per row, NaN = not logged).

    With ``per_person > 1`` each simulated person's diary is cut into that many consecutive
    stretches (quicker; the CI test uses it, the tables do not).
    """
    people = -(-sims // per_person)
    rows = [
        simulate(SCENARIOS[world], days * per_person, rng).y.reshape(per_person, days)
        for _ in range(people)
    ]
    return np.concatenate(rows)[:sims]


def run_trial(
    plan: ExperimentPlan, rr: float, rng: np.random.Generator, y: np.ndarray, *, real: bool
) -> Trial:
    """Draw a schedule and plant ``rr`` (TEST lowers the rate) into the diary ``y``."""
    orders = rng.random(pair_count(plan)) < 0.5
    assigned = exposure_of(plan, orders)
    y = y.copy()
    lived = assigned.copy()
    if real:
        lived[(assigned == 1.0) & (rng.random(plan.days) >= ADHERENCE)] = 0.0
        lived = np.concatenate(([lived[0]], lived[:-1]))
    if rr != 1.0:
        ok = ~np.isnan(y)
        acts = ok & (lived == 1.0)
        y[acts] = rng.binomial(y[acts].astype(np.int64), 1.0 / rr)
    return Trial(orders, y)


def rejects(
    plan: ExperimentPlan, t: Trial, rng: np.random.Generator, draws: int = 999, exact_max: int = 14
) -> bool:
    """The randomization test at 5 % (exact up to ``exact_max`` pairs, else ``draws`` random
    draws with the +1 correction)."""
    data = pair_data_from_counts(plan, t.orders, t.y)
    return p_value(data, reference(data, rng, draws, exact_max)) <= 0.05


def rate(
    plan: ExperimentPlan,
    rr: float,
    sims: int,
    seed: int,
    *,
    real: bool,
    world: str = "S0f",
    quick: bool = False,
) -> float:
    """Share of ``sims`` simulated experiments with ``p <= 0.05``.

    ``quick`` (the CI test): 30 experiments per simulated person and 499 random draws beyond
    9 pairs; still an exact-level test, slightly less powerful.
    """
    rng = np.random.default_rng(seed)
    ys = diaries(world, plan.days, sims, rng, 30 if quick else 1)
    draws, exact_max = (499, 9) if quick else (999, 10)
    return (
        sum(
            rejects(plan, run_trial(plan, rr, rng, y, real=real), rng, draws, exact_max) for y in ys
        )
        / sims
    )


def coverage(
    plan: ExperimentPlan, rr: float, sims: int, seed: int, *, world: str = "S0f"
) -> tuple[float, float]:
    """Share of 95 % intervals that contain the true TEST/USUAL ratio ``1/rr`` (plan kept, no
    carry-over), and the median interval width ratio (high / low)."""
    rng = np.random.default_rng(seed)
    hits, widths, n = 0, [], 0
    for y in diaries(world, plan.days, sims, rng):
        t = run_trial(plan, rr, rng, y, real=False)
        data = pair_data_from_counts(plan, t.orders, t.y)
        iv = rate_ratio_interval(data, reference(data, rng, 999, exact_max=9))
        if iv is None:
            continue
        n += 1
        hits += iv.low <= 1.0 / rr <= iv.high
        widths.append(iv.high / iv.low)
    return hits / n, float(np.median(widths))


def _se(p: float, n: int) -> float:
    return math.sqrt(max(p * (1 - p), 1e-12) / n)


def table_error(sims: int, seed: int) -> list[str]:
    """False-positive rate at each length (no effect), two worlds, the default design."""
    lines = [
        "| world | " + " | ".join(f"{w} weeks" for w in WEEKS) + " |",
        "|---" * (len(WEEKS) + 1) + "|",
    ]
    for world in ("S0f", "S0"):
        cells = []
        for w in WEEKS:
            r = rate(make_plan(w), 1.0, sims, seed + w, real=True, world=world)
            cells.append(f"{r:.3f} ± {_se(r, sims):.3f}")
        lines.append(f"| {world} | " + " | ".join(cells) + " |")
    return lines


def table_power(sims: int, seed: int) -> list[str]:
    """Power by rate ratio and length with the default design (real-life and ideal rows)."""
    lines = [
        "| rate ratio | conditions | " + " | ".join(f"{w} weeks" for w in WEEKS) + " |",
        "|---" * (len(WEEKS) + 2) + "|",
    ]
    rows = [(rr, True, "S0f") for rr in RATIOS] + [
        (2.0, False, "S0f"),
        (2.0, True, "S0"),
        (2.0, False, "S0"),
    ]
    for rr, real, world in rows:
        label = ("80 % kept, 1-day carry-over" if real else "kept, no carry-over") + f", {world}"
        cells = [
            f"{rate(make_plan(w), rr, sims, seed + 100 + w, real=real, world=world):.2f}"
            for w in WEEKS
        ]
        lines.append(f"| {rr:g} | {label} | " + " | ".join(cells) + " |")
    return lines


DESIGNS = ((1, 0), (2, 0), (2, 1), (3, 0), (3, 1), (4, 1), (7, 1))


def table_designs(sims: int, seed: int) -> list[str]:
    """Blocks and washout compared at 8 weeks, rate ratio 2, S0f."""
    lines = [
        "| block days | washout days | error rate (no effect) | power, kept, no carry-over "
        "| power, 80 % kept, 1-day carry-over |",
        "|---|---|---|---|---|",
    ]
    for b, wo in DESIGNS:
        plan = make_plan(8, b, wo)
        null = rate(plan, 1.0, sims, seed + 200, real=True)
        ideal = rate(plan, 2.0, sims, seed + 300, real=False)
        real = rate(plan, 2.0, sims, seed + 400, real=True)
        lines.append(f"| {b} | {wo} | {null:.3f} | {ideal:.2f} | {real:.2f} |")
    return lines


def table_coverage(sims: int, seed: int) -> list[str]:
    """Coverage of the 95 % interval (plan kept, no carry-over), default design, 8 weeks."""
    lines = ["| true rate ratio | world | coverage | median high/low |", "|---|---|---|---|"]
    for rr, world in ((1.0, "S0f"), (2.0, "S0f"), (1.5, "S0")):
        cov, width = coverage(make_plan(DEFAULT_WEEKS), rr, sims, seed + 500, world=world)
        lines.append(f"| {rr:g} | {world} | {cov:.3f} ± {_se(cov, sims):.3f} | {width:.1f} |")
    return lines


TABLES = {
    "error": table_error,
    "power": table_power,
    "designs": table_designs,
    "coverage": table_coverage,
}


def main(argv: list[str] | None = None) -> int:
    """Print the chosen tables as Markdown."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sims", type=int, default=1000)
    parser.add_argument("--coverage-sims", type=int, default=400)
    parser.add_argument("--seed", type=int, default=20261201)
    parser.add_argument("tables", nargs="*", default=list(TABLES))
    args = parser.parse_args(argv)
    for name in args.tables:
        started = time.perf_counter()
        sims = args.coverage_sims if name == "coverage" else args.sims
        print(f"### {name} ({sims} simulated experiments per cell, seed {args.seed})\n")
        print("\n".join(TABLES[name](sims, args.seed)))
        print(f"\n({time.perf_counter() - started:.0f} s)\n", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
