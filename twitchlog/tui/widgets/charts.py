"""Terminal charts as ``rich.text.Text``: vertical bars, horizontal bars, a mean line.

Pure functions (values in, text out), so they are tested without an app. Missing values
(``None``: nothing logged that day) are drawn differently from zero.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text

_EIGHTHS = " ▁▂▃▄▅▆▇█"
BAR_STYLE = "dark_cyan"
MEAN_STYLE = "bold yellow"
MISSING_STYLE = "dim"


def _cell(value: float, row: int, scale: float) -> str:
    """The block character of a bar of ``value`` in grid row ``row`` (0 = bottom)."""
    filled = value / scale if scale else 0.0
    eighths = round((filled - row) * 8)
    return _EIGHTHS[max(0, min(8, eighths))]


def vertical_bars(
    values: Sequence[float | None],
    labels: Sequence[str],
    *,
    height: int = 6,
    width: int = 3,
    mean: Sequence[float | None] | None = None,
    show_values: bool = True,
    gap: int = 1,
) -> Text:
    """Bars side by side, ``width`` columns each; ``None`` shows a dim dot (not logged).

    With ``mean``, a ``─`` marks the mean's height in each column (drawn over empty cells).
    """
    known = [v for v in values if v is not None] + [m for m in (mean or []) if m is not None]
    top = max(known, default=0.0) or 1.0
    scale = top / height
    out = Text()
    if show_values:
        for v in values:
            out.append(("" if v is None else f"{v:g}").center(width)[:width] + " " * gap)
        out.append("\n")
    for row in range(height - 1, -1, -1):
        for i, v in enumerate(values):
            m = mean[i] if mean is not None else None
            mean_here = m is not None and int(m / scale) == row if scale else False
            if v is None:
                ch, style = (" ", "")
            else:
                ch, style = _cell(v, row, scale), "dark_cyan"
            if mean_here and ch.strip() in ("", "▁"):
                out.append("─" * width, MEAN_STYLE)
            elif mean_here:
                out.append(ch * width, "bold yellow on dark_cyan")
            else:
                out.append(ch * width, style)
            out.append(" " * gap)
        out.append("\n")
    for v in values:
        out.append(("·" if v is None else "▔").center(width) + " " * gap, MISSING_STYLE)
    out.append("\n")
    if any(labels):
        for label in labels:
            out.append(label.center(width)[:width] + " " * gap, "dim")
    return out


def horizontal_bars(items: Sequence[tuple[str, int]], *, width: int = 40) -> Text:
    """One labelled bar per item (``label  ████ 12``), longest first as given."""
    out = Text()
    if not items:
        out.append("none recorded", "dim")
        return out
    top = max(n for _, n in items) or 1
    label_w = min(18, max(len(label) for label, _ in items))
    for i, (label, n) in enumerate(items):
        if i:
            out.append("\n")
        full = n * width / top
        blocks = "█" * int(full) + (_EIGHTHS[round((full - int(full)) * 8)].strip())
        out.append(label[:label_w].ljust(label_w) + " ")
        out.append(blocks, "dark_cyan")
        out.append(f" {n}")
    return out


def rolling_mean(values: Sequence[float | None], window: int = 7) -> list[float | None]:
    """Trailing mean over the last ``window`` known values; None until any value is known."""
    out: list[float | None] = []
    for i in range(len(values)):
        part = [v for v in values[max(0, i - window + 1) : i + 1] if v is not None]
        out.append(sum(part) / len(part) if part else None)
    return out


def bucket(values: Sequence[float | None], columns: int) -> tuple[list[float | None], int]:
    """Average consecutive values so at most ``columns`` remain; returns them and the step."""
    if len(values) <= columns:
        return list(values), 1
    step = -(-len(values) // columns)
    out: list[float | None] = []
    for i in range(0, len(values), step):
        part = [v for v in values[i : i + step] if v is not None]
        out.append(sum(part) / len(part) if part else None)
    return out, step
