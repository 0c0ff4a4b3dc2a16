"""Issue 12 cosmetic: History's and Medicines' tables fit an 80-column terminal (no column
cut at the right edge); from 110 columns every column is shown."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pytest

from twitchlog.tui.screens import history, medicines
from twitchlog.tui.widgets.columns import CELL_PADDING, SCROLLBAR, Column, fit_columns

Narrow = Sequence[str] | Mapping[str, int | None]
TABLES: list[tuple[tuple[Column, ...], Narrow, int]] = [
    (history.EPISODE_COLUMNS, history.EPISODE_NARROW, history.WIDE_FROM),
    (history.DAY_COLUMNS, history.DAY_NARROW, history.WIDE_FROM),
    (medicines.MED_COLUMNS, medicines.MED_NARROW, medicines.WIDE_FROM),
    (medicines.NOTE_COLUMNS, medicines.NOTE_NARROW, medicines.WIDE_FROM),
]


@pytest.mark.parametrize(("columns", "narrow", "wide_from"), TABLES)
@pytest.mark.parametrize("width", [80, 90, 109])
def test_i12_every_shown_column_fits_the_terminal(
    columns: tuple[Column, ...], narrow: Narrow, wide_from: int, width: int
) -> None:
    shown = fit_columns(columns, narrow, width, wide_from)
    used = sum((w or 0) + CELL_PADDING for _, _, w in shown) + SCROLLBAR
    assert used <= width, shown
    assert all(w is not None and w >= len(label) for _, label, w in shown), shown
    assert [i for i, _, _ in shown] == sorted(i for i, _, _ in shown)
    assert len(shown) >= 4


@pytest.mark.parametrize(("columns", "narrow", "wide_from"), TABLES)
def test_i12_a_wide_terminal_shows_every_column(
    columns: tuple[Column, ...], narrow: Narrow, wide_from: int
) -> None:
    shown = fit_columns(columns, narrow, 120, wide_from)
    assert [label for _, label, _ in shown] == [label for label, _ in columns]
