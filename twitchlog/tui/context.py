"""What every screen needs: the open journal, the settings and the clock (attributes down)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from twitchlog.config import Settings
from twitchlog.domain.times import local_day, zone
from twitchlog.storage.journal import Journal


@dataclass(frozen=True)
class TuiContext:
    """The journal, the person's settings and the clock, shared by all screens."""

    journal: Journal
    settings: Settings
    clock: Callable[[], datetime]

    @property
    def tz(self) -> ZoneInfo:
        """The zone new entries are logged in."""
        return zone(self.settings.timezone)

    def now(self) -> datetime:
        """The current instant (aware, UTC)."""
        return self.clock()

    def today(self) -> date:
        """The person's current local day (with the day-start hour)."""
        return local_day(self.now(), self.tz, self.settings.day_start_hour)
