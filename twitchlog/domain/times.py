"""Time: local wall times to UTC instants, DST gaps and folds, local days, friendly input.

Rules: a naive datetime is never stored; a wall time inside a DST gap is refused with the
valid neighbour suggested; a wall time inside a DST fold resolves to the first occurrence;
the local day of an instant is decided in the zone the person was in, with a configurable
day-start hour (an episode at 01:30 belongs to the previous day when the day starts at 04:00).
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from twitchlog.domain.errors import ValidationError

#: How far into the future a start time may lie (clocks differ a little).
FUTURE_TOLERANCE = timedelta(minutes=5)


def zone(name: str) -> ZoneInfo:
    """The IANA zone ``name``; ValidationError if it is unknown."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValidationError(
            "timezone", f"timezone must be an IANA name such as Europe/Berlin (got {name!r})"
        ) from exc


def resolve_wall_time(wall: datetime, tz: tzinfo, field: str = "time") -> datetime:
    """Attach ``tz`` to a naive wall time, refusing DST gaps and taking a fold's first occurrence.

    Returns an aware datetime in ``tz``.
    """
    if wall.tzinfo is not None:
        raise ValueError("resolve_wall_time expects a naive wall time")
    check_year(wall, field)
    first = wall.replace(tzinfo=tz, fold=0)
    round_trip = first.astimezone(UTC).astimezone(tz).replace(tzinfo=None)
    if round_trip != wall:
        # The wall time does not exist: the clocks jumped over it. Suggest the first valid
        # minute after the gap.
        after = wall.replace(tzinfo=tz, fold=1).astimezone(UTC).astimezone(tz)
        probe = wall
        for _ in range(240):
            probe = probe + timedelta(minutes=1)
            cand = probe.replace(tzinfo=tz, fold=0)
            if cand.astimezone(UTC).astimezone(tz).replace(tzinfo=None) == probe:
                after = cand
                break
        raise ValidationError(
            field,
            f"{field} {wall:%Y-%m-%d %H:%M} does not exist in {tz} (the clocks skipped it); "
            f"try {after:%H:%M}",
        )
    return first


#: The one range of years the whole app supports, for times and for days (day logs, notes,
#: medicines, settings, imports, report periods): earlier or later dates are typing mistakes,
#: and times near year 1 or 9999 cannot even be converted between zones. Anything inside
#: the range can be stored, analysed, exported and imported again.
MIN_YEAR, MAX_YEAR = 1900, 2999
MIN_DATE, MAX_DATE = date(MIN_YEAR, 1, 1), date(MAX_YEAR, 12, 31)


def _range_error(field: str, got: str) -> ValidationError:
    from twitchlog.domain.labels import words

    return ValidationError(
        field,
        f"{words(field)} must be in the years {MIN_YEAR}-{MAX_YEAR}, for example 2026-03-01 "
        f"(got {got})",
    )


def check_year(moment: datetime, field: str = "time") -> None:
    """Refuse times outside the years 1900-2999 (an aware time: in UTC too)."""
    if not MIN_YEAR <= moment.year <= MAX_YEAR:
        raise _range_error(field, f"{moment:%Y-%m-%d}")
    if moment.utcoffset() is not None:
        try:
            utc = moment.astimezone(UTC)
        except OverflowError:
            raise _range_error(field, f"{moment:%Y-%m-%d}") from None
        if not MIN_YEAR <= utc.year <= MAX_YEAR:
            raise _range_error(field, f"{utc:%Y-%m-%d %H:%M} UTC")


def check_date(day: date, field: str = "date") -> date:
    """Return ``day`` if it lies in the years 1900-2999, else raise."""
    if not MIN_DATE <= day <= MAX_DATE:
        raise _range_error(field, day.isoformat())
    return day


def local_day(instant: datetime, tz: tzinfo, day_start_hour: int = 0) -> date:
    """The local day an instant belongs to, in zone ``tz`` with the given day-start hour."""
    if instant.tzinfo is None:
        raise ValueError("local_day needs an aware datetime")
    local = instant.astimezone(tz)
    return (local - timedelta(hours=day_start_hour)).date()


def day_window(day: date, tz: tzinfo, day_start_hour: int = 0) -> tuple[datetime, datetime]:
    """The UTC instants ``[start, end)`` of a local day (for "today so far")."""
    start = datetime.combine(day, time(day_start_hour)).replace(tzinfo=tz)
    end = datetime.combine(day + timedelta(days=1), time(day_start_hour)).replace(tzinfo=tz)
    return start.astimezone(UTC), end.astimezone(UTC)


_AGO = re.compile(
    r"^(\d+(?:\.\d+)?)\s*(s|sec|secs|seconds?|m|min|mins|minutes?|h|hr|hrs|hours?)\s+ago$"
)
_CLOCK = re.compile(r"^(\d{1,2}):(\d{2})$")
_DURATION = re.compile(
    r"^(\d+(?:\.\d+)?)\s*(s|sec|secs|seconds?|m|min|mins|minutes?|h|hr|hrs|hours?)?$"
)
_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600}

#: Longest episode duration in seconds (24 h) and the shortest (1 s).
MAX_DURATION_S = 24 * 3600


def _unit_seconds(unit: str | None) -> int:
    return _UNIT_SECONDS[(unit or "s")[0]]


def parse_duration(text: str) -> int:
    """Parse ``30s``, ``2m``, ``1h``, ``90`` (seconds) or ``1.5 min`` into seconds (1 s-24 h)."""
    m = _DURATION.match(text.strip().lower())
    if m is None:
        raise ValidationError(
            "duration",
            f"duration must be 1 s to 24 h, for example 30s, 2m or 1h (got {text!r})",
        )
    seconds = round(float(m.group(1)) * _unit_seconds(m.group(2)))
    return check_duration(seconds)


def check_duration(seconds: int) -> int:
    """Return ``seconds`` if it is 1 s to 24 h, else raise."""
    if not 1 <= seconds <= MAX_DURATION_S:
        raise ValidationError(
            "duration", f"duration must be 1 s to 24 h (got {format_duration(seconds)})"
        )
    return seconds


def format_duration(seconds: int | None) -> str:
    """``45 s``, ``2 min``, ``1 h 30 min``; empty for not recorded."""
    if seconds is None:
        return ""
    if seconds < 60:
        return f"{seconds} s"
    if seconds < 3600:
        minutes, rest = divmod(seconds, 60)
        return f"{minutes} min" if rest == 0 else f"{minutes} min {rest} s"
    hours, rest = divmod(seconds, 3600)
    return f"{hours} h" if rest == 0 else f"{hours} h {rest // 60} min"


def parse_when(text: str, now: datetime, tz: tzinfo) -> datetime:
    """Parse a start time as people type it; returns an aware UTC instant.

    Accepts ``now``, ``14:05`` (today, or yesterday if that would be in the future),
    ``10 min ago``, ``yesterday 22:10``, ``2025-03-30 02:30`` (local wall time in ``tz``)
    and ISO 8601 with an offset. Refuses DST gaps and times more than 5 minutes ahead.
    """
    if now.tzinfo is None:
        raise ValueError("now must be aware")
    raw = text.strip().lower()
    local_now = now.astimezone(tz)
    result: datetime
    if raw in ("", "now"):
        result = now
    elif (m := _AGO.match(raw)) is not None:
        try:
            result = now - timedelta(seconds=float(m.group(1)) * _unit_seconds(m.group(2)))
        except OverflowError:
            raise _range_error("time", repr(text.strip())) from None
    elif (
        m := _CLOCK.match(raw.removeprefix("today ").removeprefix("yesterday ").strip())
    ) is not None:
        hour, minute = int(m.group(1)), int(m.group(2))
        if hour > 23 or minute > 59:
            raise ValidationError(
                "time", f"time must be 00:00-23:59, for example 14:05 (got {text.strip()!r})"
            )
        day = local_now.date()
        if raw.startswith("yesterday"):
            day -= timedelta(days=1)
        wall = datetime.combine(day, time(hour, minute))
        resolved = resolve_wall_time(wall, tz)
        if not raw.startswith(("today", "yesterday")) and resolved > now + FUTURE_TOLERANCE:
            resolved = resolve_wall_time(wall - timedelta(days=1), tz)
        result = resolved
    else:
        try:
            parsed = datetime.fromisoformat(text.strip())
        except ValueError:
            raise ValidationError(
                "time",
                "time must be now, a clock time (14:05), a time ago ('10 min ago'), "
                "'yesterday 22:10' or a date and time (2026-03-01 14:05) "
                f"(got {text.strip()!r})",
            ) from None
        check_year(parsed)
        result = resolve_wall_time(parsed, tz) if parsed.tzinfo is None else parsed
    check_year(result)
    check_year(result.astimezone(tz))
    check_not_future(result, now)
    return result.astimezone(UTC)


def check_not_future(instant: datetime, now: datetime) -> None:
    """Refuse a start more than five minutes after ``now``."""
    if instant > now + FUTURE_TOLERANCE:
        raise ValidationError(
            "time",
            f"time must not be more than 5 minutes in the future "
            f"(got {instant.astimezone(now.tzinfo):%Y-%m-%d %H:%M})",
        )


def parse_day(text: str, today: date, field: str = "date") -> date:
    """Parse ``today``, ``yesterday``, ``-3`` (days back) or ``YYYY-MM-DD`` (years 1900-2999)."""
    from twitchlog.domain.labels import words

    raw = text.strip().lower()
    if raw == "today":
        return today
    if raw == "yesterday":
        return today - timedelta(days=1)
    if re.fullmatch(r"-\d{1,5}", raw):
        return check_date(today - timedelta(days=int(raw[1:])), field)
    try:
        day = date.fromisoformat(raw)
    except ValueError:
        raise ValidationError(
            field,
            f"{words(field)} must be today, yesterday, -3 (days ago) or a date such as "
            f"2026-03-01 (got {text.strip()!r})",
        ) from None
    return check_date(day, field)


def to_utc(instant: datetime) -> datetime:
    """Refuse naive datetimes; return the instant in UTC."""
    if instant.tzinfo is None or instant.utcoffset() is None:
        raise ValidationError("time", "time must carry a time zone (a naive time is never stored)")
    check_year(instant)
    return instant.astimezone(UTC)
