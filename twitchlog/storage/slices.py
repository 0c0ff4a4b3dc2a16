"""``load_slice`` and ``journal_bounds``: what the analysis and the report read, with ``sqlite3``
alone.

The slice is aggregated per day in SQL (a 20-year journal is 146,000 episodes; per-day rows keep
the work proportional to days) and read through the standard-library driver, not SQLModel:
importing SQLAlchemy and SQLModel costs about as much as the whole rest of a report's data, so
``twitchlog report`` never imports them for a journal without experiments. The rows become
domain values through the same ``records.*_from_record`` mappings as every other read.

Read-only: one deferred read transaction (``Journal.plain_read``), rolled back at the end.
``repository`` re-exports these functions, so callers keep importing them from there.
"""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

from twitchlog.domain.models import DayLog, EpisodeDayStats, HeldBack, JournalSlice
from twitchlog.storage.journal import Journal
from twitchlog.storage.records import day_from_record, factor_from_record, medication_from_record


def journal_bounds(journal: Journal) -> tuple[date, date] | None:
    """The first and last local day with an episode or a day log, or None if empty."""
    with journal.plain_read() as conn:
        row = conn.execute(
            "SELECT min(d) AS lo, max(d) AS hi FROM (SELECT min(local_date) AS d FROM episodes "
            "UNION ALL SELECT max(local_date) FROM episodes "
            "UNION ALL SELECT min(day) FROM day_logs UNION ALL SELECT max(day) FROM day_logs)"
        ).fetchone()
    if row["lo"] is None:
        return None
    return date.fromisoformat(row["lo"]), date.fromisoformat(row["hi"])


def load_slice(
    journal: Journal,
    start: date,
    end: date,
    *,
    places_and_hours: bool = True,
    today: date | None = None,
) -> JournalSlice:
    """Everything the analysis and the charts need for ``[start, end]``, aggregated per day.

    With ``places_and_hours=False`` the counts by place and by hour of day are not read and
    stay empty (not counted, which is not zero): the text of ``twitchlog analyze`` shows
    neither, and on 20 years they were about half of the reading (docs/performance.md).

    ``held_back`` names the factor of an experiment still running on ``today`` (default
    ``end``): the analysis holds its comparison back until the experiment ends.
    """
    lo, hi = start.isoformat(), end.isoformat()
    with journal.plain_read() as conn:
        days = _with_custom(
            conn,
            [
                day_from_record(r)
                for r in conn.execute(
                    "SELECT * FROM day_logs WHERE day >= ? AND day <= ? ORDER BY day", (lo, hi)
                )
            ],
        )
        factors = tuple(factor_from_record(r) for r in conn.execute("SELECT * FROM factor_defs"))
        per_day = conn.execute(
            "SELECT local_date AS d, count(*) AS n, sum(duration_s) AS total, "
            "avg(intensity) AS mean FROM episodes WHERE local_date >= ? AND local_date <= ? "
            "GROUP BY local_date ORDER BY local_date",
            (lo, hi),
        ).fetchall()
        sites: list[dict[str, Any]] = []
        hour_counts: tuple[int, ...] = ()
        if places_and_hours:
            sites = conn.execute(
                "SELECT site, count(*) AS n FROM episodes "
                "WHERE local_date >= ? AND local_date <= ? GROUP BY site",
                (lo, hi),
            ).fetchall()
            hour_counts = hour_counts_in(conn, lo, hi)
        meds = [medication_from_record(r) for r in conn.execute("SELECT * FROM medications")]
        held_back = running_tests(conn, end if today is None else today)
    return JournalSlice(
        start=start,
        end=end,
        days=tuple(days),
        episode_days=tuple(
            EpisodeDayStats(
                day=date.fromisoformat(r["d"]),
                episodes=int(r["n"]),
                total_duration_s=int(r["total"]) if r["total"] is not None else None,
                mean_intensity=float(r["mean"]) if r["mean"] is not None else None,
            )
            for r in per_day
        ),
        medications=tuple(sorted(meds, key=lambda m: (m.start, m.name))),
        site_counts={str(r["site"]): int(r["n"]) for r in sites},
        hour_counts=hour_counts,
        custom_factors=tuple(sorted(factors, key=lambda f: f.name.lower())),
        held_back=held_back,
    )


def running_tests(conn: sqlite3.Connection, today: date) -> tuple[HeldBack, ...]:
    """The factor of the experiment running on ``today`` (drawn, not stopped, its last day not
    passed; it may not have begun yet), or nothing. A row still marked running whose last day
    has passed has finished (``Experiment.status_on``)."""
    out = []
    for r in conn.execute(
        "SELECT factor, name, start, weeks FROM experiments WHERE status = ?", ("running",)
    ):
        until = date.fromisoformat(r["start"]) + timedelta(days=int(r["weeks"]) * 7 - 1)
        if until >= today:
            out.append(HeldBack(str(r["factor"]), str(r["name"]), until))
    return tuple(out)


def _with_custom(conn: sqlite3.Connection, days: list[DayLog]) -> list[DayLog]:
    """``days`` with their own factor values (one query over their span)."""
    if not days:
        return days
    lo = min(d.day for d in days).isoformat()
    hi = max(d.day for d in days).isoformat()
    by_day: dict[str, dict[str, float]] = {}
    for r in conn.execute(
        "SELECT day, factor_id, value FROM day_factor_values WHERE day >= ? AND day <= ?",
        (lo, hi),
    ):
        by_day.setdefault(r["day"], {})[r["factor_id"]] = r["value"]
    if not by_day:
        return days
    return [replace(d, custom=by_day.get(d.day.isoformat(), {})) for d in days]


_HOUR_SQL = (
    "SELECT (((CAST(substr(started_at, 12, 2) AS INTEGER) * 60"
    " + CAST(substr(started_at, 15, 2) AS INTEGER) + ?) % 1440 + 1440) % 1440) / 60 AS hour,"
    " count(*) AS n FROM episodes WHERE +timezone = ? AND started_at >= ? AND started_at < ?"
    " AND +local_date BETWEEN ? AND ? GROUP BY hour"  # unary +: use the started_at index
)


def hour_counts_in(conn: sqlite3.Connection, lo: str, hi: str) -> tuple[int, ...]:
    """Episodes of the local days ``lo..hi`` by local hour of start, in each one's own zone.

    Counted in SQL: for each zone, the UTC instants are cut into spans of constant UTC offset
    (two a year where the zone has summer time), and each span is one ``GROUP BY`` with its
    offset added to the UTC minute of the day. 146,000 episodes of 20 years cost about 40
    queries instead of 146,000 zone conversions in Python. ``conn`` returns plain tuples or
    rows by name (``Journal.plain_read``); columns are read by position.
    """
    counts = [0] * 24
    zones = [
        tuple(r.values()) if isinstance(r, dict) else tuple(r)
        for r in conn.execute(
            "SELECT timezone, min(started_at), max(started_at) FROM episodes "
            "WHERE local_date BETWEEN ? AND ? GROUP BY timezone",
            (lo, hi),
        ).fetchall()
    ]
    for tz, first, last in zones:
        for span_from, span_to, offset in offset_spans(tz, first, last):
            for r in conn.execute(_HOUR_SQL, (offset, tz, span_from, span_to, lo, hi)):
                hour, n = tuple(r.values()) if isinstance(r, dict) else tuple(r)
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
