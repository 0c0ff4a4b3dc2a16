"""The demo person's own factors (issue 14): the scale "anxiety" and the tag "cold"; and
their own symptom "eye strain".

Both are drawn from their own random stream, so the rest of the journal stays the same person:

* **anxiety**, 0-10, an AR(1) around 3 that has nothing to do with the twitching;
* **cold**, the tag set on the days a cold is at its worst: they start on about 6 % of days
  and last 2-4 days (about 1 day in 6), with a built-in association: on such a day the twitch
  rate is :data:`RR_COLD` times as high (the extra episodes are drawn on top of the day's
  count, from this stream).

On a checked-in day anxiety is logged (left unlogged 4 % of the time, like the built-ins), the
cold tag is set when there is a cold, and the day is marked "tags complete" 9 times in 10, so
an untagged day is "no cold" there and unknown on the others.

The own symptom **eye strain** is named on about one eyelid twitch in ten (its own stream
again, so nothing else changes), added by :func:`with_own_symptom` as ``twitchlog demo`` does.
"""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING, Final

from twitchlog.demo.draws import AR1, clip, poisson
from twitchlog.demo.episodes import episode_id
from twitchlog.demo.factors import UNLOGGED_SHARE
from twitchlog.domain.factors import FactorDef, FactorKind, custom_factor
from twitchlog.domain.models import DayLog
from twitchlog.domain.own_symptoms import CustomSymptom

if TYPE_CHECKING:
    from twitchlog.demo.generator import DemoJournal

#: Rate ratio of a day with a cold (what the analysis should find after 180 days).
RR_COLD: Final = 2.0
#: Chance that a cold starts on a day without one, and its shortest and longest length.
COLD_START: Final = 0.06
COLD_DAYS: Final = (2, 4)
#: Share of checked-in days marked "tags complete".
TAGS_COMPLETE_SHARE: Final = 0.9
#: The demo person's own symptom, and the share of eyelid twitches that name it.
EYE_STRAIN: Final = CustomSymptom("eye_strain")
EYE_STRAIN_SHARE: Final = 0.1


class OwnFactors:
    """Draws the demo person's anxiety and colds day after day, from ``seed``'s own stream."""

    def __init__(self, seed: int, start: date) -> None:
        self._rng = random.Random(f"{seed}-own")
        self.anxiety = custom_factor(
            episode_id(self._rng), "anxiety", FactorKind.SCALE, low=0, high=10, created_on=start
        )
        self.cold = custom_factor(episode_id(self._rng), "cold", FactorKind.TAG, created_on=start)
        self._level = AR1(self._rng, 0.7)
        self._cold_left = 0
        self.today_anxiety = 0.0
        self.today_cold = False

    @property
    def definitions(self) -> tuple[FactorDef, ...]:
        """The two definitions, as ``twitchlog factor add`` would store them."""
        return (self.anxiety, self.cold)

    def next_day(self) -> None:
        """Advance to the next calendar day (drawn whether or not the day is logged)."""
        rng = self._rng
        self.today_anxiety = float(clip(round(3 + 2 * self._level.step()), 0, 10))
        if self._cold_left == 0 and rng.random() < COLD_START:
            self._cold_left = rng.randint(*COLD_DAYS)
        self.today_cold = self._cold_left > 0
        self._cold_left = max(0, self._cold_left - 1)

    def extra_episodes(self, rate: float) -> int:
        """Episodes a cold adds to a day whose rate without it is ``rate``."""
        return poisson(self._rng, (RR_COLD - 1.0) * rate) if self.today_cold else 0

    def logged(self, log: DayLog) -> DayLog:
        """``log`` with today's own values as the person logs them."""
        rng = self._rng
        custom: dict[str, float] = {}
        if rng.random() >= UNLOGGED_SHARE:
            custom[self.anxiety.key] = self.today_anxiety
        if self.today_cold:
            custom[self.cold.key] = 1.0
        return replace(log, custom=custom, tags_complete=rng.random() < TAGS_COMPLETE_SHARE)


def with_own_symptom(sample: DemoJournal, *, seed: int) -> DemoJournal:
    """``sample`` with the own symptom "eye strain" defined and named on some eyelid
    twitches (drawn from its own stream; ids and every other value stay the same)."""
    rng = random.Random(f"{seed}-own-symptom")
    episodes = tuple(
        replace(ep, symptoms=ep.symptoms | {EYE_STRAIN.key})
        if ep.site == "eyelid" and rng.random() < EYE_STRAIN_SHARE
        else ep
        for ep in sample.episodes
    )
    return replace(sample, episodes=episodes, symptoms=(*sample.symptoms, EYE_STRAIN))
