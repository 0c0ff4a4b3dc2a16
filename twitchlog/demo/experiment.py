"""The sample journal's finished caffeine experiment, with a built-in effect.

So that a newcomer sees what an experiment's result looks like, ``twitchlog demo`` adds one
finished experiment to the generated journal: caffeine "at most 100 mg" against "as usual",
the default plan (its length, blocks and washout days, and without washout days the test of
the same day or the day after, as ``experiment start`` draws it), drawn the evening before its
first day and ended two weeks before the sample's last day. The effect is built in after the
journal is generated, with its own random stream (so the rest of the journal stays the same
person): on the low-caffeine days of the schedule (washout days too, if the plan has any, as a
person would live them) the day's caffeine is at most 100 mg (on about 1 day in 10 the person
slips and drinks as usual), and each episode of a low day is kept with probability
:data:`KEPT_ON_LOW_DAYS`, so the twitch rate on those days is halved.

The default plan is 8 weeks of 2-day blocks with 1 washout day after each change, tested on
the same day. At the sample's noise it finds the built-in halving in about 1 sample in 3 (0.35
over seeds 1-400), so most seeds show an unclear result, as a real experiment can. The label
of the stream (:data:`STREAM`) is the one the experiment had when the demo got it, not picked
again for this design; with it the default sample (seed 171) gives a clear result (p about
0.004, about 60 % fewer twitches on low days) and keeps the associations the generator builds
in.
"""

from __future__ import annotations

import random
import uuid
from dataclasses import replace
from datetime import UTC, datetime, time, timedelta
from typing import Final

from twitchlog.demo.generator import DemoJournal
from twitchlog.domain.experiment import (
    DEFAULT_BLOCK_DAYS,
    DEFAULT_WASHOUT_DAYS,
    DEFAULT_WEEKS,
    Arm,
    ExperimentPlan,
    draw_schedule,
    tests_day_after,
)
from twitchlog.domain.experiment_record import Experiment, ExperimentStatus
from twitchlog.domain.models import CAFFEINE_MG_PER_DRINK, DayLog
from twitchlog.domain.times import zone

#: Each episode of a low-caffeine day is kept with this probability: a rate ratio of 0.5.
KEPT_ON_LOW_DAYS: Final = 0.5
#: The label of the experiment's own random stream (see the module docstring).
STREAM: Final = "caffeine-experiment"
#: Share of low days on which the person drinks as usual anyway.
SLIP_SHARE: Final = 0.1
#: Days between the experiment's last day and the sample's last day.
ENDED_DAYS_AGO: Final = 14
#: Drinks of a low-caffeine day (all at most 100 mg).
LOW_DRINKS: Final[tuple[dict[str, int], ...]] = ({"coffee": 1}, {"tea": 2}, {"tea": 1}, {})


def add_experiment(sample: DemoJournal, *, seed: int) -> tuple[DemoJournal, Experiment | None]:
    """``sample`` with a finished caffeine experiment built in, and the experiment.

    A sample too short to hold it (and two weeks of diary before it) is returned as it is,
    with ``None``.
    """
    weeks = DEFAULT_WEEKS
    start = sample.end - timedelta(days=ENDED_DAYS_AGO + weeks * 7 - 1)
    if start - timedelta(days=14) < sample.start:
        return sample, None
    rng = random.Random(f"{seed}-{STREAM}")
    plan = ExperimentPlan(
        factor="caffeine_mg",
        name="caffeine",
        test_words="at most 100 mg",
        usual_words="as usual",
        start=start,
        weeks=weeks,
        block_days=DEFAULT_BLOCK_DAYS,
        washout_days=DEFAULT_WASHOUT_DAYS,
        day_after=tests_day_after(DEFAULT_WASHOUT_DAYS),  # as a plan started today
    )
    drawn_with = rng.getrandbits(62)
    schedule = draw_schedule(plan, drawn_with)
    low = {d.day for d in schedule if d.arm is Arm.TEST}
    evening = datetime.combine(
        start - timedelta(days=1), time(20, 30), tzinfo=zone(sample.timezone)
    )
    experiment = Experiment(
        id=str(uuid.UUID(int=rng.getrandbits(128), version=4)),
        plan=plan,
        seed=drawn_with,
        schedule=schedule,
        status=ExperimentStatus.FINISHED,
        created_at=evening.astimezone(UTC),
    )
    days = tuple(_low_day(rng, d) if d.day in low else d for d in sample.days)
    episodes = tuple(
        e for e in sample.episodes if e.local_date not in low or rng.random() < KEPT_ON_LOW_DAYS
    )
    return replace(sample, days=days, episodes=episodes), experiment


def _low_day(rng: random.Random, day: DayLog) -> DayLog:
    """A low-caffeine day as logged (unchanged when the person slipped or did not log it)."""
    if day.caffeine_mg is None or day.caffeine_mg <= 100 or rng.random() < SLIP_SHARE:
        return day
    drinks = dict(LOW_DRINKS[rng.randrange(len(LOW_DRINKS))])
    mg = float(sum(CAFFEINE_MG_PER_DRINK[k] * n for k, n in drinks.items()))
    return replace(day, caffeine_mg=mg, drinks=drinks)
