"""The analysis of a randomized self-experiment, and what a plan can find before it starts.

Method (``docs/experiments.md`` has the reasoning and the simulation tables):

* **Compared days.** Every day of the schedule that is not a washout day and was logged
  (checked in or with an episode; missing days are left out, never counted as zero). The
  default plan (2-day blocks, 1 washout day, tested on the same day) leaves out the first day
  after each change: it finds an effect that lasts into the next day, which 1-day blocks
  without washout would spread over both conditions and miss.
* **Statistic.** ``T = log(mean_TEST + d) - log(mean_USUAL + d)``, the log ratio of episodes
  per compared day in the two conditions, by intention to treat (the schedule as drawn, not
  what was done). ``d`` is 1 % of the overall mean and only matters when a mean is zero.
* **The same day or the day after** (plans with ``day_after``: every plan without washout
  days, such as 1-day blocks for a habit that acts and wears off within a day). ``T`` is
  computed twice: ``T_s`` with each day under its own condition ("same day"), and ``T_a``
  with each day under the condition of the day before ("day after"; the day before the plan
  counts as USUAL). Each is divided by the standard deviation of its ``|T|`` over the
  reference draws (the observed draw included: enumerated, it is one of them; random draws
  get it added, so every draw is treated alike), and the statistic is the larger of the two:
  ``max(|T_s| / sd_s, |T_a| / sd_a)`` (a zero spread gives 0). A change that acts the next
  day is found without throwing days away as washout. Plans with washout days (the default,
  and those stored before ``day_after`` existed) are tested on the same day only: the
  statistic is ``|T|``.
* **Randomization test.** The schedule was drawn as one fair coin per block pair (which
  condition comes first). Under "the condition makes no difference" the diary would have been
  the same under every other draw, so the statistic is recomputed for the same counts under
  every possible draw: all ``2**pairs`` of them when at most :data:`EXACT_MAX_PAIRS` pairs
  can change it (exact), otherwise :data:`MONTE_CARLO_DRAWS` random draws with the observed
  one counted in (``p = (1 + #{as large}) / (draws + 1)``). Either way the chance of
  ``p <= 0.05`` without an effect is at most 5 %, whatever flares, trends or missing days the
  diary has, because every draw gets its own labels (and washout days) by the same rule.
* **Interval.** The 95 % interval of the rate ratio inverts the test: a ratio ``r`` is in
  the interval when dividing the TEST days' counts by ``r`` leaves a two-sided ``p > 0.05``.
  A ``day_after`` plan has two, each inverting its own comparison's test alone: the same-day
  ratio (days labelled by their own condition) and the day-after ratio (days after a TEST day
  against days after a USUAL day). The estimate (the ratio of the two means) always lies
  inside its interval. Coverage is checked by simulation
  (``tests/analysis/experiment_tables.py``).
* **Per protocol** (secondary): the same computation on the compared days that were not known
  to break the plan. Which days those are is not randomized, so it is labelled as secondary.

numpy is imported at module level; import this module only where a result or a power
estimate is needed (never on the quick-logging path).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta

import numpy as np
import numpy.typing as npt

from twitchlog.analysis.model import Interval
from twitchlog.analysis.wording import ExperimentOdds, in_ten, uses_times
from twitchlog.domain.experiment import (
    FINAL_ALPHA_WITH_INTERIM,
    INTERIM_ALPHA,
    Arm,
    ExperimentPlan,
    ObservedDay,
    interim_days,
    pair_count,
    schedule_from_orders,
    tests_day_after,
)
from twitchlog.domain.models import JournalSlice

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]

#: Up to this many block pairs the reference distribution is enumerated exactly (2**14 draws).
EXACT_MAX_PAIRS = 14
#: Random draws of the reference distribution beyond that (plus the observed one).
MONTE_CARLO_DRAWS = 9999
#: Fixed seed of the Monte Carlo draws, so a stored experiment always gives the same result.
REFERENCE_SEED = 20261201
ALPHA = 0.05
#: Compared days needed in each condition before any comparison is made.
MIN_DAYS_PER_ARM = 4


@dataclass(frozen=True, slots=True)
class PairData:
    """Episode sums and compared-day counts of every block pair.

    ``s1``/``c1``: the first block's days after its first ``washout_days``; ``s1w``/``c1w``:
    its first ``washout_days`` days, compared only when the block does not start with a change
    of condition (which depends on the draw); ``s2``/``c2``: the second block's days after its
    first ``washout_days`` (the second block always starts with a change, so its washout days
    are never compared and not gathered: ``s2w``/``c2w`` are 0).

    With ``day_after`` (a plan without washout days tested on the same day or the day after)
    the first day of each block is its "lead" day, gathered apart because the day before it
    may have had the other condition: ``s1w``/``c1w`` and ``s2w``/``c2w`` are the lead days of
    the first and the second block, ``s1``/``c1`` and ``s2``/``c2`` their other days.
    """

    s1: FloatArray
    c1: FloatArray
    s1w: FloatArray
    c1w: FloatArray
    s2: FloatArray
    c2: FloatArray
    s2w: FloatArray
    c2w: FloatArray
    test_first: BoolArray
    day_after: bool = False


def _gather(
    plan: ExperimentPlan, i: npt.NDArray[np.int64], counts: FloatArray, test_first: BoolArray
) -> PairData:
    """Sum the counts of days ``i`` (days of the plan, NaN = not compared) by pair and part."""
    pairs = pair_count(plan)
    k, within = np.divmod(i, 2 * plan.block_days)
    first = within < plan.block_days
    early = within % plan.block_days < (1 if plan.day_after else plan.washout_days)
    use = ~np.isnan(counts)
    y = np.where(use, counts, 0.0)

    def total(mask: BoolArray) -> tuple[FloatArray, FloatArray]:
        return (
            np.bincount(k[mask], y[mask], pairs).astype(np.float64),
            np.bincount(k[mask], use[mask].astype(np.float64), pairs).astype(np.float64),
        )

    s1, c1 = total(first & ~early)
    s1w, c1w = total(first & early)
    s2, c2 = total(~first & ~early)
    if plan.day_after:
        s2w, c2w = total(~first & early)
    else:
        s2w, c2w = np.zeros(pairs), np.zeros(pairs)
    return PairData(s1, c1, s1w, c1w, s2, c2, s2w, c2w, test_first, plan.day_after)


def pair_data(
    plan: ExperimentPlan, observed: Sequence[ObservedDay], *, per_protocol: bool = False
) -> PairData:
    """Gather the logged days by block pair (missing days left out, never counted as zero).

    With ``per_protocol``, days known not to have kept to the plan are left out too.
    """
    test_first = np.zeros(pair_count(plan), dtype=np.bool_)
    index, counts = [], []
    b = plan.block_days
    for d in observed:
        i = (d.day - plan.start).days
        if not 0 <= i < plan.days:
            continue
        k, within = divmod(i, 2 * b)
        if within == 0:
            test_first[k] = d.arm is Arm.TEST
        elif within == b:
            test_first[k] = d.arm is not Arm.TEST
        skip = d.episodes is None or (per_protocol and d.kept is False)
        index.append(i)
        counts.append(math.nan if skip else float(d.episodes or 0))
    return _gather(plan, np.array(index, dtype=np.int64), np.array(counts), test_first)


def _linear(w: FloatArray, orders: FloatArray, rowwise: bool) -> FloatArray:
    """``w @ orders`` per row of ``orders`` (..., rows), or with ``rowwise`` one row per
    leading index of ``w`` (..., 1)."""
    if rowwise:
        out: FloatArray = (w * orders).sum(axis=-1, keepdims=True)
        return out
    out = w @ orders.T
    return out


def _washout_ratio(
    parts: tuple[FloatArray, ...],
    orders: FloatArray,
    delta: FloatArray | float,
    *,
    rowwise: bool = False,
) -> FloatArray:
    """The same-day statistic of a plan without ``day_after`` (shapes as
    :func:`_timing_ratio`).

    The first block of pair ``k`` starts with a change when its condition differs from the
    last block of pair ``k - 1`` (before the plan: USUAL); then its first days are washout.
    With ``o`` the orders (1.0 = TEST first) and ``q = 1 - o``, its washout part counts for
    TEST when ``o_k q_(k-1)`` (``k >= 1``; never for the first pair) and for USUAL when
    ``q_k o_(k-1)`` (``q_0`` for the first pair): both are linear in ``o`` except for the
    product ``o_k o_(k-1)``.
    """
    s1, c1, s1w, c1w, s2, c2 = parts[:6]
    later = orders[..., 1:]
    earlier = orders[..., :-1]
    both = later * earlier
    first = orders[..., :1]

    def sides(x1: FloatArray, xw: FloatArray, x2: FloatArray) -> tuple[FloatArray, FloatArray]:
        shared = _linear(xw[..., 1:], both, rowwise)
        test = (
            _linear(x1 - x2, orders, rowwise)
            + x2.sum(axis=-1)[..., None]
            + _linear(xw[..., 1:], later, rowwise)
            - shared
        )
        usual = (
            _linear(x2 - x1, orders, rowwise)
            + x1.sum(axis=-1)[..., None]
            + xw[..., :1]
            - _linear(xw[..., :1], first, rowwise)
            + _linear(xw[..., 1:], earlier, rowwise)
            - shared
        )
        return test, usual

    t_sum, u_sum = sides(s1, s1w, s2)
    t_days, u_days = sides(c1, c1w, c2)
    return _ratio(t_sum, t_days, u_sum, u_days, delta)


def _ratio(
    t_sum: FloatArray,
    t_days: FloatArray,
    u_sum: FloatArray,
    u_days: FloatArray,
    delta: FloatArray | float,
) -> FloatArray:
    """``log(mean_TEST + d) - log(mean_USUAL + d)`` (0 where a side has no compared day)."""
    t_mean = np.divide(t_sum, t_days, out=np.zeros_like(t_sum), where=t_days > 0)
    u_mean = np.divide(u_sum, u_days, out=np.zeros_like(u_sum), where=u_days > 0)
    both = (t_days > 0) & (u_days > 0)
    safe_t = np.where(both, t_mean + delta, 1.0)
    safe_u = np.where(both, u_mean + delta, 1.0)
    out: FloatArray = np.log(safe_t) - np.log(safe_u)
    return out


#: The two comparisons of a plan tested on the same day or the day after.
SAME_DAY = "same day"
DAY_AFTER = "day after"


def _next(x: FloatArray) -> FloatArray:
    """``x`` of the following pair (0 after the last), along the last axis."""
    return np.concatenate([x[..., 1:], np.zeros((*x.shape[:-1], 1))], axis=-1)


def _timing_coefficients(
    parts: tuple[FloatArray, ...], comparison: str
) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray]:
    """TEST-labelled episodes and days of one comparison as linear functions of the orders
    ``o`` (1.0 = TEST first): ``sum = o @ w_sum + k_sum``, ``days = o @ w_days + k_days``.

    Labels (``q = 1 - o``; ``last`` = the previous pair's second block, USUAL before the plan):
    same day: both parts of block 1 -> ``o``, of block 2 -> ``q``; day after: block 1's lead
    day -> ``last``, its other days -> ``o``, block 2's lead day -> ``o``, its others -> ``q``.
    """
    s1, c1, s1w, c1w, s2, c2, s2w, c2w = parts
    if comparison == SAME_DAY:
        return (
            s1 + s1w - s2 - s2w,
            (s2 + s2w).sum(axis=-1),
            c1 + c1w - c2 - c2w,
            (c2 + c2w).sum(axis=-1),
        )
    # last_k = 1 - o_(k-1) for k >= 1: block 1's lead day of pair k + 1 counts against o_k.
    return (
        s1 + s2w - s2 - _next(s1w),
        s2.sum(axis=-1) + s1w[..., 1:].sum(axis=-1),
        c1 + c2w - c2 - _next(c1w),
        c2.sum(axis=-1) + c1w[..., 1:].sum(axis=-1),
    )


def _timing_ratio(
    parts: tuple[FloatArray, ...],
    orders: FloatArray,
    delta: FloatArray | float,
    comparison: str,
    *,
    rowwise: bool = False,
) -> FloatArray:
    """One comparison's statistic of a ``day_after`` plan.

    ``parts`` have the pairs on the last axis (and any leading axes, e.g. simulated runs);
    ``orders`` (rows, pairs) are shared by all of them and the result has shape (..., rows).
    With ``rowwise``, ``orders`` has the shape of a part (one order per leading index) and
    the result (..., 1).
    """
    w_sum, k_sum, w_days, k_days = _timing_coefficients(parts, comparison)
    total_sum = sum(p.sum(axis=-1) for p in parts[0::2])[..., None]
    total_days = sum(p.sum(axis=-1) for p in parts[1::2])[..., None]
    t_sum = _linear(w_sum, orders, rowwise) + k_sum[..., None]
    t_days = _linear(w_days, orders, rowwise) + k_days[..., None]
    return _ratio(t_sum, t_days, total_sum - t_sum, total_days - t_days, delta)


def _parts(data: PairData) -> tuple[FloatArray, ...]:
    return (data.s1, data.c1, data.s1w, data.c1w, data.s2, data.c2, data.s2w, data.c2w)


@dataclass(frozen=True, slots=True)
class Reference:
    """The draws the test compares against: every possible one, or random ones."""

    orders: BoolArray
    exact: bool


def _used_pairs(data: PairData) -> BoolArray:
    """Pairs whose order can change the statistic: those with compared days, and with
    ``day_after`` those before a pair whose first lead day was logged (its label is the
    previous pair's second block)."""
    used: BoolArray = (data.c1 + data.c1w + data.c2 + data.c2w) > 0
    if data.day_after:
        used = used | (_next(data.c1w) > 0)
    return used


def reference(
    data: PairData,
    rng: np.random.Generator | None = None,
    draws: int = 0,
    exact_max: int = EXACT_MAX_PAIRS,
) -> Reference:
    """All ``2**pairs`` orders of the pairs that can change the statistic (up to
    ``exact_max`` pairs), or ``draws`` random ones.

    Pairs without any compared day cannot change the statistic and are held fixed.
    """
    used = np.flatnonzero(_used_pairs(data))
    p = data.test_first.size
    if used.size <= exact_max:
        bits = (np.arange(2**used.size)[:, None] >> np.arange(used.size)) & 1
        orders = np.tile(data.test_first, (bits.shape[0], 1))
        orders[:, used] = bits.astype(np.bool_)
        return Reference(orders, True)
    gen = rng if rng is not None else np.random.default_rng(REFERENCE_SEED)
    n = draws or MONTE_CARLO_DRAWS
    return Reference(gen.random((n, p)) < 0.5, False)


def _delta(data: PairData) -> float:
    days = float(data.c1.sum() + data.c1w.sum() + data.c2.sum() + data.c2w.sum())
    total = float(data.s1.sum() + data.s1w.sum() + data.s2.sum() + data.s2w.sum())
    mean = total / days if days else 0.0
    return max(0.01 * mean, 1e-6)


def _share_as_extreme(observed: FloatArray, stats: FloatArray, exact: bool) -> FloatArray:
    """The p-value from the observed statistic (..., 1) and the reference ones (..., draws)."""
    # A relative tolerance so that draws equal to the observed one count as "as large".
    extreme = np.count_nonzero(stats >= observed * (1 - 1e-9) - 1e-12, axis=-1)
    if exact:
        out: FloatArray = extreme / stats.shape[-1]
    else:
        out = (1 + extreme) / (stats.shape[-1] + 1)
    return out


def _standardize(
    observed: FloatArray, stats: FloatArray, exact: bool
) -> tuple[FloatArray, FloatArray]:
    """``|T|`` divided by its standard deviation over the reference set, for the observed
    statistic (..., 1) and the reference ones (..., draws). The set holds the observed
    schedule: enumerated, it is one of the draws; random draws get it added, so that every
    schedule is treated alike (which keeps the test exact). A zero spread gives 0."""
    pool = stats if exact else np.concatenate([observed, stats], axis=-1)
    sd = np.abs(pool).std(axis=-1, keepdims=True)
    ok = sd > 1e-12
    scale = np.where(ok, sd, 1.0)
    return (
        np.where(ok, np.abs(observed) / scale, 0.0),
        np.where(ok, np.abs(stats) / scale, 0.0),
    )


def _timing_test(
    parts: tuple[FloatArray, ...],
    test_first: FloatArray,
    orders: FloatArray,
    exact: bool,
    delta: FloatArray | float,
    comparison: str = "",
) -> tuple[FloatArray, FloatArray]:
    """The p-value of a ``day_after`` plan's test (combined, or one ``comparison`` alone),
    and whether the day-after comparison was the larger standardized one (1.0) or not."""
    observed: dict[str, FloatArray] = {}
    stats: dict[str, FloatArray] = {}
    for c in (SAME_DAY, DAY_AFTER):
        if comparison in ("", c):
            observed[c] = _timing_ratio(parts, test_first, delta, c, rowwise=True)
            stats[c] = _timing_ratio(parts, orders, delta, c)
    if comparison:
        alone = _share_as_extreme(np.abs(observed[comparison]), np.abs(stats[comparison]), exact)
        return alone, np.full(alone.shape, float(comparison == DAY_AFTER))
    z_same, ref_same = _standardize(observed[SAME_DAY], stats[SAME_DAY], exact)
    z_after, ref_after = _standardize(observed[DAY_AFTER], stats[DAY_AFTER], exact)
    p = _share_as_extreme(np.maximum(z_same, z_after), np.maximum(ref_same, ref_after), exact)
    return p, (z_after > z_same)[..., 0].astype(np.float64)


def p_value(data: PairData, ref: Reference, comparison: str = "") -> float:
    """Two-sided randomization p-value of "no difference between the conditions".

    For a ``day_after`` plan, the test of the same day or the day after (the larger of the
    two standardized comparisons), or with ``comparison`` (:data:`SAME_DAY`,
    :data:`DAY_AFTER`) that comparison's test alone.
    """
    return _test(data, ref, comparison)[0]


def _test(data: PairData, ref: Reference, comparison: str = "") -> tuple[float, str]:
    """:func:`p_value`, and for a ``day_after`` plan's combined test the comparison that was
    the larger standardized one (the one it rests on): :data:`SAME_DAY` or :data:`DAY_AFTER`
    ("" otherwise)."""
    delta = _delta(data)
    if data.day_after:
        p, after = _timing_test(
            _parts(data),
            data.test_first.astype(np.float64),
            ref.orders.astype(np.float64),
            ref.exact,
            delta,
            comparison,
        )
        larger = "" if comparison else (DAY_AFTER if float(after) > 0.5 else SAME_DAY)
        return float(p), larger
    parts = _parts(data)
    observed = _washout_ratio(parts, data.test_first.astype(np.float64), delta, rowwise=True)
    stats = _washout_ratio(parts, ref.orders.astype(np.float64), delta)
    return float(_share_as_extreme(np.abs(observed), np.abs(stats), ref.exact)), ""


def _divide_test(data: PairData, ratio: float, comparison: str = SAME_DAY) -> PairData:
    """The counts as they would be under USUAL if TEST multiplied the rate by ``ratio``: the
    days labelled TEST under ``comparison`` (as drawn) divided by ``ratio``."""
    o = data.test_first
    f1 = np.where(o, 1.0 / ratio, 1.0)
    f2 = np.where(o, 1.0, 1.0 / ratio)
    if comparison == SAME_DAY:
        return replace(data, s1=data.s1 * f1, s1w=data.s1w * f1, s2=data.s2 * f2, s2w=data.s2w * f2)
    last_test = np.concatenate([[False], ~o[:-1]])
    lead1 = np.where(last_test, 1.0 / ratio, 1.0)
    return replace(data, s1=data.s1 * f1, s1w=data.s1w * lead1, s2=data.s2 * f2, s2w=data.s2w * f1)


def _means(data: PairData, comparison: str = SAME_DAY) -> tuple[float, int, float, int]:
    """Episodes and compared days of TEST and USUAL under the schedule as drawn (the days
    labelled by ``comparison``)."""
    if data.day_after:
        parts = _parts(data)
        o = data.test_first.astype(np.float64)
        w_sum, k_sum, w_days, k_days = _timing_coefficients(parts, comparison)
        total_sum = float(sum(p.sum() for p in parts[0::2]))
        total_days = float(sum(p.sum() for p in parts[1::2]))
        t_sum = float(w_sum @ o + k_sum)
        t_days = float(w_days @ o + k_days)
        return t_sum, round(t_days), total_sum - t_sum, round(total_days - t_days)
    o2 = data.test_first[None, :].astype(np.float64)
    q = 1.0 - o2
    last_test = np.concatenate([np.zeros((1, 1)), q[:, :-1]], axis=1)
    keep = (o2 == last_test).astype(np.float64)[0]
    first_sum = data.s1 + keep * data.s1w
    first_days = data.c1 + keep * data.c1w
    t = data.test_first
    return (
        float(np.where(t, first_sum, data.s2).sum()),
        int(np.where(t, first_days, data.c2).sum()),
        float(np.where(t, data.s2, first_sum).sum()),
        int(np.where(t, data.c2, first_days).sum()),
    )


def rate_ratio_interval(
    data: PairData, ref: Reference, alpha: float = ALPHA, comparison: str = SAME_DAY
) -> Interval | None:
    """TEST/USUAL ratio of episodes per compared day with its ``1 - alpha`` interval (test
    inversion; 95 % by default).

    ``comparison`` (a ``day_after`` plan): :data:`SAME_DAY` labels each day with its own
    condition, :data:`DAY_AFTER` with the condition of the day before; each interval inverts
    that comparison's own test. ``None`` when either condition has no episodes (the ratio
    would be 0 or unbounded). An end that the test never excludes within 1/100 to 100 is
    reported as that limit.
    """
    t_sum, t_days, u_sum, u_days = _means(data, comparison)
    if t_sum <= 0 or u_sum <= 0 or not t_days or not u_days:
        return None
    estimate = (t_sum / t_days) / (u_sum / u_days)
    log_est = math.log(estimate)
    single = comparison if data.day_after else ""

    def accepted(log_r: float) -> bool:
        return p_value(_divide_test(data, math.exp(log_r), comparison), ref, single) > alpha

    def edge(direction: float) -> float:
        inside, step = log_est, 0.05
        outside = None
        while abs(inside - log_est) < math.log(100):
            trial = inside + direction * step
            if not accepted(trial):
                outside = trial
                break
            inside, step = trial, step * 1.5
        if outside is None:
            return math.exp(log_est + direction * math.log(100))
        for _ in range(30):
            mid = 0.5 * (inside + outside)
            if accepted(mid):
                inside = mid
            else:
                outside = mid
            if abs(outside - inside) < 1e-3:
                break
        return math.exp(inside)

    return Interval(estimate, edge(-1.0), edge(1.0))


@dataclass(frozen=True, slots=True)
class ArmSummary:
    """One condition's compared days (intention to treat: the schedule as drawn)."""

    arm: Arm
    days: int
    """Scheduled days so far that count for the comparison (washout left out)."""
    logged: int
    """Of those, days that were logged."""
    episodes: int
    per_day: float | None
    """Episodes per logged day, ``None`` without any logged day."""


@dataclass(frozen=True, slots=True)
class ExperimentResult:
    """The comparison of a finished (or stopped) experiment."""

    plan: ExperimentPlan
    stopped_early: bool
    days_so_far: int
    test: ArmSummary
    usual: ArmSummary
    rate_ratio: Interval | None
    """TEST/USUAL episodes per logged day with its 95 % interval (intention to treat); for a
    ``day_after`` plan the same-day comparison."""
    p_value: float | None
    """Two-sided randomization p-value (for a ``day_after`` plan: of the same day or the day
    after, the two comparisons together)."""
    exact: bool
    """The reference distribution was enumerated (otherwise random draws, +1 corrected)."""
    per_protocol: Interval | None
    """Secondary: the same ratio on the days not known to break the plan (``None`` when no
    compared day is known to have broken it: then it would repeat the main result)."""
    adherence: float | None
    checkable_days: int
    missing_days: int
    washout_days: int
    reason: str
    """Why there is no comparison ("" when there is one)."""
    level: float = ALPHA
    """The error rate this comparison is tested at: 0.05, or with an interim look 0.045 at
    the end and 0.005 at the look; the interval is its ``1 - level`` interval."""
    interim_days: int = 0
    """Not 0: the result of the interim look over days 1 to this, which found a clear
    difference (the experiment could stop there)."""
    day_after_ratio: Interval | None = None
    """A ``day_after`` plan: episodes per logged day after a TEST day / after a USUAL day,
    with its interval (the day-after comparison's own test inverted)."""
    larger: str = ""
    """A ``day_after`` plan: the comparison that was the larger standardized one,
    :data:`SAME_DAY` or :data:`DAY_AFTER` ("" for a same-day test or no comparison)."""
    per_protocol_day_after: Interval | None = None
    """A ``day_after`` plan: :attr:`per_protocol` for the day-after comparison (the days whose
    day before was not known to break the plan)."""

    @property
    def clear(self) -> bool:
        """Whether the randomization test found a clear difference at :attr:`level`."""
        return self.p_value is not None and self.p_value <= self.level


def _arm_summary(observed: Sequence[ObservedDay], arm: Arm) -> ArmSummary:
    days = [d for d in observed if d.arm is arm and not d.washout]
    logged = [d.episodes for d in days if d.episodes is not None]
    total = int(sum(logged))
    return ArmSummary(arm, len(days), len(logged), total, total / len(logged) if logged else None)


def final_level(plan: ExperimentPlan) -> float:
    """The error rate of the final comparison: 0.05, or 0.045 after a planned interim look."""
    return FINAL_ALPHA_WITH_INTERIM if plan.interim else ALPHA


@dataclass(frozen=True, slots=True)
class InterimLook:
    """The pre-planned interim look over days 1 to ``days``: "clear difference: stop now"
    (``clear``, with the ``result`` at level 0.005) or "keep going" (nothing else)."""

    days: int
    clear: bool
    result: ExperimentResult | None
    """Only when ``clear``; never shown otherwise (no direction, no size)."""


def interim_look(plan: ExperimentPlan, observed: Sequence[ObservedDay]) -> InterimLook | None:
    """The interim look, once the days it covers are over (``observed`` runs past them);
    ``None`` for a plan without one or before then. An exact randomization test on those days
    at level :data:`INTERIM_ALPHA`."""
    n = interim_days(plan)
    if not plan.interim or len(observed) <= n:
        return None
    first = [d for d in observed if (d.day - plan.start).days < n]
    logged = [
        sum(d.episodes is not None and not d.washout and d.arm is arm for d in first) for arm in Arm
    ]
    if min(logged) < MIN_DAYS_PER_ARM:
        return InterimLook(n, False, None)
    data = pair_data(plan, first)
    if p_value(data, reference(data)) > INTERIM_ALPHA:  # "keep going": no interval needed
        return InterimLook(n, False, None)
    result = _analyse(plan, first, stopped_early=False, level=INTERIM_ALPHA)
    return InterimLook(n, result.clear, replace(result, interim_days=n) if result.clear else None)


def interim_lines(
    plan: ExperimentPlan, observed: Sequence[ObservedDay], *, before: bool = True
) -> list[str]:
    """What a running experiment's planned interim look lets the person see: before it, when
    it comes (with ``before``, else nothing); after it, only "clear difference: stop now"
    (with that look's result) or "keep going" (nothing about the direction or size). Empty
    for a plan without one."""
    from twitchlog.domain.experiment_record import interim_words

    if not plan.interim:
        return []
    look = interim_look(plan, observed)
    if look is None:
        return [interim_words(plan)] if before else []
    where = f"Interim look (days 1-{look.days})"
    if look.result is None:
        return [f"{where}: keep going."]
    return [
        f"{where}: clear difference: stop now (twitchlog experiment stop).",
        *result_sentences(look.result),
    ]


def analyse_experiment(
    plan: ExperimentPlan, observed: Sequence[ObservedDay], *, stopped_early: bool = False
) -> ExperimentResult:
    """Compare the two conditions over the observed days (see the module docstring).

    With a planned interim look that found a clear difference, the result is that look's
    (days of the first half, level 0.005), whatever came after; otherwise every observed day
    is compared at :func:`final_level` (0.045 with an interim look, else 0.05).
    """
    look = interim_look(plan, observed)
    if look is not None and look.result is not None:
        return look.result
    return _analyse(plan, observed, stopped_early=stopped_early, level=final_level(plan))


def _analyse(
    plan: ExperimentPlan, observed: Sequence[ObservedDay], *, stopped_early: bool, level: float
) -> ExperimentResult:
    """The comparison over ``observed`` at error rate ``level``."""
    test, usual = _arm_summary(observed, Arm.TEST), _arm_summary(observed, Arm.USUAL)
    checkable = [d.kept for d in observed if d.kept is not None]
    base = ExperimentResult(
        plan=plan,
        stopped_early=stopped_early,
        days_so_far=len(observed),
        test=test,
        usual=usual,
        rate_ratio=None,
        p_value=None,
        exact=False,
        per_protocol=None,
        adherence=sum(checkable) / len(checkable) if checkable else None,
        checkable_days=len(checkable),
        missing_days=sum(d.episodes is None for d in observed),
        washout_days=sum(d.washout for d in observed),
        reason="",
        level=level,
    )
    if min(test.logged, usual.logged) < MIN_DAYS_PER_ARM:
        return replace(
            base,
            reason=(
                f"a comparison needs at least {MIN_DAYS_PER_ARM} logged days in each condition "
                f"(logged: {test.logged} and {usual.logged})"
            ),
        )
    data = pair_data(plan, observed)
    ref = reference(data)
    interval = rate_ratio_interval(data, ref, level)
    after = rate_ratio_interval(data, ref, level, DAY_AFTER) if plan.day_after else None
    pp_data = pair_data(plan, observed, per_protocol=True)
    _, pp_t, _, pp_u = _means(pp_data)
    pp = pp_after = None
    broke = any(d.kept is False and not d.washout and d.episodes is not None for d in observed)
    if broke and min(pp_t, pp_u) >= MIN_DAYS_PER_ARM:
        pp_ref = reference(pp_data)
        pp = rate_ratio_interval(pp_data, pp_ref, level)
        if plan.day_after:
            pp_after = _per_protocol_day_after(plan, observed, level)
    p, larger = _test(data, ref)
    reason = ""
    if interval is None:
        empty = [plan.arm_name(a.arm) for a in (test, usual) if not a.episodes]
        reason = (
            "no twitches were logged on the compared days"
            if len(empty) == 2
            else f"no twitches were logged on the {empty[0]} days, so no ratio can be given"
        )
    return replace(
        base,
        rate_ratio=interval,
        p_value=p,
        exact=ref.exact,
        per_protocol=pp,
        reason=reason,
        day_after_ratio=after,
        larger=larger,
        per_protocol_day_after=pp_after,
    )


# --- words ---------------------------------------------------------------------------------


def _pct_fewer_or_more(rr: float) -> str:
    pct = round(abs(rr - 1.0) * 100)
    if pct == 0:
        return "about as many"
    return f"about {pct} % {'fewer' if rr < 1 else 'more'}"


def _range_words(low: float, high: float) -> str:
    def one(r: float) -> str:
        pct = round(abs(r - 1.0) * 100)
        if pct == 0:
            return "no change"
        return f"{pct} % {'fewer' if r < 1 else 'more'}"

    lo, hi = one(low), one(high)
    if lo == hi == "no change":  # both ends round to 0 %: not "0 % to 0 % more"
        return "less than 1 % either way"
    if low < 1 < high or lo.split()[-1] != hi.split()[-1]:
        return f"{lo} to {hi}"
    # Same direction: "15 % to 60 % fewer", smaller change first.
    a, b = sorted((round(abs(low - 1) * 100), round(abs(high - 1) * 100)))
    return f"{a} % to {b} % {'fewer' if high < 1 else 'more'}"


def _times_number(rr: float) -> str:
    """A ratio as the analysis says it in "times as many": 2.2, 0.6, 0.05."""
    return f"{rr:.2f}" if rr < 0.095 else f"{rr:.1f}"


def _estimate_words(iv: Interval) -> str:
    """The estimate in the unit of its whole finding (the analysis's rule, ``uses_times``):
    "about 40 % fewer", "about 2.2 times as many"."""
    if uses_times(iv.value, iv.low, iv.high):
        return f"about {_times_number(iv.value)} times as many"
    return _pct_fewer_or_more(iv.value)


def _range_of(iv: Interval) -> str:
    """The interval in the same unit: "15 % to 60 % fewer", "1.6 to 2.4 times as many"."""
    if uses_times(iv.value, iv.low, iv.high):
        return f"{_times_number(iv.low)} to {_times_number(iv.high)} times as many"
    return _range_words(iv.low, iv.high)


#: Round numbers for "1 time in N" (a p-value of 0.0045 is "about 1 time in 200").
_ONE_IN = (10, 15, 20, 30, 50, 100, 200, 500, 1000)


def chance_words(p: float) -> str:
    """A p-value as how often chance alone would give as large a difference, in round numbers:
    "about 1 time in 200", "about 3 times in 10", "less than 1 time in 1000"."""
    if p < 0.001:
        return "less than 1 time in 1000"
    if p < 0.085:
        n = min(_ONE_IN, key=lambda m: abs(math.log(m * p)))
        return f"about 1 time in {n}"
    if p < 0.95:
        return f"about {max(1, round(p * 10))} time{'s' if round(p * 10) > 1 else ''} in 10"
    return "almost always"


def result_sentences(r: ExperimentResult) -> tuple[str, ...]:
    """The result in calm words (what was compared, what was found, how firm it is)."""
    plan = r.plan
    out: list[str] = []
    if r.interim_days:
        out.append(
            f"The planned interim look at days 1-{r.interim_days} found a clear difference, so "
            f"the experiment could stop there; this result covers those {r.interim_days} days, "
            "tested at the look's stricter level (a difference this clear arises by chance at "
            "most 1 time in 200)."
        )
    elif r.stopped_early:
        out.append(
            f"This experiment was stopped after {r.days_so_far} of {plan.days} days; "
            "the result covers those days only and is less firm than a full run."
        )
    out.extend(_arm_line(plan, arm) for arm in (r.test, r.usual))
    one_side = bool(r.test.episodes) != bool(r.usual.episodes)
    if r.p_value is None or (r.rate_ratio is None and not one_side):
        out.append(f"No comparison: {r.reason}.")
        return tuple(out)
    rr = r.rate_ratio
    days = (
        f"the days you took {plan.name}"
        if plan.is_medicine
        else f"your {plan.arm_name(Arm.TEST).lower()}-{plan.name} days"
    )
    if rr is None:  # no twitches at all on one side: no ratio, but the test still stands
        out.append(_one_side_sentence(r, days))
    elif plan.day_after:
        out.extend(_either_day_sentences(r, rr, days))
    else:
        out.append(
            f"On {days} you logged {_estimate_words(rr)} "
            f"twitches (plausible range {_range_of(rr)})."
        )
    when = ", on the same day or the next," if plan.day_after else ""
    out.append(
        f"With a randomized schedule, a difference this large{when} would arise by chance "
        f"{chance_words(r.p_value)}."
    )
    if r.clear:
        out.append(
            "The days were assigned at random, so other habits and flares are unlikely to "
            "explain this difference; it shows what happened over these weeks, not that it "
            "will always be so."
        )
    else:
        out.append(
            "This is not clear enough to tell the two apart; it does not show that there is no "
            "difference."
        )
    if plan.interim and not r.interim_days:
        out.append(
            "Because of the planned interim look, this final comparison counts as clear only "
            "when chance would give it at most about 1 time in 22 (instead of 1 in 20), so "
            "that both looks together stay at 1 in 20."
        )
    if r.per_protocol is not None:
        out.append(_per_protocol_sentence(r, r.per_protocol))
    kept = (
        f"You kept to the plan on {round(100 * r.adherence)} % of the {r.checkable_days} days "
        "that could be checked"
        if r.adherence is not None
        else "Keeping to the plan could not be checked"
    )
    logged = (
        f"{_days_were(r.missing_days, 'days')} not logged"
        if r.missing_days
        else "every day was logged"
    )
    if plan.day_after or not r.washout_days:  # no washout days: nothing left out to say
        out.append(f"{kept}; {logged}.")
        return tuple(out)
    out.append(f"{kept}; {logged} and {_days_were(r.washout_days, 'washout days')} left out.")
    return tuple(out)


def _per_protocol_day_after(
    plan: ExperimentPlan, observed: Sequence[ObservedDay], level: float
) -> Interval | None:
    """The day-after ratio on the days whose day before was not known to break the plan
    (the day before's condition is what this comparison labels a day with)."""
    before: list[bool | None] = [None, *(d.kept for d in observed[:-1])]
    shifted = [replace(d, kept=k) for d, k in zip(observed, before, strict=True)]
    data = pair_data(plan, shifted, per_protocol=True)
    _, t_days, _, u_days = _means(data, DAY_AFTER)
    if min(t_days, u_days) < MIN_DAYS_PER_ARM:
        return None
    return rate_ratio_interval(data, reference(data), level, DAY_AFTER)


def _per_protocol_sentence(r: ExperimentResult, pp: Interval) -> str:
    """The secondary look at the days that kept to the plan, in one sentence."""
    found = f"{_estimate_words(pp)} ({_range_of(pp)})"
    if r.plan.day_after:
        found += " on the same day"
        pa = r.per_protocol_day_after
        if pa is not None:
            found += (
                f", {_estimate_words(pa)} ({_range_of(pa)}) on the days after a day that kept to it"
            )
    return (
        f"Counting only the days that kept to the plan (a secondary look, not randomized): {found}."
    )


def _one_side_sentence(r: ExperimentResult, days: str) -> str:
    """One condition's compared days had no twitches at all: said as it is, with the other's
    rate, and no ratio (the randomization test does not need one)."""
    empty, other = (r.test, r.usual) if not r.test.episodes else (r.usual, r.test)
    where = days if empty is r.test else "your usual days"
    there = "usual days" if empty is r.test else days.removeprefix("your ")
    rate = f"{other.per_day:.1f} a day" if other.per_day is not None else "some"
    return (
        f"On {where} you logged no twitches at all (on {there}: {rate}), so no ratio can be given."
    )


def _either_day_sentences(r: ExperimentResult, rr: Interval, days: str) -> list[str]:
    """A ``day_after`` plan's two comparisons: the larger standardized one first, in full,
    then the other in one short sentence (``days``: "your low-caffeine days")."""
    same = f"{_estimate_words(rr)} ({_range_of(rr)})"
    ra = r.day_after_ratio
    if ra is None:
        return [
            f"On {days} you logged {_estimate_words(rr)} twitches (plausible range "
            f"{_range_of(rr)}). On the days after them no ratio can be given "
            "(no twitches on one side)."
        ]
    after = f"{_estimate_words(ra)} ({_range_of(ra)})"
    # The two comparisons share most of their days (docs/experiments.md section 8): with
    # 1-day blocks most days after a changed day are usual days, with longer blocks most are
    # changed days too. The second number is largely that echo, not a finding of its own.
    many, one = _echo_days(r.plan, Arm.USUAL if r.plan.block_days == 1 else Arm.TEST)
    echo = "so this largely echoes the difference above rather than showing one of its own"
    if r.larger == DAY_AFTER:
        return [
            f"On the days after {days} you logged {_estimate_words(ra)} twitches "
            f"(plausible range {_range_of(ra)}).",
            f"On {days} themselves: {same}; most of them followed {one}, {echo}.",
        ]
    return [
        f"On {days} you logged {_estimate_words(rr)} twitches (plausible range {_range_of(rr)}).",
        f"On the days after them: {after}; most of those days were {many}, {echo}.",
    ]


def _echo_days(plan: ExperimentPlan, arm: Arm) -> tuple[str, str]:
    """A condition's days for the echo sentence: ("usual days", "a usual day"),
    ("low-caffeine days", "a low-caffeine day"), ("days you took X", "a day you took X")."""
    if arm is Arm.USUAL:
        return "usual days", "a usual day"
    if plan.is_medicine:
        return f"days you took {plan.name}", f"a day you took {plan.name}"
    kind = f"{plan.arm_name(Arm.TEST).lower()}-{plan.name}"
    return f"{kind} days", f"a {kind} day"


def _arm_line(plan: ExperimentPlan, arm: ArmSummary) -> str:
    """One condition's twitches per logged day, of how many compared days."""
    what = f"{plan.arm_name(arm.arm)} ({plan.arm_words(arm.arm)})"
    if not arm.days:  # stopped before this condition's first compared day
        return f"{what}: no compared days so far."
    if arm.per_day is None:
        if arm.days == 1:
            return f"{what}: its one compared day was not logged."
        return f"{what}: none of its {arm.days} compared days was logged."
    days = f"{arm.days} compared day{'' if arm.days == 1 else 's'}"
    return f"{what}: {arm.per_day:.1f} twitches a day on {arm.logged} logged of {days}."


def _days_were(n: int, days: str) -> str:
    """``1 day was``, ``2 washout days were``."""
    return f"{n} {days[:-1]} was" if n == 1 else f"{n} {days} were"


# --- power before the start -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class NoiseModel:
    """A diary's ups and downs: mean, day-to-day overdispersion and a slow hidden level.

    Counts are Poisson around ``mean * exp(u_t - sigma2 / 2) * g_t`` with ``g_t`` gamma
    (mean 1, variance ``alpha``) and ``u_t`` an AR(1) of variance ``sigma2`` and lag-1
    correlation ``phi``; a share ``missing`` of days is not logged.
    """

    mean: float
    alpha: float
    sigma2: float
    phi: float
    missing: float


def fit_noise(y: FloatArray) -> NoiseModel | None:
    """Estimate the noise model by moments from daily counts (NaN = not logged).

    The hidden level's variance is taken from the lag-1 autocovariance (the part of the ups
    and downs that lasts beyond one day), its persistence from how the autocovariances at lags
    1-7 decay, and everything else above Poisson is day-to-day spread. Giving the day-to-day
    part all that the data cannot place errs on the side of less power, never more.
    """
    logged = ~np.isnan(y)
    if logged.sum() < 14:
        return None
    m = float(np.nanmean(y))
    if m <= 0:
        return None
    v = float(np.nanvar(y, ddof=1))
    z = y - m
    covs: dict[int, float] = {}
    for k in range(1, 8):
        ok = logged[k:] & logged[:-k]
        if ok.sum() >= 7:
            covs[k] = float(np.mean(z[k:][ok] * z[:-k][ok])) / (m * m)
    c1 = covs.get(1, 0.0)
    sigma2 = min(1.0, math.log1p(c1)) if c1 > 0 else 0.0
    positive = [(k, math.log(math.log1p(c))) for k, c in covs.items() if c > 0]
    if len(positive) >= 2:
        slope = float(np.polyfit([k for k, _ in positive], [g for _, g in positive], 1)[0])
        phi = min(0.95, max(0.0, math.exp(slope)))
    else:
        phi = 0.5 if sigma2 > 0 else 0.0
    alpha = max(0.0, (1.0 + (v - m) / (m * m)) * math.exp(-sigma2) - 1.0)
    return NoiseModel(m, min(alpha, 5.0), sigma2, phi, float(1.0 - logged.mean()))


def _ar1(rng: np.random.Generator, sims: int, n: int, phi: float) -> FloatArray:
    """``sims`` stationary unit-variance AR(1) series of length ``n`` (one per row)."""
    e = rng.standard_normal((sims, n))
    x = np.empty((sims, n))
    x[:, 0] = e[:, 0]
    scale = math.sqrt(1.0 - phi * phi)
    for i in range(1, n):
        x[:, i] = phi * x[:, i - 1] + scale * e[:, i]
    return x


def exposure_of(plan: ExperimentPlan, test_first: BoolArray) -> FloatArray:
    """1.0 on the TEST days of the schedule drawn as ``test_first``, else 0.0."""
    k, within = np.divmod(np.arange(plan.days), 2 * plan.block_days)
    exposure: FloatArray = ((within < plan.block_days) == test_first[k]).astype(np.float64)
    return exposure


def simulate_counts(
    noise: NoiseModel,
    exposure: FloatArray,
    rate_ratio: float,
    rng: np.random.Generator,
) -> FloatArray:
    """Daily counts, one simulated diary per row of ``exposure`` (1.0 where the rate is
    multiplied by ``rate_ratio``); NaN on missing days."""
    sims, n = exposure.shape
    u = math.sqrt(noise.sigma2) * _ar1(rng, sims, n, noise.phi)
    g = rng.gamma(1.0 / noise.alpha, noise.alpha, (sims, n)) if noise.alpha > 1e-9 else 1.0
    mu = noise.mean * np.exp(u - noise.sigma2 / 2 + math.log(rate_ratio) * exposure) * g
    y = rng.poisson(mu).astype(np.float64)
    y[rng.random((sims, n)) < noise.missing] = np.nan
    return y


def observed_days(
    plan: ExperimentPlan, orders: Sequence[bool], y: FloatArray
) -> tuple[ObservedDay, ...]:
    """Simulated counts as :class:`ObservedDay` values on the schedule drawn as ``orders``."""
    schedule = schedule_from_orders(plan, orders)
    return tuple(
        ObservedDay(d.day, d.arm, d.washout, None if math.isnan(v) else int(v), None)
        for d, v in zip(schedule, y, strict=True)
    )


def pair_data_from_counts(plan: ExperimentPlan, test_first: BoolArray, y: FloatArray) -> PairData:
    """:func:`pair_data` for simulated counts on the plan's days (NaN = not logged)."""
    return _gather(plan, np.arange(plan.days, dtype=np.int64), y, test_first)


def _batch_parts(plan: ExperimentPlan, y: FloatArray) -> tuple[FloatArray, ...]:
    """:func:`pair_data_from_counts` for many diaries at once (one per row of ``y``)."""
    sims, b = y.shape[0], plan.block_days
    pairs = pair_count(plan)
    padded = np.full((sims, pairs * 2 * b), np.nan)
    padded[:, : plan.days] = y
    blocks = padded.reshape(sims, pairs, 2, b)
    use = ~np.isnan(blocks)
    counts = np.where(use, blocks, 0.0)
    early = np.arange(b) < (1 if plan.day_after else plan.washout_days)

    def total(block: int, days: BoolArray) -> tuple[FloatArray, FloatArray]:
        return (
            counts[:, :, block, days].sum(axis=-1),
            use[:, :, block, days].sum(axis=-1).astype(np.float64),
        )

    s1, c1 = total(0, ~early)
    s1w, c1w = total(0, early)
    s2, c2 = total(1, ~early)
    if plan.day_after:
        s2w, c2w = total(1, early)
    else:
        s2w, c2w = np.zeros_like(s2), np.zeros_like(c2)
    return (s1, c1, s1w, c1w, s2, c2, s2w, c2w)


def power(
    plan: ExperimentPlan,
    noise: NoiseModel,
    rate_ratio: float,
    sims: int = 200,
    seed: int = 1,
    draws: int = 499,
) -> float:
    """Share of simulated runs of ``plan`` in which the test detects ``rate_ratio``.

    Assumes the plan is kept on every day and the effect shows on the same day. The test is
    the one :func:`analyse_experiment` runs (for a ``day_after`` plan: of the same day or the
    day after), exact up to 9 pairs and otherwise with ``draws`` random draws (shared by the
    simulated runs), computed for all runs at once. With a planned interim look, a run
    detects when the look (level 0.005) or the end (0.045) does.
    """
    rng = np.random.default_rng(seed)
    orders = rng.random((sims, pair_count(plan))) < 0.5
    k, within = np.divmod(np.arange(plan.days), 2 * plan.block_days)
    exposure = ((within < plan.block_days)[None, :] == orders[:, k]).astype(np.float64)
    y = simulate_counts(noise, exposure, rate_ratio, rng)
    p = _batch_p_values(plan, y, orders, rng, draws)
    if not plan.interim:
        return float(np.mean(p <= ALPHA))
    first = y.copy()
    first[:, interim_days(plan) :] = np.nan
    p1 = _batch_p_values(plan, first, orders, rng, draws)
    return float(np.mean((p1 <= INTERIM_ALPHA) | (p <= FINAL_ALPHA_WITH_INTERIM)))


def _batch_p_values(
    plan: ExperimentPlan,
    y: FloatArray,
    orders: BoolArray,
    rng: np.random.Generator,
    draws: int,
) -> FloatArray:
    """The randomization p-value of each simulated run (one per row of ``y``, drawn as the
    row of ``orders``): the plan's own test, exact up to 9 pairs that can change the
    statistic, else ``draws`` random draws."""
    parts = _batch_parts(plan, y)
    used = (parts[1] + parts[3] + parts[5] + parts[7]).sum(axis=0) > 0
    if plan.day_after:
        used |= _next(parts[3]).sum(axis=0) > 0
    n_used = int(used.sum())
    if n_used <= 9:
        bits = (np.arange(2**n_used)[:, None] >> np.arange(n_used)) & 1
        ref = np.zeros((bits.shape[0], orders.shape[1]))
        ref[:, used] = bits
        exact = True
    else:
        ref = (rng.random((draws, orders.shape[1])) < 0.5).astype(np.float64)
        exact = False
    days = sum(x.sum(axis=1) for x in parts[1::2])
    total = sum(x.sum(axis=1) for x in parts[0::2])
    mean = np.divide(total, days, out=np.zeros_like(total), where=days > 0)
    delta = np.maximum(0.01 * mean, 1e-6)[:, None]
    if plan.day_after:
        p, _ = _timing_test(parts, orders.astype(np.float64), ref, exact, delta)
        return p
    observed = _washout_ratio(parts, orders.astype(np.float64), delta, rowwise=True)
    stats = _washout_ratio(parts, ref, delta)
    return _share_as_extreme(np.abs(observed), np.abs(stats), exact)


@dataclass(frozen=True, slots=True)
class PlanPower:
    """What a plan can find for this person, from their own diary."""

    halving: float | None
    """Chance (0-1) that the plan detects a halving (rate ratio 0.5)."""
    third_less: float | None
    """Chance that it detects a third fewer twitches (rate ratio 2/3)."""
    effect: float
    """The rate ratio ``weeks_for_80`` is for."""
    weeks_for_80: int | None
    """Shortest length (weeks) giving at least 0.8 for ``effect``; ``None`` above the maximum."""
    basis_days: int
    """Logged diary days the noise was estimated from."""
    reason: str
    """Why no numbers could be given ("" when they could)."""
    one_day_halving: float | None = None
    """For a plan with washout days: the chance that the 1-day design of the same length
    (1-day blocks, no washout, the test of the same day or the day after) detects a halving
    that acts and wears off within a day (:func:`one_day_design`)."""


def one_day_design(plan: ExperimentPlan) -> ExperimentPlan | None:
    """The plan with 1-day blocks and no washout days (tested on the same day or the day
    after), for a plan with washout days; ``None`` for a plan without them."""
    if not plan.washout_days:
        return None
    return replace(plan, block_days=1, washout_days=0, day_after=True)


#: Lengths tried when looking for the one that gives 8 in 10.
WEEKS_TRIED = (2, 3, 4, 5, 6, 7, 8, 10, 12, 14, 16, 20, 26)
#: Logged days of diary needed before a plan's power is estimated.
MIN_DIARY_DAYS = 21
#: How far back the diary is read for its ups and downs.
DIARY_WINDOW_DAYS = 180


def diary_counts(diary: JournalSlice) -> FloatArray:
    """Daily counts of the last :data:`DIARY_WINDOW_DAYS` days (NaN = not logged)."""
    start = max(diary.start, diary.end - timedelta(days=DIARY_WINDOW_DAYS - 1))
    n = max(0, (diary.end - start).days + 1)
    y = np.full(n, np.nan)
    for log in diary.days:
        i = (log.day - start).days
        if log.checked_in and 0 <= i < n:
            y[i] = 0.0
    for ep in diary.episode_days:
        i = (ep.day - start).days
        if 0 <= i < n and (ep.episodes > 0 or not np.isnan(y[i])):
            y[i] = float(ep.episodes)
    return y


def plan_power(
    diary: JournalSlice, plan: ExperimentPlan, effect: float = 0.5, sims: int = 200
) -> PlanPower:
    """The chance that ``plan`` detects a halving and a third less, for this person.

    Simulates the plan many times with counts that have the diary's own mean, day-to-day
    spread and slow ups and downs (:func:`fit_noise`), and finds the shortest length that
    gives 8 in 10 for ``effect``. Deterministic (fixed seeds).
    """
    y = diary_counts(diary)
    days = int((~np.isnan(y)).sum())
    if days < MIN_DIARY_DAYS:
        return PlanPower(
            None, None, effect, None, days,
            f"the chance of finding a difference is estimated from at least {MIN_DIARY_DAYS} "
            f"logged days of diary (you have {days})",
        )  # fmt: skip
    noise = fit_noise(y)
    if noise is None:
        return PlanPower(None, None, effect, None, days, "the diary has no twitches to compare")
    halving = power(plan, noise, 0.5, sims)
    third = power(plan, noise, 2 / 3, sims)
    known = {(plan.weeks, 0.5): halving, (plan.weeks, 2 / 3): third}

    def reaches(i: int) -> bool:
        weeks = WEEKS_TRIED[i]
        got = known.get((weeks, effect))
        if got is None:
            got = power(replace(plan, weeks=weeks), noise, effect, sims)
        return got >= 0.8

    # Power grows with length: bisect for the first length that reaches 0.8.
    lo, hi = 0, len(WEEKS_TRIED) - 1
    if not reaches(hi):
        weeks_80 = None
    else:
        while lo < hi:
            mid = (lo + hi) // 2
            if reaches(mid):
                hi = mid
            else:
                lo = mid + 1
        weeks_80 = WEEKS_TRIED[lo]
    alternative = one_day_design(plan)
    one_day = None if alternative is None else power(alternative, noise, 0.5, sims)
    return PlanPower(halving, third, effect, weeks_80, days, "", one_day)


def power_text(pp: PlanPower, plan: ExperimentPlan) -> str:
    """The plan's power in one or two sentences, for the plan screen and the analysis."""
    if pp.halving is None or pp.third_less is None:
        return f"How likely this plan is to find a difference can't be told yet: {pp.reason}."
    text = (
        f"With the ups and downs of your last {pp.basis_days} logged days, this "
        f"{plan.weeks}-week plan would find a halving of your twitches {in_ten(pp.halving)}, "
        f"and a third fewer {in_ten(pp.third_less)}, if you keep to it."
    )
    change = "a halving" if abs(pp.effect - 0.5) < 1e-9 else f"a change to {pp.effect:.2f} times"
    if pp.weeks_for_80 is None:
        text += f" Even {WEEKS_TRIED[-1]} weeks would find {change} less than 8 times in 10."
    elif pp.weeks_for_80 != plan.weeks:
        text += f" {pp.weeks_for_80} weeks would find {change} 8 times in 10."
    if pp.one_day_halving is not None and pp.one_day_halving >= pp.halving + 0.05:
        # docs/experiments.md §7: more power only for a change that is over within a day
        text += (
            " If the change acts and wears off within a day, 1-day blocks without washout "
            f"days would find a halving {in_ten(pp.one_day_halving)} in the same weeks; an "
            "effect that lasts into the next day they would mostly miss."
        )
    return text


def experiment_odds(y: FloatArray, sims: int = 100) -> ExperimentOdds | None:
    """For the analysis' hint: the chance that the default plan, and one twice as long, finds
    a halving, from the last :data:`DIARY_WINDOW_DAYS` days of daily counts ``y`` (NaN = not
    logged). ``None`` when the diary is too short to tell."""
    recent = y[-DIARY_WINDOW_DAYS:]
    if int((~np.isnan(recent)).sum()) < MIN_DIARY_DAYS:
        return None
    noise = fit_noise(recent)
    if noise is None:
        return None
    plan = ExperimentPlan("", "", "at most 0", "as usual", date(2000, 1, 3))
    plan = replace(plan, day_after=tests_day_after(plan.washout_days))  # as a new plan
    longer = replace(plan, weeks=2 * plan.weeks)
    return ExperimentOdds(
        plan.weeks,
        power(plan, noise, 0.5, sims, draws=199),
        longer.weeks,
        power(longer, noise, 0.5, sims, draws=199),
    )
