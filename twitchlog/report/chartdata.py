"""The numbers the chart figure draws, from the journal slice (pure, no matplotlib).

Days that were not logged stay ``None`` in every series: the charts show them as gaps or as
a "not logged" mark, never as zero.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from twitchlog.domain.factors import FactorDef, factor_value
from twitchlog.domain.models import FACTOR_FIELDS, DayLog, JournalSlice, Medication
from twitchlog.report.model import ChartData, MedBand
from twitchlog.storage.report_queries import SiteBins

#: The analysis key prefix of an own factor (``factor:<key>``), as in the findings.
OWN_PREFIX = "factor:"

#: Window of the moving mean line, in days.
MEAN_WINDOW = 7
#: Periods shorter than this get no moving mean (a 7-day mean over 3 days says nothing).
MIN_MEAN_DAYS = 14
#: Periods longer than this use 4-week bins in the site grid instead of weeks.
WEEKLY_GRID_MAX_DAYS = 2 * 366


def grid_bin_days(calendar_days: int) -> int:
    """7 (weeks) for periods up to two years, 28 beyond (so the grid stays readable)."""
    return 7 if calendar_days <= WEEKLY_GRID_MAX_DAYS else 28


def daily_episodes(data: JournalSlice) -> tuple[tuple[date, ...], tuple[int | None, ...]]:
    """Every calendar day of the slice and its episode count (``None``: not logged).

    A day counts as logged when it was checked in or has at least one episode.
    """
    n = (data.end - data.start).days + 1
    days = tuple(data.start + timedelta(days=i) for i in range(n))
    counts = {e.day: e.episodes for e in data.episode_days}
    checked = {d.day for d in data.days if d.checked_in}
    values = tuple(
        counts.get(d, 0) if (d in checked or counts.get(d, 0) > 0) else None for d in days
    )
    return days, values


def moving_mean(
    values: Sequence[int | None], window: int = MEAN_WINDOW
) -> tuple[float | None, ...]:
    """Mean of the logged values among the ``window`` days ending on each day."""
    out: list[float | None] = []
    total = 0
    known = 0
    for i, v in enumerate(values):
        if v is not None:
            total += v
            known += 1
        if i >= window:
            old = values[i - window]
            if old is not None:
                total -= old
                known -= 1
        out.append(total / known if known else None)
    return tuple(out)


def factor_series(
    days: Sequence[date], logs: Sequence[DayLog], name: str
) -> tuple[float | None, ...]:
    """One day-log factor per calendar day (``None`` when not logged)."""
    by_day = {d.day: d for d in logs}
    out: list[float | None] = []
    for d in days:
        log = by_day.get(d)
        value = getattr(log, name) if log is not None else None
        out.append(float(value) if value is not None else None)
    return tuple(out)


def own_factor_series(
    days: Sequence[date], logs: Sequence[DayLog], factor: FactorDef
) -> tuple[float | None, ...]:
    """One of the person's own factors per calendar day, by the tags-complete rule (``None``
    when not logged or unknown)."""
    by_day = {d.day: d for d in logs}
    out: list[float | None] = []
    for d in days:
        log = by_day.get(d)
        out.append(factor_value(log, factor) if log is not None else None)
    return tuple(out)


def medicine_bands(meds: Sequence[Medication], start: date, end: date) -> tuple[MedBand, ...]:
    """Medicines taken at some point in ``[start, end]``, clipped to it."""
    bands = []
    for m in sorted(meds, key=lambda m: (m.start, m.name)):
        stop = m.stop or end
        if m.start > end or stop < start:
            continue
        bands.append(MedBand(m.name, max(m.start, start), min(stop, end), m.stop is None))
    return tuple(bands)


def chart_data(data: JournalSlice, grid: SiteBins) -> ChartData:
    """Everything the chart figure draws for the slice, with the site grid from the query."""
    days, episodes = daily_episodes(data)
    return ChartData(
        days=days,
        episodes=episodes,
        mean7=moving_mean(episodes) if len(days) >= MIN_MEAN_DAYS else (None,) * len(days),
        caffeine_mg=factor_series(days, data.days, "caffeine_mg"),
        sleep_h=factor_series(days, data.days, "sleep_h"),
        stress=factor_series(days, data.days, "stress"),
        medicines=medicine_bands(data.medications, data.start, data.end),
        bin_days=grid.bin_days,
        sites=grid.sites,
        site_counts=grid.counts,
        hour_counts=tuple(data.hour_counts),
        factor_series={
            **{name: factor_series(days, data.days, name) for name in FACTOR_FIELDS},
            **{
                OWN_PREFIX + f.key: own_factor_series(days, data.days, f)
                for f in data.custom_factors
            },
        },
    )
