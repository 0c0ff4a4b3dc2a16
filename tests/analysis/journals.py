"""Small hand-made journals for the analysis tests."""

from __future__ import annotations

from datetime import date, timedelta

from twitchlog.domain.models import DayLog, EpisodeDayStats, JournalSlice

START = date(2025, 3, 1)


def journal(
    counts: list[int | None],
    factors: dict[str, list[float | None]] | None = None,
    start: date = START,
) -> JournalSlice:
    """A journal with one checked-in day per non-None count and the given factor values."""
    factors = factors or {}
    days = []
    episodes = []
    for i, c in enumerate(counts):
        day = start + timedelta(days=i)
        values = {k: v[i] for k, v in factors.items() if v[i] is not None}
        if c is not None or values:
            days.append(DayLog(day=day, checked_in=c is not None, **values))  # type: ignore[arg-type]
        if c:
            episodes.append(EpisodeDayStats(day=day, episodes=c))
    return JournalSlice(
        start=start,
        end=start + timedelta(days=len(counts) - 1),
        days=tuple(days),
        episode_days=tuple(episodes),
        medications=(),
    )
