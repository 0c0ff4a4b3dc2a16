"""The report's self-experiment part: a finished experiment's plan, adherence and result in two
lines for page 1, and the schedule as bands for the day-by-day chart.

Only an experiment that has ended (finished, or stopped early, by the report's last day) gets
result lines; a running one shows no comparison anywhere (no peeking), only its bands.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from twitchlog.domain.experiment import Arm, ExperimentPlan
from twitchlog.domain.experiment_record import Experiment, ExperimentStatus
from twitchlog.domain.models import JournalSlice
from twitchlog.report.model import ExperimentBand


def experiment_bands(
    experiments: Sequence[Experiment], start: date, end: date
) -> tuple[ExperimentBand, ...]:
    """The changed-condition days of every experiment in ``[start, end]`` as runs of days
    (up to its last day: a stopped experiment's later schedule is not shown)."""
    bands: list[ExperimentBand] = []
    for exp in experiments:
        last = min(end, exp.last_day(end))
        run: list[date] = []
        for entry in exp.schedule:
            inside = start <= entry.day <= last and entry.arm is Arm.TEST
            if inside and run and entry.day == run[-1] + timedelta(days=1):
                run.append(entry.day)
                continue
            if run:
                bands.append(_band(exp, run))
            run = [entry.day] if inside else []
        if run:
            bands.append(_band(exp, run))
    return tuple(bands)


def _band(exp: Experiment, run: list[date]) -> ExperimentBand:
    plan = exp.plan
    return ExperimentBand(
        start=run[0],
        stop=run[-1],
        label=f"{plan.name} experiment: {plan.arm_name(Arm.TEST)} days",
    )


def ended_experiment(experiments: Sequence[Experiment], end: date) -> Experiment | None:
    """The latest experiment that ended by ``end`` (its result may be shown)."""
    ended = [e for e in experiments if e.ended(end) and e.last_day(end) >= e.plan.start]
    return max(ended, key=lambda e: e.created_at, default=None)


def experiment_lines(exp: Experiment, diary: JournalSlice, end: date) -> tuple[str, ...]:
    """Two lines: the plan and how it was kept; the result with its interval and p-value.

    ``diary`` covers the experiment's days (at least up to its last day).
    """
    from twitchlog.analysis.experiment import analyse_experiment
    from twitchlog.domain.experiment import observe

    plan = exp.plan
    stopped = exp.status_on(end) is ExperimentStatus.STOPPED
    observed = observe(plan, exp.schedule, diary)
    r = analyse_experiment(plan, observed, stopped_early=stopped)
    test, usual = plan.arm_name(Arm.TEST), plan.arm_name(Arm.USUAL)
    how = (
        f"stopped early after {r.days_so_far} of {plan.days} days"
        if stopped and not r.interim_days
        else f"{plan.weeks} weeks"
    )
    if r.interim_days:
        how += f"; clear at the planned interim look over days 1-{r.interim_days} (p ≤ 0.005)"
    elif plan.interim:
        how += "; a planned interim look said keep going, so the end is tested at 0.045"
    kept = (
        f"kept to on {round(100 * r.adherence)} % of {r.checkable_days} checkable days"
        if r.adherence is not None
        else "keeping to it could not be checked"
    )
    logged = r.days_so_far - r.missing_days
    first = (
        f"{plan.name.capitalize()}, {plan.start:%d %b %Y} to {exp.last_day(end):%d %b %Y} "
        f"({how}; days drawn at random in {_design(plan)}): {test} "
        f"({plan.test_words}) against {usual} ({plan.usual_words}); {kept}; {logged} of "
        f"{r.days_so_far} days logged."
    )
    one_side = bool(r.test.episodes) != bool(r.usual.episodes)
    if r.p_value is None or (r.rate_ratio is None and not one_side):
        return first, f"No comparison: {r.reason}"
    rr = r.rate_ratio
    per_day = (
        f"{_rate(r.test.per_day)} episodes a day on {test} days, {_rate(r.usual.per_day)} on "
        f"{usual} days"
    )
    ratio = (  # no episodes on one side: no ratio, but the randomization test stands
        f"no rate ratio (no episodes on {test if not r.test.episodes else usual} days)"
        if rr is None
        else f"rate ratio {rr.value:.2f} ({100 * (1 - r.level):g} % interval "
        f"{rr.low:.2f}-{rr.high:.2f})"
    )
    p_words = "randomization p"
    if plan.day_after:  # two comparisons, one combined test
        ra = r.day_after_ratio
        after = "no ratio" if ra is None else f"{ra.value:.2f} ({ra.low:.2f}-{ra.high:.2f})"
        ratio += f" on the same day, {after} on the day after"
        p_words += " (same day or day after)"
    second = f"Result (intention to treat): {per_day}; {ratio}, {p_words} = {_p(r.p_value)}."
    return first, second


def _design(plan: ExperimentPlan) -> str:
    """``blocks of 1 day, no washout days`` or ``blocks of 2 days, 1 washout day after each
    change`` (what the second line compares says the rest)."""
    washout = (
        f"{plan.washout_days} washout day{'s' if plan.washout_days != 1 else ''} after each change"
        if plan.washout_days
        else "no washout days"
    )
    return f"blocks of {plan.block_days} day{'s' if plan.block_days != 1 else ''}, {washout}"


def _rate(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}"


def _p(value: float) -> str:
    return "<0.001" if value < 0.001 else f"{value:.3f}"
