"""Domain values: episodes, day logs, medicines, health notes. Standard library only.

These are what every layer above storage works with; ``storage`` converts its ``...Row``
tables to and from them. Optional fields use ``None`` for "not recorded": a factor that was
not logged is never zero.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from twitchlog.domain.sites import Side

if TYPE_CHECKING:
    from twitchlog.domain.factors import FactorDef


class Kind(StrEnum):
    """What the episode felt like."""

    TWITCH = "twitch"
    CRAMP = "cramp"
    SPASM = "spasm"


class Context(StrEnum):
    """What the person was doing when it started."""

    REST = "rest"
    ACTIVITY = "activity"
    AFTER_EXERCISE = "after_exercise"


class Symptom(StrEnum):
    """Accompanying symptoms; an episode may have several, and the person's own ones too
    (``domain/own_symptoms``: an own symptom is its key, plain text)."""

    WEAKNESS = "weakness"
    NUMBNESS = "numbness"
    TINGLING = "tingling"
    PAIN = "pain"
    STIFFNESS = "stiffness"
    FATIGUE = "fatigue"


class MedKind(StrEnum):
    """Prescribed medicine or over-the-counter supplement."""

    MEDICINE = "medicine"
    SUPPLEMENT = "supplement"


class NoteKind(StrEnum):
    """A health note is a test, a visit, or a red-flag observation."""

    TEST = "test"
    VISIT = "visit"
    FLAG = "flag"


class RedFlag(StrEnum):
    """Observations a doctor must hear about; the report answers each one explicitly."""

    WEAKNESS = "weakness"
    MUSCLE_WASTING = "muscle_wasting"
    SPEECH_SWALLOWING = "speech_swallowing"
    BREATHLESSNESS = "breathlessness"
    WEIGHT_LOSS = "weight_loss"
    CONSTANT_OR_SPREADING = "constant_or_spreading"


#: Human wording of each red flag, used by the CLI, the TUI and the report.
RED_FLAG_LABELS: dict[RedFlag, str] = {
    RedFlag.WEAKNESS: "real weakness (dropping things, buttons, tripping, stairs)",
    RedFlag.MUSCLE_WASTING: "visible muscle wasting",
    RedFlag.SPEECH_SWALLOWING: "change in speech or swallowing",
    RedFlag.BREATHLESSNESS: "breathlessness",
    RedFlag.WEIGHT_LOSS: "unexplained weight loss",
    RedFlag.CONSTANT_OR_SPREADING: "twitching that became constant or spread across the face",
}


def new_id() -> str:
    """A fresh random UUID as text, so journals from two machines can be merged."""
    return str(uuid.uuid4())


@dataclass(frozen=True, slots=True)
class Episode:
    """One twitch, cramp or spasm.

    ``started_at`` is the UTC instant; ``timezone`` the IANA zone the person was in;
    ``local_date`` the local day it belongs to (it never moves when the person travels).
    ``recorded_at`` is when it was entered, so entries made after the fact can be told apart.
    ``updated_at`` (UTC) and ``revision`` are the stored record's change marker: every write
    moves the revision on by one and sets ``updated_at`` later than the one before (revision 0:
    not stored yet). They are bookkeeping, not content, so equality ignores them.
    """

    id: str
    started_at: datetime
    timezone: str
    local_date: date
    site: str
    side: Side | None = None
    kind: Kind = Kind.TWITCH
    duration_s: int | None = None
    intensity: int | None = None
    context: Context | None = None
    visible: bool | None = None
    #: Built-in :class:`Symptom` members and own symptoms' keys (``domain/own_symptoms``).
    symptoms: frozenset[str] = frozenset()
    note: str = ""
    recorded_at: datetime | None = None
    updated_at: datetime | None = field(default=None, compare=False)
    revision: int = field(default=0, compare=False)


#: Drinks that can be entered instead of milligrams, and their caffeine in mg each.
#: Sources: typical values for an 8 oz brewed coffee, a 1 oz espresso shot, an 8 oz black tea,
#: a 12 oz cola can and an 8.4 oz energy drink can (see docs/data-format.md).
CAFFEINE_MG_PER_DRINK: dict[str, int] = {
    "coffee": 95,
    "espresso": 63,
    "tea": 47,
    "cola": 34,
    "energy": 80,
}


@dataclass(frozen=True, slots=True)
class DayLog:
    """The lifestyle factors of one local day. Every factor is optional: ``None`` = not logged.

    ``checked_in`` means the person confirmed the day, so a day without episodes counts as
    "no twitches"; without it, a day with no episodes is simply missing. Sleep is the night
    that ended on this day. ``drinks`` keeps the counts the caffeine total came from.
    ``custom`` holds the person's own factors by their stable key (``domain/factors``; a
    tag is 1 set or 0 explicitly unset), and ``tags_complete`` says every tag of the day was
    set, so an unset tag counts as "no" (:func:`twitchlog.domain.factors.factor_value`).
    ``updated_at`` and ``revision`` are the stored record's change marker (as for
    :class:`Episode`; ignored by equality).
    """

    day: date
    checked_in: bool = False
    caffeine_mg: float | None = None
    drinks: dict[str, int] = field(default_factory=dict)
    sleep_h: float | None = None
    sleep_quality: int | None = None
    stress: int | None = None
    cigarettes: int | None = None
    exercise_min: int | None = None
    alcohol_drinks: float | None = None
    water_l: float | None = None
    screen_h: float | None = None
    note: str = ""
    custom: dict[str, float] = field(default_factory=dict)
    tags_complete: bool = False
    updated_at: datetime | None = field(default=None, compare=False)
    revision: int = field(default=0, compare=False)

    def is_empty(self) -> bool:
        """True when nothing at all is recorded for the day."""
        return (
            not self.checked_in
            and all(getattr(self, f) is None for f in FACTOR_FIELDS)
            and not self.drinks
            and not self.note
            and not self.custom
            and not self.tags_complete
        )


#: The day-log factor fields, in the order of ``days.csv`` (and the analysis factor keys).
FACTOR_FIELDS: tuple[str, ...] = (
    "caffeine_mg",
    "sleep_h",
    "sleep_quality",
    "stress",
    "cigarettes",
    "exercise_min",
    "alcohol_drinks",
    "water_l",
    "screen_h",
)


@dataclass(frozen=True, slots=True)
class Medication:
    """A medicine or supplement with its dose and dates; ``stop`` is ``None`` while taken."""

    id: str
    name: str
    start: date
    dose: str = ""
    stop: date | None = None
    kind: MedKind = MedKind.MEDICINE
    note: str = ""

    def active_on(self, day: date) -> bool:
        """Whether it was being taken on ``day`` (start and stop days included)."""
        return self.start <= day and (self.stop is None or day <= self.stop)


@dataclass(frozen=True, slots=True)
class HealthNote:
    """A test or visit with its result, or a red-flag observation.

    ``topic`` is the test's or visit's name (``EMG``, ``blood test``) or, for a flag, a
    :class:`RedFlag` value.
    """

    id: str
    day: date
    kind: NoteKind
    topic: str
    text: str = ""


@dataclass(frozen=True, slots=True)
class EpisodeDayStats:
    """Episodes of one local day, aggregated (what analysis and charts need per day)."""

    day: date
    episodes: int
    total_duration_s: int | None = None
    mean_intensity: float | None = None


@dataclass(frozen=True, slots=True)
class HeldBack:
    """A factor under a running self-experiment: its comparison is not shown until the end.

    ``factor`` is the experiment's factor key (a built-in field, an own factor's key, or
    ``med:<name>``), ``name`` the experiment's name for it, ``until`` the plan's last day.
    """

    factor: str
    name: str
    until: date


@dataclass(frozen=True, slots=True)
class JournalSlice:
    """What the analysis and the report read for a period ``[start, end]`` (local days).

    Episodes come aggregated per day (a 20-year journal is 146,000 episodes; per-day rows keep
    the work proportional to days). ``days`` holds only days with a day log; a day with neither
    a day log nor an episode is missing. ``hour_counts`` has 24 entries (local hour of start).
    ``custom_factors`` are the person's own factor definitions (retired ones included); read
    their values with :func:`twitchlog.domain.factors.factor_value`. ``held_back`` names the
    factor of a running experiment, whose comparison the analysis holds back ("no peeking").
    """

    start: date
    end: date
    days: tuple[DayLog, ...]
    episode_days: tuple[EpisodeDayStats, ...]
    medications: tuple[Medication, ...]
    site_counts: dict[str, int] = field(default_factory=dict)
    hour_counts: tuple[int, ...] = (0,) * 24
    custom_factors: tuple[FactorDef, ...] = ()
    held_back: tuple[HeldBack, ...] = ()
