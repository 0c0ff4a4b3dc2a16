"""Repository functions: domain values in, domain values out. Every write is one short
``BEGIN IMMEDIATE`` transaction; a function returns only after its commit.

Every write moves the record's change marker on (``revision`` + 1, a later ``updated_at``).
Forms save with :func:`patch_day` and :func:`patch_episode`: only the fields the person
changed, against the record they loaded. If someone else saved the record meanwhile, their
change and the person's merge when they touched different fields (fields the person did not
touch are never written); when both changed the same field to different values nothing is
written and :class:`ChangedElsewhere` says which, so the person can choose.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import date, datetime
from typing import Any

from sqlalchemy import delete, func, insert
from sqlmodel import Session, col, select

from twitchlog.domain.changes import (
    EPISODE_FIELDS,
    apply_changes,
    collisions,
)
from twitchlog.domain.errors import ValidationError
from twitchlog.domain.factors import FactorDef, check_factor_value
from twitchlog.domain.models import (
    DayLog,
    Episode,
    HealthNote,
    Medication,
    NoteKind,
)
from twitchlog.domain.validation import (
    inert,
    merge_day,
    validate_day,
    validate_episode,
    validate_health_note,
    validate_medication,
)
from twitchlog.storage.bulk_import import NAME_PREFIX as NAME_PREFIX  # noqa: PLC0414
from twitchlog.storage.bulk_import import ImportCounts as ImportCounts  # noqa: PLC0414
from twitchlog.storage.bulk_import import import_entries as import_entries  # noqa: PLC0414
from twitchlog.storage.conflicts import ChangedElsewhere
from twitchlog.storage.custom import (
    custom_defs,
    custom_site_keys,
    custom_symptom_keys,
)
from twitchlog.storage.errors import NotFound
from twitchlog.storage.journal import Journal
from twitchlog.storage.records import (
    day_from_record,
    day_record,
    episode_from_record,
    episode_record,
    health_note_from_record,
    health_note_record,
    medication_from_record,
    medication_record,
    next_change_time,
)
from twitchlog.storage.slices import hour_counts_in as hour_counts_in  # noqa: PLC0414
from twitchlog.storage.slices import journal_bounds as journal_bounds  # noqa: PLC0414
from twitchlog.storage.slices import load_slice as load_slice  # noqa: PLC0414
from twitchlog.storage.slices import offset_spans as offset_spans  # noqa: PLC0414
from twitchlog.storage.tables import (
    DayFactorValueRow,
    DayLogRow,
    EpisodeRow,
    FactorDefRow,
    HealthNoteRow,
    MedicationRow,
)

# ---------------------------------------------------------------- episodes


def add_episode(journal: Journal, episode: Episode) -> Episode:
    """Save a new episode; returns it as stored (with ``recorded_at``, revision 1).

    Its site may be one of the person's own places (``storage.custom.add_site``).
    """
    rec = episode_record(episode, updated_at=next_change_time(None), revision=1)
    with journal.write() as s:
        validate_episode(
            episode, custom_sites=custom_site_keys(s), custom_symptoms=custom_symptom_keys(s)
        )
        s.add(EpisodeRow(**rec))
    return episode_from_record(rec)


def update_episode(journal: Journal, episode: Episode) -> Episode:
    """Set every field of an existing episode to ``episode``'s (the id and ``recorded_at``
    stay). Forms use :func:`patch_episode`, which writes only what the person changed."""
    with journal.write() as s:
        row = s.get(EpisodeRow, episode.id)
        if row is None:
            raise NotFound(f"no episode with id {episode.id}")
        current = episode_from_record(row)
        changes = {f: getattr(episode, f) for f in EPISODE_FIELDS}
        return _write_episode(s, row, current, changes)


def patch_episode(
    journal: Journal,
    episode_id: str,
    changes: Mapping[str, object],
    *,
    loaded: Episode | None = None,
) -> Episode:
    """Write only ``changes`` (field name -> new value) to the stored episode; returns it.

    ``loaded`` is the episode as the person saw it when they started editing. If the stored
    one has moved on since, fields changed elsewhere that ``changes`` leaves alone are kept
    (the two edits merge); if both changed a field to different values, nothing is written
    and :class:`ChangedElsewhere` carries the stored episode. Without ``loaded`` (the CLI,
    whose options are explicit values) the fields are written as given. Raises
    :class:`NotFound` when the episode was deleted.
    """
    with journal.write() as s:
        row = s.get(EpisodeRow, episode_id)
        if row is None:
            raise NotFound(f"no episode with id {episode_id} (it may have been deleted)")
        current = episode_from_record(row)
        if loaded is not None and _moved_on(loaded, current):
            clash = collisions(loaded, current, changes)
            if clash:
                raise ChangedElsewhere(current, clash)
        return _write_episode(s, row, current, changes)


def _moved_on(loaded: DayLog | Episode, current: DayLog | Episode) -> bool:
    """Whether the stored record was written since ``loaded`` was read.

    The content is compared too: a record deleted and written again within the same second
    starts again at revision 1 with an equal change time.
    """
    marker = (loaded.revision, loaded.updated_at) != (current.revision, current.updated_at)
    return marker or loaded != current


def _write_episode(
    s: Session, row: EpisodeRow, current: Episode, changes: Mapping[str, object]
) -> Episode:
    new = validate_episode(
        apply_changes(current, changes),
        now=None,
        custom_sites=custom_site_keys(s),
        custom_symptoms=custom_symptom_keys(s),
    )
    if new == current:
        return current  # nothing changed: nothing written, the marker stays
    rec = episode_record(
        new,
        updated_at=next_change_time(current.updated_at),
        revision=current.revision + 1,
    )
    for key, value in rec.items():
        setattr(row, key, value)
    s.add(row)
    return episode_from_record(rec)


def delete_episode(journal: Journal, episode_id: str) -> Episode:
    """Delete an episode; returns what was deleted (so it can be put back)."""
    with journal.write() as s:
        row = s.get(EpisodeRow, episode_id)
        if row is None:
            raise NotFound(f"no episode with id {episode_id}")
        gone = episode_from_record(row)
        s.delete(row)
    return gone


def restore_episode(journal: Journal, episode: Episode) -> None:
    """Put back a deleted episode exactly as it was (undo; its revision moves on)."""
    with journal.write() as s:
        s.add(EpisodeRow(**episode_record(episode)))


def get_episode(journal: Journal, episode_id: str) -> Episode:
    """The episode whose id is or starts with ``episode_id`` (at least 4 characters)."""
    with journal.read() as s:
        return episode_from_record(_resolve(s, EpisodeRow, episode_id))


def _resolve(s: Session, table: Any, ident: str) -> Any:
    """The row with id ``ident``, else the one whose id starts with it: with its case first,
    then ignoring case (ids print in lower case). Ids are compared as written, never folded."""
    ident = ident.strip()
    shown = inert(ident)
    if len(ident) < 4:
        raise NotFound(f"id must be at least 4 characters (got {shown!r})")
    if not ident.isprintable():  # controls, or invalid UTF-8 from the command line: no such id
        raise NotFound(f"no entry with id {shown}")
    row = s.get(table, ident)
    if row is not None:
        return row
    rows = s.exec(
        select(table).where(func.substr(col(table.id), 1, len(ident)) == ident).limit(2)
    ).all()
    if not rows:
        rows = s.exec(
            select(table).where(col(table.id).startswith(ident, autoescape=True)).limit(2)
        ).all()
    if not rows:
        raise NotFound(f"no entry with id {shown}")
    if len(rows) > 1:
        raise NotFound(f"id {shown} matches several entries; give more characters")
    return rows[0]


def list_episodes(
    journal: Journal,
    *,
    start: date | None = None,
    end: date | None = None,
    site: str | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> list[Episode]:
    """Episodes newest first, filtered by local day and site, one page at a time."""
    with journal.read() as s:
        q = select(EpisodeRow)
        q = _episode_filter(q, start, end, site)
        q = q.order_by(col(EpisodeRow.started_at).desc(), col(EpisodeRow.id).desc())
        q = q.offset(offset)
        if limit is not None:
            q = q.limit(limit)
        return [episode_from_record(r) for r in s.exec(q).all()]


def count_episodes(
    journal: Journal, *, start: date | None = None, end: date | None = None, site: str | None = None
) -> int:
    """How many episodes match the filter."""
    with journal.read() as s:
        q = _episode_filter(select(func.count()).select_from(EpisodeRow), start, end, site)
        return int(s.exec(q).one())


def _episode_filter(q: Any, start: date | None, end: date | None, site: str | None) -> Any:
    if start is not None:
        q = q.where(col(EpisodeRow.local_date) >= start.isoformat())
    if end is not None:
        q = q.where(col(EpisodeRow.local_date) <= end.isoformat())
    if site is not None:
        q = q.where(col(EpisodeRow.site) == site)
    return q


def last_episode(journal: Journal) -> Episode | None:
    """The most recent episode by start time (the newest id among those at it), or None in
    an empty journal: through the start-time index, as Home reads it (``glance``), not a
    sort of every episode."""
    from twitchlog.storage import glance

    with journal.plain_read() as conn:
        return glance.last_episode(conn)


# ---------------------------------------------------------------- days


def get_day(journal: Journal, day: date) -> DayLog | None:
    """The day's log, or None when nothing was logged for it."""
    with journal.read() as s:
        row = s.get(DayLogRow, day.isoformat())
        return _day_of(s, row) if row is not None else None


def _day_of(s: Session, row: DayLogRow) -> DayLog:
    """The day log of ``row`` with its custom factor values."""
    return _with_custom(s, [day_from_record(row)])[0]


def _with_custom(s: Session, days: list[DayLog]) -> list[DayLog]:
    """``days`` with their custom factor values (one query over their span)."""
    if not days:
        return days
    lo = min(d.day for d in days).isoformat()
    hi = max(d.day for d in days).isoformat()
    by_day: dict[str, dict[str, float]] = {}
    rows = s.exec(
        select(DayFactorValueRow).where(
            col(DayFactorValueRow.day) >= lo, col(DayFactorValueRow.day) <= hi
        )
    ).all()
    for r in rows:
        by_day.setdefault(r.day, {})[r.factor_id] = r.value
    if not by_day:
        return days
    return [replace(d, custom=by_day.get(d.day.isoformat(), {})) for d in days]


def _store_custom(s: Session, day: DayLog) -> None:
    """Write the day's custom values (checked against their definitions) over the stored."""
    key = day.day.isoformat()
    if day.custom:
        _check_custom(day, custom_defs(s))
    s.flush()
    s.execute(delete(DayFactorValueRow).where(col(DayFactorValueRow.day) == key))
    if day.custom:
        s.execute(
            insert(DayFactorValueRow),
            [{"day": key, "factor_id": k, "value": float(v)} for k, v in day.custom.items()],
        )


def _check_custom(day: DayLog, defs: Mapping[str, FactorDef]) -> None:
    """Refuse a custom value whose factor ``defs`` lacks or whose value is out of its range."""
    for ident, value in day.custom.items():
        factor = defs.get(ident)
        if factor is None:
            raise ValidationError("factor", f"factor {ident!r} is not defined in this journal")
        check_factor_value(factor, value)


def merge_day_log(journal: Journal, update: DayLog) -> DayLog:
    """Merge ``update`` into the day's log (read, merge, write in one transaction)."""
    validate_day(update)
    with journal.write() as s:
        row = s.get(DayLogRow, update.day.isoformat())
        old = _day_of(s, row) if row is not None else DayLog(day=update.day)
        return _put_day(s, row, merge_day(old, update))


def replace_day_log(journal: Journal, day: DayLog) -> DayLog:
    """Set the day's log to exactly ``day`` (fields left empty become not logged).

    Used to undo a deletion; forms use :func:`patch_day`.
    """
    validate_day(day)
    with journal.write() as s:
        return _store_day(s, s.get(DayLogRow, day.day.isoformat()), day)


def patch_day(
    journal: Journal,
    day: date,
    changes: Mapping[str, object],
    *,
    loaded: DayLog | None = None,
) -> DayLog:
    """Write only ``changes`` (field name -> new value) to the day's log; returns it.

    ``loaded`` is the day as the person saw it when they opened the form (``DayLog(day=...)``
    with revision 0 when nothing was logged). As for :func:`patch_episode`: changes made
    elsewhere since then to other fields are kept, the same field changed to another value
    raises :class:`ChangedElsewhere` and writes nothing. A day left with nothing logged is
    deleted (not logged, never zero).
    """
    with journal.write() as s:
        row = s.get(DayLogRow, day.isoformat())
        current = _day_of(s, row) if row is not None else DayLog(day=day)
        if loaded is not None and _moved_on(loaded, current):
            clash = collisions(loaded, current, changes)
            if clash:
                raise ChangedElsewhere(current, clash)
        new = validate_day(apply_changes(current, changes))
        if new == current:
            return current
        return _store_day(s, row, new)


def _store_day(s: Session, row: DayLogRow | None, day: DayLog) -> DayLog:
    """Write ``day`` over ``row``; a day left with nothing logged is deleted (never zeros)."""
    if day.is_empty():
        if row is not None:
            s.delete(row)
        return replace(day, revision=0, updated_at=None)
    return _put_day(s, row, day)


def _put_day(
    s: Session, row: DayLogRow | None, day: DayLog, updated_at: datetime | None = None
) -> DayLog:
    """Write ``day`` over ``row`` (or as a new row), moving the stored marker on."""
    previous = day_from_record(row) if row is not None else None
    rec = day_record(
        day,
        updated_at or next_change_time(previous.updated_at if previous else None),
        revision=previous.revision + 1 if previous else 1,
    )
    if row is None:
        s.add(DayLogRow(**rec))
    else:
        for key, value in rec.items():
            setattr(row, key, value)
        s.add(row)
    _store_custom(s, day)
    return replace(day_from_record(rec), custom=dict(day.custom))


def list_days(
    journal: Journal,
    *,
    start: date | None = None,
    end: date | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> list[DayLog]:
    """Day logs newest first."""
    with journal.read() as s:
        q = select(DayLogRow)
        if start is not None:
            q = q.where(col(DayLogRow.day) >= start.isoformat())
        if end is not None:
            q = q.where(col(DayLogRow.day) <= end.isoformat())
        q = q.order_by(col(DayLogRow.day).desc()).offset(offset)
        if limit is not None:
            q = q.limit(limit)
        return _with_custom(s, [day_from_record(r) for r in s.exec(q).all()])


def count_days(journal: Journal) -> int:
    """How many days have a day log."""
    with journal.read() as s:
        return int(s.exec(select(func.count()).select_from(DayLogRow)).one())


# ---------------------------------------------------------------- medications and notes


def add_medication(journal: Journal, med: Medication) -> Medication:
    """Save a new medicine or supplement."""
    validate_medication(med)
    with journal.write() as s:
        s.add(MedicationRow(**medication_record(med)))
    return med


def stop_medication(journal: Journal, med_id: str, stop: date) -> Medication:
    """Set the stop day of a medicine (by id, id prefix, or exact name of an ongoing one)."""
    with journal.write() as s:
        row = _find_medication(s, med_id)
        med = validate_medication(replace(medication_from_record(row), stop=stop))
        for key, value in medication_record(med).items():
            setattr(row, key, value)
        s.add(row)
    return med


def _find_medication(s: Session, ident: str) -> MedicationRow:
    if not ident.isprintable():  # invalid UTF-8 from the command line names no medicine
        row_: MedicationRow = _resolve(s, MedicationRow, ident)
        return row_
    by_name = s.exec(
        select(MedicationRow).where(
            func.lower(MedicationRow.name) == ident.strip().lower(),
            col(MedicationRow.stop).is_(None),
        )
    ).all()
    if len(by_name) == 1:
        return by_name[0]
    try:
        row: MedicationRow = _resolve(s, MedicationRow, ident)
    except NotFound:
        shown = inert(ident.strip())
        if len(by_name) > 1:
            raise NotFound(
                f"several medicines you are taking are called {shown}; "
                "give the id shown by: twitchlog med list"
            ) from None
        raise NotFound(
            f"no medicine you are taking is called {shown} (stopped ones are named by their "
            "id); see: twitchlog med list"
        ) from None
    return row


def delete_medication(journal: Journal, med_id: str) -> Medication:
    """Delete a medicine entry."""
    with journal.write() as s:
        row = _find_medication(s, med_id)
        gone = medication_from_record(row)
        s.delete(row)
    return gone


def list_medications(journal: Journal, *, active_on: date | None = None) -> list[Medication]:
    """Medicines and supplements by start day (only those taken on ``active_on`` if given)."""
    with journal.read() as s:
        rows = s.exec(
            select(MedicationRow).order_by(col(MedicationRow.start), col(MedicationRow.name))
        ).all()
        meds = [medication_from_record(r) for r in rows]
    return [m for m in meds if active_on is None or m.active_on(active_on)]


def add_health_note(journal: Journal, note: HealthNote) -> HealthNote:
    """Save a test, visit or red-flag observation."""
    validate_health_note(note)
    with journal.write() as s:
        s.add(HealthNoteRow(**health_note_record(note)))
    return note


def delete_health_note(journal: Journal, note_id: str) -> HealthNote:
    """Delete a health note by id or id prefix."""
    with journal.write() as s:
        row = _resolve(s, HealthNoteRow, note_id)
        gone = health_note_from_record(row)
        s.delete(row)
    return gone


def list_health_notes(
    journal: Journal,
    *,
    kind: NoteKind | None = None,
    start: date | None = None,
    end: date | None = None,
) -> list[HealthNote]:
    """Health notes by day."""
    with journal.read() as s:
        q = select(HealthNoteRow)
        if kind is not None:
            q = q.where(col(HealthNoteRow.kind) == kind.value)
        if start is not None:
            q = q.where(col(HealthNoteRow.day) >= start.isoformat())
        if end is not None:
            q = q.where(col(HealthNoteRow.day) <= end.isoformat())
        rows = s.exec(q.order_by(col(HealthNoteRow.day), col(HealthNoteRow.id))).all()
        return [health_note_from_record(r) for r in rows]


# ---------------------------------------------------------------- whole-journal reads


def all_episodes(journal: Journal) -> list[Episode]:
    """Every episode, oldest first (for export)."""
    with journal.read() as s:
        q = select(EpisodeRow).order_by(col(EpisodeRow.started_at), col(EpisodeRow.id))
        return [episode_from_record(r) for r in s.exec(q).all()]


def all_days(journal: Journal) -> list[DayLog]:
    """Every day log, oldest first (for export)."""
    return list(reversed(list_days(journal)))


# ---------------------------------------------------------------- bulk


def clear_all(journal: Journal) -> None:
    """Delete every entry (used only to rebuild the sample journal)."""
    with journal.write() as s:
        for table in (EpisodeRow, DayLogRow, MedicationRow, HealthNoteRow, FactorDefRow):
            s.execute(delete(table))  # day logs first: their factor values go with them
