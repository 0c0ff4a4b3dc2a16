"""History's rows: the cells each episode or day-log row shows.

User text goes into cells as plain ``Text`` (never markup); a factor not logged is a dash.
"""

from __future__ import annotations

from rich.text import Text

from twitchlog.domain.models import DayLog, Episode
from twitchlog.domain.own_symptoms import symptom_labels
from twitchlog.domain.sites import site_label
from twitchlog.domain.times import format_duration, zone
from twitchlog.tui.text import cell, number


def episode_cells(ep: Episode) -> list[Text | str]:
    """The cells of one episode row (user text as literal text)."""
    local = ep.started_at.astimezone(zone(ep.timezone))
    seen = "" if ep.visible is None else ("visible" if ep.visible else "felt")
    return [
        f"{local:%Y-%m-%d %H:%M}",
        cell(site_label(ep.site), 9),
        ep.side.value if ep.side else "",
        ep.kind.value,
        format_duration(ep.duration_s),
        "" if ep.intensity is None else str(ep.intensity),
        cell(ep.context.value.replace("_", " "), 9) if ep.context else "",
        seen,
        cell(", ".join(symptom_labels(ep.symptoms)), 14),
        cell(ep.note, 40),
    ]


def day_cells(day: DayLog, episodes: int) -> list[Text | str]:
    """The cells of one day row; a factor not logged shows a dash."""
    count = "none" if episodes == 0 and day.checked_in else str(episodes)
    return [
        day.day.isoformat(),
        "yes" if day.checked_in else "no",
        count,
        number(day.caffeine_mg, "mg"),
        number(day.sleep_h, "h"),
        number(day.sleep_quality),
        number(day.stress),
        number(day.cigarettes),
        number(day.exercise_min, "min"),
        number(day.alcohol_drinks),
        number(day.water_l, "l"),
        number(day.screen_h, "h"),
        cell(day.note, 30),
    ]
