"""The 12-week calendar heatmap: one cell per day, weeks as columns, Monday on top.

Three states are kept apart: a day with no check-in and no episode is a dim dot (unknown),
a checked-in day without episodes is an open circle (no twitches), and days with episodes
are shaded blocks by count.
"""

from __future__ import annotations

from datetime import date, timedelta

from rich.text import Text
from textual.widgets import Static

from twitchlog.domain.models import DayLog

_SHADES = ("░░", "▒▒", "▓▓", "██")
_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
#: Cells of each state (two characters wide) and their styles.
UNKNOWN = ("· ", "dim")
NO_TWITCHES = ("○ ", "green")
FUTURE = ("  ", "")


def shade(count: int, top: int) -> str:
    """The block for ``count`` episodes when the busiest day in view had ``top``."""
    if top <= 0:
        return _SHADES[0]
    index = min(3, (count * 4 - 1) // top) if count else 0
    return _SHADES[index]


def heatmap_text(
    start: date, today: date, counts: dict[date, int], days: dict[date, DayLog]
) -> Text:
    """The heatmap from the Monday ``start`` to ``today``, with month labels and a legend."""
    weeks = ((today - start).days // 7) + 1
    top = max(counts.values(), default=0)
    out = Text()
    out.append("    ")
    last_month = 0
    for w in range(weeks):
        monday = start + timedelta(weeks=w)
        label = monday.strftime("%b") if monday.month != last_month else ""
        last_month = monday.month
        out.append(label[:3].ljust(3)[:3], "dim")
    out.append("\n")
    for weekday in range(7):
        out.append(_WEEKDAYS[weekday] + " ", "dim")
        for w in range(weeks):
            day = start + timedelta(weeks=w, days=weekday)
            n = counts.get(day, 0)
            log = days.get(day)
            if day > today:
                cell, style = FUTURE
            elif n:
                cell, style = shade(n, top), "dark_orange" if day == today else "dark_cyan"
            elif log is not None and log.checked_in:
                cell, style = NO_TWITCHES
            else:
                cell, style = UNKNOWN
            out.append(cell, style)
            out.append(" ")
        out.append("\n")
    out.append("· ", UNKNOWN[1])
    out.append("not checked in  ")
    out.append("○ ", NO_TWITCHES[1])
    out.append("no twitches  ")
    out.append("░▒▓█", "dark_cyan")
    if top > 1:
        out.append(f" 1-{top} episodes")
    else:
        out.append(" 1 episode" if top else " episodes")
    return out


class CalendarHeatmap(Static):
    """Shows :func:`heatmap_text`; the screen sets the data with :meth:`show`."""

    DEFAULT_CSS = """
    CalendarHeatmap { height: auto; width: auto; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(Text("loading…", style="dim"), id=id, markup=False)

    def show(
        self, start: date, today: date, counts: dict[date, int], days: dict[date, DayLog]
    ) -> None:
        """Draw the days from ``start`` (a Monday) to ``today``."""
        self.update(heatmap_text(start, today, counts, days))
