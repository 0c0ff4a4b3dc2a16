"""Small wording helpers for the report: dates, durations, counts and shares in plain words."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from twitchlog.domain.sites import Side, site_label


def day_text(d: date) -> str:
    """A date doctors read without doubt: ``3 Sep 2026`` (no-break spaces keep it on one line)."""
    return f"{d.day}\u00a0{d:%b}\u00a0{d.year}"


def days_text(days: Iterable[date], limit: int = 8) -> str:
    """Dates joined by commas; after ``limit`` dates, "and N more"."""
    items = list(days)
    shown = ", ".join(day_text(d) for d in items[:limit])
    rest = len(items) - limit
    return f"{shown} and {rest} more" if rest > 0 else shown


def duration_text(seconds: float) -> str:
    """``45 s``, ``2.5 min``, ``1.2 h``: the unit a person would use."""
    if seconds < 90:
        return f"{seconds:.0f} s"
    if seconds < 90 * 60:
        minutes = seconds / 60
        return f"{minutes:.0f} min" if minutes >= 10 else f"{minutes:.1f} min"
    return f"{seconds / 3600:.1f} h"


def place_text(site: str, side: Side | None) -> str:
    """``left eyelid``, ``both calves`` is avoided: ``calf (both sides)``; no side: the site."""
    label = site_label(site)
    if side is None:
        return label
    if side is Side.BOTH:
        return f"{label} (both sides)"
    return f"{side.value} {label}"


def plural(n: int, word: str, many: str | None = None) -> str:
    """``1 episode``, ``3 episodes``."""
    return f"{n} {word if n == 1 else (many or word + 's')}"


def share_text(part: int, whole: int) -> str:
    """``35 %`` of a whole (``0 %`` when the whole is zero)."""
    return f"{round(100 * part / whole) if whole else 0} %"


def number_text(x: float, digits: int = 1) -> str:
    """A number with ``digits`` decimals, without a trailing ``.0``."""
    text = f"{x:.{digits}f}"
    return text[:-2] if digits == 1 and text.endswith(".0") else text


def course_text(days: int) -> str:
    """A span of days also in weeks or months: ``45 days (about 6 weeks)``."""
    if days < 14:
        return plural(days, "day")
    if days < 61:
        return f"{days} days (about {round(days / 7)} weeks)"
    if days < 730:
        return f"{days} days (about {round(days / 30.44)} months)"
    return f"{days} days (about {days / 365.25:.1f} years)"
