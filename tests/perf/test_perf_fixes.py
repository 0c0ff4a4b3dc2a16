"""Regression tests of the speed fixes the benchmark led to (results, never timings)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
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


def test_quick_log_is_routed_to_the_one_command_app() -> None:
    """``log`` after global options takes the small app; help and other commands do not."""
    from twitchlog.cli.main import _is_quick_log

    assert _is_quick_log(["log", "eyelid"])
    assert _is_quick_log(["--db", "j.sqlite3", "log", "left", "calf", "--for", "30s"])
    assert _is_quick_log(["--db=j.sqlite3", "--demo", "log", "eyelid"])
    assert not _is_quick_log(["log", "--help"])
    assert not _is_quick_log(["-h", "log"])
    assert not _is_quick_log(["--db", "log"])  # "log" is the --db value here
    assert not _is_quick_log(["list"])
    assert not _is_quick_log([])


def test_quick_log_app_still_saves_and_refuses_like_the_full_app(tmp_path: Path) -> None:
    """The one-command app saves an episode and maps a bad value to exit 2."""
    from twitchlog.cli.main import run
    from twitchlog.storage import repository as repo
    from twitchlog.storage.journal import Journal

    db = tmp_path / "journal.sqlite3"
    assert run(["--db", str(db), "log", "eyelid", "--side", "left"]) == 0
    assert run(["--db", str(db), "log", "eyelid", "--intensity", "11"]) == 2
    assert run(["--db", str(db), "log", "eyelid", "--no-such-option"]) == 2
    episodes = repo.all_episodes(Journal.open(db))
    assert [(e.site, e.side and e.side.value) for e in episodes] == [("eyelid", "left")]
