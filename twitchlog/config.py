"""Typed settings from ``config.toml``, and the machine's IANA time zone.

Settings (all optional)::

    day_start_hour = 0          # a day starts at this hour (0-12); 4 puts 01:30 on the day before
    timezone = "Europe/Berlin"  # the zone new entries are logged in; default: the machine's zone
    name = "A. Person"          # printed on the doctor report
    onset = "2026-05-01"        # when the twitching started, if before the first entry
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, replace
from datetime import date, datetime, time
from pathlib import Path

from twitchlog.domain.errors import ValidationError
from twitchlog.domain.times import check_date, zone
from twitchlog.domain.validation import MAX_NAME_CHARS, check_text


@dataclass(frozen=True)
class Settings:
    """The person's settings."""

    day_start_hour: int = 0
    """Hour (0-12) at which a new local day begins."""
    timezone: str = "UTC"
    """IANA zone used for new entries."""
    name: str = ""
    """Name printed on the report; empty prints none."""
    onset: date | None = None
    """The day the twitching began, as the person remembers it."""
    zone_warning: str = ""
    """Why the machine's zone could not be used, and what is used instead (empty: fine)."""
    key_warnings: tuple[str, ...] = ()
    """One line for each key of the config file twitchlog does not know (ignored)."""


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
        try:
            zone(key)
        except ValidationError:
            continue
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
            fallback = _zone_key(Path("/etc/timezone").read_text(encoding="utf-8"))
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


def system_zone() -> str:
    """The machine's IANA zone (see :func:`machine_zone`), without the warning."""
    return machine_zone()[0]


def load_settings(path: Path) -> Settings:
    """Read ``path``; a missing file gives the defaults. Bad values raise ValidationError."""
    raw: dict[str, object] = {}
    if path.exists() and not path.is_file():  # a FIFO or /dev/zero would be read for ever
        raise ValidationError(
            "config", f"config file {path} is not a regular file; remove it or make it one"
        )
    if path.exists():
        try:
            raw = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ValidationError(
                "config", f"config file {path} is not valid TOML ({exc})"
            ) from None
    try:
        settings = _settings(raw)
    except ValidationError as exc:  # name the file: the person may not know where it is
        raise ValidationError(exc.field, f"in {path}: {exc.message}") from None
    unknown = sorted(k for k in raw if k not in KNOWN_KEYS)
    warnings = tuple(
        f"{path}: unknown setting {k!r} is ignored (known: {', '.join(sorted(KNOWN_KEYS))})"
        for k in unknown
    )
    return replace(settings, key_warnings=warnings)


def refuse_future_onset(settings: Settings, today: date, path: Path) -> None:
    """``onset`` after ``today`` (the person's local day) is a typo: refuse it, naming the file."""
    if settings.onset is not None and settings.onset > today:
        raise ValidationError(
            "onset",
            f"in {path}: onset must be on or before today, {today.isoformat()}, for example "
            f'onset = "{today:%Y-%m}" (got {settings.onset.isoformat()})',
        )


def _settings(raw: dict[str, object]) -> Settings:
    """Settings from the parsed file; bad values raise ValidationError."""
    hour = raw.get("day_start_hour", 0)
    if not isinstance(hour, int) or isinstance(hour, bool) or not 0 <= hour <= 12:
        raise ValidationError("day_start_hour", f"day_start_hour must be 0-12 (got {hour!r})")
    warning = ""
    tz = raw.get("timezone")
    if not tz:
        tz, warning = machine_zone()
    if not isinstance(tz, str):
        raise ValidationError("timezone", f"timezone must be an IANA name (got {tz!r})")
    zone(tz)
    name = raw.get("name", "")
    if not isinstance(name, str):
        raise ValidationError("name", f"name must be text in quotes (got {name!r})")
    check_text("name", name, MAX_NAME_CHARS)
    return Settings(
        day_start_hour=hour,
        timezone=tz,
        name=name,
        onset=_onset(raw.get("onset")),
        zone_warning=warning,
    )


def _onset(value: object) -> date | None:
    """``onset`` as a date in the supported years; a month (``2026-05``) or a year (``2026``)
    is its first day, as people often know only that; a TOML date-time or time is refused."""
    example = "onset must be a date such as 2026-05-01, a month such as 2026-05, or a year"
    if value is None or value == "":
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if isinstance(value, datetime | time) or not isinstance(value, date | str):
        raise ValidationError("onset", f"{example} (got {str(value)!r})")
    if isinstance(value, str):
        text = value.strip()
        if re.fullmatch(r"\d{4}", text):
            text += "-01-01"
        elif re.fullmatch(r"\d{4}-\d{2}", text):
            text += "-01"
        try:
            value = date.fromisoformat(text)
        except ValueError:
            raise ValidationError("onset", f"{example} (got {value!r})") from None
    return check_date(value, "onset")
