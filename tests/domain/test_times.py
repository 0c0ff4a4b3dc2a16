"""Time rules: DST gaps refused with a neighbour, folds take the first occurrence, days stay put."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from twitchlog.domain import ValidationError
from twitchlog.domain.times import (
    day_window,
    format_duration,
    local_day,
    parse_day,
    parse_duration,
    parse_when,
    resolve_wall_time,
    to_utc,
)

BERLIN = ZoneInfo("Europe/Berlin")
TOKYO = ZoneInfo("Asia/Tokyo")
NOW = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)


def test_dst_gap_is_refused_with_the_valid_neighbour() -> None:
    with pytest.raises(ValidationError) as err:
        resolve_wall_time(datetime(2026, 3, 29, 2, 30), BERLIN)
    assert "does not exist" in err.value.message
    assert "try 03:00" in err.value.message


def test_dst_fold_resolves_to_first_occurrence() -> None:
    resolved = resolve_wall_time(datetime(2026, 10, 25, 2, 30), BERLIN)
    assert resolved.utcoffset() == timedelta(hours=2)  # CEST, the first 02:30
    assert resolved.astimezone(UTC) == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)


def test_local_day_uses_the_zone_of_the_episode_not_the_machine() -> None:
    instant = datetime(2026, 11, 19, 16, 0, tzinfo=UTC)  # 01:00 on the 20th in Tokyo
    assert local_day(instant, TOKYO) == date(2026, 11, 20)
    assert local_day(instant, BERLIN) == date(2026, 11, 19)


def test_day_start_hour_moves_small_hours_to_previous_day() -> None:
    instant = datetime(2026, 11, 20, 1, 30, tzinfo=BERLIN)
    assert local_day(instant, BERLIN, day_start_hour=0) == date(2026, 11, 20)
    assert local_day(instant, BERLIN, day_start_hour=4) == date(2026, 11, 19)
    start, end = day_window(date(2026, 11, 19), BERLIN, 4)
    assert start <= instant.astimezone(UTC) < end


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("now", NOW),
        ("10 min ago", NOW - timedelta(minutes=10)),
        ("2h ago", NOW - timedelta(hours=2)),
        ("12:05", datetime(2026, 11, 29, 11, 5, tzinfo=UTC)),
        ("23:00", datetime(2026, 11, 28, 22, 0, tzinfo=UTC)),  # later than now: yesterday
        ("2026-11-29T08:00:00+09:00", datetime(2026, 11, 28, 23, 0, tzinfo=UTC)),
    ],
)
def test_parse_when(text: str, expected: datetime) -> None:
    assert parse_when(text, NOW, BERLIN) == expected


def test_future_start_is_refused_beyond_five_minutes() -> None:
    assert parse_when("2026-11-29T13:04:00+01:00", NOW, BERLIN)  # 4 min ahead is fine
    with pytest.raises(ValidationError, match="5 minutes in the future"):
        parse_when("2026-11-29T13:10:00+01:00", NOW, BERLIN)


def test_naive_datetimes_are_never_stored() -> None:
    with pytest.raises(ValidationError, match="time zone"):
        to_utc(datetime(2026, 1, 1, 12, 0))


@pytest.mark.parametrize(
    ("text", "seconds"), [("30s", 30), ("2m", 120), ("1h", 3600), ("90", 90), ("1.5 min", 90)]
)
def test_durations(text: str, seconds: int) -> None:
    assert parse_duration(text) == seconds


@pytest.mark.parametrize("text", ["0s", "25h", "abc", "-3s", "1e999"])
def test_bad_durations_name_the_range(text: str) -> None:
    with pytest.raises(ValidationError) as err:
        parse_duration(text)
    assert "1 s to 24 h" in err.value.message


def test_format_duration() -> None:
    assert format_duration(45) == "45 s"
    assert format_duration(120) == "2 min"
    assert format_duration(5400) == "1 h 30 min"
    assert format_duration(None) == ""


def test_parse_day() -> None:
    today = date(2026, 11, 29)
    assert parse_day("yesterday", today) == date(2026, 11, 28)
    assert parse_day("-7", today) == date(2026, 11, 22)
    assert parse_day("2026-01-02", today) == date(2026, 1, 2)
    with pytest.raises(ValidationError, match="a date such as 2026-03-01"):
        parse_day("next tuesday", today)


@pytest.mark.parametrize(
    "text", ["0001-01-01", "0001-01-01T00:30:00+05:00", "9999-12-31 23:59", "1850-01-01"]
)
def test_times_outside_sane_years_are_refused_not_crashing(text: str) -> None:
    """Regression: year 1 overflowed when converted to UTC (OverflowError, exit 70)."""
    with pytest.raises(ValidationError, match="years 1900-2999"):
        parse_when(text, NOW, BERLIN)
