"""``generate``: the whole demo journal, from a seed.

The daily twitch rate is ``mu = BASE * 1.5^((caffeine yesterday - 200)/100)
* 1.6^max(0, 7 - sleep) * 1.2^(stress - 4) * exp(u)``, with ``u`` a slow AR(1) "flare"
level, and the count is negative binomial around it (``DISPERSION``).
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Final

from twitchlog.demo.draws import AR1, negative_binomial
from twitchlog.demo.episodes import day_episodes
from twitchlog.demo.factors import FactorSeries, TrueDay, calendar, logged_day
from twitchlog.demo.own import OwnFactors
from twitchlog.demo.records import health_notes, medications
from twitchlog.domain.factors import FactorDef
from twitchlog.domain.models import DayLog, Episode, HealthNote, Medication
from twitchlog.domain.own_symptoms import CustomSymptom
from twitchlog.domain.times import zone

#: Rate ratios built in (what the analysis should find after 180 days).
RR_CAFFEINE_PER_100MG: Final = 1.5
RR_SLEEP_DEBT_PER_HOUR: Final = 1.6
RR_STRESS_PER_POINT: Final = 1.2
#: Scale of the daily rate, chosen so the mean is about 4 episodes per checked-in day.
BASE_RATE: Final = 2.4
#: Share of days not checked in (no day log, no episodes).
MISSING_SHARE: Final = 0.08
#: Overdispersion of the daily count (NB2 alpha) and the flare level's scale and memory.
DISPERSION: Final = 0.15
FLARE_SD: Final = 0.2
FLARE_PHI: Final = 0.5
#: Dense journals (benchmarks) multiply the rate by this and cap each day at 20 episodes.
DENSE_RATE_FACTOR: Final = 25.0
DENSE_CAP: Final = 20


@dataclass(frozen=True, slots=True)
class DemoJournal:
    """A generated journal: domain values ready to store, and the period they cover."""

    start: date
    end: date
    timezone: str
    episodes: tuple[Episode, ...]
    days: tuple[DayLog, ...]
    medications: tuple[Medication, ...]
    health_notes: tuple[HealthNote, ...]
    #: The person's own factors (anxiety and cold; none in a dense journal).
    factors: tuple[FactorDef, ...] = ()
    #: The person's own symptoms (``own.with_own_symptom`` adds eye strain).
    symptoms: tuple[CustomSymptom, ...] = ()


def daily_rate(yesterday: TrueDay, today: TrueDay, flare: float) -> float:
    """The expected episode count of ``today`` given the true factors and the flare level."""
    log_mu = (
        math.log(BASE_RATE)
        + math.log(RR_CAFFEINE_PER_100MG) * (yesterday.caffeine_mg - 200.0) / 100.0
        + math.log(RR_SLEEP_DEBT_PER_HOUR) * max(0.0, 7.0 - today.sleep_h)
        + math.log(RR_STRESS_PER_POINT) * (today.stress - 4)
        + flare
    )
    return math.exp(log_mu)


def generate(
    days: int = 180,
    *,
    seed: int = 7,
    end: date,
    timezone: str = "Europe/Berlin",
    episodes_per_day_cap: int | None = None,
    dense: bool = False,
    not_after: datetime | None = None,
) -> DemoJournal:
    """A realistic journal of ``days`` calendar days ending on ``end`` (see the package doc).

    The same arguments always give the same journal. ``dense`` checks in every day, logs
    every factor and fills days up to ``episodes_per_day_cap`` (default 20) episodes, for
    benchmarks. ``not_after`` drops episodes recorded (so also started) later: pass the
    present moment when ``end`` is today.
    """
    if days < 1:
        raise ValueError("days must be at least 1")
    tz = zone(timezone)
    # separate streams, so the same seed gives the same person whatever the end date: the
    # weekday (alcohol) and the clock (episode times around DST changes) use their own
    rng = random.Random(seed)
    weekend_rng = random.Random(f"{seed}-weekend")
    clock_rng = random.Random(f"{seed}-clock")
    cap = (
        episodes_per_day_cap if episodes_per_day_cap is not None else (DENSE_CAP if dense else None)
    )
    scale = DENSE_RATE_FACTOR if dense else 1.0
    series = FactorSeries(rng, weekend_rng)
    flare = AR1(rng, FLARE_PHI)
    dates = calendar(end, days)
    yesterday = series.next_day(dates[0] - timedelta(days=1), -1)
    # anxiety and colds: their own streams, so the rest stays the same person (not in dense
    # journals, whose benchmarks compare the built-in factors over the years)
    own = None if dense else OwnFactors(seed, dates[0])
    own_clock = random.Random(f"{seed}-own-clock")
    episodes: list[Episode] = []
    logs: list[DayLog] = []
    for index, day in enumerate(dates):
        today = series.next_day(day, index)
        mu = daily_rate(yesterday, today, FLARE_SD * flare.step()) * scale
        yesterday = today
        if own is not None:
            own.next_day()
        if not dense and rng.random() < MISSING_SHARE:
            continue
        log = logged_day(rng, today, dense)
        logs.append(log if own is None else own.logged(log))
        count = negative_binomial(rng, mu, DISPERSION)
        if cap is not None:
            count = min(count, cap)
        midnight = datetime.combine(day, time(0), tzinfo=tz).astimezone(UTC)
        episodes.extend(
            day_episodes(
                clock_rng,
                count,
                day=day,
                midnight_utc=midnight,
                timezone=timezone,
                exercised=today.exercise_min > 0,
            )
        )
        if own is not None and own.today_cold:  # a cold's extra episodes, from its own stream
            extra = own.extra_episodes(mu)
            if cap is not None:
                extra = min(extra, max(0, cap - count))
            episodes.extend(
                day_episodes(
                    own_clock,
                    extra,
                    day=day,
                    midnight_utc=midnight,
                    timezone=timezone,
                    exercised=today.exercise_min > 0,
                )
            )
    if not_after is not None:
        episodes = [e for e in episodes if e.recorded_at is not None and e.recorded_at <= not_after]
    return DemoJournal(
        start=dates[0],
        end=end,
        timezone=timezone,
        episodes=tuple(episodes),
        days=tuple(logs),
        medications=tuple(medications(rng, dates[0], end)),
        health_notes=tuple(health_notes(rng, dates[0], end)),
        factors=() if own is None else own.definitions,
    )
