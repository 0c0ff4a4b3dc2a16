"""Read-only, aggregated queries the doctor report needs (GROUP BY in SQL; rows never leave).

Every function takes a :class:`Journal` and a period of local days ``[start, end]`` and
returns small frozen dataclasses or domain values. None of them loads episodes one by one
as objects, so a 20-year journal (146,000 episodes) costs a few index scans, not 146,000
objects. "First seen" dates look at the whole journal up to ``end``, so a place first
noticed before the period is not shown as new.

The queries run through the standard-library driver (``Journal.plain_read``: one deferred
read transaction each, rolled back), not SQLModel, so the report imports no SQLAlchemy.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from twitchlog.domain.models import Context, HealthNote, Kind, Medication
from twitchlog.domain.own_symptoms import symptom_of
from twitchlog.domain.sites import Side
from twitchlog.storage.journal import Journal
from twitchlog.storage.records import health_note_from_record, medication_from_record

#: Local hours counted as "at night" for cramps: 22:00 to 05:59.
NIGHT_HOURS: frozenset[int] = frozenset({22, 23, 0, 1, 2, 3, 4, 5})


@dataclass(frozen=True, slots=True)
class SiteSide:
    """Episodes at one site and side in the period, and the first day it was ever recorded."""

    site: str
    side: Side | None
    episodes: int
    first_seen: date


@dataclass(frozen=True, slots=True)
class KindDurations:
    """Episodes of one kind in the period, and the median/min/max of the known durations."""

    kind: Kind
    episodes: int
    timed: int
    median_s: float | None
    min_s: int | None
    max_s: int | None


@dataclass(frozen=True, slots=True)
class Character:
    """How episodes presented: counts by context and by visibility (``None`` = not given)."""

    contexts: dict[Context | None, int]
    visible: dict[bool | None, int]


@dataclass(frozen=True, slots=True)
class Symptoms:
    """Accompanying symptoms: episodes naming each, cramps at night, and days with weakness."""

    counts: dict[str, int]
    """By built-in :class:`Symptom` or own symptom key (``domain/own_symptoms``)."""
    cramps: int
    night_cramps: int
    weakness_days: tuple[date, ...]


@dataclass(frozen=True, slots=True)
class SiteBins:
    """Episodes per site per bin of ``bin_days`` days from the period's start (spread grid)."""

    bin_days: int
    bins: int
    sites: tuple[str, ...]
    counts: tuple[tuple[int, ...], ...]


def _rows(journal: Journal, sql: str, **params: Any) -> list[Any]:
    """The rows of one query (tuples; ``:name`` parameters) in its own read transaction."""
    with journal.plain_read() as conn:
        conn.row_factory = None
        return conn.execute(sql, params).fetchall()


def _period(start: date, end: date) -> dict[str, str]:
    return {"lo": start.isoformat(), "hi": end.isoformat()}


def first_episode_day(journal: Journal, end: date | None = None) -> date | None:
    """The local day of the first episode ever recorded (on or before ``end``), or None."""
    hi = (end or date.max).isoformat()
    rows = _rows(journal, "SELECT min(local_date) FROM episodes WHERE local_date <= :hi", hi=hi)
    return date.fromisoformat(rows[0][0]) if rows and rows[0][0] else None


def places_on(journal: Journal, day: date) -> tuple[tuple[str, Side | None], ...]:
    """The distinct sites and sides with an episode on ``day``, by site."""
    rows = _rows(
        journal,
        "SELECT DISTINCT site, side FROM episodes WHERE local_date = :d ORDER BY site, side",
        d=day.isoformat(),
    )
    return tuple((site, Side(side) if side else None) for site, side in rows)


def site_sides(journal: Journal, start: date, end: date) -> tuple[SiteSide, ...]:
    """Each site and side seen up to ``end``: episodes in the period and first-seen day.

    Only sites with at least one episode in the period are returned, ordered by first-seen
    day, then by episodes (most first).
    """
    lo, hi = start.isoformat(), end.isoformat()
    with journal.plain_read() as conn:
        conn.row_factory = None
        rows = conn.execute(
            "SELECT site, side, count(*), min(local_date) FROM episodes "
            "WHERE local_date BETWEEN ? AND ? GROUP BY site, side",
            (lo, hi),
        ).fetchall()
        first = _first_seen(conn, {(site, side): day for site, side, _, day in rows}, lo)
    out = [
        SiteSide(site, Side(side) if side else None, int(n), date.fromisoformat(first[site, side]))
        for site, side, n, _ in rows
    ]
    out.sort(key=lambda s: (s.first_seen, -s.episodes, s.site, s.side or ""))
    return tuple(out)


#: Episodes read in date order for first-seen days before one scan of the rest takes over.
_WALK = 20_000


def _first_seen(
    conn: sqlite3.Connection, in_period: dict[tuple[str, str | None], str], lo: str
) -> dict[tuple[str, str | None], str]:
    """The first day ever of each site and side, given its first day in the period.

    Episodes before the period are read in date order along the ``local_date`` index until
    every place was seen (in a long diary the usual places turn up in its first weeks); only a
    place still unseen after ``_WALK`` episodes (new in the period, or rare) costs one scan.
    """
    first = dict(in_period)
    missing = set(in_period)
    walked = 0
    for day, site, side in conn.execute(
        "SELECT local_date, site, side FROM episodes WHERE local_date < ? "
        "ORDER BY local_date LIMIT ?",
        (lo, _WALK),
    ):
        walked += 1
        if (site, side) in missing:
            first[site, side] = day
            missing.discard((site, side))
            if not missing:
                return first
    if missing and walked == _WALK:
        for site, side, day in conn.execute(
            "SELECT site, side, min(local_date) FROM episodes WHERE +local_date < ? "
            "GROUP BY site, side",  # unary +: one pass over the table, not the index
            (lo,),
        ):
            if (site, side) in missing:
                first[site, side] = day
    return first


def _median(hist: list[tuple[int, int]]) -> float | None:
    """Median of values given as sorted ``(value, count)`` pairs."""
    total = sum(n for _, n in hist)
    if total == 0:
        return None
    lo_rank, hi_rank = (total - 1) // 2, total // 2
    seen = 0
    lo_val: int | None = None
    for value, n in hist:
        if lo_val is None and seen + n > lo_rank:
            lo_val = value
        if seen + n > hi_rank:
            return (lo_val + value) / 2 if lo_val is not None else float(value)
        seen += n
    return None  # pragma: no cover - ranks are always inside the total


def durations_by_kind(journal: Journal, start: date, end: date) -> tuple[KindDurations, ...]:
    """Per kind (twitch, cramp, spasm) with episodes in the period: count and durations."""
    rows = _rows(
        journal,
        "SELECT kind, duration_s, count(*) FROM episodes "
        "WHERE local_date BETWEEN :lo AND :hi GROUP BY kind, duration_s "
        "ORDER BY kind, duration_s",
        **_period(start, end),
    )
    per_kind: dict[str, list[tuple[int | None, int]]] = {}
    for kind, dur, n in rows:
        per_kind.setdefault(kind, []).append((dur, int(n)))
    out = []
    for kind in Kind:
        hist = per_kind.get(kind.value)
        if not hist:
            continue
        timed = [(int(d), n) for d, n in hist if d is not None]
        out.append(
            KindDurations(
                kind=kind,
                episodes=sum(n for _, n in hist),
                timed=sum(n for _, n in timed),
                median_s=_median(timed),
                min_s=timed[0][0] if timed else None,
                max_s=timed[-1][0] if timed else None,
            )
        )
    return tuple(out)


def character(journal: Journal, start: date, end: date) -> Character:
    """Episodes in the period by context (rest, activity, after exercise) and by visibility."""
    p = _period(start, end)
    ctx_rows = _rows(
        journal,
        "SELECT context, count(*) FROM episodes WHERE local_date BETWEEN :lo AND :hi "
        "GROUP BY context",
        **p,
    )
    vis_rows = _rows(
        journal,
        "SELECT visible, count(*) FROM episodes WHERE local_date BETWEEN :lo AND :hi "
        "GROUP BY visible",
        **p,
    )
    return Character(
        contexts={Context(c) if c else None: int(n) for c, n in ctx_rows},
        visible={None if v is None else bool(v): int(n) for v, n in vis_rows},
    )


def _local_hour(started: str, tz: str, zones: dict[str, ZoneInfo]) -> int:
    instant = datetime.strptime(started, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    zone = zones.get(tz)
    if zone is None:
        zone = zones[tz] = ZoneInfo(tz)
    offset = instant.astimezone(zone).utcoffset() or timedelta(0)
    return (instant + offset).hour


def symptoms(journal: Journal, start: date, end: date) -> Symptoms:
    """Symptom counts (an episode may name several), cramps and night cramps, weakness days."""
    p = _period(start, end)
    sym_rows = _rows(
        journal,
        "SELECT symptoms, count(*) FROM episodes WHERE local_date BETWEEN :lo AND :hi "
        "AND symptoms != '' GROUP BY symptoms",
        **p,
    )
    counts: Counter[str] = Counter()
    for combo, n in sym_rows:
        for part in str(combo).split(";"):
            if part:
                counts[symptom_of(part)] += int(n)
    # Cramps are a small share of episodes; their local hour needs the zone of each one.
    cramp_rows = _rows(
        journal,
        "SELECT started_at, timezone FROM episodes WHERE local_date BETWEEN :lo AND :hi "
        "AND kind = 'cramp'",
        **p,
    )
    zones: dict[str, ZoneInfo] = {}
    night = sum(1 for s, tz in cramp_rows if _local_hour(s, tz, zones) in NIGHT_HOURS)
    weak_rows = _rows(
        journal,
        "SELECT DISTINCT local_date FROM episodes WHERE local_date BETWEEN :lo AND :hi "
        "AND instr(';' || symptoms || ';', ';weakness;') > 0 ORDER BY local_date",
        **p,
    )
    return Symptoms(
        counts=dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))),
        cramps=len(cramp_rows),
        night_cramps=night,
        weakness_days=tuple(date.fromisoformat(r[0]) for r in weak_rows),
    )


def site_bins(journal: Journal, start: date, end: date, bin_days: int = 7) -> SiteBins:
    """Episodes per site in consecutive bins of ``bin_days`` days starting at ``start``.

    Sites are ordered by their first episode in the period, so the grid reads as spread.
    """
    if bin_days < 1:
        raise ValueError("bin_days must be at least 1")
    bins = ((end - start).days // bin_days) + 1
    rows = _rows(
        journal,
        "SELECT site, CAST((julianday(local_date) - julianday(:lo)) AS INTEGER) / :w AS b, "
        "count(*), min(local_date) FROM episodes WHERE local_date BETWEEN :lo AND :hi "
        "GROUP BY site, b",
        w=bin_days,
        **_period(start, end),
    )
    first: dict[str, str] = {}
    grid: dict[str, list[int]] = {}
    for site, b, n, day in rows:
        grid.setdefault(site, [0] * bins)[int(b)] += int(n)
        first[site] = min(first.get(site, day), day)
    order = sorted(grid, key=lambda s: (first[s], s))
    return SiteBins(
        bin_days=bin_days,
        bins=bins,
        sites=tuple(order),
        counts=tuple(tuple(grid[s]) for s in order),
    )


@dataclass(frozen=True, slots=True)
class WeekCount:
    """One week of the whole diary: its first day, logged days and episodes on them."""

    start: date
    logged_days: int
    episodes: int


def weekly_course(journal: Journal, end: date) -> tuple[WeekCount, ...]:
    """Episodes and logged days per week (weeks start on Monday) from the first entry to ``end``.

    A day is logged when it was checked in or has an episode. Weeks without a logged day are
    returned with zeros, so gaps stay visible as gaps (``logged_days == 0``).
    """
    hi = end.isoformat()
    with journal.plain_read() as conn:
        conn.row_factory = None
        per_day: dict[str, int] = dict(
            conn.execute(  # the local_date index alone: no table rows are read
                "SELECT local_date, count(*) FROM episodes WHERE local_date <= ? "
                "GROUP BY local_date",
                (hi,),
            ).fetchall()
        )
        for (day,) in conn.execute(
            "SELECT day FROM day_logs WHERE checked_in = 1 AND day <= ?", (hi,)
        ):
            per_day.setdefault(day, 0)
    if not per_day:
        return ()
    rows = sorted(per_day.items())
    first = date.fromisoformat(rows[0][0])
    origin = first - timedelta(days=first.weekday())
    weeks = (end - origin).days // 7 + 1
    logged = [0] * weeks
    episodes = [0] * weeks
    for day, n in rows:
        w = (date.fromisoformat(day) - origin).days // 7
        logged[w] += 1
        episodes[w] += int(n)
    return tuple(
        WeekCount(origin + timedelta(days=7 * w), logged[w], episodes[w]) for w in range(weeks)
    )


def last_visit(journal: Journal, end: date) -> date | None:
    """The day of the most recent doctor's visit in the health notes on or before ``end``."""
    rows = _rows(
        journal,
        "SELECT max(day) FROM health_notes WHERE kind = 'visit' AND day <= :hi",
        hi=end.isoformat(),
    )
    return date.fromisoformat(rows[0][0]) if rows and rows[0][0] else None


def health_notes(journal: Journal, end: date) -> list[HealthNote]:
    """Health notes up to ``end`` by day (as ``repository.list_health_notes(end=end)``)."""
    with journal.plain_read() as conn:
        rows = conn.execute(
            "SELECT * FROM health_notes WHERE day <= ? ORDER BY day, id", (end.isoformat(),)
        ).fetchall()
    return [health_note_from_record(r) for r in rows]


def medications(journal: Journal) -> list[Medication]:
    """Medicines and supplements by start day and name (as ``repository.list_medications``)."""
    with journal.plain_read() as conn:
        rows = conn.execute("SELECT * FROM medications ORDER BY start, name").fetchall()
    return [medication_from_record(r) for r in rows]


def has_experiments(journal: Journal) -> bool:
    """Whether the journal holds any self-experiment (the report reads them only then)."""
    return bool(_rows(journal, "SELECT EXISTS (SELECT 1 FROM experiments)")[0][0])
