"""History: episodes and day logs in tables, newest first, filtered by period and site.

Rows are read one page at a time (``PAGE`` rows) in a thread worker, and the next page only
when the cursor nears the end, so a 20-year journal opens at once. ``enter`` edits, ``delete``
deletes after a confirmation, ``u`` undoes deletions until the screen is left.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from functools import partial
from typing import Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.widgets import DataTable, Header, Label, Select, Static

from twitchlog.context import AppContext
from twitchlog.domain.models import DayLog, Episode
from twitchlog.domain.sites import SITES, site_label
from twitchlog.domain.times import zone
from twitchlog.storage.custom import list_sites
from twitchlog.storage.errors import JournalError, NotFound
from twitchlog.storage.repository import (
    count_episodes,
    delete_episode,
    list_days,
    list_episodes,
    replace_day_log,
    restore_episode,
)
from twitchlog.storage.views import day_counts
from twitchlog.tui.dialogs.confirm import ConfirmDialog
from twitchlog.tui.dialogs.episode import describe
from twitchlog.tui.messages import CheckInDay, EditEpisode, JournalChanged
from twitchlog.tui.screens.base import BaseScreen
from twitchlog.tui.screens.history_rows import day_cells, episode_cells
from twitchlog.tui.widgets.columns import Shown, fit_columns, pick, set_columns
from twitchlog.tui.widgets.footer import KeysFooter
from twitchlog.tui.widgets.paged import Page, PagedRows
from twitchlog.tui.widgets.period import Periods, PeriodSelect
from twitchlog.tui.workers import deliver, deliver_error

#: Rows read per page.
PAGE = 100
#: Load the next page when the cursor is this close to the last row.
PREFETCH = 20
#: Columns and their widths (fixed, so rows never jump while pages load; the note takes the rest).
EPISODE_COLUMNS: tuple[tuple[str, int | None], ...] = (
    ("When", 16),
    ("Site", 9),
    ("Side", 5),
    ("Kind", 6),
    ("Duration", 10),
    ("Int.", 4),
    ("Context", 9),
    ("Seen", 7),
    ("Symptoms", 14),
    ("Note", None),
)
DAY_COLUMNS: tuple[tuple[str, int | None], ...] = (
    ("Day", 10),
    ("Checked in", 10),
    ("Episodes", 8),
    ("Caffeine", 8),
    ("Sleep", 6),
    ("Quality", 7),
    ("Stress", 6),
    ("Cig.", 4),
    ("Exercise", 8),
    ("Alcohol", 7),
    ("Water", 6),
    ("Screen", 6),
    ("Note", None),
)
#: From this width every column; below it the columns that fit (the rest is in the form).
WIDE_FROM = 110
EPISODE_NARROW = ("When", "Site", "Side", "Kind", "Duration", "Int.", "Symptoms")
DAY_NARROW = ("Day", "Checked in", "Episodes", "Caffeine", "Sleep", "Stress", "Note")
PERIODS: Periods = (
    ("all time", None),
    ("last 7 days", 7),
    ("last 30 days", 30),
    ("last 90 days", 90),
    ("last year", 365),
)


class HistoryScreen(BaseScreen):
    """Tables of episodes and days."""

    TITLE_TEXT = "twitchlog — History"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.home", "Home"),
        Binding(
            "enter",
            "edit",
            "Edit",
            priority=False,
            tooltip="edit the episode or day under the cursor",
        ),
        Binding("delete", "delete", "Delete", tooltip="delete it (asks first)"),
        Binding(
            "u",
            "undo",
            "Undo delete",
            tooltip="undo the last deletion (until you leave this screen)",
        ),
        Binding("p", "focus_filter('#period')", "Period", tooltip="choose the period"),
        Binding("s", "focus_filter('#site')", "Site", tooltip="choose the site"),
        Binding(
            "tab",
            "app.focus_next",
            "Focus Next",
            show=False,
            tooltip="move between the filters and the tables",
        ),
    ]
    DEFAULT_CSS = """
    HistoryScreen #filters { height: auto; padding: 0 1; }
    HistoryScreen #filters Label { padding: 1 1 0 0; }
    HistoryScreen #filters Select { width: 26; }
    HistoryScreen .table-title { padding: 0 1; text-style: bold; }
    HistoryScreen #episodes { height: 2fr; }
    HistoryScreen #days { height: 1fr; }
    """

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        self.undo_stack: list[Episode | DayLog] = []
        self._pages: dict[str, PagedRows[Any]] = {
            "episodes": PagedRows[Episode](PAGE, PREFETCH),
            "days": PagedRows[DayLog](PAGE, PREFETCH),
        }
        self._loaded_filter: tuple[date | None, str | None] = (None, None)
        self._shown: dict[str, list[Shown]] = {}
        self._first_resume = True
        self._read_failed = False
        """A first page could not be read; shown again, the screen reads it again (a screen
        built in advance said the error on Home, where its toast may be long gone)."""

    @property
    def episodes(self) -> dict[str, Episode]:
        """The episodes loaded so far, by id."""
        return self._pages["episodes"].items

    @property
    def day_logs(self) -> dict[str, DayLog]:
        """The day logs loaded so far, by ISO day."""
        return self._pages["days"].items

    @property
    def loaded(self) -> bool:
        """True once both tables show their first page and no newer read is on its way."""
        return all(p.generation > 0 and not p.loading for p in self._pages.values())

    def compose(self) -> ComposeResult:
        """Filters, the episodes table, the days table."""
        yield Header()
        with Horizontal(id="filters"):
            yield Label("Period")
            yield PeriodSelect(PERIODS, default=0)
            yield Label("Site")
            yield Select(
                [("all sites", "")]
                + [(site_label(s), s) for s in SITES]
                + [(own.label, own.key) for own in list_sites(self.ctx.journal)],
                allow_blank=False,
                value="",
                id="site",
            )
        yield Static("Episodes", id="episodes-title", classes="table-title", markup=False)
        episodes: DataTable[Text | str] = DataTable(
            id="episodes", cursor_type="row", zebra_stripes=True
        )
        yield episodes
        yield Static("Days", classes="table-title", markup=False)
        days: DataTable[Text | str] = DataTable(id="days", cursor_type="row", zebra_stripes=True)
        yield days
        yield KeysFooter()

    def on_mount(self) -> None:
        """Load the first pages."""
        super().on_mount()
        self._fit_columns()
        self.query_one("#episodes", DataTable).focus()
        self.reload()

    def _fit_columns(self) -> bool:
        """Choose the columns that fit the terminal; True if they changed."""
        width = self.app.size.width
        shown = {
            "episodes": fit_columns(EPISODE_COLUMNS, EPISODE_NARROW, width, WIDE_FROM),
            "days": fit_columns(DAY_COLUMNS, DAY_NARROW, width, WIDE_FROM),
        }
        if shown == self._shown:
            return False
        self._shown = shown
        for name, columns in shown.items():
            set_columns(self.query_one(f"#{name}", DataTable), columns)
        return True

    def on_resize(self) -> None:
        """Narrower or wider than WIDE_FROM: other columns, read again."""
        if self._shown and self._fit_columns():
            self.reload()

    def on_screen_resume(self) -> None:
        """Shown (also after being built in advance): columns for the terminal's size now;
        read again if a first page failed (the error is then said over this screen)."""
        if (self._shown and self._fit_columns()) or self._read_failed:
            self.reload()
        if self._first_resume:
            # The first frame draws the episodes' page; the days table (laid out, so nothing
            # moves) is drawn on the next refresh: a third of the cells less to draw first.
            self._first_resume = False
            days = self.query_one("#days", DataTable)
            days.visible = False
            self.call_after_refresh(setattr, days, "visible", True)

    # ------------------------------------------------------------ loading

    def _filter(self) -> tuple[date | None, str | None]:
        days = self.query_one(PeriodSelect).days
        start = self.ctx.today() - timedelta(days=days - 1) if days else None
        site = self.query_one("#site", Select).value
        return start, site if isinstance(site, str) and site else None

    def reload(self) -> None:
        """Start again from the first page (filters changed, or the journal did)."""
        self._loaded_filter = self._filter()
        self._read_failed = False
        if not self._shown:
            self._fit_columns()
        for name in self._pages:
            self._load(name, 0)

    def _load(self, name: str, offset: int) -> None:
        """Read the page of table ``name`` at ``offset`` in a thread worker (offset 0 restarts)."""
        paged = self._pages[name]
        table: DataTable[Text | str] = self.query_one(f"#{name}", DataTable)
        generation = paged.restart(table) if offset == 0 else paged.generation
        start, site = self._loaded_filter
        shown = self._shown[name]
        read = (
            partial(self._episode_page, offset, start, site, shown)
            if name == "episodes"
            else partial(self._day_page, offset, start, shown)
        )
        self.run_worker(
            partial(self._read_page, name, generation, read), thread=True, group=f"history-{name}"
        )

    def _episode_page(
        self, offset: int, start: date | None, site: str | None, shown: list[Shown]
    ) -> Page[Episode]:
        journal = self.ctx.journal
        eps = list_episodes(journal, start=start, site=site, limit=PAGE, offset=offset)
        total = count_episodes(journal, start=start, site=site) if offset == 0 else None
        return Page(offset, [(ep.id, ep, pick(episode_cells(ep), shown)) for ep in eps], total)

    def _day_page(self, offset: int, start: date | None, shown: list[Shown]) -> Page[DayLog]:
        logs = list_days(self.ctx.journal, start=start, limit=PAGE, offset=offset)
        counts = day_counts(self.ctx.journal, logs[-1].day, logs[0].day) if logs else {}
        rows = [
            (log.day.isoformat(), log, pick(day_cells(log, counts.get(log.day, 0)), shown))
            for log in logs
        ]
        return Page(offset, rows)

    def _read_page(self, name: str, generation: int, read: Callable[[], Page[Any]]) -> None:
        """The worker: read one page and hand it to the UI thread."""
        try:
            page = read()
        except JournalError as exc:
            deliver_error(self, exc)
            deliver(self, self._page_failed, name, generation)
            return
        deliver(self, self._show_page, name, generation, page)

    def _page_failed(self, name: str, generation: int) -> None:
        paged = self._pages[name]
        if generation == paged.generation and not paged.items:
            self._read_failed = True
        paged.failed(generation)

    def _show_page(self, name: str, generation: int, page: Page[Any]) -> None:
        table: DataTable[Text | str] = self.query_one(f"#{name}", DataTable)
        if not self._pages[name].add(table, generation, page) or name != "episodes":
            return
        paged = self._pages["episodes"]
        shown = len(paged.items)
        total = paged.total if paged.total is not None else shown
        title = f"Episodes: {total:,}" + (
            f" (first {shown:,} loaded; scroll for more)" if shown < total else ""
        )
        self.query_one("#episodes-title", Static).update(Text(title))

    @on(DataTable.RowHighlighted)
    def _maybe_more(self, event: DataTable.RowHighlighted) -> None:
        table = event.data_table
        if table.id in self._pages:
            offset = self._pages[table.id].next_offset(event.cursor_row, table.row_count)
            if offset is not None:
                self._load(table.id, offset)

    @on(Select.Changed)
    def _filters_changed(self) -> None:
        if self.is_mounted and self._filter() != self._loaded_filter:
            self.reload()

    # ------------------------------------------------------------ actions

    def action_focus_filter(self, selector: str) -> None:
        """Focus the period or site choice."""
        self.query_one(selector, Select).focus()

    def _current(self) -> tuple[str, str] | None:
        focused = self.focused
        if not isinstance(focused, DataTable) or focused.row_count == 0:
            return None
        key = focused.coordinate_to_cell_key(focused.cursor_coordinate).row_key.value
        return (str(focused.id), str(key)) if key is not None else None

    def action_edit(self) -> None:
        """Edit the episode or day under the cursor (the app opens the form)."""
        current = self._current()
        if current is None:
            return
        table, key = current
        if table == "episodes" and key in self.episodes:
            self.post_message(EditEpisode(self.episodes[key]))
        elif table == "days" and key in self.day_logs:
            self.post_message(CheckInDay(self.day_logs[key].day))

    @on(DataTable.RowSelected)
    def _row_selected(self) -> None:
        self.action_edit()

    def action_delete(self) -> None:
        """Delete the row under the cursor after a confirmation."""
        current = self._current()
        if current is None:
            return
        table, key = current
        if table == "episodes" and key in self.episodes:
            ep = self.episodes[key]
            local = ep.started_at.astimezone(zone(ep.timezone))
            question = f"Delete the {describe(ep)} of {local:%Y-%m-%d %H:%M}? (u undoes it)"
        elif table == "days" and key in self.day_logs:
            question = f"Delete everything logged for the day {key}? (u undoes it)"
        else:
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self._delete(table, key)

        self.app.push_screen(ConfirmDialog(question, yes="Delete", no="Keep"), answered)

    @work(thread=True, group="history-write")
    def _delete(self, table: str, key: str) -> None:
        try:
            gone: Episode | DayLog
            if table == "episodes":
                gone = delete_episode(self.ctx.journal, key)
            else:
                gone = self.day_logs[key]
                replace_day_log(self.ctx.journal, DayLog(day=gone.day))
        except (JournalError, NotFound) as exc:
            deliver_error(self, exc)
            return
        deliver(self, self._deleted, gone)

    def _deleted(self, gone: Episode | DayLog) -> None:
        self.undo_stack.append(gone)
        what = describe(gone) if isinstance(gone, Episode) else f"day {gone.day}"
        self.notify(f"Deleted {what}. Press u to undo.", markup=False)
        self.app.post_message(JournalChanged())

    def action_undo(self) -> None:
        """Put back the last deleted entry."""
        if not self.undo_stack:
            self.notify("Nothing to undo.")
            return
        self._restore(self.undo_stack.pop())

    @work(thread=True, group="history-write")
    def _restore(self, entry: Episode | DayLog) -> None:
        try:
            if isinstance(entry, Episode):
                restore_episode(self.ctx.journal, entry)
            else:
                replace_day_log(self.ctx.journal, entry)
        except JournalError as exc:
            deliver_error(self, exc)
            return
        what = describe(entry) if isinstance(entry, Episode) else f"day {entry.day}"
        deliver(self, self.notify, f"Restored {what}.", markup=False)
        deliver(self, self.app.post_message, JournalChanged())
