"""Repository functions: domain values in, domain values out. Every write is one short
``BEGIN IMMEDIATE`` transaction; a function returns only after its commit.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from sqlalchemy import delete, func, insert, text
from sqlmodel import Session, col, select

from twitchlog.domain.models import (
    DayLog,
    Episode,
    EpisodeDayStats,
    HealthNote,
    JournalSlice,
    Medication,
    NoteKind,
)
from twitchlog.domain.validation import (
    merge_day,
    validate_day,
    validate_episode,
    validate_health_note,
    validate_medication,
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
)
from twitchlog.storage.tables import DayLogRow, EpisodeRow, HealthNoteRow, MedicationRow

# ---------------------------------------------------------------- episodes


def add_episode(journal: Journal, episode: Episode) -> Episode:
    """Save a new episode; returns it as stored (with ``recorded_at``)."""
    validate_episode(episode)
    rec = episode_record(episode)
    with journal.write() as s:
        s.add(EpisodeRow(**rec))
    return episode_from_record(rec)


def update_episode(journal: Journal, episode: Episode) -> Episode:
    """Replace an existing episode's fields (the id and ``recorded_at`` stay)."""
    with journal.write() as s:
        row = s.get(EpisodeRow, episode.id)
        if row is None:
            raise NotFound(f"no episode with id {episode.id}")
        validate_episode(episode, now=None)
        rec = episode_record(episode)
        rec["recorded_at"] = row.recorded_at
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
    """Put back a deleted episode exactly as it was (undo)."""
    with journal.write() as s:
        s.add(EpisodeRow(**episode_record(episode)))


def get_episode(journal: Journal, episode_id: str) -> Episode:
    """The episode whose id is or starts with ``episode_id`` (at least 4 characters)."""
    with journal.read() as s:
        return episode_from_record(_resolve(s, EpisodeRow, episode_id))


def _resolve(s: Session, table: Any, ident: str) -> Any:
    ident = ident.strip().lower()
    if len(ident) < 4:
        raise NotFound(f"id must be at least 4 characters (got {ident!r})")
    row = s.get(table, ident)
    if row is not None:
        return row
    rows = s.exec(
        select(table).where(col(table.id).startswith(ident, autoescape=True)).limit(2)
    ).all()
    if not rows:
        raise NotFound(f"no entry with id {ident}")
    if len(rows) > 1:
        raise NotFound(f"id {ident} matches several entries; give more characters")
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
        return day_from_record(row) if row is not None else None


def merge_day_log(journal: Journal, update: DayLog) -> DayLog:
    """Merge ``update`` into the day's log (read, merge, write in one transaction)."""
    validate_day(update)
    with journal.write() as s:
        row = s.get(DayLogRow, update.day.isoformat())
        old = day_from_record(row) if row is not None else DayLog(day=update.day)
        merged = merge_day(old, update)
        _put_day(s, row, merged)
    return merged


def replace_day_log(journal: Journal, day: DayLog) -> DayLog:
    """Set the day's log to exactly ``day`` (fields left empty become not logged)."""
    validate_day(day)
    with journal.write() as s:
        row = s.get(DayLogRow, day.day.isoformat())
        if day.is_empty():
            if row is not None:
                s.delete(row)
        else:
            _put_day(s, row, day)
    return day


def _put_day(s: Session, row: DayLogRow | None, day: DayLog) -> None:
    rec = day_record(day)
    if row is None:
        s.add(DayLogRow(**rec))
        return
    for key, value in rec.items():
        setattr(row, key, value)
    s.add(row)


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
        return [day_from_record(r) for r in s.exec(q).all()]


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
    by_name = s.exec(
        select(MedicationRow).where(
            func.lower(MedicationRow.name) == ident.strip().lower(),
            col(MedicationRow.stop).is_(None),
        )
    ).all()
    if len(by_name) == 1:
        return by_name[0]
    row: MedicationRow = _resolve(s, MedicationRow, ident)
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


def journal_bounds(journal: Journal) -> tuple[date, date] | None:
    """The first and last local day with an episode or a day log, or None if empty."""
    with journal.read() as s:
        row = s.exec(
            text(
                "SELECT min(d), max(d) FROM (SELECT min(local_date) AS d FROM episodes "
                "UNION ALL SELECT max(local_date) FROM episodes "
                "UNION ALL SELECT min(day) FROM day_logs UNION ALL SELECT max(day) FROM day_logs)"
            )  # type: ignore[call-overload]
        ).one()
    if row[0] is None:
        return None
    return date.fromisoformat(row[0]), date.fromisoformat(row[1])


def load_slice(journal: Journal, start: date, end: date) -> JournalSlice:
    """Everything the analysis and the charts need for ``[start, end]``, aggregated per day."""
    lo, hi = start.isoformat(), end.isoformat()
    with journal.read() as s:
        # plain rows, not ORM objects: 7,300 days of a 20-year journal would build 7,300
        # SQLModel instances (pydantic set-up each) only to convert them at once
        days = [
            day_from_record(r)
            for r in s.execute(
                select(*DayLogRow.__table__.columns)  # type: ignore[attr-defined]
                .where(col(DayLogRow.day) >= lo, col(DayLogRow.day) <= hi)
                .order_by(col(DayLogRow.day))
            ).all()
        ]
        per_day = s.exec(
            select(
                EpisodeRow.local_date,
                func.count(),
                func.sum(EpisodeRow.duration_s),
                func.avg(EpisodeRow.intensity),
            )
            .where(col(EpisodeRow.local_date) >= lo, col(EpisodeRow.local_date) <= hi)
            .group_by(col(EpisodeRow.local_date))
            .order_by(col(EpisodeRow.local_date))
        ).all()
        sites = s.exec(
            select(EpisodeRow.site, func.count())
            .where(col(EpisodeRow.local_date) >= lo, col(EpisodeRow.local_date) <= hi)
            .group_by(col(EpisodeRow.site))
        ).all()
        driver: Any = s.connection().connection.dbapi_connection
        hour_counts = hour_counts_in(driver, lo, hi)
        meds = [medication_from_record(r) for r in s.exec(select(MedicationRow)).all()]
    return JournalSlice(
        start=start,
        end=end,
        days=tuple(days),
        episode_days=tuple(
            EpisodeDayStats(
                day=date.fromisoformat(d),
                episodes=int(n),
                total_duration_s=int(total) if total is not None else None,
                mean_intensity=float(mean) if mean is not None else None,
            )
            for d, n, total, mean in per_day
        ),
        medications=tuple(sorted(meds, key=lambda m: (m.start, m.name))),
        site_counts={site: int(n) for site, n in sites},
        hour_counts=hour_counts,
    )


_HOUR_SQL = (
    "SELECT (((CAST(substr(started_at, 12, 2) AS INTEGER) * 60"
    " + CAST(substr(started_at, 15, 2) AS INTEGER) + ?) % 1440 + 1440) % 1440) / 60 AS hour,"
    " count(*) FROM episodes WHERE +timezone = ? AND started_at >= ? AND started_at < ?"
    " AND +local_date BETWEEN ? AND ? GROUP BY hour"  # unary +: use the started_at index
)


def hour_counts_in(conn: Any, lo: str, hi: str) -> tuple[int, ...]:
    """Episodes of the local days ``lo..hi`` by local hour of start, in each one's own zone.

    Counted in SQL: for each zone, the UTC instants are cut into spans of constant UTC offset
    (two a year where the zone has summer time), and each span is one ``GROUP BY`` with its
    offset added to the UTC minute of the day. 146,000 episodes of 20 years cost about 40
    queries instead of 146,000 zone conversions in Python.
    """
    counts = [0] * 24
    zones = conn.execute(
        "SELECT timezone, min(started_at), max(started_at) FROM episodes "
        "WHERE local_date BETWEEN ? AND ? GROUP BY timezone",
        (lo, hi),
    ).fetchall()
    for tz, first, last in zones:
        for span_from, span_to, offset in offset_spans(tz, first, last):
            for hour, n in conn.execute(_HOUR_SQL, (offset, tz, span_from, span_to, lo, hi)):
                counts[int(hour)] += int(n)
    return tuple(counts)


def offset_spans(tz: str, first: str, last: str) -> list[tuple[str, str, int]]:
    """``(from, to, offset_minutes)`` UTC spans covering ``first..last`` (instant texts) in
    which zone ``tz`` keeps one UTC offset; a new span starts at each change."""
    from datetime import datetime, timedelta
    from zoneinfo import ZoneInfo

    zi = ZoneInfo(tz)

    def offset(t: datetime) -> int:
        delta = t.astimezone(zi).utcoffset() or timedelta(0)
        return int(delta.total_seconds() // 60)

    def text(t: datetime) -> str:
        return t.strftime("%Y-%m-%dT%H:%M:%SZ")

    day = timedelta(days=1)
    step = timedelta(minutes=15)  # offsets change on quarter hours at the finest
    begin = datetime.fromisoformat(first[:10] + "T00:00:00+00:00")
    stop = datetime.fromisoformat(last[:10] + "T00:00:00+00:00") + day
    spans: list[tuple[str, str, int]] = []
    span_start, current = begin, offset(begin)
    t = begin
    while t < stop:
        if offset(min(t + day, stop)) == current:
            t += day
            continue
        q = t + step
        while offset(q) == current:
            q += step
        spans.append((text(span_start), text(q), current))
        span_start, current, t = q, offset(q), q
    spans.append((text(span_start), text(stop), current))
    return spans


# ---------------------------------------------------------------- bulk and import


@dataclass(frozen=True)
class ImportCounts:
    """How many entries of each kind an import added (or would add)."""

    episodes: int = 0
    days: int = 0
    medications: int = 0
    health_notes: int = 0

    @property
    def total(self) -> int:
        """All entries together."""
        return self.episodes + self.days + self.medications + self.health_notes


def import_entries(
    journal: Journal,
    *,
    episodes: Sequence[Episode] = (),
    days: Sequence[DayLog] = (),
    medications: Sequence[Medication] = (),
    health_notes: Sequence[HealthNote] = (),
    apply: bool = True,
) -> ImportCounts:
    """Add entries whose ids (dates, for days) are new, all in one transaction.

    Days already logged are merged (values from the file fill in and win). With
    ``apply=False`` nothing is written and the counts say what would change. A failure at any
    row rolls the whole import back.
    """
    for ep in episodes:
        validate_episode(ep)
    for d in days:
        validate_day(d)
    for m in medications:
        validate_medication(m)
    for n in health_notes:
        validate_health_note(n)
    with journal.write() if apply else journal.read() as s:
        have_eps = set(s.exec(select(EpisodeRow.id)).all())
        have_meds = set(s.exec(select(MedicationRow.id)).all())
        have_notes = set(s.exec(select(HealthNoteRow.id)).all())
        new_eps = _unique_new(episodes, have_eps)
        new_meds = _unique_new(medications, have_meds)
        new_notes = _unique_new(health_notes, have_notes)
        changed_days = 0
        day_rows: dict[str, DayLogRow] = (
            {
                r.day: r
                for r in s.exec(
                    select(DayLogRow).where(
                        col(DayLogRow.day).in_([d.day.isoformat() for d in days])
                    )
                ).all()
            }
            if days
            else {}
        )
        merged_days: list[tuple[DayLogRow | None, DayLog]] = []
        for d in days:
            row = day_rows.get(d.day.isoformat())
            old = day_from_record(row) if row is not None else DayLog(day=d.day)
            merged = merge_day(old, d)
            if row is None or merged != old:
                changed_days += 1
                merged_days.append((row, merged))
        if apply:
            if new_eps:
                s.execute(insert(EpisodeRow), [episode_record(e) for e in new_eps])
            if new_meds:
                s.execute(insert(MedicationRow), [medication_record(m) for m in new_meds])
            if new_notes:
                s.execute(insert(HealthNoteRow), [health_note_record(n) for n in new_notes])
            for row, merged in merged_days:
                _put_day(s, row, merged)
    return ImportCounts(len(new_eps), changed_days, len(new_meds), len(new_notes))


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
        for table in (EpisodeRow, DayLogRow, MedicationRow, HealthNoteRow):
            s.execute(delete(table))
