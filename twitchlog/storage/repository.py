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

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

from sqlalchemy import delete, func, insert
from sqlmodel import Session, col, select

from twitchlog.domain.changes import (
    DAY_FIELDS,
    EPISODE_FIELDS,
    apply_changes,
    changed_fields,
    collisions,
)
from twitchlog.domain.errors import ValidationError
from twitchlog.domain.experiment_record import Experiment
from twitchlog.domain.factors import FactorDef, check_factor_value, normal_name
from twitchlog.domain.models import (
    DayLog,
    Episode,
    HealthNote,
    Medication,
    NoteKind,
)
from twitchlog.domain.own_sites import CustomSite
from twitchlog.domain.own_symptoms import CustomSymptom
from twitchlog.domain.validation import (
    inert,
    merge_day,
    validate_day,
    validate_episode,
    validate_health_note,
    validate_medication,
)
from twitchlog.storage.bulk import insert_records
from twitchlog.storage.conflicts import ChangedElsewhere, ImportMatch, Outcome
from twitchlog.storage.custom import (
    custom_defs,
    custom_site_keys,
    custom_symptom_keys,
    import_factors,
    import_sites,
    import_symptoms,
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
    """The most recent episode by start time, or None in an empty journal."""
    found = list_episodes(journal, limit=1)
    return found[0] if found else None


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


# ---------------------------------------------------------------- bulk and import


@dataclass(frozen=True)
class ImportCounts:
    """What an import added or changed (or would), and every record the file and the journal
    both hold with different content (:attr:`matches`, each with what the import does)."""

    episodes: int = 0
    days: int = 0
    medications: int = 0
    health_notes: int = 0
    matches: tuple[ImportMatch, ...] = ()
    new_factors: tuple[FactorDef, ...] = ()
    """Factor definitions the journal lacks (created by the import)."""
    new_sites: tuple[CustomSite, ...] = ()
    """Own places the journal lacks (added by the import)."""
    new_symptoms: tuple[CustomSymptom, ...] = ()
    """Own symptoms the journal lacks (added by the import)."""

    @property
    def total(self) -> int:
        """All entries added or changed together."""
        entries = self.episodes + self.days + self.medications + self.health_notes
        return entries + len(self.new_factors) + len(self.new_sites) + len(self.new_symptoms)

    @property
    def conflicts(self) -> tuple[ImportMatch, ...]:
        """The matches where the journal keeps values that differ from the file's."""
        return tuple(m for m in self.matches if m.is_conflict)


def import_entries(
    journal: Journal,
    *,
    episodes: Sequence[Episode] = (),
    days: Sequence[DayLog] = (),
    medications: Sequence[Medication] = (),
    health_notes: Sequence[HealthNote] = (),
    factors: Sequence[FactorDef] = (),
    sites: Sequence[CustomSite] = (),
    apply: bool = True,
    symptoms: Sequence[CustomSymptom] = (),
    experiments: Sequence[Experiment] = (),
    today: date | None = None,
) -> ImportCounts:
    """Add the entries the journal lacks and compare the rest, all in one transaction.

    A record the journal already holds with the same content is left alone. With different
    content the change markers decide: a copy changed later in the file replaces the
    journal's (keeping what the file format cannot carry: drink counts, ``recorded_at``); an
    older or equally old copy never replaces anything. A file without markers (an export from
    before them, or a hand-made CSV) never overwrites a value: for a day log it only fills in
    what the journal lacks, anything else is kept as it is. Medicines and health notes carry
    no marker, so the journal's copy is kept. Every such record is reported in
    :attr:`ImportCounts.matches`. With ``apply=False`` nothing is written; the result says
    what would happen. A failure at any row rolls the whole import back.

    ``factors`` are the file's own-factor definitions: one the journal lacks is created
    (listed in :attr:`ImportCounts.new_factors`); one the journal has under another id but
    the same name, kind and range takes the file's values (``storage.custom.import_factors``).
    ``sites`` are the file's own places: those the journal lacks are added (with their side
    rule; a place the journal has keeps the journal's rule), and episodes may use them.
    ``symptoms`` are the file's own symptoms: those the journal lacks are added.
    ``experiments`` (with ``apply``) are added in the same transaction
    (``storage.experiments.add_experiments``, as of ``today``): a running one refused
    because another started meanwhile rolls the whole import back.
    """
    for d in days:
        validate_day(d)
    for m in medications:
        validate_medication(m)
    for n in health_notes:
        validate_health_note(n)
    with journal.write() if apply else journal.read() as s:
        new_sites = import_sites(s, sites, apply)
        places = custom_site_keys(s) | {p.key for p in new_sites}
        new_symptoms = import_symptoms(s, symptoms, apply)
        words = custom_symptom_keys(s) | {w.key for w in new_symptoms}
        for ep in episodes:
            validate_episode(ep, custom_sites=places, custom_symptoms=words)
        added, mapping = import_factors(s, factors, apply)
        mapping |= {
            NAME_PREFIX + normal_name(f.name): f.key for f in [*custom_defs(s).values(), *added]
        }
        days = [_mapped(d, mapping) for d in days]
        if not apply:
            _check_custom_keys(s, days, {f.key: f for f in added})
        ep_counts, ep_matches = _import_episodes(s, episodes, apply)
        day_count, day_matches = _import_days(s, days, apply)
        med_count, med_matches = _import_plain(
            s, MedicationRow, medications, medication_from_record, medication_record, apply
        )
        note_count, note_matches = _import_plain(
            s, HealthNoteRow, health_notes, health_note_from_record, health_note_record, apply
        )
        if apply and experiments:
            from twitchlog.storage.experiments import add_experiments

            add_experiments(s, experiments, today)
    return ImportCounts(
        ep_counts,
        day_count,
        med_count,
        note_count,
        (*ep_matches, *day_matches, *med_matches, *note_matches),
        tuple(added),
        tuple(new_sites),
        tuple(new_symptoms),
    )


#: How an import names a custom value known only by its factor's name (a days.csv column).
NAME_PREFIX = "name:"


def _mapped(day: DayLog, mapping: Mapping[str, str]) -> DayLog:
    if not day.custom:
        return day
    custom = {mapping.get(k, k): v for k, v in day.custom.items()}
    for key in custom:
        if key.startswith(NAME_PREFIX):
            raise ValidationError(
                "factor",
                f"days.csv has values for the factor {key[len(NAME_PREFIX) :]!r}, which neither "
                "the import nor this journal defines; import its factors.csv with it",
            )
    return replace(day, custom=custom)


def _check_custom_keys(s: Session, days: Sequence[DayLog], adding: Mapping[str, FactorDef]) -> None:
    """A dry run checks the custom values as the real import would."""
    defs = {**custom_defs(s), **adding}
    for day in days:
        for key, value in day.custom.items():
            if key not in defs:
                raise ValidationError("factor", f"factor {key!r} is not defined in this journal")
            check_factor_value(defs[key], value)


def _rows_by_key(s: Session, table: Any, column: str, keys: Sequence[str]) -> dict[str, Any]:
    """The rows whose ``column`` is one of ``keys`` (in chunks: SQLite limits parameters)."""
    out: dict[str, Any] = {}
    wanted = list(dict.fromkeys(keys))
    for i in range(0, len(wanted), 500):
        chunk = wanted[i : i + 500]
        for row in s.exec(select(table).where(col(getattr(table, column)).in_(chunk))).all():
            out[getattr(row, column)] = row
    return out


def _outcome(journal_changed: datetime | None, file_changed: datetime | None) -> Outcome:
    if file_changed is not None and journal_changed is not None and file_changed > journal_changed:
        return Outcome.REPLACES
    return Outcome.KEEPS


def _import_episodes(
    s: Session, episodes: Sequence[Episode], apply: bool
) -> tuple[int, list[ImportMatch]]:
    have = set(s.exec(select(EpisodeRow.id)).all())
    new = _unique_new(episodes, have)
    known = _first_copies(episodes, lambda e: e.id if e.id in have else None)
    rows = _rows_by_key(s, EpisodeRow, "id", list(known))
    matches: list[ImportMatch] = []
    replaced = 0
    for ident, theirs in known.items():
        row = rows[ident]
        ours = episode_from_record(row)
        differing = _differences(ours, theirs)
        if not differing:
            continue
        outcome = _outcome(ours.updated_at, theirs.updated_at)
        matches.append(
            ImportMatch("episodes", ident, differing, outcome, ours.updated_at, theirs.updated_at)
        )
        if outcome is Outcome.REPLACES:
            replaced += 1
            if apply:
                _write_import(s, row, ours, theirs, EPISODE_FIELDS)
    if apply and new:  # one executemany on the driver: the ORM's insert took 22 % of an import
        recs = [episode_record(e, updated_at=e.updated_at, revision=1) for e in new]
        insert_records(_driver(s), "episodes", recs)
    return len(new) + replaced, matches


def _driver(s: Session) -> Any:
    """The session's ``sqlite3`` connection, in its transaction, with the ORM's pending
    changes flushed first."""
    s.flush()
    return s.connection().connection.dbapi_connection


def _insert_new_days(s: Session, days: Sequence[DayLog]) -> None:
    """Day logs the journal lacks and their custom values (checked by the caller), one
    executemany per table (``_put_day`` per day flushed and queried once a day)."""
    if not days:
        return
    recs = [day_record(d, d.updated_at or next_change_time(None), revision=1) for d in days]
    values = [
        {"day": rec["day"], "factor_id": k, "value": float(v)}
        for d, rec in zip(days, recs, strict=True)
        for k, v in d.custom.items()
    ]
    conn = _driver(s)
    insert_records(conn, "day_logs", recs)
    insert_records(conn, "day_factor_values", values)


def _write_import(
    s: Session, row: EpisodeRow, ours: Episode, theirs: Episode, fields: Sequence[str]
) -> None:
    new = replace(ours, **{f: getattr(theirs, f) for f in fields})
    if theirs.recorded_at is not None:
        new = replace(new, recorded_at=theirs.recorded_at)
    rec = episode_record(new, updated_at=theirs.updated_at, revision=ours.revision + 1)
    for key, value in rec.items():
        setattr(row, key, value)
    s.add(row)


def _first_copies(items: Sequence[Any], key: Any) -> dict[str, Any]:
    """``key(item) -> item`` for items whose key is not None; the first copy of a key wins."""
    out: dict[str, Any] = {}
    for item in items:
        k = key(item)
        if k is not None:
            out.setdefault(k, item)
    return out


def _differences(ours: Any, theirs: Any) -> tuple[str, ...]:
    """The fields whose values differ (each field on its own, not by group)."""
    return tuple(f for f in changed_fields(ours, theirs) if getattr(ours, f) != getattr(theirs, f))


def _day_differences(ours: DayLog, theirs: DayLog) -> tuple[str, ...]:
    diff = _differences(ours, theirs)
    if not theirs.drinks and "caffeine_mg" not in diff:
        # the same milligrams from a file that carries no drink counts (CSV)
        diff = tuple(f for f in diff if f != "drinks")
    return diff


def _unset(day: DayLog, field: str) -> bool:
    return getattr(day, field) in (None, False, "", {})


def _import_days(s: Session, days: Sequence[DayLog], apply: bool) -> tuple[int, list[ImportMatch]]:
    by_day = _first_copies(days, lambda d: d.day.isoformat())
    rows = _rows_by_key(s, DayLogRow, "day", list(by_day))
    matches: list[ImportMatch] = []
    changed = 0
    new_days: list[DayLog] = []
    defs: dict[str, FactorDef] | None = None
    for key, theirs in by_day.items():
        row = rows.get(key)
        if row is None:
            changed += 1
            if apply:  # checked here, in the order _put_day checked them; written below
                defs = _checked_custom(s, theirs, defs)
                new_days.append(theirs)
            continue
        ours = _day_of(s, row)
        differing = _day_differences(ours, theirs)
        if not differing:
            continue
        if theirs.updated_at is None:
            filled = tuple(f for f in differing if f != "drinks" and _unset(ours, f))
            same_mg = "caffeine_mg" in filled or ours.caffeine_mg == theirs.caffeine_mg
            if "drinks" in differing and not ours.drinks and same_mg:
                filled = (*filled, "drinks")  # drink counts only with the mg they add up to
            kept = tuple(f for f in differing if f not in filled)
            outcome = Outcome.FILLS_IN if filled else Outcome.KEEPS
            matches.append(ImportMatch("days", key, kept, outcome, ours.updated_at, None, filled))
            if filled:
                changed += 1
                if apply:
                    _put_day(s, row, replace(ours, **{f: getattr(theirs, f) for f in filled}))
            continue
        outcome = _outcome(ours.updated_at, theirs.updated_at)
        matches.append(
            ImportMatch("days", key, differing, outcome, ours.updated_at, theirs.updated_at)
        )
        if outcome is Outcome.REPLACES:
            changed += 1
            if apply:
                new = replace(ours, **{f: getattr(theirs, f) for f in DAY_FIELDS})
                if not theirs.drinks and theirs.caffeine_mg == ours.caffeine_mg:
                    new = replace(new, drinks=ours.drinks)  # a CSV file has no drink counts
                _put_day(s, row, new, theirs.updated_at)
    _insert_new_days(s, new_days)
    return changed, matches


def _checked_custom(
    s: Session, day: DayLog, defs: dict[str, FactorDef] | None
) -> dict[str, FactorDef] | None:
    """Check ``day``'s custom values; the definitions are read once, when first needed."""
    if not day.custom:
        return defs
    defs = custom_defs(s) if defs is None else defs
    _check_custom(day, defs)
    return defs


def _import_plain(
    s: Session,
    table: Any,
    items: Sequence[Any],
    from_record: Any,
    to_record: Any,
    apply: bool,
) -> tuple[int, list[ImportMatch]]:
    """Medicines and health notes: add new ids; a known id with other content is kept."""
    have = {r.id: r for r in s.exec(select(table)).all()}
    new = _unique_new(items, set(have))
    matches: list[ImportMatch] = []
    key = "medications" if table is MedicationRow else "health_notes"
    for item in _first_copies(items, lambda i: i.id if i.id in have else None).values():
        ours, theirs = to_record(from_record(have[item.id])), to_record(item)
        differing = tuple(f for f in ours if ours[f] != theirs[f])
        if differing:
            matches.append(ImportMatch(key, item.id, differing, Outcome.KEEPS, None, None))
    if apply and new:
        s.execute(insert(table), [to_record(i) for i in new])
    return len(new), matches


def _unique_new(items: Sequence[Any], have: set[str]) -> list[Any]:
    seen = set(have)
    out = []
    for item in items:
        if item.id not in seen:
            seen.add(item.id)
            out.append(item)
    return out


def clear_all(journal: Journal) -> None:
    """Delete every entry (used only to rebuild the sample journal)."""
    with journal.write() as s:
        for table in (EpisodeRow, DayLogRow, MedicationRow, HealthNoteRow, FactorDefRow):
            s.execute(delete(table))  # day logs first: their factor values go with them
