"""Simulation tables for randomized self-experiments (docs/experiments.md).

Run ``.venv/bin/python -m tests.analysis.experiment_tables [--sims N] [--seed S]`` to regenerate
every table of docs/experiments.md §6. The diaries come from the analysis tests' simulator
(``tests/analysis/simulator.py``: negative-binomial counts around 4 a day, a hidden level with
flares, 10 % of days missing plus one 5-day gap). The experiment's effect is planted by
binomial thinning: on a day the lower-rate condition acts, each simulated twitch is kept with
probability ``1 / rr``, which multiplies that day's rate by exactly ``1 / rr``.

When the change acts (``pattern`` of :func:`run_trial`, :func:`acting_days`; "lived" is the
condition the person lived, the day before the plan lived as usual):

* ``same day``: on the days lived under the changed condition;
* ``next day only``: on the days after a changed day (the tables' "one-day carry-over");
* ``harm lasts two days``: only on a changed day that follows a changed day (the usual
  condition's harm lasts into the next day, so the first changed day still has it);
* ``benefit lasts two days``: on a changed day and on the day after it.

Real-life conditions (``real=True``):

* adherence 80 %: each TEST day is, with probability 0.2, lived as usual instead (USUAL days
  are always as usual);
* without a ``pattern``, one-day carry-over (``next day only``): the first day after a change
  still has the previous condition's rate. ``next_day=True`` alone (plan kept) is a change
  that acts the day after only.

The default design the tables measure (:func:`default_plan`) is the app's: 2-day blocks, 1
washout day after each change, the same-day test (issue #16, docs/experiments.md §7). Plans
without washout days get the test of the same day or the day after (the plan's
``day_after``), which ``p_value`` picks from the plan; the 1-day design without washout
(:data:`ONE_DAY_DESIGN`) is offered for habits that act and wear off within a day. The tables
that compare designs (``designs``, ``statistics``, ``timing``, ``lasting``) name the test of
every row.

The issue's own world (``NB3f``, :func:`issue_diary`): negative-binomial counts around 3 a day
with weeks-long flares as a slowly varying multiplicative level, calibrated so that the issue's
plain design (2-day blocks, no washout, plan kept) gives its figures (0.56 at 6 weeks, 0.76 at 8).

``statistics`` compares candidate statistics (:data:`STATISTICS`) on the same simulated
experiments; each one's reference distribution is recomputed over the same schedule draws
(washout included), so every one of them is an exact test.

``oracle`` and ``oracle-without-level`` (§6.10) bound what any test could find: on the
experiments of ``lasting`` and ``goal-weeks``, the most powerful test of "no effect" against
"a halving on the pattern's days" for a test that knows each day's true mean (flares
included) and the dispersion (:func:`oracle_p_values`), or the flares but not the person's
level.
"""

from __future__ import annotations

import argparse
import math
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import numpy as np

from tests.analysis.simulator import DAY_SPREAD, SCENARIOS, ar1, simulate
from twitchlog.analysis.experiment import (
    DAY_AFTER,
    DIARY_WINDOW_DAYS,
    SAME_DAY,
    PairData,
    Reference,
    diary_counts,
    exposure_of,
    fit_noise,
    p_value,
    pair_data_from_counts,
    power,
    rate_ratio_interval,
    reference,
)
from twitchlog.analysis.model import Interval
from twitchlog.domain.experiment import (
    DEFAULT_BLOCK_DAYS,
    DEFAULT_WASHOUT_DAYS,
    DEFAULT_WEEKS,
    FINAL_ALPHA_WITH_INTERIM,
    INTERIM_ALPHA,
    ExperimentPlan,
    interim_days,
    pair_count,
)

FloatArray = np.ndarray
WEEKS = (4, 6, 8, 12, 16)
RATIOS = (1.3, 1.5, 2.0)
ADHERENCE = 0.8


def make_plan(
    weeks: int,
    block: int | None = None,
    washout: int | None = None,
    *,
    day_after: bool | None = None,
) -> ExperimentPlan:
    """A caffeine plan of ``weeks`` weeks.

    Without ``block`` and ``washout`` it has the app's default design and the test a new plan
    of that design gets: the test of the same day or the day after when the default has no
    washout days. With an explicit design the test is the same-day one unless ``day_after``
    says otherwise, so the tables that compare designs (and the tests built on them) keep
    measuring the test they name.
    """
    if day_after is None:
        day_after = block is None and washout is None and DEFAULT_WASHOUT_DAYS == 0
    return ExperimentPlan(
        "caffeine_mg", "caffeine", "at most 100 mg", "as usual", date(2025, 1, 6),
        weeks=weeks,
        block_days=DEFAULT_BLOCK_DAYS if block is None else block,
        washout_days=DEFAULT_WASHOUT_DAYS if washout is None else washout,
        day_after=day_after,
    )  # fmt: skip


#: The design the tables measure as the default (issue #16, docs/experiments.md §7): 2-day
#: blocks, 1 washout day after each change, the same-day test.
TABLE_BLOCK_DAYS, TABLE_WASHOUT_DAYS = 2, 1


def default_plan(weeks: int) -> ExperimentPlan:
    """The tables' default plan of ``weeks`` weeks (:data:`TABLE_BLOCK_DAYS`,
    :data:`TABLE_WASHOUT_DAYS`, and the test a plan of that design gets: the same day or the
    day after only without washout days)."""
    return make_plan(weeks, TABLE_BLOCK_DAYS, TABLE_WASHOUT_DAYS, day_after=TABLE_WASHOUT_DAYS == 0)


#: The 1-day design, offered for habits that act and wear off within a day (and the default
#: for a while during issue #16): 1-day blocks, no washout, the test of the same day or the
#: day after, as (block days, washout days, day_after).
ONE_DAY_DESIGN = (1, 0, True)


def one_day_plan(weeks: int) -> ExperimentPlan:
    """A plan of ``weeks`` weeks of :data:`ONE_DAY_DESIGN`."""
    block, washout, day_after = ONE_DAY_DESIGN
    return make_plan(weeks, block, washout, day_after=day_after)


def statistic_name(plan: ExperimentPlan) -> str:
    """The plan's test in the tables' words."""
    return "same day or day after" if plan.day_after else "same day"


def design_name(plan: ExperimentPlan) -> str:
    """``1-day blocks, washout 0, same day or day after``."""
    return f"{plan.block_days}-day blocks, washout {plan.washout_days}, {statistic_name(plan)}"


@dataclass(frozen=True, slots=True)
class Trial:
    """One simulated experiment: the schedule as drawn and the counts the diary holds."""

    orders: np.ndarray
    y: FloatArray


#: The issue's world: mean, day-to-day gamma variance, flare sd and day-to-day correlation.
ISSUE_WORLD = "NB3f"
ISSUE_MEAN, ISSUE_ALPHA, ISSUE_SIGMA, ISSUE_PHI, ISSUE_MISSING = 3.0, 0.1, 0.5, 0.95, 0.10


def issue_diary(days: int, rng: np.random.Generator) -> FloatArray:
    """One diary of the issue's world: Poisson counts around ``ISSUE_MEAN * exp(u) * g`` with
    ``g`` gamma (mean 1, variance ``ISSUE_ALPHA``: negative-binomial days) and ``u`` a slow
    AR(1) flare level (sd ``ISSUE_SIGMA``, lag-1 correlation ``ISSUE_PHI``: flares lasting
    weeks); a share ``ISSUE_MISSING`` of the days is not logged."""
    return issue_diary_and_mean(days, rng)[0]


def issue_diary_and_mean(days: int, rng: np.random.Generator) -> tuple[FloatArray, FloatArray]:
    """:func:`issue_diary` (the same draws) and each day's true mean ``ISSUE_MEAN * exp(u)``
    (its flare level; the count is negative-binomial around it)."""
    u = ISSUE_SIGMA * ar1(rng, days, ISSUE_PHI) - ISSUE_SIGMA**2 / 2
    mean: FloatArray = ISSUE_MEAN * np.exp(u)
    g = rng.gamma(1 / ISSUE_ALPHA, ISSUE_ALPHA, days)
    y: FloatArray = rng.poisson(mean * g).astype(np.float64)
    y[rng.random(days) < ISSUE_MISSING] = np.nan
    return y, mean


def diaries(
    world: str, days: int, sims: int, rng: np.random.Generator, per_person: int = 1
) -> np.ndarray:
    """``sims`` diaries of ``days`` days from ``world`` (one per row, NaN = not logged).

    With ``per_person > 1`` each simulated person's diary is cut into that many consecutive
    stretches (quicker; the CI test uses it, the tables do not).
    """
    if world == ISSUE_WORLD:
        return np.stack([issue_diary(days, rng) for _ in range(sims)])
    people = -(-sims // per_person)
    rows = [
        simulate(SCENARIOS[world], days * per_person, rng).y.reshape(per_person, days)
        for _ in range(people)
    ]
    return np.concatenate(rows)[:sims]


def diaries_and_means(
    world: str, days: int, sims: int, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """:func:`diaries` (the same draws, one diary per simulated person) and each day's true
    mean (rows alike): what the oracle of :func:`oracle_p_values` knows."""
    if world == ISSUE_WORLD:
        pairs = [issue_diary_and_mean(days, rng) for _ in range(sims)]
        return np.stack([y for y, _ in pairs]), np.stack([m for _, m in pairs])
    people = [simulate(SCENARIOS[world], days, rng) for _ in range(sims)]
    return np.stack([p.y for p in people]), np.stack([p.mean for p in people])


def day_spread(world: str) -> float:
    """The variance of the day-to-day gamma factor of ``world`` (its negative-binomial
    dispersion)."""
    return ISSUE_ALPHA if world == ISSUE_WORLD else DAY_SPREAD


#: When the change acts (module docstring; :func:`acting_days`).
SAME_DAY_ONLY = "same day"
NEXT_DAY_ONLY = "next day only"
HARM_LASTS = "harm lasts two days"
BENEFIT_LASTS = "benefit lasts two days"
PATTERNS = (SAME_DAY_ONLY, NEXT_DAY_ONLY, HARM_LASTS, BENEFIT_LASTS)


def acting_days(lived: np.ndarray, pattern: str) -> np.ndarray:
    """The days on which the lower rate acts (booleans), from the condition ``lived`` each
    day (True or 1.0: changed; the day before the plan was lived as usual), along the last
    axis (one schedule per row of a 2-D ``lived``).

    ``same day``: the changed days. ``next day only``: the days after a changed day.
    ``harm lasts two days``: the changed days after a changed day (the usual condition's
    harm lasts into the next day). ``benefit lasts two days``: the changed days and the days
    after them.
    """
    today = np.asarray(lived, dtype=np.bool_)
    before = np.zeros_like(today)
    before[..., 1:] = today[..., :-1]
    if pattern == SAME_DAY_ONLY:
        return today
    if pattern == NEXT_DAY_ONLY:
        return before
    if pattern == HARM_LASTS:
        return today & before
    if pattern == BENEFIT_LASTS:
        return today | before
    raise ValueError(f"unknown pattern {pattern!r}")


def run_trial(
    plan: ExperimentPlan,
    rr: float,
    rng: np.random.Generator,
    y: np.ndarray,
    *,
    real: bool,
    next_day: bool | None = None,
    pattern: str | None = None,
    orders: np.ndarray | None = None,
) -> Trial:
    """Draw a schedule (unless ``orders`` gives one) and plant ``rr`` (TEST lowers the rate)
    into the diary ``y``.

    ``real``: 80 % adherence, and (without a ``pattern``) a one-day carry-over. ``pattern``
    (:data:`PATTERNS`) says when the change acts; without it ``next_day`` (default: ``real``)
    picks ``next day only`` (the carry-over: a day's rate follows the condition lived the day
    before) or ``same day``.
    """
    if orders is None:
        orders = rng.random(pair_count(plan)) < 0.5
    assigned = exposure_of(plan, orders)
    y = y.copy()
    lived = assigned.copy()
    if real:
        lived[(assigned == 1.0) & (rng.random(plan.days) >= ADHERENCE)] = 0.0
    if pattern is None:
        pattern = NEXT_DAY_ONLY if (real if next_day is None else next_day) else SAME_DAY_ONLY
    if rr != 1.0:
        acts = ~np.isnan(y) & acting_days(lived == 1.0, pattern)
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
    next_day: bool | None = None,
) -> float:
    """Share of ``sims`` simulated experiments with ``p <= 0.05`` (the plan's own test).

    ``quick`` (the CI test): 30 experiments per simulated person and 499 random draws beyond
    9 pairs; still an exact-level test, slightly less powerful.
    """
    rng = np.random.default_rng(seed)
    ys = diaries(world, plan.days, sims, rng, 30 if quick else 1)
    draws, exact_max = (499, 9) if quick else (999, 10)
    return (
        sum(
            rejects(
                plan,
                run_trial(plan, rr, rng, y, real=real, next_day=next_day),
                rng,
                draws,
                exact_max,
            )
            for y in ys
        )
        / sims
    )


def coverage(
    plan: ExperimentPlan,
    rr: float,
    sims: int,
    seed: int,
    *,
    world: str = "S0f",
    next_day: bool = False,
) -> tuple[float, float, int, float]:
    """Share of 95 % intervals that contain the true TEST/USUAL ratio ``1/rr`` (plan kept),
    the median interval width ratio (high / low), the number of intervals, and the median
    ratio of the other comparison (its echo of the effect, :func:`echo_ratio`).

    Without ``next_day`` the change acts on the same day and the same-day interval is checked;
    with it the change acts on the day after only and the day-after interval is checked (a
    ``day_after`` plan's).
    """
    rng = np.random.default_rng(seed)
    hits, widths, echoes, n = 0, [], [], 0
    for y in diaries(world, plan.days, sims, rng):
        t = run_trial(plan, rr, rng, y, real=False, next_day=next_day)
        data = pair_data_from_counts(plan, t.orders, t.y)
        iv = _interval(data, reference(data, rng, 999, exact_max=9), next_day=next_day)
        if iv is None:
            continue
        n += 1
        hits += iv.low <= 1.0 / rr <= iv.high
        widths.append(iv.high / iv.low)
        echoes.append(echo_ratio(plan, t, next_day=not next_day))
    return hits / n, float(np.median(widths)), n, float(np.nanmedian(echoes))


def echo_ratio(plan: ExperimentPlan, t: Trial, *, next_day: bool) -> float:
    """The TEST/USUAL ratio of means of one comparison, counted directly from the days: each
    day under its own condition, or (``next_day``) under the condition of the day before
    (USUAL before the plan). No washout (for plans without washout days)."""
    x = exposure_of(plan, t.orders)
    if next_day:
        x = np.concatenate(([0.0], x[:-1]))
    ok = ~np.isnan(t.y)
    test, usual = t.y[ok & (x == 1.0)], t.y[ok & (x == 0.0)]
    if not test.size or not usual.size or usual.mean() == 0:
        return math.nan
    return float(test.mean() / usual.mean())


def _interval(data: PairData, ref: Reference, *, next_day: bool) -> Interval | None:
    """The 95 % interval of the same-day comparison, or of the day-after one (each inverts
    its own test)."""
    return rate_ratio_interval(data, ref, comparison=DAY_AFTER if next_day else SAME_DAY)


def _se(p: float, n: int) -> float:
    return math.sqrt(max(p * (1 - p), 1e-12) / n)


def _with_se(p: float, n: int) -> str:
    return f"{p:.3f} ± {_se(p, n):.3f}"


REAL_LIFE = "80 % kept, 1-day carry-over"
KEPT = "kept, no carry-over"
KEPT_NEXT_DAY = "kept, acts the day after only"


def _conditions(real: bool, next_day: bool | None) -> str:
    if real:
        return REAL_LIFE
    return KEPT_NEXT_DAY if next_day else KEPT


def table_error(sims: int, seed: int) -> list[str]:
    """False-positive rate at each length (no effect, real life), three worlds, the default
    design and its test."""
    lines = [
        "| world | " + " | ".join(f"{w} weeks" for w in WEEKS) + " |",
        "|---" * (len(WEEKS) + 1) + "|",
    ]
    for world in ("S0f", "S0", ISSUE_WORLD):
        cells = [
            _with_se(rate(default_plan(w), 1.0, sims, seed + w, real=True, world=world), sims)
            for w in WEEKS
        ]
        lines.append(f"| {world} | " + " | ".join(cells) + " |")
    return lines


#: A row of a power table: rate ratio, real life, acts the day after only (None: as real),
#: world, design (None: the tables' default; else block days, washout days, day_after).
PowerRow = tuple[float, bool, bool | None, str, tuple[int, int, bool] | None]


def _power_rows(rows: list[PowerRow], sims: int, seed: int) -> list[str]:
    lines = [
        "| rate ratio | conditions | world | design | "
        + " | ".join(f"{w} weeks" for w in WEEKS)
        + " |",
        "|---" * (len(WEEKS) + 4) + "|",
    ]
    for rr, real, next_day, world, design in rows:
        cells = []
        for w in WEEKS:
            plan = (
                default_plan(w)
                if design is None
                else make_plan(w, *design[:2], day_after=design[2])
            )
            r = rate(plan, rr, sims, seed + w, real=real, world=world, next_day=next_day)
            cells.append(_with_se(r, sims) if rr == 1.0 else f"{r:.2f}")
        name = (
            "default"
            if design is None
            else design_name(make_plan(8, *design[:2], day_after=design[2]))
        )
        lines.append(
            f"| {rr:g} | {_conditions(real, next_day)} | {world} | {name} | "
            + " | ".join(cells)
            + " |"
        )
    return lines


def table_power(sims: int, seed: int) -> list[str]:
    """Power by rate ratio and length with the default design and its test (real-life, kept,
    and kept with a change that acts the day after only)."""
    rows: list[PowerRow] = []
    for rr in RATIOS:
        rows += [(rr, True, None, "S0f", None), (rr, False, None, "S0f", None)]
    rows += [
        (2.0, False, True, "S0f", None),
        (2.0, True, None, "S0", None),
        (2.0, False, None, "S0", None),
        (2.0, False, None, "S0i", None),
        (2.0, True, None, "S0f", ONE_DAY_DESIGN),
        (2.0, False, None, "S0f", ONE_DAY_DESIGN),
    ]
    return _power_rows(rows, sims, seed + 100)


DESIGNS = ((1, 0), (2, 0), (2, 1), (3, 0), (3, 1), (4, 1), (7, 1))


def table_designs(sims: int, seed: int, world: str = "S0f") -> list[str]:
    """Blocks and washout compared at 8 weeks, rate ratio 2, in ``world``."""
    lines = [
        "| block days | washout days | error rate (no effect) | power, kept, no carry-over "
        "| power, 80 % kept, 1-day carry-over |",
        "|---|---|---|---|---|",
    ]
    for b, wo in DESIGNS:
        plan = make_plan(8, b, wo)
        null = rate(plan, 1.0, sims, seed + 200, real=True, world=world)
        ideal = rate(plan, 2.0, sims, seed + 300, real=False, world=world)
        real = rate(plan, 2.0, sims, seed + 400, real=True, world=world)
        lines.append(f"| {b} | {wo} | {null:.3f} | {ideal:.2f} | {real:.2f} |")
    return lines


#: Coverage cells: true rate ratio, world, the change acts the day after only (the day-after
#: interval is checked) or on the same day (the same-day interval).
COVERAGE_CELLS = (
    (1.0, "S0f", False),
    (2.0, "S0f", False),
    (1.5, "S0", False),
    (2.0, ISSUE_WORLD, False),
    (1.0, "S0f", True),
    (2.0, "S0f", True),
    (2.0, ISSUE_WORLD, True),
)


def table_coverage(sims: int, seed: int) -> list[str]:
    """Coverage of the 95 % intervals (plan kept), default design, 8 weeks: the same-day
    interval when the change acts on the same day, the day-after one when it acts the day
    after only."""
    lines = [
        "| interval | the change acts | true rate ratio | world | coverage | median high/low "
        "| the other comparison's median ratio |",
        "|---|---|---|---|---|---|---|",
    ]
    plan = default_plan(DEFAULT_WEEKS)
    for rr, world, next_day in COVERAGE_CELLS:
        if next_day and not plan.day_after:
            continue
        cov, width, n, echo = coverage(plan, rr, sims, seed + 500, world=world, next_day=next_day)
        which, acts = (
            ("day after", "the day after only") if next_day else ("same day", "the same day")
        )
        lines.append(
            f"| {which} | {acts} | {rr:g} | {world} | {_with_se(cov, n)} | {width:.1f} "
            f"| {f'{echo:.2f}' if plan.day_after else '—'} |"
        )
    return lines


def table_issue(sims: int, seed: int) -> list[str]:
    """The issue's world: power of the default design and its test at each length, and for
    comparison the 1-day design (:data:`ONE_DAY_DESIGN`) and the first simulation's plain
    design (2-day blocks, no washout, same-day test, plan kept)."""
    rows: list[PowerRow] = []
    for rr in RATIOS:
        rows += [(rr, True, None, ISSUE_WORLD, None), (rr, False, None, ISSUE_WORLD, None)]
    rows += [
        (2.0, False, True, ISSUE_WORLD, None),
        (2.0, True, None, ISSUE_WORLD, ONE_DAY_DESIGN),
        (2.0, False, None, ISSUE_WORLD, ONE_DAY_DESIGN),
        (2.0, False, True, ISSUE_WORLD, ONE_DAY_DESIGN),
        (2.0, False, None, ISSUE_WORLD, (2, 0, False)),
    ]
    return _power_rows(rows, sims, seed + 700)


def schedule_matrix(plan: ExperimentPlan, orders: np.ndarray) -> tuple[FloatArray, FloatArray]:
    """For each row of ``orders`` (TEST first, one per pair): 1.0 on its TEST days, and 1.0 on
    the days that are washout under it (the first ``washout_days`` of a block that starts
    with a change; before the plan counts as USUAL), as two arrays of shape (rows, days)."""
    rows, b = orders.shape[0], plan.block_days
    test_block = np.stack([orders, ~orders], axis=2).reshape(rows, -1)
    before = np.concatenate([np.zeros((rows, 1), np.bool_), test_block[:, :-1]], axis=1)
    block = np.arange(plan.days) // b
    early = (np.arange(plan.days) % b < plan.washout_days)[None, :]
    x = test_block[:, block].astype(np.float64)
    washout = ((test_block != before)[:, block] & early).astype(np.float64)
    return x, washout


Statistic = Callable[[ExperimentPlan, FloatArray, FloatArray, FloatArray], FloatArray]


def _arm_means(score: FloatArray, t: FloatArray, u: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Mean of ``score`` over each row's compared TEST days (``t``) and USUAL days (``u``)."""
    return (t @ score) / np.maximum(t.sum(axis=1), 1e-9), (u @ score) / np.maximum(
        u.sum(axis=1), 1e-9
    )


def _level(y: FloatArray, half: int) -> FloatArray:
    """Mean of the logged days within ``half`` days either side (the same for every schedule)."""
    logged = ~np.isnan(y)
    kernel = np.ones(2 * half + 1)
    total = np.convolve(np.where(logged, y, 0.0), kernel, "same")
    days = np.convolve(logged.astype(np.float64), kernel, "same")
    mean = float(np.nanmean(y)) if logged.any() else 0.0
    level: FloatArray = np.maximum(np.where(days > 0, total / np.maximum(days, 1), mean), 0.05)
    return level


def _ratio_of_means(
    plan: ExperimentPlan, y: FloatArray, x: FloatArray, w: FloatArray
) -> FloatArray:
    y0 = np.nan_to_num(y)
    # d as the app takes it: 1 % of the mean over the logged days that can be compared under
    # some schedule (all but a second block's first washout days)
    within = np.arange(plan.days) % (2 * plan.block_days)
    second_early = (within >= plan.block_days) & (within - plan.block_days < plan.washout_days)
    ok = ~np.isnan(y) & ~second_early
    d = max(0.01 * float(y0[ok].sum()) / max(int(ok.sum()), 1), 1e-6)
    mt, mu = _arm_means(y0, x * w, (1 - x) * w)
    out: FloatArray = np.log(mt + d) - np.log(mu + d)
    return out


def _mean_of(transform: Callable[[FloatArray], FloatArray]) -> Statistic:
    def stat(plan: ExperimentPlan, y: FloatArray, x: FloatArray, w: FloatArray) -> FloatArray:
        mt, mu = _arm_means(transform(np.nan_to_num(y)), x * w, (1 - x) * w)
        diff: FloatArray = mt - mu
        return diff

    return stat


def _pair_sums(
    plan: ExperimentPlan, score: FloatArray, x: FloatArray, w: FloatArray
) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray]:
    """Per pair: TEST score sum and days, USUAL score sum and days (shape rows, pairs)."""
    k = np.arange(plan.days) // (2 * plan.block_days)
    member = np.zeros((plan.days, pair_count(plan)))
    member[np.arange(plan.days), k] = 1.0
    t, u = x * w, (1 - x) * w
    return (t * score) @ member, t @ member, (u * score) @ member, u @ member


def _pair_by_pair_log(
    plan: ExperimentPlan, y: FloatArray, x: FloatArray, w: FloatArray
) -> FloatArray:
    ts, tn, us, un = _pair_sums(plan, np.log(np.nan_to_num(y) + 1.0), x, w)
    ok = (tn > 0) & (un > 0)
    diff = np.where(ok, ts / np.maximum(tn, 1e-9) - us / np.maximum(un, 1e-9), 0.0)
    out: FloatArray = diff.sum(axis=1) / np.maximum(ok.sum(axis=1), 1)
    return out


def _pair_by_pair_ratio(
    plan: ExperimentPlan, y: FloatArray, x: FloatArray, w: FloatArray
) -> FloatArray:
    c = 0.5 * float(np.nanmean(y))
    ts, tn, us, un = _pair_sums(plan, np.nan_to_num(y), x, w)
    ok = (tn > 0) & (un > 0)
    diff = np.where(
        ok, np.log(ts / np.maximum(tn, 1e-9) + c) - np.log(us / np.maximum(un, 1e-9) + c), 0.0
    )
    out: FloatArray = diff.sum(axis=1) / np.maximum(ok.sum(axis=1), 1)
    return out


def _mantel_haenszel(
    plan: ExperimentPlan, y: FloatArray, x: FloatArray, w: FloatArray
) -> FloatArray:
    ts, tn, us, un = _pair_sums(plan, np.nan_to_num(y), x, w)
    n = np.maximum(tn + un, 1e-9)
    out: FloatArray = np.log((ts * un / n).sum(axis=1) + 1e-9) - np.log(
        (us * tn / n).sum(axis=1) + 1e-9
    )
    return out


def _level_adjusted_ratio(
    plan: ExperimentPlan, y: FloatArray, x: FloatArray, w: FloatArray
) -> FloatArray:
    r = np.nan_to_num(y) / _level(y, 7)
    mt, mu = _arm_means(r, x * w, (1 - x) * w)
    out: FloatArray = np.log(mt + 1e-3) - np.log(mu + 1e-3)
    return out


def _level_score(plan: ExperimentPlan, y: FloatArray, x: FloatArray, w: FloatArray) -> FloatArray:
    level = _level(y, 7)
    mt, mu = _arm_means((np.nan_to_num(y) - level) / (1 + 0.3 * level), x * w, (1 - x) * w)
    diff: FloatArray = mt - mu
    return diff


def _log_minus_level(
    plan: ExperimentPlan, y: FloatArray, x: FloatArray, w: FloatArray
) -> FloatArray:
    z = np.log(y + 1.0)
    level = _level(z, 5)
    mt, mu = _arm_means(np.nan_to_num(z - level), x * w, (1 - x) * w)
    diff: FloatArray = mt - mu
    return diff


#: Candidate statistics (name in the docs -> statistic for every schedule row); the first is
#: the one the app uses.
STATISTICS: dict[str, Statistic] = {
    "ratio of the two means (used)": _ratio_of_means,
    "mean of log(y + 1)": _mean_of(lambda y: np.log(y + 1.0)),
    "mean of √(y + 3/8)": _mean_of(lambda y: np.sqrt(y + 0.375)),
    "pair by pair, mean of log(y + 1)": _pair_by_pair_log,
    "pair by pair, log ratio (+ half the mean)": _pair_by_pair_ratio,
    "Mantel-Haenszel ratio, pairs as strata": _mantel_haenszel,
    "ratio of y / level (±7 days)": _level_adjusted_ratio,
    "quasi-likelihood score, level ±7 days": _level_score,
    "log(y + 1) minus its level (±5 days)": _log_minus_level,
}


def candidate_p_values(plan: ExperimentPlan, t: Trial, ref: np.ndarray) -> dict[str, float]:
    """Every candidate's two-sided randomization p-value against the schedules ``ref`` (rows
    of TEST-first flags), ``(1 + as extreme) / (rows + 1)``, washout recomputed per row."""
    orders = np.concatenate([t.orders[None, :], ref])
    x, washout = schedule_matrix(plan, orders)
    w = (1.0 - washout) * (~np.isnan(t.y))[None, :]
    out = {}
    for name, stat in STATISTICS.items():
        s = np.abs(stat(plan, t.y, x, w))
        out[name] = float(np.count_nonzero(s >= s[0] * (1 - 1e-9) - 1e-12)) / orders.shape[0]
    return out


STATISTIC_CONDITIONS = (
    ("no effect, S0f, 80 % kept, 1-day carry-over", "S0f", 1.0, True),
    ("RR 2, S0f, kept", "S0f", 2.0, False),
    ("RR 2, S0f, 80 % kept, 1-day carry-over", "S0f", 2.0, True),
    (f"RR 2, {ISSUE_WORLD}, kept", ISSUE_WORLD, 2.0, False),
    (f"RR 2, {ISSUE_WORLD}, 80 % kept, 1-day carry-over", ISSUE_WORLD, 2.0, True),
)


def table_statistics(sims: int, seed: int) -> list[str]:
    """Candidate statistics on the same experiments (8 weeks, default design, 999 draws)."""
    plan = make_plan(DEFAULT_WEEKS)
    shares: list[dict[str, float]] = []
    for i, (_, world, rr, real) in enumerate(STATISTIC_CONDITIONS):
        rng = np.random.default_rng(seed + 600 + i)
        hits = dict.fromkeys(STATISTICS, 0.0)
        for y in diaries(world, plan.days, sims, rng):
            t = run_trial(plan, rr, rng, y, real=real)
            ref = rng.random((999, pair_count(plan))) < 0.5
            for name, p in candidate_p_values(plan, t, ref).items():
                hits[name] += p <= 0.05
        shares.append({k: v / sims for k, v in hits.items()})
    lines = [
        "| statistic | " + " | ".join(c[0] for c in STATISTIC_CONDITIONS) + " |",
        "|---" * (len(STATISTIC_CONDITIONS) + 1) + "|",
    ]
    for name in STATISTICS:
        lines.append(f"| {name} | " + " | ".join(f"{s[name]:.2f}" for s in shares) + " |")
    return lines


@dataclass(frozen=True, slots=True)
class Looks:
    """How a set of simulated experiments came out with and without the interim look."""

    plain: float
    """Share with p <= 0.05 at the end (no interim look)."""
    any_look: float
    """Share with p <= 0.005 at the interim look or p <= 0.045 at the end."""
    at_interim: float
    """Share stopped at the interim look (p <= 0.005 there)."""
    days: float
    """Average share of the plan's days run (stopping at the look when it is clear)."""


def interim_p_values(
    plan: ExperimentPlan, t: Trial, rng: np.random.Generator, draws: int, exact_max: int
) -> tuple[float, float]:
    """The interim look's p-value (the days it covers only) and the final one (all days):
    each an exact randomization test on its days."""
    first = t.y.copy()
    first[interim_days(plan) :] = np.nan
    look = pair_data_from_counts(plan, t.orders, first)
    end = pair_data_from_counts(plan, t.orders, t.y)
    return (
        p_value(look, reference(look, rng, draws, exact_max)),
        p_value(end, reference(end, rng, draws, exact_max)),
    )


def looks(
    plan: ExperimentPlan,
    rr: float,
    sims: int,
    seed: int,
    *,
    real: bool,
    world: str,
    quick: bool = False,
) -> Looks:
    """The same simulated experiments analysed with and without the interim look."""
    rng = np.random.default_rng(seed)
    ys = diaries(world, plan.days, sims, rng, 30 if quick else 1)
    draws, exact_max = (499, 9) if quick else (999, 10)
    plain = either = early = 0
    for y in ys:
        p1, p2 = interim_p_values(
            plan, run_trial(plan, rr, rng, y, real=real), rng, draws, exact_max
        )
        plain += p2 <= 0.05
        early += p1 <= INTERIM_ALPHA
        either += p1 <= INTERIM_ALPHA or p2 <= FINAL_ALPHA_WITH_INTERIM
    share = interim_days(plan) / plan.days
    return Looks(plain / sims, either / sims, early / sims, 1 - early / sims * (1 - share))


#: Plans an interim look is offered for (it needs 9 block pairs before halfway): weeks, block
#: days, washout days, the test of the same day or the day after. The first two have the
#: default design (an 8-week plan of it is too short for a look), the last the 1-day design.
INTERIM_PLANS = ((12, 2, 1, False), (16, 2, 1, False), (8, 1, 0, True))


def table_interim(sims: int, seed: int) -> list[str]:
    """The interim look: error rate without an effect, and power for a halving with and
    without it (the same experiments), in S0f and NB3f."""
    lines = [
        "| world | plan | conditions | rate ratio | without a look (p ≤ 0.05) | with the look "
        "(0.005, then 0.045) | stopped at the look | days run |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for world in ("S0f", ISSUE_WORLD):
        for weeks, block, washout, day_after in INTERIM_PLANS:
            plan = make_plan(weeks, block, washout, day_after=day_after)
            name = f"{weeks} weeks, {design_name(plan)}"
            for rr, real in ((1.0, True), (2.0, False), (2.0, True)):
                r = looks(plan, rr, sims, seed + 900 + weeks + block, real=real, world=world)
                fmt = (lambda v: _with_se(v, sims)) if rr == 1.0 else "{:.2f}".format
                lines.append(
                    f"| {world} | {name} | {_conditions(real, None)} | {rr:g} | {fmt(r.plain)} "
                    f"| {fmt(r.any_look)} | {r.at_interim:.2f} | {100 * r.days:.0f} % |"
                )
    return lines


def table_issue_designs(sims: int, seed: int) -> list[str]:
    """Blocks and washout compared at 8 weeks, rate ratio 2, in the issue's world."""
    return table_designs(sims, seed, ISSUE_WORLD)


def _same_and_next_day(plan: ExperimentPlan, t: Trial, ref: np.ndarray) -> dict[str, float]:
    """Two-sided randomization p-values of the timing candidates (§6.8) against the schedules
    ``ref``: the ratio of means on the same day (washout left out, as the app does), on the
    day after (each day labelled with the condition of the day before; the day before the
    plan counts as USUAL; no washout), and the larger of the two, each first divided by its
    spread over all the schedules (the observed one included, so that every schedule is
    treated alike and the test stays exact)."""
    orders = np.concatenate([t.orders[None, :], ref])
    x, washout = schedule_matrix(plan, orders)
    logged = (~np.isnan(t.y))[None, :].astype(np.float64)
    before = np.concatenate([np.zeros((x.shape[0], 1)), x[:, :-1]], axis=1)
    same = np.abs(_ratio_of_means(plan, t.y, x, (1.0 - washout) * logged))
    after = np.abs(_ratio_of_means(plan, t.y, before, np.ones_like(x) * logged))
    either = np.maximum(same / (same.std() + 1e-12), after / (after.std() + 1e-12))

    def p(s: FloatArray) -> float:
        return float(np.count_nonzero(s >= s[0] * (1 - 1e-9) - 1e-12)) / len(s)

    return {"same day": p(same), "day after": p(after), "same day or day after": p(either)}


#: Designs of the timing table: (block days, washout days).
TIMING_DESIGNS = ((2, 1), (1, 0), (2, 0))
TIMING_CONDITIONS = (
    ("no effect, 80 % kept, 1-day carry-over", 1.0, True),
    ("RR 2, kept, no carry-over", 2.0, False),
    ("RR 2, 80 % kept, 1-day carry-over", 2.0, True),
)


def table_timing(sims: int, seed: int) -> list[str]:
    """Same-day, day-after and either-day statistics (8 weeks), per design and world: the
    same simulated experiments for the three statistics of a row."""
    lines = [
        "| world | design | statistic | " + " | ".join(c[0] for c in TIMING_CONDITIONS) + " |",
        "|---|---|---|" + "---|" * len(TIMING_CONDITIONS),
    ]
    for world in (ISSUE_WORLD, "S0f", "S0"):
        for block, washout in TIMING_DESIGNS:
            plan = make_plan(DEFAULT_WEEKS, block, washout)
            shares: list[dict[str, float]] = []
            for i, (_, rr, real) in enumerate(TIMING_CONDITIONS):
                rng = np.random.default_rng(seed + 1100 + 10 * block + washout + i)
                hits: dict[str, float] = {}
                for y in diaries(world, plan.days, sims, rng):
                    t = run_trial(plan, rr, rng, y, real=real)
                    ref = rng.random((999, pair_count(plan))) < 0.5
                    for name, pv in _same_and_next_day(plan, t, ref).items():
                        hits[name] = hits.get(name, 0.0) + (pv <= 0.05)
                shares.append({k: v / sims for k, v in hits.items()})
            design = f"{block}-day blocks, washout {washout}"
            for name in shares[0]:
                cells = " | ".join(
                    f"{s[name]:.3f} ± {_se(s[name], sims):.3f}" if rr == 1.0 else f"{s[name]:.2f}"
                    for s, (_, rr, _) in zip(shares, TIMING_CONDITIONS, strict=True)
                )
                lines.append(f"| {world} | {design} | {name} | {cells} |")
    return lines


#: Designs of the lasting-effect table: (block days, washout days, day_after). The first is
#: the default; plans without washout days get the test of the same day or the day after.
LASTING_DESIGNS = (
    (TABLE_BLOCK_DAYS, TABLE_WASHOUT_DAYS, TABLE_WASHOUT_DAYS == 0),
    ONE_DAY_DESIGN,
    (2, 0, True),
    (3, 1, False),
    (3, 0, True),
)
#: Designs of the lasting-effect table also run in real life (80 % of changed days kept).
LASTING_REAL = (LASTING_DESIGNS[0], ONE_DAY_DESIGN)


def pattern_rate(
    plan: ExperimentPlan,
    rr: float,
    sims: int,
    seed: int,
    *,
    pattern: str,
    real: bool,
    world: str,
) -> float:
    """Share of ``sims`` simulated experiments with ``p <= 0.05`` (the plan's own test) when
    the change acts as ``pattern`` says; ``real``: 80 % of the changed days kept."""
    rng = np.random.default_rng(seed)
    hits = 0
    for y in diaries(world, plan.days, sims, rng):
        t = run_trial(plan, rr, rng, y, real=real, pattern=pattern)
        hits += rejects(plan, t, rng, 999, 10)
    return hits / sims


def table_lasting(sims: int, seed: int) -> list[str]:
    """Effects that last (§6.9): each design's power for a halving at 8 weeks under the four
    patterns of :data:`PATTERNS`, the worst of the four, and its error rate without an effect
    (real life), in NB3f and S0f. The designs of a cell's column share their diaries."""
    lines = [
        "| world | design | conditions | no effect | "
        + " | ".join(PATTERNS)
        + " | worst of the four |",
        "|---|---|---|---|" + "---|" * (len(PATTERNS) + 1),
    ]
    for world in (ISSUE_WORLD, "S0f"):
        for design in LASTING_DESIGNS:
            plan = make_plan(DEFAULT_WEEKS, design[0], design[1], day_after=design[2])
            for real in (False, True) if design in LASTING_REAL else (False,):
                if real:
                    null = "as above"
                else:
                    e = pattern_rate(
                        plan, 1.0, sims, seed + 1600, pattern=NEXT_DAY_ONLY, real=True, world=world
                    )
                    null = _with_se(e, sims)
                power = [
                    pattern_rate(
                        plan, 2.0, sims, seed + 1610 + i, pattern=p, real=real, world=world
                    )
                    for i, p in enumerate(PATTERNS)
                ]
                cond = "80 % kept" if real else "kept"
                lines.append(
                    f"| {world} | {design_name(plan)} | {cond} | {null} | "
                    + " | ".join(f"{r:.3f}" for r in power)
                    + f" | {min(power):.3f} ± {_se(min(power), sims):.3f} |"
                )
    return lines


def table_goal(sims: int, seed: int) -> list[str]:
    """Issue #16's goal cell measured closely: the default plan at 8 weeks, rate ratio 2, kept
    and in real life, in NB3f and S0f, on experiments of their own (a seed of their own)."""
    lines = ["| world | conditions | power at 8 weeks |", "|---|---|---|"]
    plan = default_plan(DEFAULT_WEEKS)
    for world in (ISSUE_WORLD, "S0f"):
        for real in (False, True):
            r = rate(plan, 2.0, sims, seed + 1500, real=real, world=world)
            lines.append(f"| {world} | {_conditions(real, None)} | {_with_se(r, sims)} |")
    return lines


#: Lengths of the goal-weeks table (weeks).
GOAL_WEEKS = (8, 10, 11, 12, 13, 14, 16)


def table_goal_weeks(sims: int, seed: int) -> list[str]:
    """The length the default needs for the goal's halving in NB3f: power at each of
    :data:`GOAL_WEEKS`, plan kept and in real life (a seed of its own per length)."""
    lines = [
        "| conditions | " + " | ".join(f"{w} weeks" for w in GOAL_WEEKS) + " |",
        "|---" * (len(GOAL_WEEKS) + 1) + "|",
    ]
    for real in (False, True):
        cells = [
            _with_se(
                rate(default_plan(w), 2.0, sims, seed + 1700 + w, real=real, world=ISSUE_WORLD),
                sims,
            )
            for w in GOAL_WEEKS
        ]
        lines.append(f"| {_conditions(real, None)} | " + " | ".join(cells) + " |")
    return lines


#: The oracle's table (§6.10): designs (block days, washout days, day_after; the designs of
#: table 6.9 that are robust to an effect lasting into the next day, and two that are not),
#: one-sided levels, lengths of the default in NB3f, and null simulations per experiment.
ORACLE_DESIGNS = (LASTING_DESIGNS[0], (3, 1, False), (2, 0, True), ONE_DAY_DESIGN)
ORACLE_LEVELS = (0.05, 0.025)
ORACLE_WEEKS = (4, 6, 8, 12)
ORACLE_NULLS = 499
#: The days the oracle sums its log likelihood ratio over.
COMPARED, EVERY_DAY = "compared days", "every logged day"


def nb_log_likelihood_ratio(
    counts: FloatArray, mean: FloatArray, spread: float, rr: float | FloatArray
) -> FloatArray:
    """``log NB(counts; mean / rr) - log NB(counts; mean)`` day by day, both negative-binomial
    with variance ``m + spread * m**2`` (the gamma factor is the same with and without the
    effect, so only the mean changes): linear in the count. ``rr`` may differ by day."""
    r = 1.0 / spread
    lowered = mean / rr
    const = r * np.log((r + mean) / (r + lowered))
    slope = np.log(lowered * (r + mean) / (mean * (r + lowered)))
    out: FloatArray = const + slope * counts
    return out


def oracle_p_values(
    plan: ExperimentPlan,
    t: Trial,
    mean: FloatArray,
    spread: float,
    rng: np.random.Generator,
    *,
    pattern: str,
    rr: float = 2.0,
    nulls: int = ORACLE_NULLS,
    level_known: bool = True,
) -> dict[str, float]:
    """One-sided p-values of the most powerful test of "no effect" against "rate ratio ``rr``
    on the days ``pattern`` puts it" (plan kept) for one simulated experiment, given each
    day's true mean ``mean`` and the negative-binomial dispersion ``spread``.

    Its statistic is the log likelihood ratio of the logged counts, summed over the compared
    days (:data:`COMPARED`: washout left out) or over every logged day (:data:`EVERY_DAY`).
    The p-value is ``(1 + as large) / (nulls + 1)`` over ``nulls`` experiments simulated under
    no effect with the same means and the same days logged, each with a schedule drawn
    afresh: the test keeps its level for this diary whatever schedule is drawn, as the
    randomization test does, so no test of that level can find the effect more often.

    Without ``level_known`` "no effect" is instead every day's mean times one factor ``c``
    for the whole experiment (the flares' shape known, not the person's level), ``c`` the
    level a halving on the pattern's days brings the days' average mean to (over the null
    schedules: it depends on the diary and the design, not on the counts). A test that
    keeps its level whatever the person's level (the randomization test does) keeps it at
    ``c`` too, so this is also a ceiling for it, one that cannot use the level to find
    the effect; its own level is exact at ``c``, not at the true level.
    """
    r = 1.0 / spread
    logged = ~np.isnan(t.y)
    orders = np.concatenate([t.orders[None, :], rng.random((nulls, pair_count(plan))) < 0.5])
    x, washout = schedule_matrix(plan, orders)
    acts = acting_days(x == 1.0, pattern) & logged[None, :]
    lowered = np.where(acts, mean / rr, mean)
    drawn: dict[float, FloatArray] = {}
    out = {}
    for days, use in ((COMPARED, 1.0 - washout), (EVERY_DAY, np.ones_like(washout))):
        used = use * logged[None, :]
        c = 1.0
        if not level_known:
            c = float((used[1:] * lowered[1:]).sum() / (used[1:] * mean).sum())
        if c not in drawn:
            drawn[c] = np.empty_like(x)
            drawn[c][0] = np.nan_to_num(t.y)
            drawn[c][1:] = rng.negative_binomial(r, r / (r + c * mean), size=(nulls, plan.days))
        counts = drawn[c]
        s = (used * nb_log_likelihood_ratio(counts, c * mean, spread, c * mean / lowered)).sum(
            axis=1
        )
        out[days] = float(1 + np.count_nonzero(s[1:] >= s[0] - 1e-9 * (1 + abs(s[0])))) / (
            nulls + 1
        )
    return out


@dataclass(frozen=True, slots=True)
class OracleRates:
    """How often a set of simulated experiments found the effect."""

    own: float
    """The design's own test (two-sided randomization test, p <= 0.05); NaN if not run."""
    oracle: dict[tuple[str, float], float]
    """The oracle (:func:`oracle_p_values`) by the days it sums and its one-sided level."""


def oracle_rates(
    plan: ExperimentPlan,
    rr: float,
    sims: int,
    seed: int,
    *,
    pattern: str,
    world: str,
    nulls: int = ORACLE_NULLS,
    draws: int = 999,
    exact_max: int = 10,
    own: bool = True,
    level_known: bool = True,
) -> OracleRates:
    """The design's own test and the oracle on the same ``sims`` simulated experiments (plan
    kept, the change acting as ``pattern`` says with rate ratio ``rr``; the oracle's
    alternative is always a halving). The experiments are those of :func:`pattern_rate`
    with the same seed: the oracle's null simulations draw from a generator of their own.
    Without ``own`` the design's own test is not run (its share is NaN), but its schedules
    are still drawn, so the experiments stay the same."""
    rng = np.random.default_rng(seed)
    null_rng = np.random.default_rng([seed, 6, 10])
    ys, means = diaries_and_means(world, plan.days, sims, rng)
    found = 0
    hits = {(d, a): 0 for d in (COMPARED, EVERY_DAY) for a in ORACLE_LEVELS}
    for y, mean in zip(ys, means, strict=True):
        t = run_trial(plan, rr, rng, y, real=False, pattern=pattern)
        if own:
            found += rejects(plan, t, rng, draws, exact_max)
        else:  # the draws of the reference set, so the next experiment is the same
            reference(pair_data_from_counts(plan, t.orders, t.y), rng, draws, exact_max)
        ps = oracle_p_values(
            plan,
            t,
            mean,
            day_spread(world),
            null_rng,
            pattern=pattern,
            nulls=nulls,
            level_known=level_known,
        )
        for d, a in hits:
            hits[d, a] += ps[d] <= a
    return OracleRates(found / sims if own else math.nan, {k: v / sims for k, v in hits.items()})


def _oracle_rows(
    rates: list[OracleRates], washout: bool, name: str, sims: int
) -> list[tuple[str, list[str], str]]:
    """The rows of a design in the oracle tables: its own test (when it was run), then the
    oracle (``name``) by the days it sums, each cell its share at one-sided 0.05 / 0.025
    (without washout days every logged day is a compared day); and the worst cell of a row,
    with standard errors."""
    rows = []
    if not any(math.isnan(r.own) for r in rates):
        own = [r.own for r in rates]
        rows.append(
            (
                "its own test (two-sided 0.05)",
                [f"{v:.3f}" for v in own],
                _with_se(min(own), sims),
            )
        )
    for days in (COMPARED, EVERY_DAY) if washout else (COMPARED,):
        which = days if washout else "every logged day (all compared)"
        shares = [[r.oracle[days, level] for r in rates] for level in ORACLE_LEVELS]
        rows.append(
            (
                f"{name}, {which}",
                [" / ".join(f"{v:.3f}" for v in cell) for cell in zip(*shares, strict=True)],
                " / ".join(_with_se(min(level), sims) for level in shares),
            )
        )
    return rows


def table_oracle(sims: int, seed: int, *, level_known: bool = True) -> list[str]:
    """§6.10, the ceiling: on the experiments of table 6.9 (plan kept, 8 weeks, a halving
    under each pattern; its own tests' shares are that table's), how often the most powerful
    test that knows each day's true mean finds it (:func:`oracle_p_values`), one-sided at
    0.05 / 0.025; then the default at more lengths in NB3f, the change acting on the same
    day (the experiments of the goal-weeks table at its lengths), with the default's own
    test beside it. Without ``level_known`` the oracle knows the flares but not the person's
    level."""
    name = "oracle" if level_known else "oracle without the level"
    lines = [
        "| world | design | test (one-sided 0.05 / 0.025) | "
        + " | ".join(PATTERNS)
        + " | worst of the four |",
        "|---|---|---|" + "---|" * (len(PATTERNS) + 1),
    ]
    for world in (ISSUE_WORLD, "S0f"):
        for block, washout, day_after in ORACLE_DESIGNS:
            plan = make_plan(DEFAULT_WEEKS, block, washout, day_after=day_after)
            rates = [
                oracle_rates(
                    plan,
                    2.0,
                    sims,
                    seed + 1610 + i,
                    pattern=p,
                    world=world,
                    own=False,
                    level_known=level_known,
                )
                for i, p in enumerate(PATTERNS)
            ]
            for label, cells, worst in _oracle_rows(rates, washout > 0, name, sims):
                lines.append(
                    f"| {world} | {design_name(plan)} | {label} | "
                    + " | ".join(cells)
                    + f" | {worst} |"
                )
    lines += [
        "",
        "| world | design | test (one-sided 0.05 / 0.025) | "
        + " | ".join(f"{w} weeks" for w in ORACLE_WEEKS)
        + " |",
        "|---|---|---|" + "---|" * len(ORACLE_WEEKS),
    ]
    rates = [
        oracle_rates(
            default_plan(w),
            2.0,
            sims,
            seed + 1700 + w,
            pattern=SAME_DAY_ONLY,
            world=ISSUE_WORLD,
            own=level_known,
            level_known=level_known,
        )
        for w in ORACLE_WEEKS
    ]
    for label, cells, _ in _oracle_rows(rates, TABLE_WASHOUT_DAYS > 0, name, sims):
        lines.append(
            f"| {ISSUE_WORLD} | {design_name(default_plan(DEFAULT_WEEKS))} | {label} | "
            + " | ".join(cells)
            + " |"
        )
    return lines


def table_oracle_without_level(sims: int, seed: int) -> list[str]:
    """:func:`table_oracle` for the oracle that knows the flares but not the person's level."""
    return table_oracle(sims, seed, level_known=False)


def table_plan_power(sims: int, seed: int) -> list[str]:
    """§5 checked: the default plan's power for a halving as ``plan_power`` estimates it from
    a fitted 180-day diary (``power`` with the fitted noise, 200 runs each), against
    ``sims`` experiments run in the world the diaries came from (plan kept, same day)."""
    plan = default_plan(DEFAULT_WEEKS)
    lines = [
        "| world | fitted diaries | from the fitted diaries: mean (lowest to highest) "
        "| experiments run in the world |",
        "|---|---|---|---|",
    ]
    for world, people in (("S0f", 6), ("S0", 6), (ISSUE_WORLD, 12)):
        rng = np.random.default_rng(seed + 1300)
        fitted = []
        for i in range(people):
            if world == ISSUE_WORLD:
                y = issue_diary(DIARY_WINDOW_DAYS, rng)
            else:
                y = diary_counts(simulate(SCENARIOS[world], DIARY_WINDOW_DAYS, rng).journal)
            noise = fit_noise(y)
            if noise is not None:
                fitted.append(power(plan, noise, 0.5, sims=200, seed=seed + i))
        direct = rate(plan, 2.0, sims, seed + 1400, real=False, world=world)
        lines.append(
            f"| {world} | {len(fitted)} | {np.mean(fitted):.2f} ({min(fitted):.2f} to "
            f"{max(fitted):.2f}) | {_with_se(direct, sims)} |"
        )
    return lines


TABLES = {
    "error": table_error,
    "power": table_power,
    "designs": table_designs,
    "coverage": table_coverage,
    "statistics": table_statistics,
    "issue": table_issue,
    "issue-designs": table_issue_designs,
    "interim": table_interim,
    "timing": table_timing,
    "goal": table_goal,
    "lasting": table_lasting,
    "goal-weeks": table_goal_weeks,
    "plan-power": table_plan_power,
    "oracle": table_oracle,
    "oracle-without-level": table_oracle_without_level,
}


def main(argv: list[str] | None = None) -> int:
    """Print the chosen tables as Markdown."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sims", type=int, default=1000)
    parser.add_argument("--coverage-sims", type=int, default=400)
    parser.add_argument("--seed", type=int, default=20261201)
    parser.add_argument("tables", nargs="*", default=list(TABLES))
    args = parser.parse_args(argv)
    if (DEFAULT_BLOCK_DAYS, DEFAULT_WASHOUT_DAYS) != (TABLE_BLOCK_DAYS, TABLE_WASHOUT_DAYS):
        print(
            f"(note: the app's default is {DEFAULT_BLOCK_DAYS}-day blocks with washout "
            f"{DEFAULT_WASHOUT_DAYS}; the tables measure {TABLE_BLOCK_DAYS}-day blocks with "
            f"washout {TABLE_WASHOUT_DAYS} and the test of the same day or the day after)\n"
        )
    for name in args.tables:
        started = time.perf_counter()
        sims = args.coverage_sims if name == "coverage" else args.sims
        print(f"### {name} ({sims} simulated experiments per cell, seed {args.seed})\n")
        print("\n".join(TABLES[name](sims, args.seed)))
        print(f"\n({time.perf_counter() - started:.0f} s)\n", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
