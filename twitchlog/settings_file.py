"""Reading ``config.toml`` into checked values, and the machine's IANA time zone.

Standard library only, and none of the slower parts of it (``pathlib``, ``dataclasses``,
``typing``): ``twitchlog status`` reads the settings on every shell prompt (``cli/prompt.py``).
``config.load_settings`` turns these values into :class:`twitchlog.config.Settings`; the
settings and their rules are described there.

The domain package (its error type, zone, text and date checks) is imported only when a value
is refused: it would cost a prompt more than the rest of its work (docs/performance.md,
section 5). A value outside the quick checks below goes to the domain's own check, which
decides and words the refusal; ``NAME_CHARS`` and ``YEARS`` repeat the domain's limits for the
quick checks, and a test keeps them equal.
"""

from __future__ import annotations

import errno
import os
import stat
from datetime import date, datetime, time

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing
if TYPE_CHECKING:
    from twitchlog.domain.errors import ValidationError

#: The longest name (``domain.validation.MAX_NAME_CHARS``).
NAME_CHARS = 200
#: The years a date may have (``domain.times.MIN_YEAR``, ``MAX_YEAR``).
YEARS = (1900, 2999)

#: The values of one file: day-start hour, zone, name, onset, zone warning, key warnings.
Values = tuple[int, str, str, date | None, str, tuple[str, ...]]


def _invalid(field: str, message: str) -> ValidationError:
    from twitchlog.domain.errors import ValidationError

    return ValidationError(field, message)


def _known_zone(name: str) -> bool:
    """True if zoneinfo knows ``name`` (what ``domain.times.zone`` accepts)."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


#: What ``pathlib`` treats as "not there" when it asks about a file; other errors (no
#: permission) are raised, as ``Path.exists`` and ``Path.is_file`` raise them.
_ABSENT = frozenset({errno.ENOENT, errno.ENOTDIR, errno.EBADF, errno.ELOOP})


def file_mode(path: str) -> int | None:
    """``os.stat(path).st_mode``, or None where ``Path.exists`` would say False."""
    try:
        return os.stat(path).st_mode
    except OSError as exc:
        if exc.errno in _ABSENT:
            return None
        raise
    except ValueError:  # a NUL in the name
        return None


def is_file(path: str) -> bool:
    """``Path(path).is_file()`` without pathlib."""
    mode = file_mode(path)
    return mode is not None and stat.S_ISREG(mode)


#: The keys ``config.toml`` may hold.
KNOWN_KEYS = frozenset({"day_start_hour", "timezone", "name", "onset"})


#: Where the system keeps its zone files; a ``TZ`` or ``/etc/localtime`` path inside one of
#: them names the zone by the rest of the path (``/usr/share/zoneinfo/Asia/Tokyo``).
_ZONEINFO_MARKER = "zoneinfo/"

#: Files in zoneinfo folders that name no place: ``localtime`` is whatever the machine is set
#: to, ``posixrules`` a rule template, ``Factory`` a placeholder. Stored with an entry, they
#: would mean another zone on another machine.
_NOT_PLACES = frozenset({"localtime", "posixrules", "Factory"})


def _zone_key(value: str) -> str | None:
    """The IANA key ``value`` names (a key, ``:key``, or a zoneinfo path), or None."""
    raw = value.strip().removeprefix(":")
    if not raw:
        return None
    candidates = [raw]
    if raw.startswith("/") or raw.startswith("."):
        resolved = os.path.realpath(raw)
        candidates = [
            p.split(_ZONEINFO_MARKER, 1)[1]
            for p in (os.path.normpath(raw), resolved)
            if _ZONEINFO_MARKER in p
        ]
    for key in candidates:
        if key in _NOT_PLACES:
            continue
        if _known_zone(key):
            return key
    return None


def machine_zone() -> tuple[str, str]:
    """The machine's IANA zone and a warning (empty when there is nothing to say).

    ``TZ`` first: any name zoneinfo knows (``Europe/Berlin``, ``EST5EDT``, ``Japan``, ``CET``,
    ``UTC``), also as ``:name`` or as a path into a zoneinfo folder. A ``TZ`` twitchlog cannot
    use (a POSIX rule such as ``CET-1CEST,M3.5.0,M10.5.0/3``, an unknown name) is named in the
    warning together with the zone used instead: the target of ``/etc/localtime``, else
    ``/etc/timezone``, else UTC.
    """
    tz = os.environ.get("TZ", "")
    if tz.strip():
        key = _zone_key(tz)
        if key is not None:
            return key, ""
    fallback = _zone_key("/etc/localtime") if os.path.exists("/etc/localtime") else None
    if fallback is None:
        try:
            with open("/etc/timezone", encoding="utf-8") as f:
                fallback = _zone_key(f.read())
        except (OSError, UnicodeDecodeError):
            fallback = None
    chosen = fallback or "UTC"
    warning = ""
    if tz.strip():
        warning = (
            f"TZ={tz.strip()!r} is not a time zone name twitchlog can use (such as "
            f"Europe/Berlin); using {chosen} (set timezone in config.toml to choose)"
        )
    return chosen, warning


def read_settings(path: str) -> Values:
    """The values of the settings file ``path``; a missing file gives the defaults. Bad
    values raise ValidationError, naming the file."""
    raw: dict[str, object] = {}
    mode = file_mode(path)
    if mode is not None and not stat.S_ISREG(mode):  # a FIFO or /dev/zero: read for ever
        raise _invalid(
            "config", f"config file {path} is not a regular file; remove it or make it one"
        )
    if mode is not None:
        import tomllib

        try:
            with open(path, encoding="utf-8") as f:
                raw = tomllib.loads(f.read())
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise _invalid("config", f"config file {path} is not valid TOML ({exc})") from None
    try:
        hour, tz, name, onset, warning = _values(raw)
    except ValueError as exc:  # name the file: the person may not know where it is
        from twitchlog.domain.errors import ValidationError

        if not isinstance(exc, ValidationError):
            raise
        raise ValidationError(exc.field, f"in {path}: {exc.message}") from None
    unknown = sorted(k for k in raw if k not in KNOWN_KEYS)
    warnings = tuple(
        f"{path}: unknown setting {k!r} is ignored (known: {', '.join(sorted(KNOWN_KEYS))})"
        for k in unknown
    )
    return hour, tz, name, onset, warning, warnings


def check_onset(onset: date | None, today: date, path: str) -> None:
    """``onset`` after ``today`` (the person's local day) is a typo: refuse it, naming the file."""
    if onset is not None and onset > today:
        raise _invalid(
            "onset",
            f"in {path}: onset must be on or before today, {today.isoformat()}, for example "
            f'onset = "{today:%Y-%m}" (got {onset.isoformat()})',
        )


def _values(raw: dict[str, object]) -> tuple[int, str, str, date | None, str]:
    """The checked values of the parsed file; bad values raise ValidationError."""
    hour = raw.get("day_start_hour", 0)
    if not isinstance(hour, int) or isinstance(hour, bool) or not 0 <= hour <= 12:
        raise _invalid("day_start_hour", f"day_start_hour must be 0-12 (got {hour!r})")
    warning = ""
    tz = raw.get("timezone")
    if not tz:
        tz, warning = machine_zone()
    if not isinstance(tz, str):
        raise _invalid("timezone", f"timezone must be an IANA name (got {tz!r})")
    if not _known_zone(tz):
        from twitchlog.domain.times import zone

        zone(tz)  # raises, with the domain's message
    name = raw.get("name", "")
    if not isinstance(name, str):
        raise _invalid("name", f"name must be text in quotes (got {name!r})")
    if len(name) > NAME_CHARS or not name.isprintable():  # printable: no control characters
        from twitchlog.domain.validation import MAX_NAME_CHARS, check_text

        check_text("name", name, MAX_NAME_CHARS)
    return hour, tz, name, _onset(raw.get("onset")), warning


def _onset(value: object) -> date | None:
    """``onset`` as a date in the supported years; a month (``2026-05``) or a year (``2026``)
    is its first day, as people often know only that; a TOML date-time or time is refused."""
    example = "onset must be a date such as 2026-05-01, a month such as 2026-05, or a year"
    if value is None or value == "":
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if isinstance(value, datetime | time) or not isinstance(value, date | str):
        raise _invalid("onset", f"{example} (got {str(value)!r})")
    if isinstance(value, str):
        import re

        text = value.strip()
        if re.fullmatch(r"\d{4}", text):
            text += "-01-01"
        elif re.fullmatch(r"\d{4}-\d{2}", text):
            text += "-01"
        try:
            value = date.fromisoformat(text)
        except ValueError:
            raise _invalid("onset", f"{example} (got {value!r})") from None
    if not YEARS[0] <= value.year <= YEARS[1]:
        from twitchlog.domain.times import check_date

        check_date(value, "onset")  # raises, with the domain's message
    return value
