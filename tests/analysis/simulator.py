"""The simulated people of docs/analysis.md §11.1 and the worlds of §11.2.

It builds :class:`JournalSlice` values from simulated numbers: missing days have no day log
and no episodes; the on/off medicine becomes ``Medication`` intervals named "magnesium".

Worlds marked ``custom`` (docs/analysis.md §11.5) add the two built-ins the base worlds leave
out (sleep quality, screen time) and six of the person's own factors: the tags "cold" (planted
with ``rr_cold``, on 20 % of days) and "leg day", the scales "anxiety" (0-10) and "mood"
(1-5) and the numbers "magnesium food" (servings) and "steps" (thousands). They are drawn from
a generator spawned from the person's, so the base diary of a custom world is the same diary
as in its base world; only ``rr_cold`` changes the counts.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import numpy.typing as npt
from scipy.signal import lfilter

from twitchlog.domain.factors import FactorDef, FactorKind, custom_factor
from twitchlog.domain.models import DayLog, EpisodeDayStats, JournalSlice, Medication

FloatArray = npt.NDArray[np.float64]
START = date(2025, 1, 6)
MED_NAME = "magnesium"


@dataclass(frozen=True, slots=True)
class Scenario:
    """Planted effects and the latent-level process of one simulated world."""

    name: str
    rr_caffeine: float = 1.0
    rr_short_sleep: float = 1.0
    rr_stress: float = 1.0
    sleep_mean: float = 7.0
    sigma_u: float = 0.25
    phi_u: float = 0.5
    season: bool = True
    custom: bool = False
    rr_cold: float = 1.0

    @property
    def is_null(self) -> bool:
        """No factor has a real effect."""
        return self.rr_caffeine == self.rr_short_sleep == self.rr_stress == self.rr_cold == 1.0


SCENARIOS: dict[str, Scenario] = {
    s.name: s
    for s in (
        Scenario("S0"),
        Scenario("S0i", sigma_u=0.0, phi_u=0.0, season=False),
        Scenario("S0f", sigma_u=0.5, phi_u=0.9),
        Scenario("S1", rr_caffeine=1.2, rr_short_sleep=1.5, rr_stress=1.06),
        Scenario("S2", rr_caffeine=1.3, rr_short_sleep=1.6, rr_stress=1.06),
        Scenario("S3", rr_caffeine=1.3, rr_short_sleep=2.0, rr_stress=1.10, sleep_mean=6.7),
        # 9 built-in + 6 own factors + the medicine (docs/analysis.md §11.5)
        Scenario("C0", custom=True),
        Scenario("C0i", sigma_u=0.0, phi_u=0.0, season=False, custom=True),
        Scenario("C0f", sigma_u=0.5, phi_u=0.9, custom=True),
        Scenario("CT", custom=True, rr_cold=1.5),
    )
}

#: Factors in the simulated diaries; cigarettes is the confounded null.
PLANTED = ("caffeine_mg", "sleep_h", "stress")
PURE_NULLS = ("exercise_min", "water_l", "alcohol_drinks", "med:" + MED_NAME)
CONFOUNDED = "cigarettes"

#: The own factors of the custom worlds; their keys are fixed so results can be compared.
CUSTOM_DEFS: tuple[FactorDef, ...] = (
    custom_factor("cold-0", "cold", FactorKind.TAG),
    custom_factor("legday-0", "leg day", FactorKind.TAG),
    custom_factor("anxiety-0", "anxiety", FactorKind.SCALE, low=0, high=10),
    custom_factor("mood-0", "mood", FactorKind.SCALE, low=1, high=5),
    custom_factor("magfood-0", "magnesium food", FactorKind.NUMBER, high=10, unit="servings"),
    custom_factor("steps-0", "steps", FactorKind.NUMBER, high=40, unit="thousand"),
)
#: Analysis keys in the custom worlds: the planted tag and every factor without effect.
COLD = "factor:cold-0"
CUSTOM_NULLS = (
    "sleep_quality",
    "screen_h",
    *("factor:" + f.key for f in CUSTOM_DEFS[1:]),
)
#: Share of logged days the person did not mark "tags complete" (their untagged tags unknown).
TAGS_INCOMPLETE = 0.10


@dataclass(frozen=True, slots=True)
class Person:
    """One simulated diary: the slice for ``analyze`` plus the raw arrays (NaN = missing)."""

    journal: JournalSlice
    y: FloatArray
    factors: dict[str, FloatArray]
    mean: FloatArray
    """Each day's true mean before the day-to-day gamma factor (its flare level, season and
    planted effects included): the day's count is negative-binomial around it with variance
    ``mean + DAY_SPREAD * mean**2``."""


#: Variance of the day-to-day gamma factor (mean 1) of every world.
DAY_SPREAD = 0.3


def ar1(rng: np.random.Generator, n: int, phi: float) -> FloatArray:
    """A stationary unit-variance AR(1) series."""
    e = rng.standard_normal(n)
    if phi == 0.0 or n == 0:
        return e
    x = np.empty(n)
    x[0] = e[0]
    if n > 1:
        out, _ = lfilter([math.sqrt(1 - phi * phi)], [1.0, -phi], e[1:], zi=[phi * e[0]])
        x[1:] = out
    return x


def simulate(scenario: Scenario, n: int, rng: np.random.Generator) -> Person:
    """Simulate ``n`` calendar days of one person in ``scenario``."""
    t = np.arange(n, dtype=np.float64)
    phase = rng.uniform(0, 365)
    s = np.sin(2 * np.pi * (t + phase) / 365) if scenario.season else np.zeros(n)

    z_caf = ar1(rng, n + 1, 0.6)  # includes day -1
    caf_all = np.clip(np.round((200 + 100 * z_caf) / 10) * 10, 0, None)
    caf, caf_prev = caf_all[1:], caf_all[:-1]
    sleep = np.clip(np.round((scenario.sleep_mean + ar1(rng, n, 0.3)) * 4) / 4, 3, 11)
    stress = np.clip(np.round(4 + 2 * ar1(rng, n, 0.7)), 0, 10)
    cig = rng.poisson(np.exp(np.log(8) + 0.35 * (0.6 * z_caf[1:] + 0.8 * ar1(rng, n, 0.8))))
    active = rng.random(n) < 0.5
    exercise = np.where(active, np.round(rng.gamma(2.0, 20.0, n)), 0.0)
    water = np.clip(np.round((2.0 + 0.4 * s + 0.3 * ar1(rng, n, 0.5)) * 10) / 10, 0.3, None)
    weekday = np.array([(START + timedelta(days=int(i))).weekday() for i in range(n)])
    weekend = weekday >= 5
    alcohol = np.where(weekend, rng.poisson(2.0, n), rng.poisson(0.3, n)).astype(np.float64)
    switch = rng.random(n) < 1 / 21
    med = ((rng.random() < 0.5) + np.cumsum(switch)) % 2

    # spawning does not advance ``rng``: the base diary stays the same diary
    own = _own_factors(rng.spawn(1)[0], n, sleep, weekday) if scenario.custom else {}
    u = scenario.sigma_u * ar1(rng, n, scenario.phi_u)
    log_mu = (
        np.log(4)
        + np.log(scenario.rr_caffeine) * (caf_prev - 200) / 100
        + np.log(scenario.rr_short_sleep) * (sleep < 6)
        + np.log(scenario.rr_stress) * (stress - 4)
        - 0.2 * s
        + u
    )
    if own:
        log_mu = log_mu + np.log(scenario.rr_cold) * own[COLD]
    gamma = rng.gamma(1 / DAY_SPREAD, DAY_SPREAD, n)
    y = rng.poisson(np.exp(log_mu) * gamma).astype(np.float64)

    missing = rng.random(n) < 0.10
    if n > 5:
        g = int(rng.integers(0, n - 5))
        missing[g : g + 5] = True

    factors: dict[str, FloatArray] = {
        "caffeine_mg": caf,
        "sleep_h": sleep,
        "stress": stress,
        "cigarettes": cig.astype(np.float64),
        "exercise_min": exercise,
        "water_l": water,
        "alcohol_drinks": alcohol,
    }
    factors.update(own)
    masked = {k: np.where(missing, np.nan, v) for k, v in factors.items()}
    complete = None
    if own:
        # tags are known on days marked complete; elsewhere only the tags that were set
        complete = rng.spawn(1)[0].random(n) >= TAGS_INCOMPLETE
        for f in CUSTOM_DEFS:
            if f.is_tag:
                key = "factor:" + f.key
                masked[key] = np.where(complete | (masked[key] == 1.0), masked[key], np.nan)
    masked["med:" + MED_NAME] = med.astype(np.float64)
    y_obs = np.where(missing, np.nan, y)
    journal = to_journal(y_obs, masked, med.astype(bool), n, complete)
    return Person(journal, y_obs, masked, np.exp(log_mu))


def _own_factors(
    rng: np.random.Generator, n: int, sleep: FloatArray, weekday: npt.NDArray[np.int64]
) -> dict[str, FloatArray]:
    """Sleep quality, screen time and the six own factors of the custom worlds (§11.5)."""
    quality = np.clip(np.round(3 + 0.8 * (sleep - 7) + 0.7 * rng.standard_normal(n)), 1, 5)
    screen = np.clip(np.round((5 + 1.5 * ar1(rng, n, 0.6)) * 2) / 2, 0, 16)
    cold = (rng.random(n) < 0.20).astype(np.float64)
    leg_day = (rng.random(n) < np.where(np.isin(weekday, (0, 3)), 0.8, 0.1)).astype(np.float64)
    anxiety = np.clip(np.round(3 + 2 * ar1(rng, n, 0.7)), 0, 10)
    mood = np.clip(np.round(3 + ar1(rng, n, 0.5)), 1, 5)
    mag_food = np.clip(rng.poisson(1.5, n), 0, 10).astype(np.float64)
    steps = np.clip(np.round((7 + 3 * ar1(rng, n, 0.4)) * 10) / 10, 0, 40)
    values = (cold, leg_day, anxiety, mood, mag_food, steps)
    own = {"sleep_quality": quality, "screen_h": screen}
    own.update({"factor:" + f.key: v for f, v in zip(CUSTOM_DEFS, values, strict=True)})
    return own


def _day_log(
    day: date, factors: dict[str, FloatArray], i: int, complete: npt.NDArray[np.bool_] | None
) -> DayLog:
    """The day log of a logged day; own tags are stored only when set (1)."""
    extra: dict[str, float] = {}
    custom: dict[str, float] = {}
    if complete is not None:
        extra = {"sleep_quality": int(factors["sleep_quality"][i])}
        extra["screen_h"] = float(factors["screen_h"][i])
        for f in CUSTOM_DEFS:
            v = float(factors["factor:" + f.key][i])
            if not math.isnan(v) and (not f.is_tag or v == 1.0):
                custom[f.key] = v
    return DayLog(
        day=day,
        checked_in=True,
        caffeine_mg=float(factors["caffeine_mg"][i]),
        sleep_h=float(factors["sleep_h"][i]),
        stress=int(factors["stress"][i]),
        cigarettes=int(factors["cigarettes"][i]),
        exercise_min=int(factors["exercise_min"][i]),
        alcohol_drinks=float(factors["alcohol_drinks"][i]),
        water_l=float(factors["water_l"][i]),
        custom=custom,
        tags_complete=bool(complete[i]) if complete is not None else False,
        **extra,  # type: ignore[arg-type]
    )


def to_journal(
    y: FloatArray,
    factors: dict[str, FloatArray],
    med_on: npt.NDArray[np.bool_],
    n: int,
    complete: npt.NDArray[np.bool_] | None = None,
) -> JournalSlice:
    """Turn simulated arrays into day logs, episode days and medicine intervals.

    ``complete`` (custom worlds) marks the days whose tags are complete; without it the
    diary has only the base factors.
    """
    days: list[DayLog] = []
    episodes: list[EpisodeDayStats] = []
    for i in np.flatnonzero(~np.isnan(y)):
        day = START + timedelta(days=int(i))
        days.append(_day_log(day, factors, int(i), complete))
        if y[i] > 0:
            episodes.append(EpisodeDayStats(day=day, episodes=int(y[i])))
    meds: list[Medication] = []
    edges = np.flatnonzero(np.diff(np.concatenate(([0], med_on.astype(np.int64), [0]))))
    for k, (a, b) in enumerate(zip(edges[::2], edges[1::2], strict=True)):
        meds.append(
            Medication(
                id=f"med-{k}",
                name=MED_NAME,
                start=START + timedelta(days=int(a)),
                stop=START + timedelta(days=int(b) - 1),
            )
        )
    return JournalSlice(
        start=START,
        end=START + timedelta(days=n - 1),
        days=tuple(days),
        episode_days=tuple(episodes),
        medications=tuple(meds),
        custom_factors=CUSTOM_DEFS if complete is not None else (),
    )
