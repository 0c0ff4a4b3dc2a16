"""Typed settings from ``config.toml``, and the machine's IANA time zone.

Settings (all optional)::

    day_start_hour = 0          # a day starts at this hour (0-12); 4 puts 01:30 on the day before
    timezone = "Europe/Berlin"  # the zone new entries are logged in; default: the machine's zone
    name = "A. Person"          # printed on the doctor report
    onset = "2026-05-01"        # when the twitching started, if before the first entry
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from twitchlog.domain.errors import ValidationError
from twitchlog.domain.times import zone


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


def system_zone() -> str:
    """The machine's IANA zone: ``TZ``, else the target of ``/etc/localtime``, else UTC."""
    tz = os.environ.get("TZ", "").strip().lstrip(":")
    if (tz and "/" in tz) or tz == "UTC":
        try:
            zone(tz)
            return tz
        except ValidationError:
            pass
    try:
        target = os.path.realpath("/etc/localtime")
        marker = "zoneinfo/"
        if marker in target:
            name = target.split(marker, 1)[1]
            zone(name)
            return name
    except (OSError, ValidationError):
        pass
    try:
        name = Path("/etc/timezone").read_text(encoding="utf-8").strip()
        zone(name)
        return name
    except (OSError, ValidationError):
        return "UTC"


def load_settings(path: Path) -> Settings:
    """Read ``path``; a missing file gives the defaults. Bad values raise ValidationError."""
    raw: dict[str, object] = {}
    if path.exists():
        try:
            raw = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ValidationError(
                "config", f"config file {path} is not valid TOML ({exc})"
            ) from None
    hour = raw.get("day_start_hour", 0)
    if not isinstance(hour, int) or isinstance(hour, bool) or not 0 <= hour <= 12:
        raise ValidationError("day_start_hour", f"day_start_hour must be 0-12 (got {hour!r})")
    tz = raw.get("timezone") or system_zone()
    if not isinstance(tz, str):
        raise ValidationError("timezone", f"timezone must be an IANA name (got {tz!r})")
    zone(tz)
    name = raw.get("name", "")
    onset_raw = raw.get("onset")
    onset: date | None = None
    if isinstance(onset_raw, date):
        onset = onset_raw
    elif isinstance(onset_raw, str) and onset_raw:
        try:
            onset = date.fromisoformat(onset_raw)
        except ValueError:
            raise ValidationError(
                "onset", f"onset must be YYYY-MM-DD (got {onset_raw!r})"
            ) from None
    return Settings(day_start_hour=hour, timezone=tz, name=str(name), onset=onset)
