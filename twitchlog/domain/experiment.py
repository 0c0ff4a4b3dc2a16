"""Randomized self-experiments (N-of-1 trials): the plan, its schedule and how a day kept to it.

Standard library only, so ``twitchlog experiment status`` and Home stay light. The analysis of a
finished experiment lives in ``twitchlog.analysis.experiment``; ``docs/experiments.md`` explains
the method and why the defaults are what they are.

The schedule is made of blocks of ``block_days`` days. Blocks come in pairs: each pair has one
block of each condition, in an order drawn at random (a fair coin per pair). Slow trends and
long flares therefore fall on both conditions alike.

The default plan has 2-day blocks with 1 washout day and is tested on the same day: after
every change of condition the first ``washout_days`` days are left out of the comparison so
that the effect of the condition before can fade (the day before the start counts as "as
usual", so a plan that opens with the changed condition opens with washout). It finds an
effect that lasts into the next day as well as one that acts on its own day; 1-day blocks
without washout would see a lasting effect fall on both conditions and miss it.

A plan without washout days (such as 1-day blocks, for a habit that acts and wears off within
a day) is tested on "the same day or the day after" (``day_after``): the randomization test
compares each day under its own condition and under the condition of the day before, and
reports the larger of the two standardized comparisons, so a change that acts the next day is
found too. Either way the test recomputes its labels (and washout days) for every schedule it
compares against, which keeps it exact.
"""

from __future__ import annotations

import random
import re
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from enum import StrEnum

from twitchlog.domain.errors import ValidationError
from twitchlog.domain.models import FACTOR_FIELDS, JournalSlice

#: Defaults chosen by simulation (docs/experiments.md, "Choosing the defaults"): 2-day blocks
#: with 1 washout day, tested on the same day, find an effect whether it acts on its own day,
#: the next day only or lasts two days; 1-day blocks without washout miss a lasting one.
DEFAULT_WEEKS = 8
DEFAULT_BLOCK_DAYS = 2
DEFAULT_WASHOUT_DAYS = 1
MIN_WEEKS, MAX_WEEKS = 2, 26
MIN_BLOCK_DAYS, MAX_BLOCK_DAYS = 1, 7

MED_PREFIX = "med:"

#: An optional, pre-planned interim look (docs/experiments.md §3) splits the 5 % error rate
#: between two looks (Haybittle-Peto style): each look is an exact randomization test on the
#: days so far, so the chance of any false "clear" result is at most 0.005 + 0.045 = 0.05.
INTERIM_ALPHA = 0.005
FINAL_ALPHA_WITH_INTERIM = 0.045
#: Block pairs the interim look needs: with fewer, no schedule could give p <= 0.005 (the
#: smallest exact p-value of 8 pairs is 1/256 at best, and two-sided it is usually 2/256).
INTERIM_MIN_PAIRS = 9


class Arm(StrEnum):
    """The two conditions of an experiment (stored as these texts)."""

    TEST = "test"
    """The changed condition: low caffeine, the medicine taken, "at least 30 minutes"."""
    USUAL = "usual"
    """Life as usual (for a medicine: not taken)."""


@dataclass(frozen=True, slots=True)
class Limit:
    """A threshold the diary can check: ``at most 100`` or ``at least 7``."""

    bound: str
    value: float

    def allows(self, value: float) -> bool:
        """Whether a logged value keeps to the limit."""
        return value <= self.value if self.bound == "at most" else value >= self.value


_NUMBER = r"(\d+(?:[.,]\d+)?)"
_LIMIT_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        re.compile(rf"^(?:at\s+most|max(?:imum)?|up\s+to|no\s+more\s+than|<=?|≤)\s*{_NUMBER}"),
        "at most",
    ),
    (re.compile(rf"^(?:at\s+least|min(?:imum)?|no\s+less\s+than|>=?|≥)\s*{_NUMBER}"), "at least"),
)
_NONE_WORDS = re.compile(r"^(?:no|none|nothing|zero|0)\b")


def parse_limit(words: str) -> Limit | None:
    """Read a checkable threshold from a condition's words, or ``None`` ("as usual").

    ``"at most 100 mg"`` -> at most 100; ``"at least 7 h"`` -> at least 7; ``"<= 100"``,
    ``"≤100"`` work too; ``"none"``, ``"no caffeine"`` or ``"0"`` mean at most 0.
    """
    text = " ".join(words.strip().lower().split())
    for pattern, bound in _LIMIT_PATTERNS:
        found = pattern.match(text)
        if found:
            return Limit(bound, float(found.group(1).replace(",", ".")))
    if _NONE_WORDS.match(text):
        return Limit("at most", 0.0)
    return None


@dataclass(frozen=True, slots=True)
class ExperimentPlan:
    """What the person will do, for how long, and how the days are grouped.

    ``factor`` is the analysis factor key (``caffeine_mg``, ``med:magnesium``, a custom
    factor's key); ``name`` is how sentences call it (``caffeine``). The two conditions are
    described in the person's words; where the words give a threshold (``at most 100 mg``),
    the diary can check whether a day kept to it.
    """

    factor: str
    name: str
    test_words: str
    usual_words: str
    start: date
    weeks: int = DEFAULT_WEEKS
    block_days: int = DEFAULT_BLOCK_DAYS
    washout_days: int = DEFAULT_WASHOUT_DAYS
    interim: bool = False
    """One pre-planned look at halfway (:func:`interim_days`): it may only say "clear
    difference: stop now" or "keep going"."""
    day_after: bool = False
    """The test compares each day under its own condition *and* under the condition of the
    day before, and reports the larger of the two standardized comparisons (docs/experiments.md
    §4): a change that acts the next day is found without washout days. Only for plans without
    washout days; plans stored before this existed compare the same day only."""

    @property
    def days(self) -> int:
        """The plan's length in days."""
        return self.weeks * 7

    @property
    def end(self) -> date:
        """The plan's last day."""
        return self.start + timedelta(days=self.days - 1)

    @property
    def is_medicine(self) -> bool:
        """A medicine or supplement tested as taken (TEST) or not (USUAL)."""
        return self.factor.startswith(MED_PREFIX)

    @property
    def test_limit(self) -> Limit | None:
        """The threshold of the changed condition, if its words give one."""
        return parse_limit(self.test_words)

    @property
    def usual_limit(self) -> Limit | None:
        """The threshold of the usual condition, if its words give one."""
        return parse_limit(self.usual_words)

    def arm_name(self, arm: Arm) -> str:
        """The condition's short name for status lines: LOW, HIGH, ON, OFF, CHANGED, USUAL."""
        if self.is_medicine:
            return "ON" if arm is Arm.TEST else "OFF"
        if arm is Arm.USUAL:
            return "USUAL"
        limit = self.test_limit
        if limit is None:
            return "CHANGED"
        return "LOW" if limit.bound == "at most" else "HIGH"

    def arm_words(self, arm: Arm) -> str:
        """The condition in the person's words."""
        return self.test_words if arm is Arm.TEST else self.usual_words


def tests_day_after(washout_days: int) -> bool:
    """Whether a plan drawn now is tested on the same day or the day after (its
    ``day_after``): every plan without washout days is (docs/experiments.md §4). Plans stored
    before that test existed keep the same-day test they were drawn with."""
    return washout_days == 0


def validate_plan(plan: ExperimentPlan) -> None:
    """Refuse a plan whose length, block or washout is out of range (one line per field)."""
    if not MIN_WEEKS <= plan.weeks <= MAX_WEEKS:
        raise ValidationError(
            "weeks",
            f"weeks must be {MIN_WEEKS}-{MAX_WEEKS}, for example {DEFAULT_WEEKS} "
            f"(got {plan.weeks})",
        )
    if not MIN_BLOCK_DAYS <= plan.block_days <= MAX_BLOCK_DAYS:
        raise ValidationError(
            "block_days",
            f"block days must be {MIN_BLOCK_DAYS}-{MAX_BLOCK_DAYS}, for example "
            f"{DEFAULT_BLOCK_DAYS} (got {plan.block_days})",
        )
    if plan.block_days == 1 and plan.washout_days != 0:
        raise ValidationError(
            "washout_days",
            f"washout days must be 0 with 1-day blocks, for example 0, or {DEFAULT_WASHOUT_DAYS} "
            f"with {DEFAULT_BLOCK_DAYS}-day blocks (got {plan.washout_days})",
        )
    if not 0 <= plan.washout_days < plan.block_days:
        raise ValidationError(
            "washout_days",
            f"washout days must be 0-{plan.block_days - 1} (less than the block days), for "
            f"example {min(DEFAULT_WASHOUT_DAYS, plan.block_days - 1)} (got {plan.washout_days})",
        )
    if plan.day_after and plan.washout_days:
        raise ValidationError(
            "washout_days",
            "a test of the same day or the day after needs washout days 0 "
            f"(got {plan.washout_days})",
        )
    if plan.interim and interim_pairs(plan) < INTERIM_MIN_PAIRS:
        weeks = _weeks_for_interim(plan, plan.weeks)
        if weeks is not None:
            example = f"--weeks {weeks} with {plan.block_days}-day blocks"
        else:  # no length has room with these blocks: the default blocks (and washout) do
            default = replace(plan, block_days=DEFAULT_BLOCK_DAYS)
            example = f"--weeks {_weeks_for_interim(default)} --block-days {DEFAULT_BLOCK_DAYS}"
            if plan.washout_days >= DEFAULT_BLOCK_DAYS:
                example += f" --washout {DEFAULT_WASHOUT_DAYS}"
        raise ValidationError(
            "interim",
            f"an interim look needs at least {INTERIM_MIN_PAIRS} pairs of blocks before "
            f"halfway (this plan has {interim_pairs(plan)}), for example {example}, "
            "or leave out --interim",
        )
    for field, label, example in (
        ("test_words", "changed condition", "at most 100 mg"),
        ("usual_words", "usual condition", "as usual"),
    ):
        if not getattr(plan, field).strip():
            raise ValidationError(
                field, f'{label} must be described in words, for example "{example}" (got nothing)'
            )


def _weeks_for_interim(plan: ExperimentPlan, shortest: int = MIN_WEEKS) -> int | None:
    """The shortest length from ``shortest`` weeks on with room for an interim look."""
    return next(
        (w for w in range(shortest, MAX_WEEKS + 1)
         if interim_pairs(replace(plan, weeks=w)) >= INTERIM_MIN_PAIRS),
        None,
    )  # fmt: skip


@dataclass(frozen=True, slots=True)
class ScheduleDay:
    """One day of a drawn schedule."""

    day: date
    arm: Arm
    washout: bool
    """Left out of the comparison: one of the first ``washout_days`` after a change."""


def new_seed() -> int:
    """A fresh random seed that fits an SQLite INTEGER."""
    return secrets.randbits(62)


def pair_count(plan: ExperimentPlan) -> int:
    """How many block pairs the plan has (the last may be cut short by the plan's end)."""
    pair = 2 * plan.block_days
    return -(-plan.days // pair)


def schedule_from_orders(
    plan: ExperimentPlan, test_first: Sequence[bool]
) -> tuple[ScheduleDay, ...]:
    """The schedule in which pair ``k`` starts with the TEST block when ``test_first[k]``.

    Washout days are the first ``washout_days`` of each block that starts with a change of
    condition (the day before the plan counts as USUAL).
    """
    out: list[ScheduleDay] = []
    b = plan.block_days
    before = Arm.USUAL
    since_change = 0
    for i in range(plan.days):
        k, within = divmod(i, 2 * b)
        first_block = within < b
        arm = Arm.TEST if first_block == test_first[k] else Arm.USUAL
        since_change = 0 if arm is not before else since_change + 1
        before = arm
        washout = within % b == since_change and since_change < plan.washout_days
        out.append(ScheduleDay(plan.start + timedelta(days=i), arm, washout))
    return tuple(out)


def interim_pairs(plan: ExperimentPlan) -> int:
    """Block pairs the interim look covers: the whole pairs within the plan's first half."""
    return plan.days // 2 // (2 * plan.block_days)


def interim_days(plan: ExperimentPlan) -> int:
    """Days the interim look covers (days 1 to this); it is shown from the day after."""
    return interim_pairs(plan) * 2 * plan.block_days


def draw_schedule(plan: ExperimentPlan, seed: int) -> tuple[ScheduleDay, ...]:
    """Draw the schedule: one fair coin per block pair decides which condition comes first.

    The same plan and seed always give the same schedule (``random.Random(seed)``'s bit
    stream is fixed across Python versions). Store it before the first day; it never changes.
    """
    validate_plan(plan)
    rng = random.Random(seed)
    orders = [bool(rng.getrandbits(1)) for _ in range(pair_count(plan))]
    return schedule_from_orders(plan, orders)


def day_number(plan: ExperimentPlan, today: date) -> int | None:
    """Today's day of the plan (1 = the start day), or ``None`` outside the plan."""
    n = (today - plan.start).days + 1
    return n if 1 <= n <= plan.days else None


def arm_on(schedule: Sequence[ScheduleDay], today: date) -> ScheduleDay | None:
    """The schedule's entry for ``today``, or ``None`` outside it."""
    if not schedule:
        return None
    i = (today - schedule[0].day).days
    return schedule[i] if 0 <= i < len(schedule) else None


def status_line(plan: ExperimentPlan, schedule: Sequence[ScheduleDay], today: date) -> str:
    """One line for Home and ``experiment status``.

    ``Experiment: caffeine, day 17 of 42 — today: LOW, at most 100 mg``.
    """
    if today < plan.start:
        first = arm_on(schedule, plan.start)
        what = f" with {plan.arm_name(first.arm)}, {plan.arm_words(first.arm)}" if first else ""
        return f"Experiment: {plan.name} starts {plan.start.isoformat()}{what}"
    entry = arm_on(schedule, today)
    n = day_number(plan, today)
    if entry is None or n is None:
        return f"Experiment: {plan.name}, finished {plan.end.isoformat()} ({plan.days} days)"
    note = " (washout: not compared)" if entry.washout else ""
    return (
        f"Experiment: {plan.name}, day {n} of {plan.days} — today: "
        f"{plan.arm_name(entry.arm)}, {plan.arm_words(entry.arm)}{note}"
    )


def kept_to(plan: ExperimentPlan, arm: Arm, value: float | None) -> bool | None:
    """Whether a day's logged value kept to its condition (``None``: can't tell).

    ``value`` is the factor's value that day (for a medicine 1.0 taken, 0.0 not). Without a
    value, or when the condition's words give no threshold ("as usual"), it can't be told.
    """
    if value is None:
        return None
    if plan.is_medicine:
        return (value >= 0.5) == (arm is Arm.TEST)
    limit = plan.test_limit if arm is Arm.TEST else plan.usual_limit
    return None if limit is None else limit.allows(value)


@dataclass(frozen=True, slots=True)
class ObservedDay:
    """One day of the experiment as the diary saw it."""

    day: date
    arm: Arm
    washout: bool
    episodes: int | None
    """Episodes that day; ``None`` when the day was not logged (missing, not zero)."""
    kept: bool | None
    """Whether the logged value kept to the condition; ``None`` when it can't be told."""


def _factor_values(plan: ExperimentPlan, journal: JournalSlice) -> dict[date, float]:
    if plan.is_medicine:
        name = plan.factor[len(MED_PREFIX) :].strip().casefold()
        meds = [m for m in journal.medications if m.name.strip().casefold() == name]
        out: dict[date, float] = {}
        day = journal.start
        while day <= journal.end:
            out[day] = 1.0 if any(m.active_on(day) for m in meds) else 0.0
            day += timedelta(days=1)
        return out
    if plan.factor not in FACTOR_FIELDS:
        return {}
    values: dict[date, float] = {}
    for log in journal.days:
        v = getattr(log, plan.factor)
        if v is not None:
            values[log.day] = float(v)
    return values


def observe(
    plan: ExperimentPlan,
    schedule: Sequence[ScheduleDay],
    journal: JournalSlice,
    values: Mapping[date, float] | None = None,
) -> tuple[ObservedDay, ...]:
    """The schedule's days up to ``journal.end`` with what the diary holds for each.

    A day counts as logged when the person checked in or logged an episode (as in the
    analysis). Built-in day-log factors and ``med:<name>`` are read from the slice; pass
    ``values`` for a factor the slice does not carry (a custom factor).
    """
    checked = {log.day for log in journal.days if log.checked_in}
    counts = {e.day: e.episodes for e in journal.episode_days}
    factor = dict(values) if values is not None else _factor_values(plan, journal)
    out: list[ObservedDay] = []
    for entry in schedule:
        if entry.day > journal.end:
            break
        n = counts.get(entry.day, 0)
        episodes = n if (n > 0 or entry.day in checked) else None
        out.append(
            ObservedDay(
                entry.day,
                entry.arm,
                entry.washout,
                episodes,
                kept_to(plan, entry.arm, factor.get(entry.day)),
            )
        )
    return tuple(out)


@dataclass(frozen=True, slots=True)
class Progress:
    """What may be shown while an experiment runs: completeness and adherence, no comparison."""

    days_so_far: int
    logged_days: int
    checkable_days: int
    kept_days: int

    @property
    def adherence(self) -> float | None:
        """Share of the days that could be checked that kept to their condition."""
        return self.kept_days / self.checkable_days if self.checkable_days else None

    def completeness_text(self, *, ended: bool = False) -> str:
        """``Logged 15 of 16 days so far.`` (``Logged 51 of 56 days.`` once it has ended)"""
        tail = "." if ended else " so far."
        return f"Logged {self.logged_days} of {self.days_so_far} days{tail}"

    def adherence_text(self) -> str:
        """``Kept to the plan on 12 of 14 days that could be checked.``"""
        if not self.checkable_days:
            return "Keeping to the plan can't be checked yet (no value logged for it)."
        return (
            f"Kept to the plan on {self.kept_days} of {self.checkable_days} days "
            "that could be checked."
        )


def progress(observed: Sequence[ObservedDay]) -> Progress:
    """Count logged, checkable and kept days (never the episodes per condition)."""
    return Progress(
        days_so_far=len(observed),
        logged_days=sum(d.episodes is not None for d in observed),
        checkable_days=sum(d.kept is not None for d in observed),
        kept_days=sum(d.kept is True for d in observed),
    )
