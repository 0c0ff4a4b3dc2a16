"""The person's words for each field: the name the forms show, the unit spelled out, and an
example of a valid value. Every message about a value uses these, never a column name."""

from __future__ import annotations

from typing import Final, NamedTuple

from twitchlog.domain.factors import BUILTIN_FACTORS


class FieldWords(NamedTuple):
    """How messages speak of one field."""

    name: str
    """The field as the forms label it, in lower case (``sleep``, ``screen time``)."""
    unit: str
    """The unit spelled out (``hours``), empty for a plain count or scale."""
    example: str
    """A valid value, as it would be typed."""


#: Fields by their internal name (a column, a domain attribute, a ``RANGES`` key).
FIELD_WORDS: Final[dict[str, FieldWords]] = {
    "intensity": FieldWords("intensity", "", "4"),
    "duration_s": FieldWords("duration", "seconds", "30"),
    **{f.key: FieldWords(f.name, f.unit_words, f.example) for f in BUILTIN_FACTORS},
    "drinks": FieldWords("drinks", "", "2"),
    "coffee": FieldWords("coffee", "cups", "2"),
    "espresso": FieldWords("espresso", "shots", "1"),
    "tea": FieldWords("tea", "cups", "2"),
    "cola": FieldWords("cola", "cans", "1"),
    "energy": FieldWords("energy drink", "cans", "1"),
    "local_date": FieldWords("day", "", "2026-03-01"),
    "started_at": FieldWords("start time", "", "2026-03-01 14:05"),
    "recorded_at": FieldWords("time recorded", "", "2026-03-01 14:05"),
    "day": FieldWords("day", "", "2026-03-01"),
    "date": FieldWords("date", "", "2026-03-01"),
    "start": FieldWords("start", "", "2026-03-01"),
    "stop": FieldWords("stop", "", "2026-03-01"),
    "flag": FieldWords("red flag", "", "weakness"),
    "checked_in": FieldWords("all twitches logged", "", "yes"),
    "test_words": FieldWords("changed condition", "", "at most 100 mg"),
    "usual_words": FieldWords("usual condition", "", "as usual"),
}


def words(field: str) -> str:
    """The person's name for ``field`` (unknown fields: underscores become spaces)."""
    known = FIELD_WORDS.get(field)
    return known.name if known else field.replace("_", " ")


def example(field: str) -> str:
    """A valid value of ``field``, or empty when there is none to show."""
    known = FIELD_WORDS.get(field)
    return known.example if known else ""


def choice_words(value: str) -> str:
    """An enum value as a person types it (``after_exercise`` -> ``after exercise``)."""
    return value.replace("_", " ")
