"""Table columns that fit the terminal: fewer, narrower columns below a width.

At 80 columns a table with every column is wider than the screen and its right-hand columns
are cut. Below ``wide_from`` a table shows only its ``narrow`` columns, and the last of them
takes what is left of the width, so every column shown fits (the rest is in the form that
opens on the row).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TypeVar

from rich.text import Text
from textual.widgets import DataTable

#: One column: its header and its width (``None``: as wide as its widest cell).
Column = tuple[str, int | None]
#: A column to show: its index among all columns, its header, its width.
Shown = tuple[int, str, int | None]

#: What a DataTable needs besides its columns: one cell of padding on each side of a column,
#: and the vertical scrollbar.
CELL_PADDING = 2
SCROLLBAR = 2

T = TypeVar("T")


def fit_columns(
    columns: Sequence[Column],
    narrow: Sequence[str] | Mapping[str, int | None],
    width: int,
    wide_from: int,
) -> list[Shown]:
    """The columns to show in a table ``width`` cells wide.

    From ``wide_from`` every column as given. Below it the columns named in ``narrow`` (a
    mapping gives some of them a narrower width), and the last of them takes the rest.
    """
    if width >= wide_from:
        shown = [(i, label, w) for i, (label, w) in enumerate(columns)]
        i, label, last = shown[-1]
        if last is None:  # the last column takes the rest, not a width Textual finds on idle
            used = sum((w or len(lb)) + CELL_PADDING for _, lb, w in shown[:-1])
            shown[-1] = (i, label, max(len(label), width - used - CELL_PADDING - SCROLLBAR))
        return shown
    widths = narrow if isinstance(narrow, Mapping) else {}
    shown = [
        (i, label, widths.get(label, w)) for i, (label, w) in enumerate(columns) if label in narrow
    ]
    used = sum((w or len(label)) + CELL_PADDING for _, label, w in shown[:-1])
    i, label, _ = shown[-1]
    shown[-1] = (i, label, max(len(label), width - used - CELL_PADDING - SCROLLBAR))
    return shown


def set_columns(table: DataTable[Text | str], shown: Sequence[Shown]) -> None:
    """Replace the table's columns (and rows) with ``shown``."""
    table.clear(columns=True)
    for _, label, width in shown:
        table.add_column(label, width=width)


def pick(cells: Sequence[T], shown: Sequence[Shown]) -> list[T]:
    """The cells of a full row that ``shown`` shows, in its order."""
    return [cells[i] for i, _, _ in shown]
