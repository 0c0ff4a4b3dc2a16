"""Small aggregated reads for the screens: what Home and Trends show, without loading rows.

Every function here is one short read transaction returning domain values; they stay fast on
a 20-year journal because they group on the indexed ``local_date`` column. They read with
``sqlite3`` alone (``storage/glance.py``), so Home paints before SQLModel is imported.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING

from twitchlog.domain.models import DayLog, Episode, HealthNote, Medication
from twitchlog.storage import glance
from twitchlog.storage.journal import Journal

if TYPE_CHECKING:  # imported by the read, in Home's worker: not on the way to its first frame
    from twitchlog.domain.experiment_record import Experiment


def day_counts(journal: Journal, start: date, end: date) -> dict[date, int]:
    """Episodes per local day in ``[start, end]``; days without episodes are absent."""
    with journal.plain_read() as conn:
        return glance.day_counts(conn, start, end)


def site_counts(journal: Journal, start: date, end: date) -> dict[str, int]:
    """Episodes per site in ``[start, end]``, most frequent first."""
    with journal.plain_read() as conn:
        return glance.site_counts(conn, start, end)


def has_entries(journal: Journal) -> bool:
    """Whether the journal holds any episode or day log (an empty one gets a welcome)."""
    with journal.plain_read() as conn:
        return glance.has_entries(conn)


def health_notes_until(journal: Journal, end: date) -> list[HealthNote]:
    """Health notes up to ``end`` by day (Home's red flags), without SQLModel."""
    with journal.plain_read() as conn:
        glance.check_schema(conn)
        return glance.health_notes(conn, end)


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
    #: The running experiment, else the one drawn last (None: none yet).
    experiment: Experiment | None = None

    @property
    def today_episodes(self) -> int:
        """Episodes logged today so far."""
        return self.counts.get(self.today, 0)

    @property
    def today_log(self) -> DayLog | None:
        """Today's day log, if any."""
        return self.days.get(self.today)


def home_view(journal: Journal, today: date, weeks: int = 12) -> HomeView:
    """The Home screen's data: ``weeks`` calendar weeks (Monday first) ending with today.

    One read transaction through ``sqlite3`` (``storage/glance.py``): no SQLModel.
    """
    from twitchlog.storage.bulk import read_experiments

    start = today - timedelta(days=today.weekday()) - timedelta(weeks=weeks - 1)
    with journal.plain_read() as conn:
        glance.check_schema(conn)
        return HomeView(
            today=today,
            window_start=start,
            counts=glance.day_counts(conn, start, today),
            days={d.day: d for d in glance.days(conn, start, today)},
            # The last 30 days, not the calendar month: on the 1st a month holds nothing yet.
            month_sites=glance.site_counts(conn, today - timedelta(days=29), today),
            medications=tuple(glance.medications(conn, today)),
            last=glance.last_episode(conn),
            empty=not glance.has_entries(conn),
            own_names={f.key: f.short for f in glance.own_factors(conn)},
            experiment=latest_experiment(read_experiments(conn)),
        )


def latest_experiment(experiments: Sequence[Experiment]) -> Experiment | None:
    """Of ``experiments`` (oldest first) the running one, else the one drawn last, as
    ``experiments.latest_experiment`` chooses it (Home's line, read without SQLModel).

    Without experiments the experiment modules are not imported: Home's worker would hold the
    GIL for them (~30 ms) while the first frame is drawn."""
    if not experiments:
        return None
    from twitchlog.domain.experiment_record import ExperimentStatus

    running = [e for e in experiments if e.status is ExperimentStatus.RUNNING]
    return running[0] if running else experiments[-1]
