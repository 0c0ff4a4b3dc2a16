"""Plain column records: how domain values are laid out in the tables (standard library only).

The SQLModel ``...Row`` tables and the quick-log ``sqlite3`` writer both use these functions,
so there is one mapping between domain values and columns.

Episodes and day logs carry a change marker: ``revision`` (1 for a new record, one more on
every write) and ``updated_at`` (UTC, whole seconds, always later than the record's previous
``updated_at``: see :func:`next_change_time`). Every write path builds its columns here, so
every write moves the marker on.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime, timedelta
from typing import Any

from twitchlog.domain.changes import EPISODE_FIELDS
from twitchlog.domain.factors import FactorDef, FactorKind, custom_factor
from twitchlog.domain.models import (
    FACTOR_FIELDS,
    Context,
    DayLog,
    Episode,
    HealthNote,
    Kind,
    Medication,
    MedKind,
    NoteKind,
)
from twitchlog.domain.own_symptoms import symptom_of
from twitchlog.domain.sites import Side
from twitchlog.storage.errors import DamagedValue

#: Episode columns in table order: the id, the fields a change may set, then the markers.
EPISODE_COLUMNS: tuple[str, ...] = ("id", *EPISODE_FIELDS, "recorded_at", "updated_at", "revision")

#: Day-log columns in table order.
DAY_COLUMNS: tuple[str, ...] = (
    "day",
    "checked_in",
    *FACTOR_FIELDS,
    "note",
    "drinks",
    "updated_at",
    "revision",
    "tags_complete",
)


def instant_text(instant: datetime) -> str:
    """A UTC instant as sortable text, ``2026-03-01T13:05:00Z`` (whole seconds).

    ``isoformat`` takes half ``strftime``'s time (an import writes three per episode);
    before the year 1000 ``strftime`` writes the year without its zeros, and is kept there.
    """
    utc = instant.astimezone(UTC)
    if utc.year >= 1000:
        return utc.isoformat(timespec="seconds")[:19] + "Z"
    return utc.strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_instant(text: str) -> datetime:
    """Inverse of :func:`instant_text`.

    The stored shape is read with ``fromisoformat`` (``strptime`` takes ~50 µs, which was a
    third of reading 7,300 day logs); anything else goes through ``strptime``, so what is
    accepted and refused is unchanged. The whole text, ``Z`` included, goes to
    ``fromisoformat`` (UTC since Python 3.11) in a plain ``try``: cutting the ``Z`` off,
    ``replace(tzinfo=...)`` and ``contextlib.suppress`` made it 5 times slower (0.06 s of
    an export of one year's 21,000 instants).
    """
    if (
        len(text) == 20
        and text[4] + text[7] + text[10] + text[13] + text[16] + text[19] == "--T::Z"
    ):
        try:
            return datetime.fromisoformat(text)
        except ValueError:
            pass
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)


def next_change_time(previous: datetime | None, now: datetime | None = None) -> datetime:
    """When a write happens, as stored: now, but always at least a second after ``previous``.

    So a record's ``updated_at`` grows with every write even within one second, or when the
    previous change came from a machine whose clock ran ahead; an older copy of the record is
    then always recognisably older.
    """
    moment = (now or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    if previous is not None and moment <= previous:
        return previous.astimezone(UTC) + timedelta(seconds=1)
    return moment


def _getter(r: Any) -> Callable[[str], Any]:
    """Column access for a mapping (a record) or an object with attributes (a row).

    Columns added later (the change marker, schema 3; ``tags_complete``, schema 5) may be
    missing.
    """
    if isinstance(r, dict):
        return lambda k: r[k] if k not in _MARKER_COLUMNS else r.get(k)
    return lambda k: getattr(r, k) if k not in _MARKER_COLUMNS else getattr(r, k, None)


_MARKER_COLUMNS = frozenset({"updated_at", "revision", "tags_complete"})


def _marker(get: Callable[[str], Any]) -> dict[str, Any]:
    updated = get("updated_at")
    return {
        "updated_at": parse_instant(updated) if updated else None,
        "revision": int(get("revision") or 0),
    }


def episode_record(
    ep: Episode,
    recorded_at: datetime | None = None,
    *,
    updated_at: datetime | None = None,
    revision: int | None = None,
) -> dict[str, Any]:
    """The column values of an episode as written now.

    ``updated_at`` defaults to :func:`next_change_time` after the value's own, ``revision`` to
    one more than the value's (a new value has revision 0, so it is stored as 1).
    """
    rec = ep.recorded_at or recorded_at or datetime.now(UTC)
    return {
        "id": ep.id,
        "started_at": instant_text(ep.started_at),
        "timezone": ep.timezone,
        "local_date": ep.local_date.isoformat(),
        "site": ep.site,
        "side": ep.side.value if ep.side else None,
        "kind": ep.kind.value,
        "duration_s": ep.duration_s,
        "intensity": ep.intensity,
        "context": ep.context.value if ep.context else None,
        "visible": None if ep.visible is None else int(ep.visible),
        "symptoms": ";".join(sorted(ep.symptoms)),
        "note": ep.note,
        "recorded_at": instant_text(rec),
        "updated_at": instant_text(updated_at or next_change_time(ep.updated_at)),
        "revision": ep.revision + 1 if revision is None else revision,
    }


def episode_from_record(r: Any) -> Episode:
    """An Episode from a row or mapping with the episode columns (attribute or key access)."""
    get = _getter(r)
    symptoms = get("symptoms")
    return Episode(
        id=get("id"),
        started_at=parse_instant(get("started_at")),
        timezone=get("timezone"),
        local_date=date.fromisoformat(get("local_date")),
        site=get("site"),
        side=Side(get("side")) if get("side") else None,
        kind=Kind(get("kind")),
        duration_s=get("duration_s"),
        intensity=get("intensity"),
        context=Context(get("context")) if get("context") else None,
        visible=None if get("visible") is None else bool(get("visible")),
        symptoms=frozenset(symptom_of(s) for s in symptoms.split(";") if s)
        if symptoms
        else frozenset(),
        note=get("note") or "",
        recorded_at=parse_instant(get("recorded_at")),
        **_marker(get),
    )


def day_record(
    day: DayLog, updated_at: datetime | None = None, *, revision: int | None = None
) -> dict[str, Any]:
    """The column values of a day log as written now (drinks as compact sorted JSON).

    The change marker is set as for :func:`episode_record`.
    """
    rec: dict[str, Any] = {"day": day.day.isoformat(), "checked_in": int(day.checked_in)}
    for name in FACTOR_FIELDS:
        rec[name] = getattr(day, name)
    rec["note"] = day.note
    rec["drinks"] = json.dumps(dict(sorted(day.drinks.items())), separators=(",", ":"))
    rec["updated_at"] = instant_text(updated_at or next_change_time(day.updated_at))
    rec["revision"] = day.revision + 1 if revision is None else revision
    rec["tags_complete"] = int(day.tags_complete)
    return rec


def day_from_record(r: Any) -> DayLog:
    """A DayLog from a row with the day columns."""
    get = _getter(r)
    drinks_raw = get("drinks") or "{}"
    try:
        drinks = dict(_drinks(drinks_raw))
    except (ValueError, TypeError, AttributeError):  # damaged bytes (the CHECK says JSON)
        raise DamagedValue(f"the drinks of {get('day')} are not valid") from None
    return DayLog(
        day=date.fromisoformat(get("day")),
        checked_in=bool(get("checked_in")),
        note=get("note") or "",
        drinks=drinks,
        tags_complete=bool(get("tags_complete")),
        **_columns(r, FACTOR_FIELDS),
        **_marker(get),
    )


@functools.lru_cache(maxsize=256)
def _drinks(raw: str) -> tuple[tuple[str, int], ...]:
    """The drink counts stored as JSON text. A journal repeats a few combinations (7,300 days
    of 20 years hold a few dozen), so each text is decoded once (``load_slice``, export)."""
    return tuple((str(k), int(v)) for k, v in json.loads(raw).items())


def _columns(r: Any, names: Iterable[str]) -> dict[str, Any]:
    """The columns ``names`` (none of them a marker column) of a record or a row."""
    if isinstance(r, dict):
        return {name: r[name] for name in names}
    return {name: getattr(r, name) for name in names}


def medication_record(med: Medication) -> dict[str, Any]:
    """The column values of a medication."""
    return {
        "id": med.id,
        "name": med.name,
        "dose": med.dose,
        "kind": med.kind.value,
        "start": med.start.isoformat(),
        "stop": med.stop.isoformat() if med.stop else None,
        "note": med.note,
    }


def medication_from_record(r: Any) -> Medication:
    """A Medication from a row with the medication columns."""
    get = _getter(r)
    return Medication(
        id=get("id"),
        name=get("name"),
        dose=get("dose") or "",
        kind=MedKind(get("kind")),
        start=date.fromisoformat(get("start")),
        stop=date.fromisoformat(get("stop")) if get("stop") else None,
        note=get("note") or "",
    )


def health_note_record(note: HealthNote) -> dict[str, Any]:
    """The column values of a health note."""
    return {
        "id": note.id,
        "day": note.day.isoformat(),
        "kind": note.kind.value,
        "topic": note.topic,
        "text": note.text,
    }


def health_note_from_record(r: Any) -> HealthNote:
    """A HealthNote from a row with the health-note columns."""
    get = _getter(r)
    return HealthNote(
        id=get("id"),
        day=date.fromisoformat(get("day")),
        kind=NoteKind(get("kind")),
        topic=get("topic"),
        text=get("text") or "",
    )


def factor_from_record(r: Any) -> FactorDef:
    """A person's own factor from a ``factor_defs`` row read through ``sqlite3`` (the plain
    read paths' twin of ``custom.factor_from_row``)."""
    return custom_factor(
        r["id"],
        r["name"],
        FactorKind(r["kind"]),
        low=r["low"],
        high=r["high"],
        unit=r["unit"] or "",
        whole=bool(r["whole"]),
        created_on=date.fromisoformat(r["created_on"]),
        retired_on=date.fromisoformat(r["retired_on"]) if r["retired_on"] else None,
    )
