"""Regression tests of the speed fixes the benchmark led to (results, never timings)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from twitchlog.storage.repository import _hour_counts


def _reference_hour_counts(starts: list[tuple[str, str]]) -> tuple[int, ...]:
    """The local hour of every start, the slow obvious way (one zone conversion a row)."""
    counts = [0] * 24
    for started, tz in starts:
        instant = datetime.strptime(started, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
        counts[instant.astimezone(ZoneInfo(tz)).hour] += 1
    return tuple(counts)


def test_hour_counts_without_strptime_match_one_conversion_per_row() -> None:
    """_hour_counts parses with fromisoformat now (strptime made 20-year reports slow)."""
    zones = ["Europe/Berlin", "America/New_York", "Asia/Kolkata", "Asia/Kathmandu", "UTC"]
    starts: list[tuple[str, str]] = []
    # every quarter hour around both 2026 EU and US DST changes, and a leap day
    for first in ("2026-03-07T00:00", "2026-03-28T00:00", "2026-10-24T00:00", "2024-02-28T20:00"):
        t = datetime.fromisoformat(first + ":00+00:00")
        for i in range(4 * 24 * 3):
            stamp = (t + timedelta(minutes=15 * i + 7)).strftime("%Y-%m-%dT%H:%M:%SZ")
            starts += [(stamp, tz) for tz in zones]
    assert _hour_counts(starts) == _reference_hour_counts(starts)
