"""Regression tests of the speed fixes the benchmark led to (results, never timings)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo


def _reference_hour_counts(starts: list[tuple[str, str]]) -> tuple[int, ...]:
    """The local hour of every start, the slow obvious way (one zone conversion a row)."""
    counts = [0] * 24
    for started, tz in starts:
        instant = datetime.strptime(started, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
        counts[instant.astimezone(ZoneInfo(tz)).hour] += 1
    return tuple(counts)


def test_hour_counts_in_sql_match_one_conversion_per_row(tmp_path: Path) -> None:
    """The hour counts are made in SQL per span of constant UTC offset (Python per row made
    20-year reports slow); they must equal one zone conversion per row."""
    import sqlite3

    from twitchlog.storage.journal import Journal
    from twitchlog.storage.repository import hour_counts_in

    zones = ["Europe/Berlin", "America/New_York", "Asia/Kolkata", "Asia/Kathmandu", "UTC"]
    starts: list[tuple[str, str]] = []
    # every quarter hour around both 2026 EU and US DST changes, and a leap day
    for first in ("2026-03-07T00:00", "2026-03-28T00:00", "2026-10-24T00:00", "2024-02-28T20:00"):
        t = datetime.fromisoformat(first + ":00+00:00")
        for i in range(4 * 24 * 3):
            stamp = (t + timedelta(minutes=15 * i + 7)).strftime("%Y-%m-%dT%H:%M:%SZ")
            starts += [(stamp, tz) for tz in zones]
    path = tmp_path / "journal.sqlite3"
    Journal.open(path).dispose()
    conn = sqlite3.connect(path)
    conn.executemany(
        "INSERT INTO episodes (id, started_at, timezone, local_date, site, kind, recorded_at) "
        "VALUES (?, ?, ?, ?, 'eyelid', 'twitch', ?)",
        [(f"e{i}", started, tz, started[:10], started) for i, (started, tz) in enumerate(starts)],
    )
    conn.commit()
    assert hour_counts_in(conn, "2000-01-01", "2100-01-01") == _reference_hour_counts(starts)
    assert sum(hour_counts_in(conn, "2026-03-28", "2026-03-29")) == 2 * 4 * 24 * len(zones)
    conn.close()


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
