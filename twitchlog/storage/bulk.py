"""Whole-journal reads and bulk inserts through the driver (``sqlite3`` alone), for
``export`` and ``import``.

An export reads every row once. Through SQLModel that meant importing SQLAlchemy, SQLModel
and pydantic (about a third of a 1-year export) and building one ORM object per row before
its domain value; here the rows come from the driver's cursor as dicts and become domain
values through the same ``records`` functions the ORM path uses, so both read alike (a test
compares them). Everything is read in one deferred transaction: one consistent snapshot.
Nothing is written.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import replace
from datetime import date
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from twitchlog.domain.factors import FactorDef
from twitchlog.domain.models import Context, DayLog, Episode, HealthNote, Kind, Medication
from twitchlog.domain.own_sites import CustomSite
from twitchlog.domain.own_symptoms import CustomSymptom, symptom_of
from twitchlog.domain.sites import Side
from twitchlog.storage.backup import newest_good_backup
from twitchlog.storage.connection import is_busy, open_connection, unwritable_reason
from twitchlog.storage.errors import (
    DamagedValue,
    JournalBusy,
    JournalCorrupt,
    JournalError,
    JournalUnwritable,
)
from twitchlog.storage.records import (
    EPISODE_COLUMNS,
    day_from_record,
    factor_from_record,
    health_note_from_record,
    medication_from_record,
    parse_instant,
)

if TYPE_CHECKING:
    from twitchlog.domain.experiment_record import Experiment


def _dict_row(cursor: sqlite3.Cursor, row: tuple[Any, ...]) -> dict[str, Any]:
    return {d[0]: v for d, v in zip(cursor.description, row, strict=True)}


@contextlib.contextmanager
def said_for_the_person(path: Path) -> Iterator[None]:
    """The driver's failures as ``Journal.read`` says them: busy, unwritable, damaged (a
    damaged text is never quoted: SQLite's message would show the person's note)."""
    try:
        yield
    except sqlite3.Error as exc:
        if is_busy(exc):
            raise JournalBusy() from None
        reason = unwritable_reason(exc)
        if reason is not None:
            raise JournalUnwritable(path, reason) from None
        if "could not decode" in str(exc).lower():
            detail = "a stored text is not valid UTF-8"
            raise JournalCorrupt(path, detail, newest_good_backup(path)) from None
        short = str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__
        if isinstance(exc, sqlite3.OperationalError):
            raise JournalError(f"the journal could not be used: {short}") from None
        raise JournalCorrupt(path, short, newest_good_backup(path)) from None
    except DamagedValue as exc:
        raise JournalCorrupt(path, str(exc), newest_good_backup(path)) from None


def _rows(conn: sqlite3.Connection, sql: str) -> list[dict[str, Any]]:
    cursor = conn.execute(sql)
    cursor.row_factory = _dict_row
    return cursor.fetchall()


#: The episode columns :func:`read_episodes` reads, in the order it unpacks them.
_EPISODE_SQL = (
    "SELECT id, started_at, timezone, local_date, site, side, kind, duration_s, intensity, "
    "context, visible, symptoms, note, recorded_at, updated_at, revision "
    "FROM episodes ORDER BY started_at, id"
)


def read_episodes(conn: sqlite3.Connection) -> list[Episode]:
    """Every episode, oldest first (as ``repository.all_episodes``).

    The values are ``records.episode_from_record``'s (a test compares them), built from the
    cursor's tuples: the enum members looked up in dicts (an unknown value still raises the
    enum's own error) and each distinct symptoms text decoded once. Through a dict per row
    and ``episode_from_record``'s column getter this took twice as long (7,151 episodes of
    the 1-year export, docs/performance.md).
    """
    sides = {m.value: m for m in Side}
    kinds = {m.value: m for m in Kind}
    contexts = {m.value: m for m in Context}
    symptom_sets: dict[str, frozenset[str]] = {}
    out = []
    for (
        id_,
        started_at,
        timezone,
        local_date,
        site,
        side,
        kind,
        duration_s,
        intensity,
        context,
        visible,
        symptoms,
        note,
        recorded_at,
        updated_at,
        revision,
    ) in conn.execute(_EPISODE_SQL):
        symptom_set = symptom_sets.get(symptoms)
        if symptom_set is None:
            symptom_set = symptom_sets[symptoms] = frozenset(
                symptom_of(s) for s in (symptoms or "").split(";") if s
            )
        out.append(
            Episode(
                id=id_,
                started_at=parse_instant(started_at),
                timezone=timezone,
                local_date=date.fromisoformat(local_date),
                site=site,
                side=(sides.get(side) or Side(side)) if side else None,
                kind=kinds.get(kind) or Kind(kind),
                duration_s=duration_s,
                intensity=intensity,
                context=(contexts.get(context) or Context(context)) if context else None,
                visible=None if visible is None else bool(visible),
                symptoms=symptom_set,
                note=note or "",
                recorded_at=parse_instant(recorded_at),
                updated_at=parse_instant(updated_at) if updated_at else None,
                revision=int(revision or 0),
            )
        )
    return out


def read_days(conn: sqlite3.Connection) -> list[DayLog]:
    """Every day log with its own factors' values, oldest first (as ``repository.all_days``)."""
    by_day: dict[str, dict[str, float]] = {}
    for r in _rows(conn, "SELECT day, factor_id, value FROM day_factor_values"):
        by_day.setdefault(r["day"], {})[r["factor_id"]] = r["value"]
    days = [day_from_record(r) for r in _rows(conn, "SELECT * FROM day_logs ORDER BY day")]
    if not by_day:
        return days
    return [replace(d, custom=by_day.get(d.day.isoformat(), {})) for d in days]


def read_medications(conn: sqlite3.Connection) -> list[Medication]:
    """Every medicine and supplement (by start, name, id; export sorts again)."""
    sql = "SELECT * FROM medications ORDER BY start, name, id"
    return [medication_from_record(r) for r in _rows(conn, sql)]


def read_health_notes(conn: sqlite3.Connection) -> list[HealthNote]:
    """Every health note by day (as ``repository.list_health_notes``)."""
    sql = "SELECT * FROM health_notes ORDER BY day, id"
    return [health_note_from_record(r) for r in _rows(conn, sql)]


def read_factors(conn: sqlite3.Connection) -> list[FactorDef]:
    """The own factor definitions by name, retired ones too (as ``custom.list_factors``)."""
    return [
        factor_from_record(r) for r in _rows(conn, "SELECT * FROM factor_defs ORDER BY name_key")
    ]


def read_sites(conn: sqlite3.Connection) -> list[CustomSite]:
    """The own places by key (as ``custom.list_sites``)."""
    rows = _rows(conn, "SELECT key, sided FROM custom_sites ORDER BY key")
    return [CustomSite(r["key"], bool(r["sided"])) for r in rows]


def read_symptoms(conn: sqlite3.Connection) -> list[CustomSymptom]:
    """The own symptoms by key (as ``custom.list_symptoms``)."""
    rows = _rows(conn, "SELECT key FROM custom_symptoms ORDER BY key")
    return [CustomSymptom(r["key"]) for r in rows]


def read_experiments(conn: sqlite3.Connection) -> list[Experiment]:
    """Every experiment with its schedule, oldest first (as ``experiments.list_experiments``).

    The experiment modules are imported only for a journal that has one: the export of a
    journal without experiments does without them (``docs/performance.md``)."""
    experiments = _rows(conn, "SELECT * FROM experiments ORDER BY created_at")
    if not experiments:
        return []
    from twitchlog.domain.experiment import Arm, ExperimentPlan, ScheduleDay
    from twitchlog.domain.experiment_record import Experiment, ExperimentStatus

    schedules: dict[str, list[ScheduleDay]] = {}
    for d in _rows(conn, "SELECT * FROM experiment_days ORDER BY experiment_id, day"):
        day = ScheduleDay(date.fromisoformat(d["day"]), Arm(d["arm"]), bool(d["washout"]))
        schedules.setdefault(d["experiment_id"], []).append(day)
    out = []
    for r in experiments:
        plan = ExperimentPlan(
            factor=r["factor"],
            name=r["name"],
            test_words=r["test_words"],
            usual_words=r["usual_words"],
            start=date.fromisoformat(r["start"]),
            weeks=r["weeks"],
            block_days=r["block_days"],
            washout_days=r["washout_days"],
            interim=bool(r.get("interim", 0)),  # the column is there from schema 6
            day_after=bool(r.get("day_after", 0)),  # and this one from schema 7
        )
        out.append(
            Experiment(
                id=r["id"],
                plan=plan,
                seed=r["seed"],
                schedule=tuple(schedules.get(r["id"], ())),
                status=ExperimentStatus(r["status"]),
                created_at=parse_instant(r["created_at"]),
                stopped_at=parse_instant(r["stopped_at"]) if r["stopped_at"] else None,
                stopped_on=date.fromisoformat(r["stopped_on"]) if r["stopped_on"] else None,
            )
        )
    return out


def read_stored_episodes(conn: sqlite3.Connection, columns: Sequence[str]) -> list[tuple[Any, ...]]:
    """The episode ``columns`` of every episode as stored (text, numbers, NULL), oldest first
    (``read_episodes``' order): CSV export writes them without a domain value per row."""
    unknown = set(columns) - set(EPISODE_COLUMNS)
    if unknown:
        raise ValueError(f"not episode columns: {sorted(unknown)}")
    names = ", ".join(columns)
    return conn.execute(f"SELECT {names} FROM episodes ORDER BY started_at, id").fetchall()


def read_everything(
    path: Path, *, episode_columns: Sequence[str] | None = None
) -> dict[str, tuple[Any, ...]]:
    """Every record of the journal at ``path`` by kind (the fields of the exchange's
    ``JournalData``), read in one deferred transaction; errors said as for the person.

    With ``episode_columns`` the episodes come as those stored columns
    (:func:`read_stored_episodes`), not as ``Episode`` values.

    A new kind of record in ``JournalData`` must be read here too, or export would leave it
    out (``tests/exchange/test_exchange_bulk.py`` checks that every field is read)."""
    with said_for_the_person(path):
        conn = open_connection(path)
        try:
            conn.execute("BEGIN")
            return {
                "episodes": tuple(
                    read_episodes(conn)
                    if episode_columns is None
                    else read_stored_episodes(conn, episode_columns)
                ),
                "days": tuple(read_days(conn)),
                "medications": tuple(read_medications(conn)),
                "health_notes": tuple(read_health_notes(conn)),
                "factors": tuple(read_factors(conn)),
                "sites": tuple(read_sites(conn)),
                "symptoms": tuple(read_symptoms(conn)),
                "experiments": tuple(read_experiments(conn)),
            }
        finally:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            conn.close()


def insert_records(
    conn: sqlite3.Connection, table: str, records: Sequence[Mapping[str, Any]]
) -> None:
    """Insert ``records`` (column dicts, all with the same keys) into ``table`` with one
    ``executemany`` on ``conn``, inside the caller's transaction (an import's, all or
    nothing). The values are the caller's, already checked; the table's constraints back
    that up."""
    if not records:
        return
    columns = list(records[0])
    names = ", ".join(columns)
    marks = ", ".join("?" * len(columns))
    # positional parameters: binding each row by name cost a quarter of the insert
    conn.executemany(
        f"INSERT INTO {table} ({names}) VALUES ({marks})", map(itemgetter(*columns), records)
    )


def read_keys(path: Path) -> tuple[set[str], set[date]]:
    """The ids of the stored episodes, medicines and health notes, and the days with a day
    log (what an import's summary counts as already in the journal), without building the
    records."""
    with said_for_the_person(path):
        conn = open_connection(path)
        try:
            conn.execute("BEGIN")
            ids = {
                r[0]
                for r in conn.execute(
                    "SELECT id FROM episodes UNION ALL SELECT id FROM medications "
                    "UNION ALL SELECT id FROM health_notes"
                )
            }
            days = {date.fromisoformat(r[0]) for r in conn.execute("SELECT day FROM day_logs")}
            return ids, days
        finally:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            conn.close()


def read_own_keys(path: Path) -> tuple[set[str], set[str]]:
    """The keys of the person's own places and own symptoms (names an import may use)."""
    with said_for_the_person(path):
        conn = open_connection(path)
        try:
            conn.execute("BEGIN")
            places = {r[0] for r in conn.execute("SELECT key FROM custom_sites")}
            symptoms = {r[0] for r in conn.execute("SELECT key FROM custom_symptoms")}
            return places, symptoms
        finally:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            conn.close()
