"""Small aggregated reads for the screens: what Home and Trends show, without loading rows.

Every function here is one short read transaction returning domain values; they stay fast on
a 20-year journal because they group on the indexed ``local_date`` column.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import text

from twitchlog.domain.models import DayLog, Episode, Medication
from twitchlog.storage.custom import list_factors
from twitchlog.storage.journal import Journal
from twitchlog.storage.repository import last_episode, list_days, list_medications


def day_counts(journal: Journal, start: date, end: date) -> dict[date, int]:
    """Episodes per local day in ``[start, end]``; days without episodes are absent."""
    with journal.read() as s:
        rows = s.execute(
            text(
                "SELECT local_date, count(*) FROM episodes "
                "WHERE local_date >= :lo AND local_date <= :hi GROUP BY local_date"
            ),
            {"lo": start.isoformat(), "hi": end.isoformat()},
        ).all()
    return {date.fromisoformat(d): int(n) for d, n in rows}


def site_counts(journal: Journal, start: date, end: date) -> dict[str, int]:
    """Episodes per site in ``[start, end]``, most frequent first."""
    with journal.read() as s:
        rows = s.execute(
            text(
                "SELECT site, count(*) AS n FROM episodes "
                "WHERE local_date >= :lo AND local_date <= :hi GROUP BY site ORDER BY n DESC, site"
            ),
            {"lo": start.isoformat(), "hi": end.isoformat()},
        ).all()
    return {str(site): int(n) for site, n in rows}


def has_entries(journal: Journal) -> bool:
    """Whether the journal holds any episode or day log (an empty one gets a welcome)."""
    with journal.read() as s:
        row = s.execute(
            text(
                "SELECT EXISTS(SELECT 1 FROM episodes) OR EXISTS(SELECT 1 FROM day_logs) "
                "OR EXISTS(SELECT 1 FROM medications)"
            )
        ).one()
    return bool(row[0])


@dataclass(frozen=True)
class HomeView:
    """What the Home screen shows for ``today``: a window of days ending today."""

    today: date
    window_start: date
    counts: dict[date, int] = field(default_factory=dict)
    days: dict[date, DayLog] = field(default_factory=dict)
    month_sites: dict[str, int] = field(default_factory=dict)
    medications: tuple[Medication, ...] = ()
    last: Episode | None = None
    empty: bool = True
    #: The person's own factors by their stable id: the short name Home shows.
    own_names: dict[str, str] = field(default_factory=dict)

    @property
    def today_episodes(self) -> int:
        """Episodes logged today so far."""
        return self.counts.get(self.today, 0)

    @property
    def today_log(self) -> DayLog | None:
        """Today's day log, if any."""
        return self.days.get(self.today)


def home_view(journal: Journal, today: date, weeks: int = 12) -> HomeView:
    """The Home screen's data: ``weeks`` calendar weeks (Monday first) ending with today."""
    start = today - timedelta(days=today.weekday()) - timedelta(weeks=weeks - 1)
    days = {d.day: d for d in list_days(journal, start=start, end=today)}
    return HomeView(
        today=today,
        window_start=start,
        counts=day_counts(journal, start, today),
        days=days,
        # The last 30 days, not the calendar month: on the 1st a month holds nothing yet.
        month_sites=site_counts(journal, today - timedelta(days=29), today),
        medications=tuple(list_medications(journal, active_on=today)),
        last=last_episode(journal),
        empty=not has_entries(journal),
        own_names={f.key: f.short for f in list_factors(journal)},
    )
