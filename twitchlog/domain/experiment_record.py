"""A stored self-experiment: its plan, the schedule drawn for it, and how it ended.

Standard library only. The plan and the schedule come from ``domain/experiment.py``; this
module adds what the journal keeps about one experiment over time (when it was drawn, its
seed, whether it runs, was stopped early or finished) and the rules that follow from the
calendar: an experiment still marked running whose last day has passed has finished.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

from twitchlog.domain.errors import ValidationError
from twitchlog.domain.experiment import ExperimentPlan, ScheduleDay
from twitchlog.domain.factors import FactorDef
from twitchlog.domain.times import check_date


class ExperimentStatus(StrEnum):
    """Where an experiment stands (stored as these texts)."""

    RUNNING = "running"
    """Drawn and not ended: it may not have started yet, or be under way."""
    STOPPED = "stopped"
    """Ended early by ``experiment stop``; analysed as far as it got, with that said."""
    FINISHED = "finished"
    """Ran to its last day."""


@dataclass(frozen=True, slots=True)
class Experiment:
    """One experiment as the journal keeps it; the plan, seed and schedule never change."""

    id: str
    plan: ExperimentPlan
    seed: int
    schedule: tuple[ScheduleDay, ...]
    status: ExperimentStatus
    created_at: datetime
    """When the schedule was drawn and stored (UTC), before the plan's first day."""
    stopped_at: datetime | None = None
    """When ``experiment stop`` was given (UTC)."""
    stopped_on: date | None = None
    """The last day that counts, for a stopped experiment (the local day of the stop)."""

    def status_on(self, today: date) -> ExperimentStatus:
        """The status as of ``today``: a running one past its last day has finished."""
        if self.status is ExperimentStatus.RUNNING and today > self.plan.end:
            return ExperimentStatus.FINISHED
        return self.status

    def ended(self, today: date) -> bool:
        """Whether it was stopped or has finished by ``today``."""
        return self.status_on(today) is not ExperimentStatus.RUNNING

    def last_day(self, today: date) -> date:
        """The last day that counts so far: the plan's end, the stop day, or today."""
        last = self.plan.end
        if self.stopped_on is not None:
            last = min(last, self.stopped_on)
        return min(last, today)


def plan_lines(plan: ExperimentPlan) -> list[str]:
    """The plan in words, as shown before it starts and on the Experiment screen."""
    from twitchlog.domain.experiment import Arm

    washout = (
        "the first day after each change of condition is washout (not compared)"
        if plan.washout_days == 1
        else f"the first {plan.washout_days} days after each change of condition are washout "
        "(not compared)"
        if plan.washout_days
        else "no washout days: twitching is compared on the same day and on the day after "
        "each condition"
        if plan.day_after
        else "no washout days, compared on the same day only"
    )
    weeks = f"{plan.weeks} week{'s' if plan.weeks != 1 else ''}"
    lines = [
        f"Plan: {plan.name}, {weeks} from {plan.start.isoformat()} to {plan.end.isoformat()} "
        f"({plan.days} days)",
        f"  {plan.arm_name(Arm.TEST)}: {plan.test_words}",
        f"  {plan.arm_name(Arm.USUAL)}: {plan.usual_words}",
        f"  In blocks of {_days(plan.block_days)}, each pair of blocks in random order; {washout}.",
    ]
    if plan.interim:
        lines.append(f"  {interim_words(plan)}")
    return lines


def interim_words(plan: ExperimentPlan) -> str:
    """The planned interim look in one sentence (plan lines, status before the look)."""
    from datetime import timedelta

    from twitchlog.domain.experiment import interim_days

    n = interim_days(plan)
    last = plan.start + timedelta(days=n - 1)
    return (
        f'One interim look after day {n} ({last.isoformat()}): it says only "clear '
        'difference: stop now" or "keep going"; the final comparison then counts as clear at '
        "a slightly stricter level, so that both looks together keep chance findings at 1 in 20."
    )


def _days(n: int) -> str:
    return f"{n} day{'s' if n != 1 else ''}"


def ended_words(exp: Experiment, today: date) -> str:
    """``stopped early on 2026-12-20 (day 19 of 42)`` or ``finished 2027-01-12 (42 days)``."""
    if exp.status_on(today) is ExperimentStatus.STOPPED and exp.stopped_on is not None:
        if exp.stopped_on < exp.plan.start:
            return f"stopped on {exp.stopped_on.isoformat()}, before its first day"
        n = (exp.stopped_on - exp.plan.start).days + 1
        return f"stopped early on {exp.stopped_on.isoformat()} (day {n} of {exp.plan.days})"
    return f"finished {exp.plan.end.isoformat()} ({exp.plan.days} days)"


def result_heading(exp: Experiment, today: date) -> str:
    """The first line of an ended experiment's result: what was compared, when, how it ended."""
    from twitchlog.domain.experiment import Arm

    plan = exp.plan
    if exp.last_day(today) < plan.start:
        return f"Experiment: {plan.name}, {ended_words(exp, today)}: no days to compare."
    return (
        f"Experiment: {plan.name}, {plan.arm_name(Arm.TEST)} ({plan.test_words}) against "
        f"{plan.arm_name(Arm.USUAL)} ({plan.usual_words}), {plan.start.isoformat()} to "
        f"{exp.last_day(today).isoformat()}, {ended_words(exp, today)}."
    )


def parse_start(text: str, today: date) -> date:
    """A plan's first day as the person says it: ``today``, ``tomorrow``, ``+3`` (days
    ahead) or ``YYYY-MM-DD``; one line naming the field otherwise. (Whether it is too early
    is the plan's check: the schedule is drawn before the first day.)"""
    raw = text.strip().lower()
    if raw == "today":
        return today
    if raw == "tomorrow":
        return today + timedelta(days=1)
    if re.fullmatch(r"\+\d{1,5}", raw):
        return check_date(today + timedelta(days=int(raw[1:])), "start")
    try:
        return check_date(date.fromisoformat(raw), "start")
    except ValueError:
        raise ValidationError(
            "start",
            "first day must be today, tomorrow, +3 (days ahead) or a date such as "
            f"{(today + timedelta(days=1)).isoformat()} (got {text.strip()!r})",
        ) from None


def resolve_factor(
    text: str, medicines: list[str], own: Sequence[FactorDef] = ()
) -> tuple[str, str]:
    """``(factor key, name)`` for what the person named: a factor (``caffeine``, or one of
    their ``own`` factors), a recorded medicine or supplement (``magnesium``), or
    ``med:NAME``. One line naming the choices otherwise."""
    from twitchlog.domain.experiment import MED_PREFIX
    from twitchlog.domain.factors import BUILTIN_FACTORS, find_factor
    from twitchlog.domain.validation import inert

    wanted = " ".join(text.split())
    if wanted.casefold().startswith(MED_PREFIX):
        name = wanted[len(MED_PREFIX) :].strip()
        if not name:
            raise ValidationError(
                "factor", "factor med: needs a medicine's name, for example med:magnesium"
            )
        return f"{MED_PREFIX}{name.casefold()}", name
    known = (*BUILTIN_FACTORS, *(f for f in own if f.active))
    try:
        found = find_factor(known, wanted)
    except ValidationError:
        for med in medicines:
            if med.strip().casefold() == wanted.casefold():
                return f"{MED_PREFIX}{wanted.casefold()}", med.strip()
        names = ", ".join(f.name for f in known)
        raise ValidationError(
            "factor",
            f"factor must be one of {names}, or a medicine or supplement you recorded "
            f"(twitchlog med add NAME) or med:NAME, for example caffeine (got {inert(wanted)!r})",
        ) from None
    return found.key, found.name


def day_condition_text(exp: Experiment, day: date, value: float | None) -> str:
    """What the check-in of ``day`` shows: the day's condition and whether ``value`` (the
    factor as typed, ``None`` when not logged) kept to it; empty outside the experiment.

    ``Experiment day 17 of 42: LOW, at most 100 mg. Caffeine 80 kept to it.``
    """
    from twitchlog.domain.experiment import arm_on, day_number, kept_to

    entry = arm_on(exp.schedule, day)
    n = day_number(exp.plan, day)
    if entry is None or n is None or day > exp.last_day(day):
        return ""
    plan = exp.plan
    head = f"Experiment day {n} of {plan.days}: {plan.arm_name(entry.arm)}, "
    head += plan.arm_words(entry.arm) + (" (washout)" if entry.washout else "") + "."
    if plan.is_medicine:
        return head
    kept = kept_to(plan, entry.arm, value)
    shown = f"{value:g}" if value is not None else ""
    if value is None:
        return f"{head} {plan.name.capitalize()} not logged yet."
    if kept is None:
        return head
    return (
        f"{head} {plan.name.capitalize()} {shown} {'kept to it' if kept else 'did not keep to it'}."
    )
