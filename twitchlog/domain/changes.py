"""Field-level changes to a day log or an episode, and how two changes to one record meet.

A form remembers the record it loaded and sends only the fields the person changed
(:func:`changed_fields`). When the stored record moved on meanwhile, the change is laid over
the stored one (:func:`apply_changes`) unless someone else changed one of the same fields to
something else (:func:`collisions`): then the person chooses. Fields that belong together are
compared and written as one: a day's caffeine in mg and the drinks it came from; an episode's
start, zone and local day.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any, Final, TypeVar

from twitchlog.domain.models import FACTOR_FIELDS, DayLog, Episode

#: The fields of a day log a change may set (the day itself is the record's identity).
DAY_FIELDS: Final = ("checked_in", *FACTOR_FIELDS, "drinks", "note", "custom", "tags_complete")
#: The fields of an episode a change may set (not the id, not when it was recorded).
EPISODE_FIELDS: Final = (
    "started_at",
    "timezone",
    "local_date",
    "site",
    "side",
    "kind",
    "duration_s",
    "intensity",
    "context",
    "visible",
    "symptoms",
    "note",
)
#: Fields changed and compared together.
_GROUPS: Final[tuple[frozenset[str], ...]] = (
    frozenset({"caffeine_mg", "drinks"}),
    frozenset({"started_at", "timezone", "local_date"}),
)

R = TypeVar("R", DayLog, Episode)


def fields_of(record: DayLog | Episode) -> tuple[str, ...]:
    """The fields a change to ``record`` may set."""
    return DAY_FIELDS if isinstance(record, DayLog) else EPISODE_FIELDS


def _with_groups(names: set[str]) -> set[str]:
    out = set(names)
    for group in _GROUPS:
        if out & group:
            out |= group
    return out


def changed_fields(before: R, after: R) -> dict[str, Any]:
    """The fields of ``after`` that differ from ``before`` (with the rest of their group)."""
    names = {f for f in fields_of(before) if getattr(before, f) != getattr(after, f)}
    return {f: getattr(after, f) for f in fields_of(before) if f in _with_groups(names)}


def collisions(loaded: R, current: R, changes: Mapping[str, Any]) -> tuple[str, ...]:
    """Fields that ``changes`` sets and someone else changed to another value since ``loaded``.

    A field counts when the stored value (``current``) is no longer what was loaded and is not
    what the change sets either; a field changed elsewhere that this change leaves alone is no
    collision (the two changes merge).
    """
    elsewhere = _with_groups(
        {f for f in fields_of(loaded) if getattr(loaded, f) != getattr(current, f)}
    )
    return tuple(
        f
        for f in fields_of(loaded)
        if f in changes and f in elsewhere and getattr(current, f) != changes[f]
    )


def apply_changes(current: R, changes: Mapping[str, Any]) -> R:
    """``current`` with ``changes`` laid over it; unknown field names are a programming error."""
    unknown = set(changes) - set(fields_of(current))
    if unknown:
        raise ValueError(f"not a field a change may set: {', '.join(sorted(unknown))}")
    return replace(current, **changes)
