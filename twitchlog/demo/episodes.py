"""The demo person's episodes of one day: where, what kind, when, how long and how strong.

Mostly left-eyelid twitches during the day, some calf and thigh twitches, calf and foot
cramps at night, the odd thumb twitch.
"""

from __future__ import annotations

import math
import random
from datetime import date, datetime, timedelta
from typing import Final

from twitchlog.demo.draws import clip, cumulative, pick
from twitchlog.domain.models import Context, Episode, Kind, Symptom
from twitchlog.domain.sites import Side

_SITES: Final = ("eyelid", "calf", "thigh", "thumb", "eyebrow", "foot")
_SITE_CUM: Final = cumulative((0.60, 0.17, 0.11, 0.05, 0.04, 0.03))

_SIDES: Final[dict[str, tuple[tuple[Side | None, ...], list[float]]]] = {
    "eyelid": ((Side.LEFT, Side.RIGHT, Side.BOTH, None), cumulative((0.80, 0.12, 0.05, 0.03))),
    "eyebrow": ((Side.LEFT, Side.RIGHT), cumulative((0.7, 0.3))),
    "calf": ((Side.LEFT, Side.RIGHT, Side.BOTH), cumulative((0.45, 0.45, 0.10))),
    "thigh": ((Side.LEFT, Side.RIGHT), cumulative((0.5, 0.5))),
    "thumb": ((Side.RIGHT, Side.LEFT), cumulative((0.7, 0.3))),
    "foot": ((Side.LEFT, Side.RIGHT), cumulative((0.5, 0.5))),
}
#: Share of episodes at a site that are night cramps.
_CRAMP_SHARE: Final = {"calf": 0.30, "foot": 0.35}
_TWITCH_CONTEXTS: Final = (Context.REST, Context.ACTIVITY, Context.AFTER_EXERCISE, None)
_TWITCH_CONTEXT_CUM: Final = cumulative((0.55, 0.27, 0.08, 0.10))
_VISIBLE: Final = (True, False, None)
_VISIBLE_CUM: Final = cumulative((0.35, 0.45, 0.20))
_NO_SYMPTOMS: Final[frozenset[Symptom]] = frozenset()
_PAIN: Final = frozenset({Symptom.PAIN})
_PAIN_STIFF: Final = frozenset({Symptom.PAIN, Symptom.STIFFNESS})
_FATIGUE: Final = frozenset({Symptom.FATIGUE})
_TINGLING: Final = frozenset({Symptom.TINGLING})

EPISODE_NOTES: Final = (
    "while reading",
    "during a video call",
    "after the third coffee",
    "[bold]really[/bold] annoying today",
    "stopped when I closed my eyes [/",
    "woke me up, stretched it out",
    'on the bus, "flutter" again',
)

_HOUR = 3600


def _duration(rng: random.Random, median_s: float, sigma: float, low: int, high: int) -> int:
    return int(clip(round(median_s * math.exp(rng.gauss(0.0, sigma))), low, high))


def episode_id(rng: random.Random) -> str:
    """A version-4 UUID drawn from ``rng`` (deterministic for a seed; faster than ``uuid``)."""
    h = f"{rng.getrandbits(128):032x}"
    variant = "89ab"[int(h[16], 16) & 3]
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{variant}{h[17:20]}-{h[20:]}"


def day_episodes(
    rng: random.Random,
    count: int,
    *,
    day: date,
    midnight_utc: datetime,
    timezone: str,
    exercised: bool,
) -> list[Episode]:
    """``count`` episodes on local ``day``, whose local midnight is the instant ``midnight_utc``.

    Start offsets stay below 23 h after local midnight, so every start falls on ``day`` even
    on the short day of a DST change.
    """
    drafts: list[tuple[int, Episode]] = []
    for _ in range(count):
        site = pick(rng, _SITES, _SITE_CUM)
        sides, side_cum = _SIDES[site]
        side = pick(rng, sides, side_cum)
        visible: bool | None
        if rng.random() < _CRAMP_SHARE.get(site, 0.0):
            kind = Kind.CRAMP
            offset = rng.randrange(1 * _HOUR, 6 * _HOUR)
            duration = _duration(rng, 90.0, 0.6, 10, 900)
            intensity = rng.randint(5, 9)
            context: Context | None = Context.REST
            visible = None
            symptoms = _PAIN_STIFF if rng.random() < 0.2 else _PAIN
        else:
            kind = Kind.SPASM if site == "thigh" and rng.random() < 0.08 else Kind.TWITCH
            offset = int(rng.triangular(7 * _HOUR, 23 * _HOUR - 1, 19 * _HOUR))
            median = 20.0 if site in ("eyelid", "eyebrow") else 6.0
            duration = _duration(rng, median, 1.0, 1, 600)
            intensity = 1 + int(rng.random() * 4) + (1 if rng.random() < 0.1 else 0)
            context = pick(rng, _TWITCH_CONTEXTS, _TWITCH_CONTEXT_CUM)
            if context is Context.AFTER_EXERCISE and not exercised:
                context = Context.ACTIVITY
            visible = pick(rng, _VISIBLE, _VISIBLE_CUM)
            u = rng.random()
            symptoms = _FATIGUE if u < 0.03 else _TINGLING if u < 0.045 else _NO_SYMPTOMS
        started = midnight_utc + timedelta(seconds=offset)
        note = EPISODE_NOTES[rng.randrange(len(EPISODE_NOTES))] if rng.random() < 0.04 else ""
        delay = (
            30 + int(rng.random() * 1770)
            if kind is not Kind.CRAMP
            else 600 + int(rng.random() * 17_400)
        )
        episode = Episode(
            id=episode_id(rng),
            started_at=started,
            timezone=timezone,
            local_date=day,
            site=site,
            side=side,
            kind=kind,
            duration_s=duration if rng.random() >= 0.05 else None,
            intensity=intensity if rng.random() >= 0.07 else None,
            context=context,
            visible=visible,
            symptoms=symptoms,
            note=note,
            recorded_at=started + timedelta(seconds=duration + delay),
        )
        drafts.append((offset, episode))
    drafts.sort(key=lambda d: d[0])
    return [e for _, e in drafts]
