"""The demo person's days: true lifestyle factors, and what of them was logged.

True values exist for every calendar day (the person drinks coffee whether or not they log
it); the day log holds them only on checked-in days, with a few factors left unlogged.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from datetime import date, timedelta

from twitchlog.demo.draws import AR1, clip, poisson
from twitchlog.domain.models import CAFFEINE_MG_PER_DRINK, FACTOR_FIELDS, DayLog

#: Chance that a factor is not logged on a checked-in day (ordinary, not dense, journals).
UNLOGGED_SHARE = 0.04

DAY_NOTES: tuple[str, ...] = (
    "long day at work",
    "deadline week, [bold]tired[/bold]",
    "slept badly, neighbours again",
    "hiking with friends",
    "lots of screen time [/",
    "quiet day at home",
)


@dataclass(frozen=True, slots=True)
class TrueDay:
    """What really happened on one day: the values the twitch rate depends on."""

    day: date
    caffeine_mg: float
    drinks: dict[str, int]
    sleep_h: float
    sleep_quality: int
    stress: int
    cigarettes: int
    exercise_min: int
    alcohol_drinks: float
    water_l: float
    screen_h: float


def _drinks(rng: random.Random, target_mg: float) -> dict[str, int]:
    """Coffee first, then tea, the odd cola or energy drink, near ``target_mg``."""
    coffee = max(0, round(target_mg * 0.75 / CAFFEINE_MG_PER_DRINK["coffee"]))
    rest = target_mg - coffee * CAFFEINE_MG_PER_DRINK["coffee"]
    tea = max(0, round(rest / CAFFEINE_MG_PER_DRINK["tea"]))
    drinks = {"coffee": coffee, "tea": tea}
    if rng.random() < 0.12:
        drinks["cola"] = 1
    if rng.random() < 0.04:
        drinks["energy"] = 1
    return {k: v for k, v in drinks.items() if v}


class FactorSeries:
    """Draws :class:`TrueDay` values day after day (autocorrelated, mutually independent)."""

    def __init__(self, rng: random.Random, weekend_rng: random.Random) -> None:
        self._rng = rng
        # alcohol depends on the weekday: its own stream, so the calendar position of the
        # journal does not shift the draws of every other factor
        self._weekend_rng = weekend_rng
        self._caffeine = AR1(rng, 0.6)
        self._sleep = AR1(rng, 0.3)
        self._stress = AR1(rng, 0.7)
        self._water = AR1(rng, 0.5)
        self._screen = AR1(rng, 0.5)
        self._phase = rng.uniform(0.0, 365.0)

    def next_day(self, day: date, index: int) -> TrueDay:
        """The true values of ``day`` (``index`` days after the first)."""
        rng = self._rng
        drinks = _drinks(rng, max(0.0, 200.0 + 100.0 * self._caffeine.step()))
        caffeine = float(sum(CAFFEINE_MG_PER_DRINK[k] * n for k, n in drinks.items()))
        sleep = clip(round((6.9 + 1.2 * self._sleep.step()) * 4) / 4, 3.0, 11.0)
        quality = int(clip(round(3 + 0.5 * (sleep - 7.0) + rng.gauss(0.0, 0.8)), 1, 5))
        weekend = day.weekday() >= 5
        season = math.sin(2 * math.pi * (index + self._phase) / 365.0)
        return TrueDay(
            day=day,
            caffeine_mg=caffeine,
            drinks=drinks,
            sleep_h=sleep,
            sleep_quality=quality,
            stress=int(clip(round(4 + 2 * self._stress.step()), 0, 10)),
            cigarettes=poisson(rng, 2.0),
            exercise_min=round(rng.gammavariate(2.0, 20.0)) if rng.random() < 0.5 else 0,
            alcohol_drinks=float(poisson(self._weekend_rng, 2.0 if weekend else 0.3)),
            water_l=round(clip(2.0 + 0.4 * season + 0.3 * self._water.step(), 0.3, 6.0), 1),
            screen_h=clip(round((6.0 + 2.0 * self._screen.step()) * 2) / 2, 0.0, 16.0),
        )


def logged_day(rng: random.Random, true: TrueDay, dense: bool) -> DayLog:
    """The day log of a checked-in day: every factor, or (not dense) a few left unlogged."""
    values: dict[str, object] = {f: getattr(true, f) for f in FACTOR_FIELDS}
    if not dense:
        for name in FACTOR_FIELDS:
            if rng.random() < UNLOGGED_SHARE:
                values[name] = None
    drinks = dict(true.drinks) if values["caffeine_mg"] is not None else {}
    note = DAY_NOTES[rng.randrange(len(DAY_NOTES))] if rng.random() < 0.05 else ""
    return DayLog(day=true.day, checked_in=True, drinks=drinks, note=note, **values)  # type: ignore[arg-type]


def calendar(end: date, days: int) -> list[date]:
    """The ``days`` calendar dates ending on ``end``, oldest first."""
    start = end - timedelta(days=days - 1)
    return [start + timedelta(days=i) for i in range(days)]
