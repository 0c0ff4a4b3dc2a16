"""A DataTable filled one page at a time: the rows loaded so far and what to load next.

A screen reads pages in a thread worker and hands each one to :meth:`PagedRows.add` on the UI
thread. A page read before the filters changed (an older generation) is dropped, a row already
shown is not added twice, and the cursor goes back to where it was after a reload.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

from rich.text import Text
from textual.widgets import DataTable

T = TypeVar("T")


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page read by a worker.

    ``rows`` are (row key, the value the row shows, its cells); ``total`` is the number of rows
    matching the filter when it was counted with this page, else None.
    """

    offset: int
    rows: list[tuple[str, T, list[Text | str]]]
    total: int | None = None


class PagedRows(Generic[T]):
    """The paging state of one table: its rows by key, and whether a page is on its way."""

    def __init__(self, page_size: int, prefetch: int) -> None:
        self.page_size = page_size
        """Rows read per page."""
        self.prefetch = prefetch
        """The next page is read when the cursor is this close to the last row."""
        self.items: dict[str, T] = {}
        """What each loaded row shows, by row key."""
        self.total: int | None = None
        """Rows matching the filter, once counted or once a short page showed the end."""
        self.loading = False
        self.generation = 0
        self._keep_row = 0

    @property
    def done(self) -> bool:
        """True once every row matching the filter is loaded."""
        return self.total is not None and len(self.items) >= self.total

    def restart(self, table: DataTable[Text | str]) -> int:
        """Empty ``table`` for a new first page; returns the generation to read it under."""
        self.generation += 1
        self._keep_row = table.cursor_row
        self.items.clear()
        self.total = None
        self.loading = True
        table.clear()
        return self.generation

    def next_offset(self, cursor_row: int, row_count: int) -> int | None:
        """The offset of the next page to read, if the cursor nears the end and one is due."""
        if cursor_row < row_count - self.prefetch or self.loading or self.done:
            return None
        self.loading = True
        return len(self.items)

    def failed(self, generation: int) -> None:
        """A page could not be read (the error was shown): moving the cursor tries again."""
        if generation == self.generation:
            self.loading = False

    def add(self, table: DataTable[Text | str], generation: int, page: Page[T]) -> bool:
        """Add ``page``'s new rows to ``table``; False if the page is from before a restart."""
        if generation != self.generation:
            return False
        self.loading = False
        if page.total is not None:
            self.total = page.total
        for key, item, cells in page.rows:
            if key not in self.items:
                self.items[key] = item
                table.add_row(*cells, key=key)
        if page.offset == 0 and self._keep_row > 0:
            table.move_cursor(row=min(self._keep_row, table.row_count - 1))
        if len(page.rows) < self.page_size:
            self.total = len(self.items)
        return True
