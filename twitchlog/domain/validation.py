"""Validation of domain values: one set of rules, used by the CLI, the TUI, import and storage.

Each check raises :class:`ValidationError` with a sentence that names the field and the
allowed range. ``RANGES`` is also the source of the CHECK constraints in storage.
"""

from __future__ import annotations

import math
import re
from collections.abc import Collection
from dataclasses import replace
from datetime import date, datetime
from typing import Any, Final

from twitchlog.domain.errors import ValidationError, out_of_range
from twitchlog.domain.factors import BUILTIN_FACTORS
from twitchlog.domain.labels import choice_words, example, words
from twitchlog.domain.models import (
    CAFFEINE_MG_PER_DRINK,
    FACTOR_FIELDS,
    DayLog,
    Episode,
    HealthNote,
    Medication,
    NoteKind,
    RedFlag,
)
from twitchlog.domain.own_symptoms import check_symptoms
from twitchlog.domain.sites import SITES
from twitchlog.domain.times import (
    FUTURE_TOLERANCE,
    MAX_DURATION_S,
    check_date,
    check_not_future,
    check_year,
    zone,
)

#: Longest note, in characters.
MAX_NOTE_CHARS: Final = 10_000
#: Longest name of a medicine or topic of a health note.
MAX_NAME_CHARS: Final = 200

#: Allowed ranges, inclusive: field -> (low, high, unit, whole numbers only).
RANGES: Final[dict[str, tuple[float, float, str, bool]]] = {
    "intensity": (1, 10, "", True),
    "duration_s": (1, MAX_DURATION_S, "s", True),
    **{f.key: (f.low, f.high, f.unit, f.whole) for f in BUILTIN_FACTORS},
    "drinks": (0, 50, "", True),
}


def _fmt(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def check_number(field: str, value: float | None, range_key: str | None = None) -> None:
    """Check a number against ``RANGES``; ``None`` (not logged) always passes."""
    if value is None:
        return
    low, high, unit, whole = RANGES[range_key or field]
    # The common case first (an import checks every cell): a plain int or float in range
    # passes every check below; NaN, infinities, bools and the rest take the full way.
    kind = type(value)
    if (kind is int or (kind is float and (not whole or value.is_integer()))) and (
        low <= value <= high
    ):
        return
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValidationError(
            field, f"{words(field)} must be a number, for example {_fmt(low)} (got {value!r})"
        )
    try:
        finite = math.isfinite(value)
    except OverflowError:  # an integer beyond float range, e.g. 10**400 from a JSON file
        finite = False
    if not finite:
        shown = value if isinstance(value, float) else "a number too large"
        raise out_of_range(field, _fmt(low), _fmt(high), shown, unit)
    if whole and not float(value).is_integer():
        raise ValidationError(
            field,
            f"{words(field)} must be a whole number {_fmt(low)}-{_fmt(high)}, "
            f"for example {example(field) or _fmt(low)} (got {value})",
        )
    if not low <= value <= high:
        raise out_of_range(field, _fmt(low), _fmt(high), _fmt(value), unit)


#: What text may not hold: control characters other than newline and tab (ESC, BEL, CR,
#: DEL, the C1 controls such as CSI could steer a terminal when the text is shown), and lone
#: surrogates (a command line in another encoding than UTF-8 arrives with them).
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def check_text(field: str, text: str, limit: int = MAX_NOTE_CHARS) -> None:
    """Refuse text longer than ``limit`` characters, not valid Unicode, or holding control
    characters other than newline and tab."""
    if len(text) > limit:
        raise ValidationError(
            field, f"{words(field)} must be at most {limit:,} characters (got {len(text):,})"
        )
    bad = _UNSAFE.search(text)
    if bad is None:
        return
    position = bad.start() + 1
    if 0xD800 <= ord(bad.group()) <= 0xDFFF:
        raise ValidationError(
            field,
            f"{words(field)} must be UTF-8 text; character {position} is not "
            "(is the terminal set to UTF-8?)",
        )
    raise ValidationError(
        field,
        f"{words(field)} must not contain control characters other than newline and tab "
        f"(got {bad.group()!a} at character {position})",
    )


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)  # the Control Pictures block: ESC is shown as ␛
    if code == 0x7F:
        return "\u2421"
    if code <= 0x9F:
        return f"\\x{code:02x}"
    return "\ufffd"


def inert(text: str) -> str:
    """``text`` safe to show on a terminal: control characters other than newline and tab
    become visible (ESC as U+241B, a C1 control such as CSI as the four characters ``\\x9b``)
    and lone surrogates U+FFFD, so no stored, typed or imported text can steer the terminal."""
    return _UNSAFE.sub(_visible, text)


def validate_episode(
    episode: Episode,
    now: datetime | None = None,
    *,
    custom_sites: Collection[str] = (),
    custom_symptoms: Collection[str] = (),
) -> Episode:
    """Check every field of an episode; returns it unchanged when valid.

    ``now`` enables the "not more than 5 minutes in the future" rule: front ends pass their
    clock; storage re-checks ranges only (the clock is the front end's, and may be frozen).
    ``custom_sites`` are the keys of the person's own places (``domain/own_sites``),
    ``custom_symptoms`` those of their own symptoms (``domain/own_symptoms``).
    """
    if episode.started_at.tzinfo is None:
        raise ValidationError("time", "time must carry a time zone (a naive time is never stored)")
    tz = zone(episode.timezone)
    check_year(episode.started_at)
    check_year(episode.started_at.astimezone(tz))
    check_date(episode.local_date, "local_date")
    if episode.site not in SITES and episode.site not in custom_sites:
        known = ", ".join(choice_words(s) for s in SITES)
        raise ValidationError(
            "site",
            f"site {episode.site!r} is not known; use one of: {known} (for example 'left calf')",
        )
    check_symptoms(episode.symptoms, custom_symptoms)
    check_number("intensity", episode.intensity)
    if episode.duration_s is not None:
        check_number("duration_s", episode.duration_s)
    check_text("note", episode.note)
    if now is not None:
        check_not_future(episode.started_at, now)
    if episode.recorded_at is not None and episode.recorded_at.tzinfo is None:
        raise ValidationError("recorded_at", "recorded_at must carry a time zone")
    return episode


def caffeine_from_drinks(drinks: dict[str, int]) -> float:
    """Total caffeine in mg from drink counts (see ``CAFFEINE_MG_PER_DRINK``)."""
    for name, count in drinks.items():
        if name not in CAFFEINE_MG_PER_DRINK:
            known = ", ".join(CAFFEINE_MG_PER_DRINK)
            raise ValidationError("drinks", f"drink must be one of {known} (got {name!r})")
        check_number(name, count, "drinks")  # named as the counter: "coffee must be 0-50"
    return float(sum(CAFFEINE_MG_PER_DRINK[n] * c for n, c in drinks.items()))


def validate_day(day: DayLog) -> DayLog:
    """Check every factor of a day log; returns it unchanged when valid."""
    check_date(day.day)
    for name in FACTOR_FIELDS:
        check_number(name, getattr(day, name))
    caffeine_from_drinks(day.drinks)
    for key, value in day.custom.items():  # ranges: storage checks them against the definitions
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not math.isfinite(value)
        ):
            raise ValidationError(key, f"a factor's value must be a number (got {value!r})")
    check_text("note", day.note)
    return day


def merge_day(old: DayLog, new: DayLog) -> DayLog:
    """Merge a partial update into what is logged: fields given in ``new`` win.

    Nothing already logged is lost: ``None`` in ``new`` keeps the old value; a checked-in day
    stays checked in (and a day marked tags complete stays so); custom values given replace
    those of the same factor; notes given replace the old note. Drink counts given replace those of
    the same drink and the caffeine total is recomputed from all drinks of the day; milligrams
    given directly replace the drink counts.
    """
    changes: dict[str, Any] = {}
    for name in FACTOR_FIELDS:
        value = getattr(new, name)
        if value is not None:
            changes[name] = value
    if new.drinks:
        drinks = {name: n for name, n in {**old.drinks, **new.drinks}.items() if n}
        changes["drinks"] = drinks
        if new.caffeine_mg is None:
            changes["caffeine_mg"] = caffeine_from_drinks(drinks)
    elif new.caffeine_mg is not None:
        changes["drinks"] = {}  # milligrams given directly replace any drink counts
    if new.note:
        changes["note"] = new.note
    if new.custom:  # values given replace those of the same factor; the others stay
        changes["custom"] = {**old.custom, **new.custom}
    changes["checked_in"] = old.checked_in or new.checked_in
    changes["tags_complete"] = old.tags_complete or new.tags_complete
    return validate_day(replace(old, **changes))


def validate_medication(med: Medication) -> Medication:
    """Name present, dates in order, text lengths bounded."""
    if not med.name.strip():
        raise ValidationError("name", "name must not be empty")
    check_text("name", med.name, MAX_NAME_CHARS)
    check_text("dose", med.dose, MAX_NAME_CHARS)
    check_text("note", med.note)
    check_date(med.start, "start")
    if med.stop is not None:
        check_date(med.stop, "stop")
    if med.stop is not None and med.stop < med.start:
        raise ValidationError(
            "stop", f"stop must be on or after the start {med.start} (got {med.stop})"
        )
    return med


def validate_health_note(note: HealthNote) -> HealthNote:
    """A topic is required; a flag's topic must be a known red flag."""
    if not note.topic.strip():
        raise ValidationError("topic", "topic must not be empty")
    check_text("topic", note.topic, MAX_NAME_CHARS)
    check_text("text", note.text)
    check_date(note.day)
    if note.kind is NoteKind.FLAG and note.topic not in {f.value for f in RedFlag}:
        known = ", ".join(choice_words(f.value) for f in RedFlag)
        raise ValidationError(
            "flag", f"red flag must be one of {known}, for example weakness (got {note.topic!r})"
        )
    return note


def check_day_not_future(day: date, today: date) -> None:
    """A day log or note may not be for a day after today."""
    if day > today:
        raise ValidationError("date", f"date must be today or earlier (got {day})")


__all__ = [
    "FUTURE_TOLERANCE",
    "MAX_NOTE_CHARS",
    "RANGES",
    "caffeine_from_drinks",
    "check_day_not_future",
    "check_number",
    "check_text",
    "inert",
    "merge_day",
    "validate_day",
    "validate_episode",
    "validate_health_note",
    "validate_medication",
]
