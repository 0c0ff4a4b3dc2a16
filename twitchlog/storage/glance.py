"""Home's few aggregates read with ``sqlite3`` alone, before SQLModel is imported.

Importing SQLAlchemy and SQLModel takes about half of the TUI's start (docs/performance.md,
section 5), so Home paints from these reads and the SQLModel repository is imported later,
when something needs it. The queries are plain SQL on the indexed ``local_date`` and ``day``
columns; the rows become domain values through the same ``records.*_from_record`` mapping as
every other read, so Home shows what the repository would return.

Read-only: every function takes a connection inside ``Journal.plain_read`` (one deferred read
transaction, rolled back at the end) and never writes. Like the quick-log writer, it reads only
a journal at the schema this program knows (:func:`check_schema`); the TUI opens the journal
through the full path, which migrates first, so anything else means another program changed
it meanwhile.
"""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import date

from twitchlog.domain.factors import FactorDef
from twitchlog.domain.models import DayLog, Episode, HealthNote, Medication
from twitchlog.storage.errors import JournalError
from twitchlog.storage.migrations import CURRENT_VERSION
from twitchlog.storage.records import (
    day_from_record,
    episode_from_record,
    factor_from_record,
    health_note_from_record,
    medication_from_record,
)


def check_schema(conn: sqlite3.Connection) -> None:
    """Raise JournalError unless the journal is at the schema this program reads."""
    found = int(conn.execute("PRAGMA user_version").fetchone()["user_version"])
    if found != CURRENT_VERSION:
        raise JournalError(
            f"the journal's schema changed while twitchlog was open (version {found}, "
            f"this program reads {CURRENT_VERSION}); quit and start twitchlog again"
        )


def day_counts(conn: sqlite3.Connection, start: date, end: date) -> dict[date, int]:
    """Episodes per local day in ``[start, end]``; days without episodes are absent."""
    rows = conn.execute(
        "SELECT local_date AS d, count(*) AS n FROM episodes "
        "WHERE local_date >= ? AND local_date <= ? GROUP BY local_date",
        (start.isoformat(), end.isoformat()),
    ).fetchall()
    return {date.fromisoformat(r["d"]): int(r["n"]) for r in rows}


def site_counts(conn: sqlite3.Connection, start: date, end: date) -> dict[str, int]:
    """Episodes per site in ``[start, end]``, most frequent first."""
    rows = conn.execute(
        "SELECT site, count(*) AS n FROM episodes "
        "WHERE local_date >= ? AND local_date <= ? GROUP BY site ORDER BY n DESC, site",
        (start.isoformat(), end.isoformat()),
    ).fetchall()
    return {str(r["site"]): int(r["n"]) for r in rows}


def has_entries(conn: sqlite3.Connection) -> bool:
    """Whether the journal holds any episode, day log or medicine."""
    row = conn.execute(
        "SELECT EXISTS(SELECT 1 FROM episodes) OR EXISTS(SELECT 1 FROM day_logs) "
        "OR EXISTS(SELECT 1 FROM medications) AS any_entry"
    ).fetchone()
    return bool(row["any_entry"])


def days(conn: sqlite3.Connection, start: date, end: date) -> list[DayLog]:
    """Day logs in ``[start, end]`` newest first, with the person's own factor values."""
    lo, hi = start.isoformat(), end.isoformat()
    logs = conn.execute(
        "SELECT * FROM day_logs WHERE day >= ? AND day <= ? ORDER BY day DESC", (lo, hi)
    ).fetchall()
    custom: dict[str, dict[str, float]] = {}
    for r in conn.execute(
        "SELECT day, factor_id, value FROM day_factor_values WHERE day >= ? AND day <= ?",
        (lo, hi),
    ):
        custom.setdefault(r["day"], {})[r["factor_id"]] = r["value"]
    out = []
    for r in logs:
        log = day_from_record(r)
        values = custom.get(r["day"])
        out.append(log if values is None else replace(log, custom=values))
    return out


def last_episode(conn: sqlite3.Connection) -> Episode | None:
    """The most recent episode by start time (as ``repository.last_episode``), or None.

    The latest instant through its index first, then the newest id among episodes at it:
    SQLite plans ``ORDER BY started_at DESC, id DESC LIMIT 1`` as a scan of every episode
    and a sort (0.2-0.3 s on a 20-year journal, on the way to Home's data).
    """
    row = conn.execute(
        "SELECT * FROM episodes WHERE started_at = (SELECT max(started_at) FROM episodes)"
        " ORDER BY id DESC LIMIT 1"
    ).fetchone()
    return None if row is None else episode_from_record(row)


def medications(conn: sqlite3.Connection, active_on: date) -> list[Medication]:
    """Medicines and supplements taken on ``active_on``, by start day and name."""
    rows = conn.execute("SELECT * FROM medications ORDER BY start, name").fetchall()
    meds = [medication_from_record(r) for r in rows]
    return [m for m in meds if m.active_on(active_on)]


def health_notes(conn: sqlite3.Connection, end: date) -> list[HealthNote]:
    """Health notes up to ``end`` by day (as ``repository.list_health_notes(end=...)``)."""
    rows = conn.execute(
        "SELECT * FROM health_notes WHERE day <= ? ORDER BY day, id", (end.isoformat(),)
    ).fetchall()
    return [health_note_from_record(r) for r in rows]


def own_factors(conn: sqlite3.Connection) -> list[FactorDef]:
    """The person's own factors by name, retired ones too (as ``custom.list_factors``)."""
    rows = conn.execute("SELECT * FROM factor_defs ORDER BY name_key").fetchall()
    return [factor_from_record(r) for r in rows]
