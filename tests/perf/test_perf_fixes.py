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


def test_parse_instant_fast_path_accepts_and_refuses_as_strptime() -> None:
    """Stored instants are read with ``fromisoformat`` (strptime was a third of reading 7,300
    day logs); what is accepted, and the value read, must not change."""
    import pytest

    from twitchlog.storage.records import instant_text, parse_instant

    def slow(text: str) -> datetime:
        return datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)

    good = ["2026-03-01T13:05:00Z", "1900-01-01T00:00:00Z", "2999-12-31T23:59:59Z"]
    for text in [*good, "2026-3-1T13:05:00Z"]:
        assert parse_instant(text) == slow(text)
        assert parse_instant(text).tzinfo is UTC
    assert instant_text(parse_instant(good[0])) == good[0]
    for bad in (
        "2026-03-01 13:05:00Z",
        "2026-03-01T13:05:60Z",
        "2026-02-30T13:05:00Z",
        "2026-03-01T13:05:00+01:00",
        "2026-03-01T13:05:0aZ",
        "20260301T130500Z",
        "2026-03-01T13:05:00.5Z",
    ):
        with pytest.raises(ValueError):
            slow(bad)
        with pytest.raises(ValueError):
            parse_instant(bad)


def test_load_slice_days_equal_the_repository_days(tmp_path: Path) -> None:
    """``load_slice`` reads day logs through the driver's cursor; they must be the day logs
    the repository returns, markers included."""
    from datetime import date

    from twitchlog.domain.models import DayLog
    from twitchlog.storage import repository as repo
    from twitchlog.storage.journal import Journal

    journal = Journal.open(tmp_path / "journal.sqlite3")
    try:
        for i in range(5):
            repo.merge_day_log(
                journal,
                DayLog(
                    day=date(2026, 3, 1 + 2 * i),
                    checked_in=i % 2 == 0,
                    sleep_h=6.5 + i if i != 3 else None,
                    stress=i,
                    drinks={"coffee": i} if i else {},
                    note=f"day {i}",
                ),
            )
        data = repo.load_slice(journal, date(2026, 3, 2), date(2026, 3, 31))
        expected = sorted(
            repo.list_days(journal, start=date(2026, 3, 2), end=date(2026, 3, 31)),
            key=lambda d: d.day,
        )
        assert list(data.days) == list(expected)
        assert [d.updated_at for d in data.days] == [d.updated_at for d in expected]
        assert [d.revision for d in data.days] == [d.revision for d in expected]
        assert len(data.days) == 4
    finally:
        journal.dispose()


def test_i17_status_prints_its_line_without_importing_typer(tmp_path: Path) -> None:
    """``twitchlog status`` runs on every shell prompt; importing typer and building the app
    was most of its time. ``status`` alone (after ``--db``) now skips both, with the same
    line; anything more (``--help``) still goes through the app."""
    import os
    import subprocess
    import sys

    from twitchlog.storage.journal import Journal

    db = tmp_path / "journal.sqlite3"
    Journal.open(db).dispose()
    script = (
        "import sys\nfrom twitchlog.cli.main import run\n"
        "code = run(sys.argv[1:])\nprint('typer' in sys.modules, code)\n"
    )

    def twitchlog(*args: str) -> list[str]:
        done = subprocess.run(
            [sys.executable, "-c", script, *args],
            capture_output=True, text=True, check=True, env=dict(os.environ),
        )  # fmt: skip
        return done.stdout.splitlines()

    assert twitchlog("--db", str(db), "status") == ["0 twitches today · not checked in", "False 0"]
    assert twitchlog("status", "--db", str(db)) == ["0 twitches today · not checked in", "False 0"]
    assert twitchlog("--db", str(tmp_path / "none.sqlite3"), "status") == [
        "twitchlog: no journal yet",
        "False 0",
    ]
    helped = twitchlog("--db", str(db), "status", "--help")
    assert helped[0].startswith("Usage: twitchlog status") and helped[-1] == "True 0"
