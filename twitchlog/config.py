"""Typed settings from ``config.toml``, and the machine's IANA time zone.

Settings (all optional)::

    day_start_hour = 0          # a day starts at this hour (0-12); 4 puts 01:30 on the day before
    timezone = "Europe/Berlin"  # the zone new entries are logged in; default: the machine's zone
    name = "A. Person"          # printed on the doctor report
    onset = "2026-05-01"        # when the twitching started, if before the first entry

The file is read and checked by ``settings_file`` (light enough for ``twitchlog status`` on
every shell prompt); this module gives the values their type.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from twitchlog.settings_file import KNOWN_KEYS, check_onset, machine_zone, read_settings

__all__ = [
    "KNOWN_KEYS",
    "Settings",
    "load_settings",
    "machine_zone",
    "refuse_future_onset",
    "system_zone",
]


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


def system_zone() -> str:
    """The machine's IANA zone (see :func:`machine_zone`), without the warning."""
    return machine_zone()[0]


def load_settings(path: Path) -> Settings:
    """Read ``path``; a missing file gives the defaults. Bad values raise ValidationError."""
    hour, tz, name, onset, warning, key_warnings = read_settings(str(path))
    return Settings(
        day_start_hour=hour,
        timezone=tz,
        name=name,
        onset=onset,
        zone_warning=warning,
        key_warnings=key_warnings,
    )


def refuse_future_onset(settings: Settings, today: date, path: Path) -> None:
    """``onset`` after ``today`` (the person's local day) is a typo: refuse it, naming the file."""
    check_onset(settings.onset, today, str(path))
