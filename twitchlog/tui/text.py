"""User text is data, never markup: helpers that turn it into plain ``rich.text.Text``."""

from __future__ import annotations

from rich.text import Text

from twitchlog.domain.validation import inert

#: Longest text shown in one table cell before it is cut with an ellipsis.
CELL_CHARS = 60


def plain(value: str, style: str = "") -> Text:
    """``value`` as literal text (``[bold]`` stays ``[bold]``; control characters visible)."""
    return Text(inert(value), style=style)


def cell(value: str, limit: int = CELL_CHARS) -> Text:
    """One table cell: literal text on one line, cut to ``limit`` characters, control
    characters visible (ESC as ␛), so no stored text can steer the terminal."""
    flat = " ".join(inert(value).split())
    if len(flat) > limit:
        flat = flat[: limit - 1] + "…"
    return Text(flat, no_wrap=True, overflow="ellipsis")


def number(value: float | None, unit: str = "") -> str:
    """A logged number for display; ``None`` (not logged) is a dash, never 0."""
    if value is None:
        return "–"
    shown = str(int(value)) if float(value).is_integer() else f"{value:g}"
    return f"{shown} {unit}".strip()
