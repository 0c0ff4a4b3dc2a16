"""``import``'s matching and writing through the driver (``sqlite3`` alone), in one transaction.

An import compares every record of a file with the journal's copy (by id, a day by its date)
and writes what the journal lacks, or what the file changed later, all or nothing. Through
SQLModel that meant importing SQLAlchemy, SQLModel and pydantic (0.3 s idle, a third of the
1-year import's start) and an ORM object per matched row. Here the journal's rows come from
the driver's cursor as dicts and become domain values through the same ``records`` mapping;
new rows go in with one ``executemany`` per table; changed ones with one ``UPDATE`` each. The
whole import is one ``BEGIN IMMEDIATE`` transaction on one checked connection (a dry run: one
deferred read transaction, rolled back), after the integrity check has passed
(``Journal.verify``); the driver's errors are said as ``Journal.write`` says them (busy: exit
75, nothing written). ``repository.import_entries`` is this function.

Only an import that adds experiments or own factors loads ``storage.experiments`` or
``storage.custom`` (and with them SQLModel) for their column mappings.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from types import SimpleNamespace
from typing import Any

from twitchlog.domain.changes import DAY_FIELDS, EPISODE_FIELDS, changed_fields
from twitchlog.domain.errors import ValidationError
from twitchlog.domain.experiment_record import Experiment, ExperimentStatus
from twitchlog.domain.factors import FactorDef, check_factor_value, normal_name
from twitchlog.domain.models import DayLog, Episode, HealthNote, Medication
from twitchlog.domain.own_sites import CustomSite
from twitchlog.domain.own_symptoms import CustomSymptom
from twitchlog.domain.validation import (
    validate_day,
    validate_episode,
    validate_health_note,
    validate_medication,
)
from twitchlog.storage.bulk import insert_records, read_factors, said_for_the_person
from twitchlog.storage.conflicts import ImportMatch, Outcome
from twitchlog.storage.connection import begin_immediate, open_connection
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

#: How an import names a custom value known only by its factor's name (a days.csv column).
NAME_PREFIX = "name:"


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


@contextlib.contextmanager
def _transaction(journal: Journal, apply: bool) -> Iterator[sqlite3.Connection]:
    """One checked connection in one transaction: ``BEGIN IMMEDIATE`` committed at the end
    (``apply``), or a deferred read rolled back; any error rolls everything back."""
    if apply:
        journal.verify()  # as Journal.write: never write to a journal whose check failed
    with said_for_the_person(journal.path):
        conn = open_connection(journal.path)
        try:
            if apply:
                begin_immediate(conn)
            else:
                conn.execute("BEGIN")
            yield conn
            if apply:
                conn.execute("COMMIT")
        finally:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            conn.close()


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
    checked_against: tuple[Collection[str], Collection[str]] | None = None,
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
    the same name, kind and range takes the file's values. ``sites`` are the file's own
    places: those the journal lacks are added (with their side rule; a place the journal has
    keeps the journal's rule), and episodes may use them. ``symptoms`` are the file's own
    symptoms: those the journal lacks are added. ``experiments`` (with ``apply``) are added
    in the same transaction (as ``storage.experiments.add_experiments``, as of ``today``): a
    running one refused because another started meanwhile rolls the whole import back.

    ``checked_against`` (own place keys, own symptom keys) says the episodes were validated
    already (``exchange.read_import``) with these own places and symptoms: while the journal
    and the file still hold them all, the episodes are not validated a second time (the same
    checks, 0.1 s of a 1-year import); if one is gone (deleted meanwhile), they are.
    """
    for d in days:
        validate_day(d)
    for m in medications:
        validate_medication(m)
    for n in health_notes:
        validate_health_note(n)
    with _transaction(journal, apply) as conn:
        new_sites = _import_sites(conn, sites, apply)
        places = _keys(conn, "SELECT key FROM custom_sites") | {p.key for p in new_sites}
        new_symptoms = _import_symptoms(conn, symptoms, apply)
        words = _keys(conn, "SELECT key FROM custom_symptoms") | {w.key for w in new_symptoms}
        if checked_against is None or not _still_known(checked_against, places, words):
            for ep in episodes:
                validate_episode(ep, custom_sites=places, custom_symptoms=words)
        added, mapping = _import_factors(conn, factors, apply)
        mapping |= {
            NAME_PREFIX + normal_name(f.name): f.key for f in [*_defs(conn).values(), *added]
        }
        days = [_mapped(d, mapping) for d in days]
        # every day's own values, as the dry run and --apply alike (not only the ones written)
        _check_custom_keys(conn, days, {f.key: f for f in added})
        ep_counts, ep_matches = _import_episodes(conn, episodes, apply)
        day_count, day_matches = _import_days(conn, days, apply)
        med_count, med_matches = _import_plain(
            conn, "medications", medications, medication_from_record, medication_record, apply
        )
        note_count, note_matches = _import_plain(
            conn, "health_notes", health_notes, health_note_from_record, health_note_record, apply
        )
        if apply and experiments:
            _add_experiments(conn, experiments, today)
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


def _still_known(
    checked: tuple[Collection[str], Collection[str]], places: set[str], words: set[str]
) -> bool:
    """True while every own place and symptom the episodes were checked against is known."""
    return places.issuperset(checked[0]) and words.issuperset(checked[1])


# ------------------------------------------------------------------ reading


def _keys(conn: sqlite3.Connection, sql: str) -> set[str]:
    return {r[0] for r in conn.execute(sql)}


def _dicts(conn: sqlite3.Connection, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
    cursor = conn.execute(sql, params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor]


def _rows_by_key(
    conn: sqlite3.Connection, table: str, column: str, keys: Sequence[str]
) -> dict[str, dict[str, Any]]:
    """The rows whose ``column`` is one of ``keys`` (in chunks: SQLite limits parameters)."""
    out: dict[str, dict[str, Any]] = {}
    wanted = list(dict.fromkeys(keys))
    for i in range(0, len(wanted), 500):
        chunk = wanted[i : i + 500]
        marks = ", ".join("?" * len(chunk))
        for row in _dicts(conn, f"SELECT * FROM {table} WHERE {column} IN ({marks})", chunk):
            out[row[column]] = row
    return out


def _defs(conn: sqlite3.Connection) -> dict[str, FactorDef]:
    """Every own factor of the journal, by key (retired ones included; as ``custom_defs``)."""
    return {f.key: f for f in read_factors(conn)}


def _custom_values(conn: sqlite3.Connection, day: str) -> dict[str, float]:
    rows = conn.execute("SELECT factor_id, value FROM day_factor_values WHERE day = ?", (day,))
    return {r[0]: r[1] for r in rows}


def _day_of(conn: sqlite3.Connection, row: Mapping[str, Any]) -> DayLog:
    """The day log of ``row`` with its own factors' values."""
    day = day_from_record(row)
    custom = _custom_values(conn, row["day"])
    return replace(day, custom=custom) if custom else day


# ------------------------------------------------------------------ writing


def _update(conn: sqlite3.Connection, table: str, key: str, rec: Mapping[str, Any]) -> None:
    """Write every column of ``rec`` over the row whose ``key`` column is ``rec[key]``."""
    columns = [c for c in rec if c != key]
    sets = ", ".join(f"{c} = ?" for c in columns)
    conn.execute(
        f"UPDATE {table} SET {sets} WHERE {key} = ?", [*(rec[c] for c in columns), rec[key]]
    )


def _import_sites(
    conn: sqlite3.Connection, sites: Sequence[CustomSite], apply: bool
) -> list[CustomSite]:
    """The places the journal lacks, added when ``apply``; a place it has keeps its rule."""
    have = _keys(conn, "SELECT key FROM custom_sites")
    new: list[CustomSite] = []
    for site in sites:
        if site.key not in have:
            have.add(site.key)
            new.append(site)
    if apply:
        recs = [{"key": s.key, "label": s.label, "sided": int(s.sided)} for s in new]
        insert_records(conn, "custom_sites", recs)
    return new


def _import_symptoms(
    conn: sqlite3.Connection, symptoms: Sequence[CustomSymptom], apply: bool
) -> list[CustomSymptom]:
    """The symptoms the journal lacks, added when ``apply``."""
    have = _keys(conn, "SELECT key FROM custom_symptoms")
    new: list[CustomSymptom] = []
    for symptom in symptoms:
        if symptom.key not in have:
            have.add(symptom.key)
            new.append(symptom)
    if apply:
        insert_records(conn, "custom_symptoms", [{"key": w.key, "label": w.label} for w in new])
    return new


def _import_factors(
    conn: sqlite3.Connection, factors: Sequence[FactorDef], apply: bool
) -> tuple[list[FactorDef], dict[str, str]]:
    """Match a file's definitions to the journal's.

    Returns the definitions the journal lacks (added when ``apply``) and the file key ->
    journal key mapping: the same id, or a factor of the same name, kind and range (two
    journals that each defined "anxiety"). The same name with another kind or range is
    refused (nothing is imported).
    """
    have = _defs(conn)
    by_name = {normal_name(f.name): f for f in have.values()}
    added: list[FactorDef] = []
    mapping: dict[str, str] = {}
    for theirs in factors:
        if theirs.key in have:
            mapping[theirs.key] = theirs.key
            continue
        ours = by_name.get(normal_name(theirs.name))
        if ours is not None:
            if (ours.kind, ours.low, ours.high, ours.whole) != (
                theirs.kind,
                theirs.low,
                theirs.high,
                theirs.whole,
            ):
                raise ValidationError(
                    "factors",
                    f"factor {theirs.name!r} in the file is a {theirs.kind.value} "
                    f"{theirs.range_text}, but yours is a {ours.kind.value} {ours.range_text}; "
                    "rename one of them before importing",
                )
            mapping[theirs.key] = ours.key
            continue
        mapping[theirs.key] = theirs.key
        by_name[normal_name(theirs.name)] = theirs
        have[theirs.key] = theirs
        added.append(theirs)
    if apply and added:
        from twitchlog.storage.custom import factor_record  # only a file with new factors

        insert_records(conn, "factor_defs", [factor_record(f) for f in added])
    return added, mapping


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


def _check_custom(day: DayLog, defs: Mapping[str, FactorDef]) -> None:
    """Refuse a custom value whose factor ``defs`` lacks or whose value is out of its range."""
    for ident, value in day.custom.items():
        factor = defs.get(ident)
        if factor is None:
            raise ValidationError("factor", f"factor {ident!r} is not defined in this journal")
        check_factor_value(factor, value)


def _check_custom_keys(
    conn: sqlite3.Connection, days: Sequence[DayLog], adding: Mapping[str, FactorDef]
) -> None:
    """Check every day's own values against the definitions (the journal's and the
    import's new ones); the message names the day."""
    if not any(day.custom for day in days):
        return
    defs = {**_defs(conn), **adding}
    for day in days:
        try:
            _check_custom(day, defs)
        except ValidationError as exc:
            raise ValidationError(exc.field, f"{day.day}: {exc.message}") from None


def _outcome(journal_changed: datetime | None, file_changed: datetime | None) -> Outcome:
    if file_changed is not None and journal_changed is not None and file_changed > journal_changed:
        return Outcome.REPLACES
    return Outcome.KEEPS


def _first_copies(items: Sequence[Any], key: Callable[[Any], str | None]) -> dict[str, Any]:
    """``key(item) -> item`` for items whose key is not None; the first copy of a key wins."""
    out: dict[str, Any] = {}
    for item in items:
        k = key(item)
        if k is not None:
            out.setdefault(k, item)
    return out


def _unique_new(items: Sequence[Any], have: set[str]) -> list[Any]:
    seen = set(have)
    out = []
    for item in items:
        if item.id not in seen:
            seen.add(item.id)
            out.append(item)
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
    """Whether ``field`` holds nothing a file without markers may not fill in: not logged,
    no note, not checked in. A logged zero is a value (``0 == False`` in Python: not used)."""
    value = getattr(day, field)
    return value is None or value is False or value in ("", {})


def _import_episodes(
    conn: sqlite3.Connection, episodes: Sequence[Episode], apply: bool
) -> tuple[int, list[ImportMatch]]:
    have = _keys(conn, "SELECT id FROM episodes")
    new = _unique_new(episodes, have)
    known = _first_copies(episodes, lambda e: e.id if e.id in have else None)
    rows = _rows_by_key(conn, "episodes", "id", list(known))
    matches: list[ImportMatch] = []
    replaced = 0
    for ident, theirs in known.items():
        ours = episode_from_record(rows[ident])
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
                new_copy = replace(ours, **{f: getattr(theirs, f) for f in EPISODE_FIELDS})
                if theirs.recorded_at is not None:
                    new_copy = replace(new_copy, recorded_at=theirs.recorded_at)
                rec = episode_record(
                    new_copy, updated_at=theirs.updated_at, revision=ours.revision + 1
                )
                _update(conn, "episodes", "id", rec)
    if apply and new:
        recs = [episode_record(e, updated_at=e.updated_at, revision=1) for e in new]
        insert_records(conn, "episodes", recs)
    return len(new) + replaced, matches


def _put_day(
    conn: sqlite3.Connection,
    row: Mapping[str, Any],
    day: DayLog,
    updated_at: datetime | None = None,
) -> None:
    """Write ``day`` over the stored ``row``, moving its marker on, and its own values
    (the file's were checked before any write: :func:`_check_custom_keys`)."""
    previous = day_from_record(row)
    rec = day_record(
        day,
        updated_at or next_change_time(previous.updated_at),
        revision=previous.revision + 1,
    )
    _update(conn, "day_logs", "day", rec)
    key = rec["day"]
    conn.execute("DELETE FROM day_factor_values WHERE day = ?", (key,))
    values = [{"day": key, "factor_id": k, "value": float(v)} for k, v in day.custom.items()]
    insert_records(conn, "day_factor_values", values)


def _insert_new_days(conn: sqlite3.Connection, days: Sequence[DayLog]) -> None:
    """Day logs the journal lacks and their custom values (checked by the caller), one
    executemany per table."""
    if not days:
        return
    recs = [day_record(d, d.updated_at or next_change_time(None), revision=1) for d in days]
    values = [
        {"day": rec["day"], "factor_id": k, "value": float(v)}
        for d, rec in zip(days, recs, strict=True)
        for k, v in d.custom.items()
    ]
    insert_records(conn, "day_logs", recs)
    insert_records(conn, "day_factor_values", values)


def _import_days(
    conn: sqlite3.Connection, days: Sequence[DayLog], apply: bool
) -> tuple[int, list[ImportMatch]]:
    by_day = _first_copies(days, lambda d: d.day.isoformat())
    rows = _rows_by_key(conn, "day_logs", "day", list(by_day))
    matches: list[ImportMatch] = []
    changed = 0
    new_days: list[DayLog] = []
    for key, theirs in by_day.items():
        row = rows.get(key)
        if row is None:
            changed += 1
            if apply:  # own values checked before (_check_custom_keys); written below
                new_days.append(theirs)
            continue
        ours = _day_of(conn, row)
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
                    _put_day(conn, row, replace(ours, **{f: getattr(theirs, f) for f in filled}))
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
                _put_day(conn, row, new, theirs.updated_at)
    _insert_new_days(conn, new_days)
    return changed, matches


def _import_plain(
    conn: sqlite3.Connection,
    table: str,
    items: Sequence[Any],
    from_record: Callable[[Any], Any],
    to_record: Callable[[Any], dict[str, Any]],
    apply: bool,
) -> tuple[int, list[ImportMatch]]:
    """Medicines and health notes: add new ids; a known id with other content is kept."""
    have = {r["id"]: r for r in _dicts(conn, f"SELECT * FROM {table}")}
    new = _unique_new(items, set(have))
    matches: list[ImportMatch] = []
    for item in _first_copies(items, lambda i: i.id if i.id in have else None).values():
        ours, theirs = to_record(from_record(have[item.id])), to_record(item)
        differing = tuple(f for f in ours if ours[f] != theirs[f])
        if differing:
            matches.append(ImportMatch(table, item.id, differing, Outcome.KEEPS, None, None))
    if apply and new:
        insert_records(conn, table, [to_record(i) for i in new])
    return len(new), matches


# ------------------------------------------------------------------ experiments


def _running(conn: sqlite3.Connection) -> Any:
    rows = _dicts(conn, "SELECT * FROM experiments WHERE status = 'running' LIMIT 1")
    return SimpleNamespace(**rows[0]) if rows else None


def _add_experiments(
    conn: sqlite3.Connection, experiments: Sequence[Experiment], today: date | None
) -> int:
    """``storage.experiments.add_experiments`` on this connection: the file's experiments
    the journal lacks (by id), a running one only while none runs here (with ``today``, one
    here whose last day has passed is marked finished first)."""
    from twitchlog.storage.experiments import (  # only a file with experiments
        experiment_from_rows,
        experiment_record,
        schedule_records,
    )

    added = 0
    if today is not None:
        row = _running(conn)
        if row is not None and experiment_from_rows(row, ()).plan.end < today:
            conn.execute(
                "UPDATE experiments SET status = ? WHERE id = ?",
                (ExperimentStatus.FINISHED.value, row.id),
            )
    for found in experiments:
        exp = found
        if today is not None and exp.status_on(today) is not exp.status:
            exp = replace(exp, status=exp.status_on(today))  # ran to its end meanwhile
        if conn.execute("SELECT 1 FROM experiments WHERE id = ?", (exp.id,)).fetchone():
            continue
        if exp.status is ExperimentStatus.RUNNING:
            row = _running(conn)
            if row is not None:
                end = experiment_from_rows(row, ()).plan.end
                raise ValidationError(
                    "experiment",
                    f"an experiment on {row.name} runs until {end.isoformat()}; one experiment "
                    "runs at a time: wait until it ends or stop it first with: twitchlog "
                    "experiment stop",
                )
        insert_records(conn, "experiments", [experiment_record(exp)])
        insert_records(conn, "experiment_days", schedule_records(exp))
        added += 1
    return added
